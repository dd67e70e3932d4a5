//! Evaluating the user's function safely: panics caught, evaluations counted, outputs checked.

use crate::function::Function;
use num_dual::{Derivative, Dual64, DualNum, DualSVec64, HyperDual64};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Vector duals carry this many directional derivatives per pass; measured by
/// `cargo run --release --example dual_chunks` (see BENCHMARKS.md).
pub(crate) const CHUNK: usize = 8;

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
    #[allow(dead_code)] // read by fast mode
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
        let n = x.len();
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut values = Vec::new();
        let mut xd: Vec<DualSVec64<CHUNK>> = x.iter().map(|&a| DualSVec64::from_re(a)).collect();
        if n == 0 {
            let out = self.call(&xd)?;
            return Ok((
                out.iter().map(|d| d.re).collect(),
                vec![Vec::new(); out.len()],
            ));
        }
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
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
