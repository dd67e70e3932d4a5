//! # gradient-checked
//!
//! Annotate a loss written generically over num-dual's `DualNum<Primitive = f64>` with
//! `#[gradient_checked]`, and `cargo test` proves its hand-written gradient right or shows
//! exactly what is wrong: the hand-written code, the dual chain, or the point itself.
//!
//! ```
//! use gradient_checked::prelude::*;
//!
//! fn grad(x: f64, y: f64) -> (f64, f64) {
//!     (2.0 * x * y, x * x)
//! }
//!
//! #[gradient_checked(samples = 8, domain = -2.0..2.0, grad = grad)]
//! fn f<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
//!     x * x * y
//! }
//! # fn main() {}
//! ```
//!
//! Functions that cannot be generic are checked against finite differences with [`Check`].
//! The [`guide`] explains everything chapter by chapter; the attribute's reference is
//! [`gradient_checked`](macro@gradient_checked).
//!
//! The training helpers, [`monitor`] (gradient norms per parameter group during training, with
//! events and plots) and [`regularize`] (weight decay, L1, seeded dropout), come with the
//! default `train` feature; `default-features = false` leaves them and their plotting library
//! out of the build.
#![deny(missing_docs)]

pub use gradcheck_macros::gradient_checked;
pub use gradcheck_runtime::{
    check_gradient, check_hessian, check_reference, derivative, Check, CheckSummary, Diagnosis,
    Estimate, Finding, Function, Kind, Layout, Mode, Number, Origin, Profile, Real, Report, Rows,
    Severity, Spec, SplitMix64, Values,
};
pub use gradcheck_runtime::{math, params, trace};
pub use num_dual;

pub mod guide;

#[cfg(feature = "train")]
pub use gradcheck_train::{monitor, regularize};

/// Everything an annotated module needs: the attribute, `trace!`, `DualNum` and num-dual's
/// number types, `Differentiable` (the trait and its derive) and the arithmetic helpers of
/// [`math`].
pub mod prelude {
    pub use gradcheck_macros::{gradient_checked, Differentiable};
    pub use gradcheck_runtime::math::{
        clamp, hypot, log1p_exp, log_sum_exp, max, min, sigmoid, softplus, DualMath,
    };
    pub use gradcheck_runtime::params::Differentiable;
    pub use gradcheck_runtime::trace;
    pub use num_dual::{
        Dual, Dual2, Dual2SVec64, Dual2_64, Dual64, DualNum, DualSVec64, DualStruct, HyperDual,
        HyperDual64,
    };
}

#[doc(hidden)]
pub mod __private {
    pub use gradcheck_runtime::__private::*;
}
