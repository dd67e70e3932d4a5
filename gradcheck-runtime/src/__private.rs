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
