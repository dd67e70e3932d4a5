//! Functions that solve an equation inside: Newton's method with a fixed number of steps or
//! a convergence test, the gradient written from the implicit function theorem.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};
use num_dual::DualNum;
use std::f64::consts::PI;

/// Newton steps for Kepler's equation: from E₀ = π every (M, e < 0.9) is within 1e-15 after
/// 8 steps (measured on a 300 × 31 grid); twice that leaves no doubt.
const KEPLER_STEPS: usize = 16;

fn eccentric_anomaly<D: DualNum<Primitive = f64> + Copy>(m: D, e: D) -> D {
    let mut ea = D::from(PI);
    for _ in 0..KEPLER_STEPS {
        ea -= (ea - e * ea.sin() - m) / (D::from(1.0) - e * ea.cos());
    }
    ea
}

// The orbital radius r/a = 1 − e cos E at mean anomaly M, E from Kepler's equation
// E − e sin E = M.
hard_fn!(KeplerRadius, |x| {
    let (m, e) = (x[0], x[1]);
    D::from(1.0) - e * eccentric_anomaly(m, e).cos()
});
/// dE/dM = 1/(1 − e cos E), dE/de = sin E/(1 − e cos E).
fn kepler_grad(x: &[f64]) -> Vec<f64> {
    let (m, e) = (x[0], x[1]);
    let ea = eccentric_anomaly(m, e);
    let (s, c) = ea.sin_cos();
    let q = 1.0 - e * c;
    vec![e * s / q, -c + e * s * s / q]
}
pub fn kepler_newton() -> Case {
    Case::new("kepler_newton", Class::Other, KeplerRadius, kepler_grad)
        .param("mean_anomaly", 1, Some(0.0..2.0 * PI))
        .param("eccentricity", 1, Some(0.0..0.9))
}

/// Lambert's W by Newton on w·eʷ = z from ln(1 + z), until the step is below 1e-15 of w
/// (so the number of steps depends on z).
fn lambert_w<D: DualNum<Primitive = f64> + Copy>(z: D) -> D {
    let mut w = (z + 1.0).ln();
    for _ in 0..50 {
        let ew = w.exp();
        let step = (w * ew - z) / (ew * (w + 1.0));
        w -= step;
        if step.re().abs() <= 1e-15 * w.re().abs() {
            break;
        }
    }
    w
}
hard_fn!(LambertW, |x| lambert_w(x[0]));
/// W'(z) = W/(z(1 + W)).
fn lambert_w_grad(x: &[f64]) -> Vec<f64> {
    let w = lambert_w(x[0]);
    vec![w / (x[0] * (1.0 + w))]
}
pub fn lambert_w_newton() -> Case {
    Case::new("lambert_w_newton", Class::Other, LambertW, lambert_w_grad).flat(1, 0.1..10.0)
}

/// Carbon dioxide's van der Waals constants (SI): a in J·m³/mol², b in m³/mol.
const VDW_A: f64 = 0.3640;
const VDW_B: f64 = 4.267e-5;
const R: f64 = 8.314_462_618;
const VDW_STEPS: usize = 20;

/// The molar volume at pressure p and temperature t (supercritical, one root), by Newton from
/// the ideal gas.
fn vdw_volume<D: DualNum<Primitive = f64> + Copy>(p: D, t: D) -> D {
    let mut v = t * R / p + VDW_B;
    for _ in 0..VDW_STEPS {
        let f = (p + v.powi(2).recip() * VDW_A) * (v - VDW_B) - t * R;
        let df = p - v.powi(2).recip() * VDW_A + v.powi(3).recip() * (2.0 * VDW_A * VDW_B);
        v -= f / df;
    }
    v
}
hard_fn!(VanDerWaals, |x| vdw_volume(x[0], x[1]));
/// F(V, p, T) = (p + a/V²)(V − b) − RT = 0: ∂V/∂p = −(V − b)/F_V, ∂V/∂T = R/F_V.
fn vdw_grad(x: &[f64]) -> Vec<f64> {
    let (p, t) = (x[0], x[1]);
    let v = vdw_volume(p, t);
    let fv = p - VDW_A / (v * v) + 2.0 * VDW_A * VDW_B / (v * v * v);
    vec![-(v - VDW_B) / fv, R / fv]
}
pub fn van_der_waals_volume() -> Case {
    Case::new("van_der_waals_volume", Class::Other, VanDerWaals, vdw_grad)
        .param("pressure", 1, Some(1e5..1e6))
        .param("temperature", 1, Some(350.0..450.0))
}

corpus!(kepler_newton, lambert_w_newton, van_der_waals_volume);
