//! Training helpers that sit beside the gradient checker: a [`monitor`] that watches gradient
//! norms per parameter group during training and draws them, and [`regularize`] with weight
//! decay, an L1 penalty and seeded dropout, generic over num-dual's `DualNum` so that a
//! regularized loss is checked like any other.
//!
//! A crate of its own so that a user who only checks gradients does not compile the plotting
//! library: the `gradient-checked` facade re-exports both modules behind its default `train`
//! feature.
//!
//! ```
//! use gradcheck_train::monitor::Monitor;
//! use gradcheck_train::regularize::{l2_penalty, l2_penalty_grad};
//!
//! let w = [0.5, -1.0];
//! let mut monitor = Monitor::builder().log(false).build();
//! monitor.record(0, l2_penalty(&w, 0.1), &[("w", &l2_penalty_grad(&w, 0.1)[..])]);
//! assert!(monitor.events().is_empty());
//! ```
#![deny(missing_docs)]

#[cfg(feature = "candle")]
pub mod candle;
pub mod monitor;
pub mod regularize;
