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

mod gradient;
mod hessian;
mod output;
mod reference;

#[doc(hidden)]
pub mod __private;

pub use convert::{IntoOutputs, IntoRows, IntoValues};
pub use finding::{Finding, Kind, Severity};
pub use function::{Function, Layout, Param};
pub use report::{CheckSummary, Report};
pub use rng::SplitMix64;
pub use spec::{Mode, Spec};
