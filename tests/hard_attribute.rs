//! Six functions of the hard corpus (`gradcheck-runtime/tests/hard`) written with the
//! attribute exactly as a user would: every gradient here is correct (verified against
//! 80-digit arithmetic by `scripts/hard_corpus/verify.py`), so each generated test must pass.
//! One per way real losses provoke false findings: digits lost in the dual chain, a value that
//! is exactly flat in f64, saturated tanh, SI lengths near a pole, a defensive assertion, and
//! fast mode's value comparison.

use gradient_checked::prelude::*;

/// The accurate form of 1 − cos t.
fn t_minus_sin_grad(t: f64) -> f64 {
    2.0 * (t / 2.0).sin().powi(2)
}

#[gradient_checked(domain = 1e-5..1e-3, grad = t_minus_sin_grad)]
fn t_minus_sin<D: DualNum<Primitive = f64> + Copy>(t: D) -> D {
    t - t.sin()
}

/// softmax − one-hot, the label's entry as minus the other classes' mass.
fn cross_entropy_grad(z_label: f64, z_other: &[f64; 3]) -> Vec<f64> {
    let m = z_other.iter().copied().fold(z_label, f64::max);
    let e_label = (z_label - m).exp();
    let e: Vec<f64> = z_other.iter().map(|z| (z - m).exp()).collect();
    let s = e_label + e.iter().sum::<f64>();
    let mut g = vec![-e.iter().sum::<f64>() / s];
    g.extend(e.iter().map(|v| v / s));
    g
}

#[gradient_checked(
    domain(z_label = 39.0..41.0, z_other = -1.0..1.0),
    grad = cross_entropy_grad
)]
fn cross_entropy_margin_40<D: DualNum<Primitive = f64> + Copy>(z_label: D, z_other: &[D; 3]) -> D {
    let m = z_other.iter().map(|v| v.re()).fold(z_label.re(), f64::max);
    let s = (z_label - m).exp() + z_other.iter().map(|&v| (v - m).exp()).sum::<D>();
    s.ln() + m - z_label
}

/// 1/cosh² x without overflow: 4e/(1 + e)² with e = e^(−2|x|).
fn tanh_grad(x: f64) -> f64 {
    let e = (-2.0 * x.abs()).exp();
    4.0 * e / ((1.0 + e) * (1.0 + e))
}

#[gradient_checked(domain = -40.0..40.0, grad = tanh_grad)]
fn tanh_activation<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x.tanh()
}

const SIGMA: f64 = 3.4e-10; // m
const EPSILON: f64 = 1.65e-21; // J

fn lennard_jones_grad(r: f64) -> f64 {
    let s6 = (SIGMA / r).powi(6);
    4.0 * EPSILON * (6.0 * s6 - 12.0 * s6 * s6) / r
}

#[gradient_checked(domain = 3e-10..1e-9, grad = lennard_jones_grad)]
fn lennard_jones<D: DualNum<Primitive = f64> + Copy>(r: D) -> D {
    let s6 = (D::from(SIGMA) / r).powi(6);
    (s6 * s6 - s6) * (4.0 * EPSILON)
}

fn std_dev_grad(variance: f64) -> f64 {
    0.5 / variance.sqrt()
}

#[gradient_checked(domain = 1e-7..1e-5, grad = std_dev_grad)]
fn std_dev<D: DualNum<Primitive = f64> + Copy>(variance: D) -> D {
    assert!(variance.re() >= 0.0, "negative variance");
    variance.sqrt()
}

fn quartic_sum_grad(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 4.0 * v.powi(3)).collect()
}

#[gradient_checked(dims(x = 1001), grad = quartic_sum_grad)]
fn quartic_sum<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    x.iter().map(|v| v.powi(4)).sum()
}
