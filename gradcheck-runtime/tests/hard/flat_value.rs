//! Class 2: the value is exactly constant in f64 around the point (every finite-difference
//! step returns the same number) while the true derivative, which the dual and the
//! hand-written gradient both get right, is small but not 0.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

// A squared-exponential kernel between two nearly coincident inputs: (a − b)² ~ 1e-17, so
// k = 1.0 exactly while ∂k/∂a ~ 1e-9.
hard_fn!(RbfNearDiagonal, |x| {
    let (a, b, l) = (x[0], x[1], x[2]);
    let d = a - b;
    (-(d * d) / (l * l * 2.0)).exp()
});
fn rbf_near_diagonal_grad(x: &[f64]) -> Vec<f64> {
    let (a, b, l) = (x[0], x[1], x[2]);
    let d = a - b;
    let k = (-(d * d) / (2.0 * l * l)).exp();
    vec![-d / (l * l) * k, d / (l * l) * k, d * d / (l * l * l) * k]
}
pub fn rbf_near_diagonal() -> Case {
    Case::new(
        "rbf_near_diagonal",
        Class::FlatValue,
        RbfNearDiagonal,
        rbf_near_diagonal_grad,
    )
    .param("a", 1, Some(0.0..1e-8))
    .param("b", 1, Some(0.0..1e-8))
    .param("length_scale", 1, Some(0.5..2.0))
}

const C: f64 = 299_792_458.0; // m/s

// Relativistic kinetic energy m c² (γ − 1) at everyday speeds: γ − 1 = v²/2c² ≤ 5.6e-12 is
// a few ulps of 1 (γ is exactly 1 below ~10 m/s), so the value is quantised in steps of
// m c² ε ≈ 20 J, and the dual's ∂/∂m = c²(γ − 1) inherits the quantisation.
hard_fn!(RelativisticKineticEnergy, |x| {
    let (m, v) = (x[0], x[1]);
    let beta2 = v * v / (C * C);
    m * (C * C) * ((D::from(1.0) - beta2).sqrt().recip() - 1.0)
});
/// γ − 1 = β²/(s(1 + s)) with s = √(1 − β²): no cancellation. ∂K/∂v = m v γ³.
fn relativistic_kinetic_energy_grad(x: &[f64]) -> Vec<f64> {
    let (m, v) = (x[0], x[1]);
    let beta2 = (v / C) * (v / C);
    let s = (1.0 - beta2).sqrt();
    let gamma = 1.0 / s;
    vec![
        C * C * (beta2 / (s * (1.0 + s))),
        m * v * gamma * gamma * gamma,
    ]
}
pub fn relativistic_kinetic_energy() -> Case {
    Case::new(
        "relativistic_kinetic_energy",
        Class::FlatValue,
        RelativisticKineticEnergy,
        relativistic_kinetic_energy_grad,
    )
    .param("m", 1, Some(0.5..2.0))
    .param("v", 1, Some(1.0..1000.0))
}

// The log-cosh robust loss at a residual near 0: cosh(1e-9) is 1.0 exactly, so the loss is
// exactly 0 while its derivative tanh(r) ≈ r is not.
hard_fn!(LogCoshSmallResidual, |x| x[0].cosh().ln());
fn log_cosh_grad(x: &[f64]) -> Vec<f64> {
    vec![x[0].tanh()]
}
pub fn log_cosh_small_residual() -> Case {
    Case::new(
        "log_cosh_small_residual",
        Class::FlatValue,
        LogCoshSmallResidual,
        log_cosh_grad,
    )
    .flat(1, -1e-8..1e-8)
}

corpus!(
    rbf_near_diagonal,
    relativistic_kinetic_energy,
    log_cosh_small_residual
);
