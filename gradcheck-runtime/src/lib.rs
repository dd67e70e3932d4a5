//! The engine behind `#[gradient_checked]`: exact forward-mode derivatives with dual numbers,
//! adaptive finite differences as an independent witness, a verdict that says *who* is wrong
//! (the hand-written derivative, the dual chain, or the point itself), and reports.
//!
//! Most users reach it through the `gradient-checked` facade and its attribute; the
//! [`Check`] builder is the entry for functions that cannot be written generically.
#![warn(missing_docs)]

mod convert;
mod derivative;
mod finding;
mod function;
mod report;
mod rng;
mod spec;

mod check;
mod eval;
mod fast;
mod fd;
mod gradient;
mod hessian;
mod line;
mod output;
mod points;
mod reference;
mod tolerance;
mod witness;

#[doc(hidden)]
pub mod __bench;
#[doc(hidden)]
pub mod __private;

pub use check::Check;
pub use convert::{IntoOutputs, IntoRows, IntoValues};
pub use derivative::{derivative, ESCALATE_ABOVE};
pub use fd::Estimate;
pub use finding::{Finding, Kind, Severity};
pub use function::{Function, Layout, Param};
pub use output::{merge_into, report_file_name};
pub use points::PointProblem;
pub use reference::REFERENCE_RTOL;
pub use report::{CheckSummary, Report};
pub use rng::SplitMix64;
pub use spec::{
    Mode, Spec, DEFAULT_DIRECTIONS, DEFAULT_DOMAIN, DEFAULT_SAMPLES, DEFAULT_SEED,
    FAST_MODE_THRESHOLD,
};
pub use tolerance::{DEFAULT_RTOL, ROW_RTOL};

/// A hand-written derivative over the flat input: rows of the gradient (one row), Jacobian
/// (one row per output) or Hessian.
pub type Rows<'a> = &'a (dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync);
/// A reference implementation of the value over the flat input.
pub type Values<'a> = &'a (dyn Fn(&[f64]) -> Vec<f64> + Sync);

/// Checks `f`'s gradient (or Jacobian) at every point of `spec`: the exact dual derivative
/// against finite differences, and against the hand-written `grad` when given.
///
/// This is what `#[gradient_checked]` runs; call it directly for a [`Function`] implemented
/// by hand.
///
/// ```
/// use gradcheck_runtime::{check_gradient, Function, Kind, Layout, Spec};
/// use num_dual::DualNum;
///
/// struct Square;
/// impl Function for Square {
///     fn eval<D: DualNum<Primitive = f64> + Copy + Send + Sync>(&self, x: &[D]) -> Vec<D> {
///         vec![x[0] * x[0] + x[1] * x[1]]
///     }
/// }
/// let spec = Spec::new("doc::square", Layout::flat(2)).samples(4);
/// let wrong = |x: &[f64]| vec![vec![2.0 * x[0], x[1]]];
/// let report = check_gradient(&spec, &Square, Some(&wrong));
/// assert!(report.errors().all(|f| f.kind == Kind::Mismatch && f.component == Some(1)));
/// ```
pub fn check_gradient<F: Function>(spec: &Spec, f: &F, grad: Option<Rows<'_>>) -> Report {
    gradient::check(spec, f, grad)
}

/// Checks a hand-written Hessian against second-order dual numbers at every point of `spec`.
///
/// ```
/// use gradcheck_runtime::{check_hessian, Function, Layout, Spec};
/// use num_dual::DualNum;
///
/// struct Cube;
/// impl Function for Cube {
///     fn eval<D: DualNum<Primitive = f64> + Copy + Send + Sync>(&self, x: &[D]) -> Vec<D> {
///         vec![x[0].powi(3)]
///     }
/// }
/// let spec = Spec::new("doc::cube", Layout::flat(1)).samples(4);
/// assert!(check_hessian(&spec, &Cube, &|x: &[f64]| vec![vec![6.0 * x[0]]]).passed());
/// ```
pub fn check_hessian<F: Function>(spec: &Spec, f: &F, hessian: Rows<'_>) -> Report {
    hessian::check(spec, f, hessian)
}

/// Checks `f`'s value against a second implementation at every point of `spec`.
///
/// ```
/// use gradcheck_runtime::{check_reference, Function, Layout, Spec};
/// use num_dual::DualNum;
///
/// struct Softplus;
/// impl Function for Softplus {
///     fn eval<D: DualNum<Primitive = f64> + Copy + Send + Sync>(&self, x: &[D]) -> Vec<D> {
///         vec![(x[0].exp() + 1.0).ln()]
///     }
/// }
/// let spec = Spec::new("doc::softplus", Layout::flat(1)).samples(4);
/// assert!(check_reference(&spec, &Softplus, &|x: &[f64]| vec![x[0].exp().ln_1p()]).passed());
/// ```
pub fn check_reference<F: Function>(spec: &Spec, f: &F, reference: Values<'_>) -> Report {
    reference::check(spec, f, reference)
}
