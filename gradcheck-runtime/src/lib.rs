//! The engine behind `#[gradient_checked]`: exact forward-mode derivatives with dual numbers,
//! adaptive finite differences as an independent witness, a verdict that says *who* is wrong
//! (the hand-written derivative, the dual chain, or the point itself), and reports.
//!
//! Most users reach it through the `gradient-checked` facade and its attribute; the
//! [`Check`] builder is the entry for functions that cannot be written generically.
#![warn(missing_docs)]

mod convert;
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
