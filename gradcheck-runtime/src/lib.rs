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
#![deny(missing_docs)]

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
pub use numerics::lanes;
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

/// The function as the engine's subject. (A hook on `Real` that made this coercion in this
/// crate, for `f64` and `f32`, saved the first annotated function of a crate from compiling
/// the engine's subject code, but made `precision` and the engine import each other.)
fn erase<'a, R: Real>(ev: &'a Evaluator<'a, R>) -> &'a dyn Subject {
    ev
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

/// [`check_gradient`] for a function checked in `f32` that can also be evaluated in `f64`
/// (written over any primitive): `shadow` is the same function with `Real = f64`. At every
/// point the `f32` value and dual gradient are compared with the `f64` ones, and where `f32`
/// loses more digits than its tolerance allows a `precision_loss` warning names the point,
/// the entry and `digits_lost`; a hand-written `f32` gradient that disagrees with the `f32`
/// dual only by `f32` rounding (it agrees with the `f64` derivative to within the tolerance
/// and the rounding `f32` shows at that entry) is a `precision_loss` warning, not a
/// `mismatch`. This is what `#[gradient_checked(precision = f32)]` runs.
///
/// ```
/// use gradcheck_runtime::{check_gradient_shadowed, Function, Kind, Layout, Number, Real, Spec};
/// use num_dual::DualNum;
///
/// // ((1 + x·c) − 1)/c is x, but 1 + x·c keeps only four of x's digits in f32.
/// fn f<D: DualNum + Copy>(x: &[D]) -> D {
///     let (one, c) = (D::one(), D::from_f64(1e-4).unwrap());
///     ((one + x[0] * c) - one) / c + x[1] * x[1]
/// }
/// struct In<R>(std::marker::PhantomData<R>);
/// impl<R: Real> Function for In<R> {
///     type Real = R;
///     fn eval<D: Number<R>>(&self, x: &[D]) -> Vec<D> {
///         vec![f(x)]
///     }
/// }
/// let spec = Spec::new("doc::cancel", Layout::flat(2)).samples(4).domain(1.0..2.0);
/// let grad = |x: &[f64]| vec![vec![1.0, 2.0 * x[1]]];
/// let (f32_in, f64_in) = (In::<f32>(Default::default()), In::<f64>(Default::default()));
/// let report = check_gradient_shadowed(&spec, &f32_in, &f64_in, Some(&grad));
/// assert!(report.passed(), "{report}"); // a warning, not an error
/// let lost = report.findings().iter().filter(|f| f.kind == Kind::PrecisionLoss);
/// assert!(lost.into_iter().any(|f| f.digits_lost.unwrap() > 2.0));
/// ```
pub fn check_gradient_shadowed<F: Function, G: Function<Real = f64>>(
    spec: &Spec,
    f: &F,
    shadow: &G,
    grad: Option<Rows<'_>>,
) -> Report {
    let shadow = Evaluator::new(shadow);
    checks::gradient(spec, &Evaluator::new(f).with_shadow(&shadow), grad)
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
