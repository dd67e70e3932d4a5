//! The engine behind `#[gradient_checked]`.
