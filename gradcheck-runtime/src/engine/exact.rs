//! Exact derivatives of a generic function by dual numbers: the Jacobian in chunks of vector
//! duals, directional derivatives by one `Dual` pass, and the Hessian by blocks of vector
//! hyper-duals. Generic over the primitive type, so `f32` functions get `Dual32` and friends.

use super::subject::{
    widen, Along, Directional, EvalError, Evaluator, Exact, Hyper, Matrix, Rounding, CHUNK,
};
use crate::numerics::lanes::DualSLanes;
use crate::numerics::rounded::Rounded;
use crate::numerics::signs::Signs;
use crate::precision::Real;
use num_dual::{Dual, DualSVec, HyperDualVec};

/// The function at one number type `D`: the code generic over a chunk or block size is
/// handed it, so that the benchmark can call it at sizes the checks do not use.
pub(crate) type EvalAt<'e, D> = dyn Fn(&[D]) -> Vec<D> + 'e;

/// The exact Hessian is computed by B×B blocks of hyper-duals, one `HyperDualVec<B, B>` pass
/// per block on or above the diagonal (about n²/(2B²) passes, each carrying B² second
/// derivatives). The block size for `n` inputs, measured by `cargo run --release -p
/// gradcheck-runtime --example scaling hessian` (BENCHMARKS.md, "Hessian"): 8×8 blocks are
/// 1.5–6× faster than one hyper-dual per entry from n ≈ 20 on; below that every method takes
/// microseconds and 4×4 blocks waste least on padding.
pub(crate) fn hessian_block(n: usize) -> usize {
    if n >= 16 {
        8
    } else {
        4
    }
}

impl<R: Real> Exact for Evaluator<'_, R> {
    fn jacobian(&self, x: &[f64]) -> Result<(Vec<f64>, Matrix), EvalError> {
        self.jacobian_chunked::<DualSLanes<R, CHUNK>>(x, &|xd| self.f.chunk(xd))
    }

    fn columns(&self, x: &[f64], cols: &[usize]) -> Result<(Vec<f64>, Matrix), EvalError> {
        self.columns_chunked::<DualSLanes<R, CHUNK>>(x, cols, &|xd| self.f.chunk(xd))
    }

    fn along<'s>(&'s self, x: &'s [f64]) -> Along<'s> {
        let mut xd: Vec<DualSLanes<R, CHUNK>> =
            x.iter().map(|&a| DualSLanes::from_re(R::of(a))).collect();
        Box::new(move |signs: &Signs, first: usize| {
            assert_eq!(
                signs.len(),
                xd.len(),
                "a direction has a component per input"
            );
            let directions = first..(first + CHUNK).min(signs.count());
            // Per pass slot, the derivative part of a component: ±1/√n by its sign (zero in a
            // slot past the last direction), no branch (random signs mispredict half the time).
            let size = signs.size();
            let m = directions.len();
            let zero = [0.0; 8];
            let sign = |b: usize| -> [&[f64; 8]; CHUNK] {
                std::array::from_fn(|c| {
                    if c < m {
                        signs.signs(first + c, b)
                    } else {
                        &zero
                    }
                })
            };
            let set = |d: &mut DualSLanes<R, CHUNK>, sign: &[&[f64; 8]; CHUNK], j: usize| {
                for (c, e) in d.eps.as_mut_slice().iter_mut().enumerate() {
                    *e = R::of(size * sign[c][j]);
                }
            };
            // Whole blocks of eight (no length test per component), then the rest.
            let whole = xd.len() / 8;
            for (b, block) in xd.chunks_exact_mut(8).enumerate() {
                let sign = sign(b);
                for (j, d) in block.iter_mut().enumerate() {
                    set(d, &sign, j);
                }
            }
            if 8 * whole < xd.len() {
                let rest = sign(whole);
                for (j, d) in xd[8 * whole..].iter_mut().enumerate() {
                    set(d, &rest, j);
                }
            }
            let out = self.counter.call(|| self.f.chunk(&xd))?;
            let values: Vec<f64> = out.iter().map(|d| d.re.widen()).collect();
            Ok((0..directions.len())
                .map(|c| Directional {
                    values: values.clone(),
                    slopes: out.iter().map(|d| d.eps.as_slice()[c].widen()).collect(),
                })
                .collect())
        })
    }

    fn directional(&self, x: &[f64], v: &[f64]) -> Result<Directional, EvalError> {
        let xd: Vec<Dual<R>> = x
            .iter()
            .zip(v)
            .map(|(&a, &b)| Dual::new(R::of(a), R::of(b)))
            .collect();
        let out = self.counter.call(|| self.f.dual(&xd))?;
        Ok(Directional {
            values: out.iter().map(|d| d.re.widen()).collect(),
            slopes: out.iter().map(|d| d.eps.widen()).collect(),
        })
    }

    fn hessian(&self, x: &[f64]) -> Result<Result<Matrix, usize>, EvalError> {
        // The two block sizes in use only: every hyper-dual type named here compiles the
        // user's function once more per annotated function; per entry and 2×2 blocks (measured,
        // never chosen) are the benchmark's alone.
        match hessian_block(x.len()) {
            8 => self.blocks::<8>(x, &|xd| self.f.hyper8(xd)),
            _ => self.blocks::<4>(x, &|xd| self.f.hyper4(xd)),
        }
    }

    fn rounding(&self, x: &[f64], v: &[f64]) -> Result<Rounding, EvalError> {
        let exact = |a: f64| Rounded::new(R::of(a));
        let xd: Vec<Dual<Rounded<R>>> = x
            .iter()
            .zip(v)
            .map(|(&a, &b)| Dual::new(exact(a), exact(b)))
            .collect();
        let out = self.counter.call(|| self.f.dual_rounded(&xd))?;
        Ok(Rounding {
            value_bounds: out.iter().map(|d| d.re.bound().widen()).collect(),
            slopes: out.iter().map(|d| d.eps.value().widen()).collect(),
            slope_bounds: out.iter().map(|d| d.eps.bound().widen()).collect(),
        })
    }
}

impl<R: Real> Evaluator<'_, R> {
    /// The exact Jacobian with `C::LANES` columns per vector-dual pass (one lane uses `Dual`,
    /// the cheapest number type for one column). Generic so that the chunk size and number
    /// type can be measured.
    pub(crate) fn jacobian_chunked<C: Seeded<R>>(
        &self,
        x: &[f64],
        eval: &EvalAt<C>,
    ) -> Result<(Vec<f64>, Matrix), EvalError> {
        let all: Vec<usize> = (0..x.len()).collect();
        self.columns_chunked::<C>(x, &all, eval)
    }

    /// The columns `cols` (distinct components) of the Jacobian, `C::LANES` per vector-dual
    /// pass; one dual point is kept for every pass, only the chunk's inputs seeded.
    pub(crate) fn columns_chunked<C: Seeded<R>>(
        &self,
        x: &[f64],
        cols: &[usize],
        eval: &EvalAt<C>,
    ) -> Result<(Vec<f64>, Matrix), EvalError> {
        let n = C::LANES;
        if n == 1 {
            return self.columns_by_dual(x, cols);
        }
        let mut xd: Vec<C> = x.iter().map(|&a| C::constant(R::of(a))).collect();
        if cols.is_empty() {
            let out = self.counter.call(|| eval(&xd))?;
            let values = out.iter().map(|d| d.value().widen()).collect();
            return Ok((values, vec![Vec::new(); out.len()]));
        }
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        let mut slopes = vec![R::of(0.0); n];
        for (c, chunk) in cols.chunks(n).enumerate() {
            for (k, &j) in chunk.iter().enumerate() {
                xd[j] = C::seeded(R::of(x[j]), k);
            }
            let out = self.counter.call(|| eval(&xd))?;
            for &j in chunk {
                xd[j] = C::constant(R::of(x[j]));
            }
            if c == 0 {
                rows = vec![vec![0.0; cols.len()]; out.len()];
                values = out.iter().map(|d| d.value().widen()).collect();
            }
            let at = c * n;
            for (row, d) in rows.iter_mut().zip(&out) {
                d.slopes(&mut slopes);
                row[at..at + chunk.len()].copy_from_slice(&widen(&slopes[..chunk.len()]));
            }
        }
        Ok((values, rows))
    }

    /// The columns `cols` one `Dual` pass each.
    pub(crate) fn columns_by_dual(
        &self,
        x: &[f64],
        cols: &[usize],
    ) -> Result<(Vec<f64>, Matrix), EvalError> {
        let zero = R::of(0.0);
        let one = R::of(1.0);
        let mut xd: Vec<Dual<R>> = x.iter().map(|&a| Dual::new(R::of(a), zero)).collect();
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        // One pass even without columns: it gives the values.
        for k in 0..cols.len().max(1) {
            let j = cols.get(k).copied();
            if let Some(j) = j {
                xd[j].eps = one;
            }
            let out = self.counter.call(|| self.f.dual(&xd))?;
            if let Some(j) = j {
                xd[j].eps = zero;
            }
            if k == 0 {
                rows = vec![vec![0.0; cols.len()]; out.len()];
                values = out.iter().map(|d| d.re.widen()).collect();
            }
            if j.is_some() {
                for (row, d) in rows.iter_mut().zip(&out) {
                    row[k] = d.eps.widen();
                }
            }
        }
        Ok((values, rows))
    }

    /// The upper triangle in aligned B×B blocks, mirrored into the lower one.
    pub(crate) fn blocks<const B: usize>(
        &self,
        x: &[f64],
        eval: &EvalAt<Hyper<R, B>>,
    ) -> Result<Result<Matrix, usize>, EvalError> {
        let n = x.len();
        let mut h = vec![vec![0.0; n]; n];
        for a in (0..n).step_by(B) {
            let rows = a..(a + B).min(n);
            for b in (a..n).step_by(B) {
                let cols = b..(b + B).min(n);
                let (outputs, block) =
                    self.second_block::<B>(x, rows.clone(), cols.clone(), eval)?;
                if outputs != 1 {
                    return Ok(Err(outputs));
                }
                for i in rows.clone() {
                    for j in cols.clone().filter(|&j| j >= i) {
                        h[i][j] = block[i - a][j - b];
                        h[j][i] = block[i - a][j - b];
                    }
                }
            }
        }
        Ok(Ok(h))
    }

    /// One block of second derivatives: `h[a][b] = d²f/dx_(rows.start + a) dx_(cols.start + b)`
    /// for the first output, from one `HyperDualVec<B, B>` pass (the inputs in `rows` carry
    /// the first perturbation, those in `cols` the second; an input in both carries both).
    /// Returns the outputs' count with the block, so that callers can reject vector functions.
    fn second_block<const B: usize>(
        &self,
        x: &[f64],
        rows: std::ops::Range<usize>,
        cols: std::ops::Range<usize>,
        eval: &EvalAt<Hyper<R, B>>,
    ) -> Result<(usize, [[f64; B]; B]), EvalError> {
        let xd: Vec<Hyper<R, B>> = x
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                let mut d: Hyper<R, B> = HyperDualVec::from_re(R::of(a));
                if rows.contains(&k) {
                    d = d.derivative1(k - rows.start);
                }
                if cols.contains(&k) {
                    d = d.derivative2(k - cols.start);
                }
                d
            })
            .collect();
        let out = self.counter.call(|| eval(&xd))?;
        let mut block = [[0.0; B]; B];
        if let Some(h) = out.first().and_then(|d| d.eps1eps2.0.as_ref()) {
            for (a, row) in block.iter_mut().enumerate() {
                for (b, v) in row.iter_mut().enumerate() {
                    *v = h[(a, b)].widen();
                }
            }
        }
        Ok((out.len(), block))
    }
}

/// A vector-dual number type the Jacobian is computed in by chunks: a constant, an input
/// seeded in one lane, and the value and lanes of an output.
pub(crate) trait Seeded<R: Real>: Copy {
    /// Derivative lanes per pass.
    const LANES: usize;
    /// The constant `r`: no derivative.
    fn constant(r: R) -> Self;
    /// `r` with derivative 1 in lane `k`.
    fn seeded(r: R, k: usize) -> Self;
    /// The real part.
    fn value(&self) -> R;
    /// The derivative lanes, into `out` (`LANES` long).
    fn slopes(&self, out: &mut [R]);
}

impl<R: Real, const N: usize> Seeded<R> for DualSVec<R, N> {
    const LANES: usize = N;
    fn constant(r: R) -> Self {
        DualSVec::from_re(r)
    }
    fn seeded(r: R, k: usize) -> Self {
        DualSVec::from_re(r).derivative(k)
    }
    fn value(&self) -> R {
        self.re
    }
    fn slopes(&self, out: &mut [R]) {
        match &self.eps.0 {
            Some(eps) => out.copy_from_slice(eps.as_slice()),
            None => out.fill(R::of(0.0)),
        }
    }
}

impl<R: Real, const N: usize> Seeded<R> for DualSLanes<R, N> {
    const LANES: usize = N;
    fn constant(r: R) -> Self {
        DualSLanes::from_re(r)
    }
    fn seeded(r: R, k: usize) -> Self {
        DualSLanes::from_re(r).derivative(k)
    }
    fn value(&self) -> R {
        self.re
    }
    fn slopes(&self, out: &mut [R]) {
        out.copy_from_slice(self.eps.as_slice());
    }
}
