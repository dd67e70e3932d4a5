//! Exact derivatives of a generic function by dual numbers: the Jacobian in chunks of vector
//! duals, directional derivatives by one `Dual` pass, and the Hessian by blocks of vector
//! hyper-duals. Generic over the primitive type, so `f32` functions get `Dual32` and friends.

use super::subject::{widen, Directional, EvalError, Evaluator, Exact, Matrix, Rounding};
use crate::function::Function;
use crate::numerics::rounded::Rounded;
use crate::precision::Real;
use nalgebra::Const;
use num_dual::{Derivative, Dual, DualSVec, HyperDualVec};

/// Vector duals carry this many directional derivatives per pass. Measured with
/// `cargo run --release -p gradcheck-runtime --example scaling chunks` (BENCHMARKS.md): 4 was
/// the fastest or within 20% of it at n = 2, 10, 100 and 1000 on both benchmark functions,
/// up to 3× faster than 8 on the dense layer (whose loop keeps several duals live at once).
pub(crate) const CHUNK: usize = 4;

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
        self.hessian_with(x, hessian_method(x.len()))
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
        if N == 1 {
            return self.jacobian_by_columns(x);
        }
        let n = x.len();
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        let mut xd: Vec<DualSVec<F::Real, N>> = x
            .iter()
            .map(|&a| DualSVec::from_re(F::Real::of(a)))
            .collect();
        if n == 0 {
            let out = self.counter.call(|| self.f.eval(&xd))?;
            let values = out.iter().map(|d| d.re.widen()).collect();
            return Ok((values, vec![Vec::new(); out.len()]));
        }
        for start in (0..n).step_by(N) {
            let end = (start + N).min(n);
            for (k, xk) in xd.iter_mut().enumerate().take(end).skip(start) {
                *xk = DualSVec::from_re(F::Real::of(x[k])).derivative(k - start);
            }
            let out = self.counter.call(|| self.f.eval(&xd))?;
            for xk in xd.iter_mut().take(end).skip(start) {
                xk.eps = Derivative::none();
            }
            if rows.is_empty() {
                rows = vec![vec![0.0; n]; out.len()];
                values = out.iter().map(|d| d.re.widen()).collect();
            }
            for (row, d) in rows.iter_mut().zip(&out) {
                if let Some(eps) = &d.eps.0 {
                    let cols = widen(&eps.as_slice()[..end - start]);
                    row[start..end].copy_from_slice(&cols);
                }
            }
        }
        Ok((values, rows))
    }

    /// The Jacobian one column per `Dual` pass.
    fn jacobian_by_columns(&self, x: &[f64]) -> Result<(Vec<f64>, Matrix), EvalError> {
        let n = x.len();
        let zero = F::Real::of(0.0);
        let one = F::Real::of(1.0);
        let mut xd: Vec<Dual<F::Real>> =
            x.iter().map(|&a| Dual::new(F::Real::of(a), zero)).collect();
        let mut rows: Matrix = Vec::new();
        let mut values = Vec::new();
        for k in 0..n.max(1) {
            if k < n {
                xd[k].eps = one;
            }
            let out = self.counter.call(|| self.f.eval(&xd))?;
            if k < n {
                xd[k].eps = zero;
            }
            if k == 0 {
                rows = vec![vec![0.0; n]; out.len()];
                values = out.iter().map(|d| d.re.widen()).collect();
            }
            for (row, d) in rows.iter_mut().zip(&out) {
                if k < n {
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
