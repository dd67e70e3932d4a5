//! The monitor and the gradient check on [candle](https://docs.rs/candle-core), Hugging Face's
//! Rust framework (CPU; feature `candle`).
//!
//! - [`Monitor::record_candle`](crate::monitor::Monitor::record_candle) records one training
//!   step from a `GradStore` and the model's `VarMap`: every variable is a group, with its
//!   parameters, so norms, direction, update ratio and histograms all work.
//! - [`check_op1`] and [`check_op2`] check the backward pass of a candle custom op
//!   (`CustomOp1`/`CustomOp2` with `bwd`) against finite differences, the way
//!   `torch.autograd.gradcheck` checks a custom `autograd.Function`.
//!
//! ```
//! use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};
//! use gradcheck_train::candle::check_op1;
//!
//! /// x ↦ x³, with its backward.
//! struct Cube;
//! impl CustomOp1 for Cube {
//!     fn name(&self) -> &'static str {
//!         "cube"
//!     }
//!     fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
//!         let (a, b) = l.contiguous_offsets().expect("contiguous");
//!         match s {
//!             CpuStorage::F64(v) => Ok((
//!                 CpuStorage::F64(v[a..b].iter().map(|x| x * x * x).collect()),
//!                 l.shape().clone(),
//!             )),
//!             _ => candle_core::bail!("cube: f64 only"),
//!         }
//!     }
//!     fn bwd(&self, x: &Tensor, _y: &Tensor, dy: &Tensor) -> candle_core::Result<Option<Tensor>> {
//!         Ok(Some(((x.sqr()? * 3.0)? * dy)?))
//!     }
//! }
//!
//! let x = Tensor::new(&[[0.5f64, -1.0], [2.0, 0.1]], &Device::Cpu)?;
//! let report = check_op1("cube", &Cube, &x)?;
//! assert!(report.passed(), "{report}");
//! # Ok::<(), candle_core::Error>(())
//! ```

mod feed;
mod op;

pub use gradcheck_runtime::{Kind, Report};
pub use op::{check_op1, check_op2, OpCheck};
