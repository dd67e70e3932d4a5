//! Regularisation terms and dropout, generic over dual numbers so they can sit
//! inside a checked loss, each with its hand-written derivative so a
//! hand-written gradient can be composed from the pieces.
//!
//! ```
//! use gradcheck_train::regularize::{add_l2_penalty_grad, l2_penalty};
//! use num_dual::{Dual64, DualNum};
//!
//! // Loss = data term + (λ/2)·‖w‖², and its gradient assembled by hand.
//! let w = [0.5, -1.0];
//! let data_grad = vec![0.1, 0.2];
//! let mut grad = data_grad.clone();
//! add_l2_penalty_grad(&w, 0.01, &mut grad);
//!
//! // The penalty's dual derivative along w[0] agrees with the helper.
//! let wd = [Dual64::new(0.5, 1.0), Dual64::new(-1.0, 0.0)];
//! let d = l2_penalty(&wd, 0.01).eps;
//! assert!((grad[0] - (data_grad[0] + d)).abs() < 1e-15);
//! ```

#![deny(missing_docs)]

mod dropout;
mod penalty;
#[cfg(test)]
mod tests;

pub use dropout::DropoutMask;
pub use penalty::{
    add_l1_penalty_grad, add_l2_penalty_grad, l1_penalty, l1_penalty_grad, l2_penalty,
    l2_penalty_grad,
};
