//! Exact derivatives of a generic function by dual numbers: the Jacobian in chunks of vector
//! duals, directional derivatives by one `Dual` pass, and the Hessian by blocks of vector
//! hyper-duals. Generic over the primitive type, so `f32` functions get `Dual32` and friends.

use super::subject::{widen, Along, Directional, EvalError, Evaluator, Exact, Matrix, Rounding};
use crate::function::Function;
use crate::numerics::rounded::Rounded;
use crate::precision::Real;
use nalgebra::Const;
use num_dual::{Derivative, Dual, DualSVec, HyperDualVec};

/// Vector duals carry this many directional derivatives per pass. Measured in CPU time with
/// `cargo run --release -p gradcheck-runtime --example scaling chunks` (BENCHMARKS.md): a
/// Jacobian by chunks of 2 took 1.1–1.2n plain evaluations on Rosenbrock (n = 1000, 10^4) and
/// 0.5n on the dense layer; chunks of 4 took 2.1–2.2n and 0.26–0.39n (a `DualSVec64<4>` pass
/// of Rosenbrock costs four times a `DualSVec64<2>` one), one `Dual` per column 2.3n and 1.0–1.2n,
/// chunks of 8 and 16 more. 2 has the best worst case, and the smaller dual point.
pub(crate) const CHUNK: usize = 2;

/// How the exact Hessian is computed. Measured by `cargo run --release -p gradcheck-runtime
/// --example scaling` (BENCHMARKS.md, "Hessian").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HessianMethod {
    /// One hyper-dual pass per entry of the upper triangle: n(n+1)/2 passes.
    PerEntry,
    /// One `HyperDualVec<B, B>` pass per B×B block on or above the diagonal: about
    /// n²/(2B²) passes, each carrying B² second derivatives.
    Blocks(usize),
}

/// The method for `n` inputs. Measured (BENCHMARKS.md, "Hessian"): 8×8 blocks are 1.5–6×
/// faster than one hyper-dual per entry from n ≈ 20 on; below that every method takes
/// microseconds and 4×4 blocks waste least on padding.
pub(crate) fn hessian_method(n: usize) -> HessianMethod {
    if n >= 16 {
        HessianMethod::Blocks(8)
    } else {
        HessianMethod::Blocks(4)
    }
}

impl<F: Function + ?Sized> Exact for Evaluator<'_, F> {
    fn jacobian(&self, x: &[f64]) -> Result<(Vec<f64>, Matrix), EvalError> {
        self.jacobian_chunked::<CHUNK>(x)
    }

    fn columns(&self, x: &[f64], cols: &[usize]) -> Result<(Vec<f64>, Matrix), EvalError> {
        self.columns_chunked::<CHUNK>(x, cols)
    }

    fn along<'s>(&'s self, x: &'s [f64]) -> Along<'s> {
        let mut xd: Vec<Dual<F::Real>> = x.iter().map(|&a| Dual::from_re(F::Real::of(a))).collect();
        Box::new(move |v: &[f64]| {
            assert_eq!(v.len(), xd.len(), "a direction has a component per input");
            for (d, &b) in xd.iter_mut().zip(v) {
                d.eps = F::Real::of(b);
            }
            let out = self.counter.call(|| self.f.eval(&xd))?;
            Ok(Directional {
                values: out.iter().map(|d| d.re.widen()).collect(),
                slopes: out.iter().map(|d| d.eps.widen()).collect(),
            })
        })
    }

    fn directional(&self, x: &[f64], v: &[f64]) -> Result<Directional, EvalError> {
        let xd: Vec<Dual<F::Real>> = x
            .iter()
            .zip(v)
            .map(|(&a, &b)| Dual::new(F::Real::of(a), F::Real::of(b)))
            .collect();
        let out = self.counter.call(|| self.f.eval(&xd))?;
        Ok(Directional {
            values: out.iter().map(|d| d.re.widen()).collect(),
            slopes: out.iter().map(|d| d.eps.widen()).collect(),
        })
    }

    fn hessian(&self, x: &[f64]) -> Result<Result<Matrix, usize>, EvalError> {
        // The two methods in use only, not `hessian_with`: every hyper-dual type named here
        // compiles the user's function once more for every annotated function, and the
        // per-entry and 2×2 ones (measured, never chosen) are the benchmark's alone.
        match hessian_method(x.len()) {
            HessianMethod::Blocks(8) => self.blocks::<8>(x),
            _ => self.blocks::<4>(x),
        }
    }

    fn rounding(&self, x: &[f64], v: &[f64]) -> Result<Rounding, EvalError> {
        let exact = |a: f64| Rounded::new(F::Real::of(a));
        let xd: Vec<Dual<Rounded<F::Real>>> = x
            .iter()
            .zip(v)
            .map(|(&a, &b)| Dual::new(exact(a), exact(b)))
            .collect();
        let out = self.counter.call(|| self.f.eval(&xd))?;
        Ok(Rounding {
            value_bounds: out.iter().map(|d| d.re.bound().widen()).collect(),
            slopes: out.iter().map(|d| d.eps.value().widen()).collect(),
            slope_bounds: out.iter().map(|d| d.eps.bound().widen()).collect(),
        })
    }
}

impl<F: Function + ?Sized> Evaluator<'_, F> {
    /// The exact Jacobian with `N` columns per vector-dual pass (`N = 1` uses `Dual`, the
    /// cheapest number type for one column). Generic so that the chunk size can be measured.
    pub(crate) fn jacobian_chunked<const N: usize>(
        &self,
        x: &[f64],
    ) -> Result<(Vec<f64>, Matrix), EvalError> {
        let all: Vec<usize> = (0..x.len()).collect();
        self.columns_chunked::<N>(x, &all)
    }

    /// The columns `cols` (distinct components) of the Jacobian, `N` per vector-dual pass; one
    /// dual point is kept for every pass, only the chunk's inputs seeded.
    pub(crate) fn columns_chunked<const N: usize>(
        &self,
        x: &[f64],
        cols: &[usize],
    ) -> Result<(Vec<f64>, Matrix), EvalError> {
        if N == 1 {
            return self.columns_by_dual(x, cols);
        }
        let mut xd: Vec<DualSVec<F::Real, N>> = x
            .iter()
            .map(|&a| DualSVec::from_re(F::Real::of(a)))
            .collect();
        if cols.is_empty() {
            let out = self.counter.call(|| self.f.eval(&xd))?;
            let values = out.iter().map(|d| d.re.widen()).collect();
            return Ok((values, vec![Vec::new(); out.len()]));
        }
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        for (c, chunk) in cols.chunks(N).enumerate() {
            for (k, &j) in chunk.iter().enumerate() {
                xd[j] = DualSVec::from_re(F::Real::of(x[j])).derivative(k);
            }
            let out = self.counter.call(|| self.f.eval(&xd))?;
            for &j in chunk {
                xd[j].eps = Derivative::none();
            }
            if c == 0 {
                rows = vec![vec![0.0; cols.len()]; out.len()];
                values = out.iter().map(|d| d.re.widen()).collect();
            }
            let at = c * N;
            for (row, d) in rows.iter_mut().zip(&out) {
                if let Some(eps) = &d.eps.0 {
                    let slopes = widen(&eps.as_slice()[..chunk.len()]);
                    row[at..at + chunk.len()].copy_from_slice(&slopes);
                }
            }
        }
        Ok((values, rows))
    }

    /// The columns `cols` one `Dual` pass each.
    fn columns_by_dual(&self, x: &[f64], cols: &[usize]) -> Result<(Vec<f64>, Matrix), EvalError> {
        let zero = F::Real::of(0.0);
        let one = F::Real::of(1.0);
        let mut xd: Vec<Dual<F::Real>> =
            x.iter().map(|&a| Dual::new(F::Real::of(a), zero)).collect();
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        // One pass even without columns: it gives the values.
        for k in 0..cols.len().max(1) {
            let j = cols.get(k).copied();
            if let Some(j) = j {
                xd[j].eps = one;
            }
            let out = self.counter.call(|| self.f.eval(&xd))?;
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

    /// The exact Hessian by `method` (every method gives the same matrix up to rounding).
    pub(crate) fn hessian_with(
        &self,
        x: &[f64],
        method: HessianMethod,
    ) -> Result<Result<Matrix, usize>, EvalError> {
        match method {
            HessianMethod::PerEntry => self.blocks::<1>(x),
            HessianMethod::Blocks(2) => self.blocks::<2>(x),
            HessianMethod::Blocks(8) => self.blocks::<8>(x),
            HessianMethod::Blocks(_) => self.blocks::<4>(x),
        }
    }

    /// The upper triangle in aligned B×B blocks, mirrored into the lower one.
    fn blocks<const B: usize>(&self, x: &[f64]) -> Result<Result<Matrix, usize>, EvalError> {
        let n = x.len();
        let mut h = vec![vec![0.0; n]; n];
        for a in (0..n).step_by(B) {
            let rows = a..(a + B).min(n);
            for b in (a..n).step_by(B) {
                let cols = b..(b + B).min(n);
                let (outputs, block) = self.second_block::<B, B>(x, rows.clone(), cols.clone())?;
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
    /// for the first output, from one `HyperDualVec<M, N>` pass (the inputs in `rows` carry
    /// the first perturbation, those in `cols` the second; an input in both carries both).
    /// Returns the outputs' count with the block, so that callers can reject vector functions.
    fn second_block<const M: usize, const N: usize>(
        &self,
        x: &[f64],
        rows: std::ops::Range<usize>,
        cols: std::ops::Range<usize>,
    ) -> Result<(usize, [[f64; N]; M]), EvalError> {
        let xd: Vec<HyperDualVec<F::Real, Const<M>, Const<N>>> = x
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                let mut d: HyperDualVec<F::Real, Const<M>, Const<N>> =
                    HyperDualVec::from_re(F::Real::of(a));
                if rows.contains(&k) {
                    d = d.derivative1(k - rows.start);
                }
                if cols.contains(&k) {
                    d = d.derivative2(k - cols.start);
                }
                d
            })
            .collect();
        let out = self.counter.call(|| self.f.eval(&xd))?;
        let mut block = [[0.0; N]; M];
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
