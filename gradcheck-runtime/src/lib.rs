//! The engine behind `#[gradient_checked]`: exact forward-mode derivatives with dual numbers,
//! adaptive finite differences as an independent witness, a verdict that says *who* is wrong
//! (the hand-written derivative, the dual chain, or the point itself), and reports.
//!
//! Most users reach it through the `gradient-checked` facade and its attribute; the
//! [`Check`] builder is the entry for functions that cannot be written generically, and
//! [`Function`] with [`Spec`] drive the engine by hand.
//!
//! The layout of the crate shows the architecture: `numerics` (finite differences, the
//! witness, tolerances) knows nothing about checks; `engine` is the one driver every check
//! goes through (points, the per-point preamble, evaluation of the user's function, and the
//! one place a verdict becomes a finding); `checks` holds the checks themselves (full and
//! fast gradient, Hessian, reference), and `report` what comes out.
#![warn(missing_docs)]

mod analysis;
mod api;
mod checks;
mod convert;
mod engine;
mod function;
mod numerics;
mod precision;
mod report;
mod rng;
mod spec;
mod trace;

#[doc(hidden)]
pub mod __bench;
#[doc(hidden)]
pub mod __private;
#[doc(hidden)]
pub mod __trace {
    pub use crate::trace::record;
}
pub mod math;
pub mod params;
#[doc(hidden)]
pub use numerics::rounded;

pub use api::check::Check;
pub use api::derivative::derivative;
pub use function::{Function, Layout, Number, Param};
pub use numerics::fd::Estimate;
pub use precision::{Profile, Real};
pub use report::finding::Step;
pub use report::finding::{Diagnosis, Finding, Kind, Origin, Severity};
pub use report::{CheckSummary, Report, Source};
pub use rng::SplitMix64;
pub use spec::{Mode, Spec};

use engine::subject::{Evaluator, Subject};

/// The function as the engine's subject, by the coercion compiled in this crate (see
/// `precision::sealed`).
fn erase<'a, R: Real>(ev: &'a Evaluator<'a, R>) -> &'a dyn Subject {
    <R as precision::sealed::Sealed>::subject(ev)
}

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
/// use gradcheck_runtime::{check_gradient, Function, Kind, Layout, Number, Spec};
///
/// struct Square;
/// impl Function for Square {
///     type Real = f64;
///     fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
///         vec![x[0] * x[0] + x[1] * x[1]]
///     }
/// }
/// let spec = Spec::new("doc::square", Layout::flat(2)).samples(4);
/// let wrong = |x: &[f64]| vec![vec![2.0 * x[0], x[1]]];
/// let report = check_gradient(&spec, &Square, Some(&wrong));
/// assert!(report.errors().all(|f| f.kind == Kind::Mismatch && f.component == Some(1)));
/// ```
pub fn check_gradient<F: Function>(spec: &Spec, f: &F, grad: Option<Rows<'_>>) -> Report {
    checks::gradient(spec, erase(&Evaluator::new(f)), grad)
}

/// Checks a hand-written Hessian against second-order dual numbers at every point of `spec`.
///
/// ```
/// use gradcheck_runtime::{check_hessian, Function, Layout, Number, Spec};
///
/// struct Cube;
/// impl Function for Cube {
///     type Real = f64;
///     fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
///         vec![x[0].powi(3)]
///     }
/// }
/// let spec = Spec::new("doc::cube", Layout::flat(1)).samples(4);
/// assert!(check_hessian(&spec, &Cube, &|x: &[f64]| vec![vec![6.0 * x[0]]]).passed());
/// ```
pub fn check_hessian<F: Function>(spec: &Spec, f: &F, hessian: Rows<'_>) -> Report {
    checks::hessian(spec, erase(&Evaluator::new(f)), hessian, None)
}

/// Checks `f`'s value against a second implementation at every point of `spec`.
///
/// ```
/// use gradcheck_runtime::{check_reference, Function, Layout, Number, Spec};
///
/// struct Softplus;
/// impl Function for Softplus {
///     type Real = f64;
///     fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
///         vec![(x[0].exp() + 1.0).ln()]
///     }
/// }
/// // Inside −4..4 (below x ≈ −37 the plain form rounds 1 + eˣ to 1 and returns 0, which a
/// // check without `domain` finds at its exploration points).
/// let spec = Spec::new("doc::softplus", Layout::flat(1)).samples(4).domain(-4.0..4.0);
/// assert!(check_reference(&spec, &Softplus, &|x: &[f64]| vec![x[0].exp().ln_1p()]).passed());
/// ```
pub fn check_reference<F: Function>(spec: &Spec, f: &F, reference: Values<'_>) -> Report {
    checks::reference(spec, erase(&Evaluator::new(f)), reference)
}
