//! What a check evaluates: the user's function, guarded against panics, counted, and with
//! its output length held fixed. A [`Subject`] gives values; where the function is generic
//! (`#[gradient_checked]`, [`Function`]) it also gives exact derivatives by dual numbers
//! ([`Exact`]), and where it is a plain closure (`Check`) it does not, and the finite
//! differences are the only witness.

use crate::function::Function;
use crate::numerics::lanes::DualSLanes;
use crate::numerics::rounded::{count_operations, Rounded};
use crate::numerics::signs::Signs;
use crate::precision::{Profile, Real};
use nalgebra::Const;
use num_dual::{Dual, HyperDualVec};
use std::any::Any;
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Vector duals carry this many directional derivatives per pass, in the engine's dense
/// [`DualLanes`](crate::numerics::lanes::DualLanes) (every lane stored). Measured in CPU time
/// with `cargo run --release -p gradcheck-runtime --example scaling chunks` (two runs, one
/// exact Jacobian / one plain evaluation, n = 100 to 10^4): 4 lanes took 0.8–1.2n on
/// Rosenbrock and 0.28–0.52n on the dense layer, 8 lanes 0.7–1.0n and 0.20–0.34n; num-dual's
/// `DualSVec64<2>` (the chunk before) 1.1–1.5n and 0.52–0.77n, its `DualSVec64<4>` 1.5–2.2n
/// (its derivative part is an `Option` whose arithmetic rustc stops inlining at four lanes).
/// At n ≤ 10 every type takes a few passes of microseconds. 4, not 8: the dual point is 5×
/// the input instead of 9× (a whole fast-mode check of Rosenbrock at n = 10^6 peaked at
/// 81 MB with 4 lanes, 112 MB with 8, 80 MB with `DualSVec64<2>`, `scaling memory`), and a
/// full check took about the same time with either (2.3–3.6n against 2.2–3.3n, `scaling
/// scaling`). The passes counted as evaluations are n/4: the count is of passes, not of work.
pub(crate) const CHUNK: usize = 4;

/// Rows of a matrix: a Jacobian (one row per output) or a Hessian.
pub(crate) type Matrix = Vec<Vec<f64>>;

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

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
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

/// The values and the derivative along one direction: one `Dual` pass.
pub(crate) struct Directional {
    pub values: Vec<f64>,
    pub slopes: Vec<f64>,
}

/// A function the checks can evaluate at `f64` points (rounded to its primitive type).
pub(crate) trait Subject: Sync {
    /// The precision profile of the primitive type it computes in.
    fn profile(&self) -> &'static Profile;
    /// Evaluations so far, at any number type.
    fn evaluations(&self) -> usize;
    /// The values at `x`.
    fn value(&self, x: &[f64]) -> Result<Vec<f64>, EvalError>;
    /// The values at `x`, a vector the caller keeps (a line's point, moved step by step): a
    /// function over `f64` reads it in place, where `value` copies it. At n = 10^5 that copy
    /// cost as much as an evaluation of Rosenbrock, a full-mode check making 2n of them.
    // The vector, not a slice: a `&Vec<f64>` is what can be lent as a `&Vec<R>` when R is f64.
    #[allow(clippy::ptr_arg)]
    fn value_of(&self, x: &Vec<f64>) -> Result<Vec<f64>, EvalError> {
        self.value(x)
    }
    /// Exact derivatives, where the function is generic.
    fn exact(&self) -> Option<&dyn Exact>;
    /// A bound on the rounding error of each value at `x`, from one evaluation that carries
    /// its own error bound; `None` where the function cannot be evaluated so (a closure).
    fn value_noise(&self, _x: &[f64]) -> Option<Vec<f64>> {
        None
    }
    /// How many rounded operations one evaluation at `x` performs: its cost, the same on
    /// every machine; `None` where it cannot be counted (a closure).
    fn operations(&self, _x: &[f64]) -> Option<u64> {
        None
    }
    /// The same function computed in `f64`, where it is checked in `f32` but was written over
    /// any primitive: what `f32` loses is measured against it (`precision_loss`). Its
    /// evaluations count in [`Subject::evaluations`].
    fn shadow(&self) -> Option<&dyn Subject> {
        None
    }
}

/// Exact derivatives by dual numbers.
pub(crate) trait Exact: Sync {
    /// The values (computed with duals) and the Jacobian at `x`, rows are outputs.
    fn jacobian(&self, x: &[f64]) -> Result<(Vec<f64>, Matrix), EvalError>;
    /// The values and derivatives along `v` at `x` (one `Dual` pass).
    fn directional(&self, x: &[f64], v: &[f64]) -> Result<Directional, EvalError>;
    /// Passes along the sign directions `signs` at `x`: `along(signs, first)` gives the
    /// values and derivatives along directions `first..first + CHUNK` (fewer at the end), by
    /// one vector-dual pass where the function is generic. The dual point is built once and
    /// only its derivative parts change (building it anew cost 0.8 evaluations of Rosenbrock
    /// per direction at n = 10^5), and a pass of `DualSVec64<2>` along two dense directions
    /// cost 2.7 plain evaluations of Rosenbrock where two `Dual64` passes cost 4.3 (the pass is
    /// of [`CHUNK`] lanes now).
    fn along<'s>(&'s self, x: &'s [f64]) -> Along<'s> {
        Box::new(move |signs: &Signs, first: usize| {
            (first..(first + CHUNK).min(signs.count()))
                .map(|d| self.directional(x, &signs.dense(d)))
                .collect()
        })
    }
    /// The values and the columns `cols` (distinct components) of the Jacobian at `x`, rows
    /// are outputs, in `cols`' order.
    fn columns(&self, x: &[f64], cols: &[usize]) -> Result<(Vec<f64>, Matrix), EvalError> {
        let mut e = vec![0.0; x.len()];
        let mut values = Vec::new();
        let mut rows: Matrix = Vec::new();
        for (k, &j) in cols.iter().enumerate() {
            e[j] = 1.0;
            let d = self.directional(x, &e);
            e[j] = 0.0;
            let d = d?;
            if k == 0 {
                rows = vec![vec![0.0; cols.len()]; d.slopes.len()];
            }
            for (row, s) in rows.iter_mut().zip(&d.slopes) {
                row[k] = *s;
            }
            values = d.values;
        }
        Ok((values, rows))
    }
    /// The Hessian of a scalar function at `x`; `Ok(Err(m))` when the function returns `m`
    /// values instead of one.
    fn hessian(&self, x: &[f64]) -> Result<Result<Matrix, usize>, EvalError>;
    /// The derivatives along `v` at `x` as one `Dual<Rounded>` pass computes them, with
    /// bounds on the rounding error of the values and of the derivatives (the derivatives'
    /// bits are the `Dual` pass's).
    fn rounding(&self, x: &[f64], v: &[f64]) -> Result<Rounding, EvalError>;
}

/// Passes along directions at one point (see [`Exact::along`]).
pub(crate) type Along<'s> =
    Box<dyn FnMut(&Signs, usize) -> Result<Vec<Directional>, EvalError> + 's>;

/// One `Dual<Rounded>` pass: per output, the bound on the value's rounding, the derivative
/// along the direction, and the bound on its rounding.
pub(crate) struct Rounding {
    pub value_bounds: Vec<f64>,
    pub slopes: Vec<f64>,
    pub slope_bounds: Vec<f64>,
}

/// Counts evaluations and holds the output length fixed, whatever evaluates.
#[derive(Default)]
pub(crate) struct Counter {
    count: AtomicUsize,
    outputs: AtomicUsize, // 0 until the first successful evaluation
}

impl Counter {
    pub(crate) fn get(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Runs one evaluation: counted, its panic caught, its output length checked.
    pub(crate) fn call<T>(&self, f: impl FnOnce() -> Vec<T>) -> Result<Vec<T>, EvalError> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let out = guarded(f).map_err(EvalError::Panic)?;
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
}

/// A generic user function: values at its primitive type `R`, exact derivatives by duals.
/// The function is held as [`Evals`], its evaluation at each number type the engine uses, so
/// that the engine's code here is compiled once per primitive type and only `eval` itself
/// once per checked function (per annotated function the generic `Evaluator<F>` compiled 612
/// functions of the engine, its own 27).
pub(crate) struct Evaluator<'a, R: Real> {
    pub(crate) f: &'a dyn Evals<R>,
    pub(crate) counter: Counter,
    /// The same function in `f64` (see [`Subject::shadow`]).
    shadow: Option<&'a dyn Subject>,
}

impl<'a, R: Real> Evaluator<'a, R> {
    pub(crate) fn new<F: Function<Real = R>>(f: &'a F) -> Self {
        Evaluator {
            f,
            counter: Counter::default(),
            shadow: None,
        }
    }

    /// The evaluator with `shadow`, the same function evaluated in `f64`.
    pub(crate) fn with_shadow(mut self, shadow: &'a dyn Subject) -> Self {
        self.shadow = Some(shadow);
        self
    }
}

/// A [`Function`] at every number type the engine evaluates it at, behind one vtable.
pub(crate) trait Evals<R: Real>: Sync {
    fn real(&self, x: &[R]) -> Vec<R>;
    fn rounded(&self, x: &[Rounded<R>]) -> Vec<Rounded<R>>;
    fn dual(&self, x: &[Dual<R>]) -> Vec<Dual<R>>;
    fn dual_rounded(&self, x: &[Dual<Rounded<R>>]) -> Vec<Dual<Rounded<R>>>;
    fn chunk(&self, x: &[DualSLanes<R, CHUNK>]) -> Vec<DualSLanes<R, CHUNK>>;
    fn hyper4(&self, x: &[Hyper<R, 4>]) -> Vec<Hyper<R, 4>>;
    fn hyper8(&self, x: &[Hyper<R, 8>]) -> Vec<Hyper<R, 8>>;
}

/// The hyper-dual number of a B×B Hessian block.
pub(crate) type Hyper<R, const B: usize> = HyperDualVec<R, Const<B>, Const<B>>;

impl<F: Function> Evals<F::Real> for F {
    fn real(&self, x: &[F::Real]) -> Vec<F::Real> {
        self.eval(x)
    }
    fn rounded(&self, x: &[Rounded<F::Real>]) -> Vec<Rounded<F::Real>> {
        self.eval(x)
    }
    fn dual(&self, x: &[Dual<F::Real>]) -> Vec<Dual<F::Real>> {
        self.eval(x)
    }
    fn dual_rounded(&self, x: &[Dual<Rounded<F::Real>>]) -> Vec<Dual<Rounded<F::Real>>> {
        self.eval(x)
    }
    fn chunk(&self, x: &[DualSLanes<F::Real, CHUNK>]) -> Vec<DualSLanes<F::Real, CHUNK>> {
        self.eval(x)
    }
    fn hyper4(&self, x: &[Hyper<F::Real, 4>]) -> Vec<Hyper<F::Real, 4>> {
        self.eval(x)
    }
    fn hyper8(&self, x: &[Hyper<F::Real, 8>]) -> Vec<Hyper<F::Real, 8>> {
        self.eval(x)
    }
}

/// `x` in the primitive type.
pub(crate) fn narrow<R: Real>(x: &[f64]) -> Vec<R> {
    x.iter().map(|&v| R::of(v)).collect()
}

/// `x` back in `f64`.
pub(crate) fn widen<R: Real>(x: &[R]) -> Vec<f64> {
    x.iter().map(|&v| v.widen()).collect()
}

/// `x` in the primitive type: `x` itself where that is `f64`, else a narrowed copy.
#[allow(clippy::ptr_arg)] // see `Subject::value_of`
fn primitive<R: Real>(x: &Vec<f64>) -> Cow<'_, [R]> {
    match (x as &dyn Any).downcast_ref::<Vec<R>>() {
        Some(same) => Cow::Borrowed(same),
        None => Cow::Owned(narrow(x)),
    }
}

/// Values of the primitive type in `f64`: moved where they are `f64` already.
fn into_f64<R: Real>(values: Vec<R>) -> Vec<f64> {
    let mut values = Some(values);
    if let Some(same) = (&mut values as &mut dyn Any).downcast_mut::<Option<Vec<f64>>>() {
        return same.take().unwrap_or_default();
    }
    values.map_or_else(Vec::new, |v| widen(&v))
}

impl<R: Real> Subject for Evaluator<'_, R> {
    fn profile(&self) -> &'static Profile {
        R::PROFILE
    }

    fn evaluations(&self) -> usize {
        self.counter.get() + self.shadow.map_or(0, |s| s.evaluations())
    }

    fn shadow(&self) -> Option<&dyn Subject> {
        self.shadow
    }

    fn value(&self, x: &[f64]) -> Result<Vec<f64>, EvalError> {
        let xr = narrow::<R>(x);
        self.counter.call(|| self.f.real(&xr)).map(into_f64)
    }

    fn value_of(&self, x: &Vec<f64>) -> Result<Vec<f64>, EvalError> {
        let xr = primitive::<R>(x);
        self.counter.call(|| self.f.real(&xr)).map(into_f64)
    }

    fn exact(&self) -> Option<&dyn Exact> {
        Some(self)
    }

    fn value_noise(&self, x: &[f64]) -> Option<Vec<f64>> {
        let xr: Vec<Rounded<R>> = x.iter().map(|&v| Rounded::new(R::of(v))).collect();
        let out = self.counter.call(|| self.f.rounded(&xr)).ok()?;
        Some(out.iter().map(|r| r.bound().widen()).collect())
    }

    fn operations(&self, x: &[f64]) -> Option<u64> {
        let xr: Vec<Rounded<R>> = x.iter().map(|&v| Rounded::new(R::of(v))).collect();
        let (out, ops) = count_operations(|| self.counter.call(|| self.f.rounded(&xr)));
        out.ok().map(|_| ops)
    }
}

/// A plain closure over the primitive type (the FD-only `Check`): values only.
pub(crate) struct Plain<'a, R> {
    f: &'a (dyn Fn(&[R]) -> Vec<R> + Sync + 'a),
    counter: Counter,
}

impl<'a, R: Real> Plain<'a, R> {
    pub(crate) fn new(f: &'a (dyn Fn(&[R]) -> Vec<R> + Sync + 'a)) -> Self {
        Plain {
            f,
            counter: Counter::default(),
        }
    }
}

impl<R: Real> Subject for Plain<'_, R> {
    fn profile(&self) -> &'static Profile {
        R::PROFILE
    }

    fn evaluations(&self) -> usize {
        self.counter.get()
    }

    fn value(&self, x: &[f64]) -> Result<Vec<f64>, EvalError> {
        let xr = narrow::<R>(x);
        self.counter.call(|| (self.f)(&xr)).map(into_f64)
    }

    fn value_of(&self, x: &Vec<f64>) -> Result<Vec<f64>, EvalError> {
        let xr = primitive::<R>(x);
        self.counter.call(|| (self.f)(&xr)).map(into_f64)
    }

    fn exact(&self) -> Option<&dyn Exact> {
        None
    }
}
