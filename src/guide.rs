//! The guide: everything the crate does, chapter by chapter, with examples that compile.
//!
//! 1. [Getting started](getting_started): the attribute, the generated tests, the report,
//!    `Check` for code that cannot be generic.
//! 2. [Parameters as you write them](parameters): arrays, slices, `Vec`s, nalgebra, ndarray,
//!    structs with `#[derive(Differentiable)]`, data, sizes, gradients in the parameters'
//!    own types.
//! 3. [Writing a function over `D`](writing_over_d): what `f64` code does not compile over
//!    a generic number type, and the rewrite.
//! 4. [The findings](findings): what each kind means and what to do; what the report says
//!    across points; how the verdict is reached.
//! 5. [Single precision](single_precision): `f32` losses, their tolerances, digits lost.
//! 6. [Large inputs, many points, functions that misbehave](large_inputs): fast mode, the
//!    points a check visits, Hessians, panics and hangs.
//! 7. [Training](training): the gradient monitor, regularizers, candle.
//! 8. [CI](ci): environment variables, remembered failures, nextest, the JSON report, the
//!    report page.
//!
//! The attribute's reference (every key, every default) is the documentation of
//! [`gradient_checked`](macro@crate::gradient_checked).

#[doc = include_str!("../docs/guide/getting_started.md")]
pub mod getting_started {}

#[doc = include_str!("../docs/guide/parameters.md")]
pub mod parameters {}

#[doc = include_str!("../docs/guide/writing_over_d.md")]
pub mod writing_over_d {}

#[doc = include_str!("../docs/guide/findings.md")]
pub mod findings {}

#[doc = include_str!("../docs/guide/single_precision.md")]
pub mod single_precision {}

#[doc = include_str!("../docs/guide/large_inputs.md")]
pub mod large_inputs {}

#[doc = include_str!("../docs/guide/training.md")]
pub mod training {}

#[doc = include_str!("../docs/guide/ci.md")]
pub mod ci {}
