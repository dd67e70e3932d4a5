//! Evaluating the user's function safely: panics caught, evaluations counted, outputs checked.

use crate::function::Function;
use num_dual::{Derivative, Dual64, DualNum, DualSVec64, HyperDual64, HyperDualSVec64};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Vector duals carry this many directional derivatives per pass. Measured with
/// `cargo run --release -p gradcheck-runtime --example scaling chunks` (BENCHMARKS.md): 4 was
/// the fastest or within 20% of it at n = 2, 10, 100 and 1000 on both benchmark functions,
/// up to 3× faster than 8 on the dense layer (whose loop keeps several duals live at once).
pub(crate) const CHUNK: usize = 4;

/// Why an evaluation produced no value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EvalError {
    /// The function panicked; the message is the panic payload.
    Panic(String),
    /// The function returned a different number of outputs than before.
    Outputs { expected: usize, got: usize },
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::Panic(m) => write!(f, "panicked: {m}"),
            EvalError::Outputs { expected, got } => {
                write!(
                    f,
                    "returned {got} outputs where it returned {expected} before"
                )
            }
        }
    }
}

pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_owned()
    }
}

/// Runs `f`, turning a panic into its message.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(panic_message)
}

/// A user's function with a counter of evaluations at every number type.
pub(crate) struct Evaluator<'a, F: ?Sized> {
    f: &'a F,
    count: AtomicUsize,
    outputs: AtomicUsize, // 0 until the first successful evaluation
}

/// The values and the derivative along one direction: one `Dual64` pass.
pub(crate) struct Directional {
    pub values: Vec<f64>,
    pub slopes: Vec<f64>,
}

impl<'a, F: Function + ?Sized> Evaluator<'a, F> {
    pub(crate) fn new(f: &'a F) -> Self {
        Evaluator {
            f,
            count: AtomicUsize::new(0),
            outputs: AtomicUsize::new(0),
        }
    }

    /// The function evaluated.
    pub(crate) fn function(&self) -> &'a F {
        self.f
    }

    /// Evaluations so far.
    pub(crate) fn evaluations(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    fn call<D: DualNum<Primitive = f64> + Copy + Send + Sync>(
        &self,
        x: &[D],
    ) -> Result<Vec<D>, EvalError> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let out = guarded(|| self.f.eval(x)).map_err(EvalError::Panic)?;
        let expected = self.outputs.load(Ordering::Relaxed);
        if expected == 0 {
            self.outputs.store(out.len(), Ordering::Relaxed);
        } else if expected != out.len() {
            return Err(EvalError::Outputs {
                expected,
                got: out.len(),
            });
        }
        Ok(out)
    }

    /// The values at `x`.
    pub(crate) fn value(&self, x: &[f64]) -> Result<Vec<f64>, EvalError> {
        self.call(x)
    }

    /// The values and derivatives along `v` at `x` (one `Dual64` pass).
    pub(crate) fn directional(&self, x: &[f64], v: &[f64]) -> Result<Directional, EvalError> {
        let xd: Vec<Dual64> = x.iter().zip(v).map(|(&a, &b)| Dual64::new(a, b)).collect();
        let out = self.call(&xd)?;
        Ok(Directional {
            values: out.iter().map(|d| d.re).collect(),
            slopes: out.iter().map(|d| d.eps).collect(),
        })
    }

    /// The exact Jacobian at `x` (rows are outputs), `CHUNK` columns per vector-dual pass.
    pub(crate) fn jacobian(&self, x: &[f64]) -> Result<(Vec<f64>, Vec<Vec<f64>>), EvalError> {
        self.jacobian_chunked::<CHUNK>(x)
    }

    /// The exact Jacobian with `N` columns per vector-dual pass (`N = 1` uses `Dual64`, the
    /// cheapest number type for one column). Generic so that the chunk size can be measured.
    pub(crate) fn jacobian_chunked<const N: usize>(
        &self,
        x: &[f64],
    ) -> Result<(Vec<f64>, Vec<Vec<f64>>), EvalError> {
        if N == 1 {
            return self.jacobian_by_columns(x);
        }
        let n = x.len();
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut values = Vec::new();
        let mut xd: Vec<DualSVec64<N>> = x.iter().map(|&a| DualSVec64::from_re(a)).collect();
        if n == 0 {
            let out = self.call(&xd)?;
            return Ok((
                out.iter().map(|d| d.re).collect(),
                vec![Vec::new(); out.len()],
            ));
        }
        for start in (0..n).step_by(N) {
            let end = (start + N).min(n);
            for (k, xk) in xd.iter_mut().enumerate().take(end).skip(start) {
                *xk = DualSVec64::from_re(x[k]).derivative(k - start);
            }
            let out = self.call(&xd)?;
            for xk in xd.iter_mut().take(end).skip(start) {
                xk.eps = Derivative::none();
            }
            if rows.is_empty() {
                rows = vec![vec![0.0; n]; out.len()];
                values = out.iter().map(|d| d.re).collect();
            }
            for (row, d) in rows.iter_mut().zip(&out) {
                if let Some(eps) = &d.eps.0 {
                    row[start..end].copy_from_slice(&eps.as_slice()[..end - start]);
                }
            }
        }
        Ok((values, rows))
    }

    /// The Jacobian one column per `Dual64` pass.
    fn jacobian_by_columns(&self, x: &[f64]) -> Result<(Vec<f64>, Vec<Vec<f64>>), EvalError> {
        let n = x.len();
        let mut xd: Vec<Dual64> = x.iter().map(|&a| Dual64::from_re(a)).collect();
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut values = Vec::new();
        for k in 0..n.max(1) {
            if k < n {
                xd[k].eps = 1.0;
            }
            let out = self.call(&xd)?;
            if k < n {
                xd[k].eps = 0.0;
            }
            if k == 0 {
                rows = vec![vec![0.0; n]; out.len()];
                values = out.iter().map(|d| d.re).collect();
            }
            for (row, d) in rows.iter_mut().zip(&out) {
                if k < n {
                    row[k] = d.eps;
                }
            }
        }
        Ok((values, rows))
    }

    /// One block of second derivatives: `h[a][b] = d²f/dx_(rows.start + a) dx_(cols.start + b)`
    /// for the first output, from one `HyperDualSVec64<M, N>` pass (the inputs in `rows` carry
    /// the first perturbation, those in `cols` the second; an input in both carries both).
    /// Returns the outputs' count with the block, so that callers can reject vector functions.
    pub(crate) fn second_block<const M: usize, const N: usize>(
        &self,
        x: &[f64],
        rows: std::ops::Range<usize>,
        cols: std::ops::Range<usize>,
    ) -> Result<(usize, [[f64; N]; M]), EvalError> {
        let xd: Vec<HyperDualSVec64<M, N>> = x
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                let mut d = HyperDualSVec64::from_re(a);
                if rows.contains(&k) {
                    d = d.derivative1(k - rows.start);
                }
                if cols.contains(&k) {
                    d = d.derivative2(k - cols.start);
                }
                d
            })
            .collect();
        let out = self.call(&xd)?;
        let mut block = [[0.0; N]; M];
        if let Some(h) = out.first().and_then(|d| d.eps1eps2.0.as_ref()) {
            for (a, row) in block.iter_mut().enumerate() {
                for (b, v) in row.iter_mut().enumerate() {
                    *v = h[(a, b)];
                }
            }
        }
        Ok((out.len(), block))
    }

    /// The second derivative d²f/dx_i dx_j of every output (one `HyperDual64` pass), and the
    /// first derivatives along i and j.
    pub(crate) fn second(
        &self,
        x: &[f64],
        i: usize,
        j: usize,
    ) -> Result<Vec<HyperDual64>, EvalError> {
        let xd: Vec<HyperDual64> = x
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                HyperDual64::new(
                    a,
                    if k == i { 1.0 } else { 0.0 },
                    if k == j { 1.0 } else { 0.0 },
                    0.0,
                )
            })
            .collect();
        self.call(&xd)
    }
}
