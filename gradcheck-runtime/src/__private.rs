//! The paths generated code uses. Not public API: the macro reaches them through
//! `::gradient_checked::__private`, so a user's own names cannot shadow them.

pub use crate::convert::{IntoOutputs, IntoRows, IntoValues};
pub use crate::finding::Kind;
pub use crate::function::{Function, Layout};
pub use crate::report::Report;
pub use crate::spec::{Mode, Spec};
pub use num_dual::DualNum;

/// A hand-written derivative adapted to the flat input: rows of the gradient, Jacobian or
/// Hessian.
pub type Rows<'a> = &'a (dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync);
/// A reference implementation adapted to the flat input.
pub type Values<'a> = &'a (dyn Fn(&[f64]) -> Vec<f64> + Sync);

/// The gradient (or Jacobian) check, with the hand-written derivative if there is one.
pub fn check_gradient<F: Function>(spec: &Spec, f: &F, grad: Option<Rows<'_>>) -> Report {
    crate::gradient::check(spec, f, grad)
}

/// The Hessian check.
pub fn check_hessian<F: Function>(spec: &Spec, f: &F, hessian: Rows<'_>) -> Report {
    crate::hessian::check(spec, f, hessian)
}

/// The reference check.
pub fn check_reference<F: Function>(spec: &Spec, f: &F, reference: Values<'_>) -> Report {
    crate::reference::check(spec, f, reference)
}

/// Ends a generated test: writes the JSON report when `GRADCHECK_REPORT_DIR` is set, prints
/// warnings, and panics with the report when it failed.
#[track_caller]
pub fn finish(spec: &Spec, check: &str, report: Report) {
    crate::output::finish(spec, check, report)
}
