//! Class 5: saturated `tanh`. num-dual computes tanh as sinh/cosh, whose derivative
//! (cosh² − sinh²)/cosh² is exactly 0 above |x| ≈ 19 and NaN (∞/∞) above ≈ 710, while the
//! hand-written 1/cosh² (computed without overflow) is right everywhere.

use crate::harness::{Case, Class};
use crate::num::{sech2, sigmoid, sigmoid_slope};
use crate::{corpus, hard_fn};

hard_fn!(Tanh, |x| x[0].tanh());
fn tanh_grad(x: &[f64]) -> Vec<f64> {
    vec![sech2(x[0])]
}
pub fn tanh_tails() -> Case {
    Case::new("tanh_tails", Class::Saturation, Tanh, tanh_grad).flat(1, -40.0..40.0)
}
pub fn tanh_wide() -> Case {
    Case::new("tanh_wide", Class::Saturation, Tanh, tanh_grad).flat(1, -1000.0..1000.0)
}

// The logistic function through tanh, as some libraries write it: ½ + ½ tanh(x/2).
hard_fn!(SigmoidViaTanh, |x| (x[0] * 0.5).tanh() * 0.5 + 0.5);
fn sigmoid_via_tanh_grad(x: &[f64]) -> Vec<f64> {
    vec![sigmoid_slope(x[0])]
}
pub fn sigmoid_via_tanh() -> Case {
    Case::new(
        "sigmoid_via_tanh",
        Class::Saturation,
        SigmoidViaTanh,
        sigmoid_via_tanh_grad,
    )
    .flat(1, -40.0..40.0)
}

const GELU_K: f64 = 0.797_884_560_802_865_4; // √(2/π)
const GELU_A: f64 = 0.044_715;

// The tanh approximation of GELU: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
hard_fn!(GeluTanh, |x| {
    let t = x[0];
    let u = (t + t * t * t * GELU_A) * GELU_K;
    t * (u.tanh() + 1.0) * 0.5
});
/// With 1 + tanh u = 2σ(2u) and 1 − tanh² u = 4σ(2u)σ(−2u): f = xσ(2u),
/// f' = σ(2u) + 2x σ'(2u) u'.
fn gelu_tanh_grad(x: &[f64]) -> Vec<f64> {
    let t = x[0];
    let u = GELU_K * (t + GELU_A * t * t * t);
    let du = GELU_K * (1.0 + 3.0 * GELU_A * t * t);
    vec![sigmoid(2.0 * u) + 2.0 * t * sigmoid_slope(2.0 * u) * du]
}
pub fn gelu_tanh() -> Case {
    Case::new("gelu_tanh", Class::Saturation, GeluTanh, gelu_tanh_grad).flat(1, -10.0..10.0)
}

corpus!(tanh_tails, tanh_wide, sigmoid_via_tanh, gelu_tanh);
