//! Class 7: a defensive assertion before a function with a restricted domain, at inputs a
//! little above the edge. The function is correct and defined at every point checked; a
//! finite-difference step that leaves the domain panics, not the point.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

hard_fn!(SqrtAsserted, |x| {
    assert!(x[0].re() >= 0.0, "sqrt of a negative variance");
    x[0].sqrt()
});
fn sqrt_grad(x: &[f64]) -> Vec<f64> {
    vec![0.5 / x[0].sqrt()]
}
pub fn sqrt_asserted() -> Case {
    Case::new("sqrt_asserted", Class::Defensive, SqrtAsserted, sqrt_grad).flat(1, 1e-7..1e-5)
}

hard_fn!(LnAsserted, |x| {
    assert!(x[0].re() > 0.0, "log of a non-positive probability");
    x[0].ln()
});
fn ln_grad(x: &[f64]) -> Vec<f64> {
    vec![1.0 / x[0]]
}
pub fn ln_asserted() -> Case {
    Case::new("ln_asserted", Class::Defensive, LnAsserted, ln_grad).flat(1, 1e-7..1e-5)
}

// One term of an entropy, p ln p, guarded.
hard_fn!(XLogXAsserted, |x| {
    assert!(x[0].re() > 0.0, "probabilities must be positive");
    x[0] * x[0].ln()
});
fn xlogx_grad(x: &[f64]) -> Vec<f64> {
    vec![x[0].ln() + 1.0]
}
pub fn xlogx_asserted() -> Case {
    Case::new(
        "xlogx_asserted",
        Class::Defensive,
        XLogXAsserted,
        xlogx_grad,
    )
    .flat(1, 1e-7..1e-5)
}

corpus!(sqrt_asserted, ln_asserted, xlogx_asserted);
