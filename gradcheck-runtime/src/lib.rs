//! The engine behind `#[gradient_checked]`.

pub mod monitor;
pub mod regularize;
