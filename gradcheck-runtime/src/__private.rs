//! The paths generated code uses. Not public API: the macro reaches them through
//! `::gradient_checked::__private`, so a user's own names cannot shadow them.

pub use crate::convert::{IntoOutputs, IntoRows, IntoValues};
pub use crate::function::{Function, Layout, Number};
pub use crate::params::__generated::*;
pub use crate::params::{Differentiable, FixedShape, FromDims, IntoGradient, Lend, Shape};
pub use crate::report::finding::Kind;
pub use crate::report::Report;
pub use crate::spec::{Mode, Spec};
pub use num_dual::DualNum;

pub use crate::{
    check_gradient, check_gradient_shadowed, check_hessian, check_reference, Rows, Values,
};

/// The engine's `f64` point in the primitive a function is checked in (exact: the point's
/// values are numbers of that type).
///
/// ```
/// assert_eq!(gradcheck_runtime::__private::narrow::<f32>(&[0.5]), vec![0.5_f32]);
/// ```
pub fn narrow<R: crate::precision::Real>(x: &[f64]) -> Vec<R> {
    crate::engine::subject::narrow(x)
}

/// A hand-written derivative's values in `f64` (exact).
///
/// ```
/// assert_eq!(gradcheck_runtime::__private::widen(vec![0.1_f32]), vec![0.1_f32 as f64]);
/// ```
pub fn widen<R: crate::precision::Real>(v: Vec<R>) -> Vec<f64> {
    crate::convert::widen_vec(v)
}

/// Ends a generated test: writes the JSON report when `GRADCHECK_REPORT_DIR` is set, prints
/// warnings, and panics with the report when it failed.
#[track_caller]
pub fn finish(spec: &Spec, check: &str, report: Report) {
    crate::report::output::finish(spec, check, report)
}

/// Ends a generated test with `expect(..)`: passes only when the check found an error of one
/// of the `expected` kinds it can report (the JSON report is unchanged).
#[track_caller]
pub fn finish_expecting(spec: &Spec, check: &str, report: Report, expected: &[&str]) {
    let kinds: Vec<Kind> = expected.iter().map(|n| kind(n)).collect();
    crate::report::output::finish_expecting(spec, check, report, &kinds)
}

/// The kind called `name`; the attribute validated the name against the same table.
pub fn kind(name: &str) -> Kind {
    Kind::from_name(name).unwrap_or_else(|| panic!("`{name}` is not a finding kind"))
}
