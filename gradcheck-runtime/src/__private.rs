//! The paths generated code uses. Not public API: the macro reaches them through
//! `::gradient_checked::__private`, so a user's own names cannot shadow them.

pub use crate::convert::{IntoOutputs, IntoRows, IntoValues};
pub use crate::finding::Kind;
pub use crate::function::{Function, Layout};
pub use crate::report::Report;
pub use crate::spec::{Mode, Spec};
pub use num_dual::DualNum;

pub use crate::{check_gradient, check_hessian, check_reference, Rows, Values};

/// Ends a generated test: writes the JSON report when `GRADCHECK_REPORT_DIR` is set, prints
/// warnings, and panics with the report when it failed.
#[track_caller]
pub fn finish(spec: &Spec, check: &str, report: Report) {
    crate::output::finish(spec, check, report)
}
