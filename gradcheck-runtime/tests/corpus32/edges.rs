//! Where `f32` itself is the difficulty: inputs around 1e3 (a step of 1e-3 is a few ulps),
//! `exp` near its overflow (e^88.7) and in the subnormal range below e^−87.3, `ln` near 0
//! (inputs of 1e-37, just above the smallest normal number) and `ln(1 + x)` for small `x`,
//! whose value keeps only the digits of `x` that survive `1 + x`.

use crate::ml::c;
use crate::{case, corpus, generic_fn, harness::Case};

// |p| plus a coupling of neighbours and a logarithm, at inputs between 500 and 2000.
generic_fn!(Norm1e3, |p| {
    let mut sq = D::zero();
    let mut coupling = D::zero();
    for i in 0..4 {
        sq += p[i] * p[i];
        if i + 1 < 4 {
            coupling += p[i] * p[i + 1];
        }
    }
    sq.sqrt() + coupling * c::<D>(1e-3) + (p[0] + p[3]).ln() * c::<D>(100.0)
});
fn norm_1e3_grad(p: &[f32]) -> Vec<f32> {
    let r = p.iter().map(|v| v * v).sum::<f32>().sqrt();
    let l = 100.0 / (p[0] + p[3]);
    (0..4)
        .map(|i| {
            let left = if i > 0 { p[i - 1] } else { 0.0 };
            let right = if i < 3 { p[i + 1] } else { 0.0 };
            let log = if i == 0 || i == 3 { l } else { 0.0 };
            p[i] / r + (left + right) * 1e-3 + log
        })
        .collect()
}
pub fn norm_1e3() -> Case {
    case!(Norm1e3, "norm_1e3", 4, 500.0..2000.0, norm_1e3_grad)
}

// A ratio and a squared difference of inputs around 1e3 (values near 1e3, gradients of 1 and 1e-3).
generic_fn!(Rational1e3, |x| {
    let d = x[0] - x[1];
    x[0] * x[1] / (x[2] + x[3]) + d * d * c::<D>(1e-3)
});
fn rational_1e3_grad(x: &[f32]) -> Vec<f32> {
    let s = x[2] + x[3];
    let d = 2e-3 * (x[0] - x[1]);
    let q = x[0] * x[1] / (s * s);
    vec![x[1] / s + d, x[0] / s - d, -q, -q]
}
pub fn rational_1e3() -> Case {
    case!(
        Rational1e3,
        "rational_1e3",
        4,
        500.0..2000.0,
        rational_1e3_grad
    )
}

// e^x near f32's overflow: values up to 0.25·e^88 ≈ 4e37 each.
generic_fn!(ExpHigh, |x| (x[0].exp() + x[1].exp()) * c::<D>(0.25));
fn exp_high_grad(x: &[f32]) -> Vec<f32> {
    vec![0.25 * x[0].exp(), 0.25 * x[1].exp()]
}
pub fn exp_high() -> Case {
    case!(ExpHigh, "exp_high", 2, 80.0..88.0, exp_high_grad)
}

// e^x across the subnormal boundary (e^−87.3 = 1.2e-38): below it f32 keeps fewer digits.
generic_fn!(ExpLow, |x| x[0].exp() + x[1].exp() * c::<D>(2.0));
fn exp_low_grad(x: &[f32]) -> Vec<f32> {
    vec![x[0].exp(), 2.0 * x[1].exp()]
}
pub fn exp_low() -> Case {
    case!(ExpLow, "exp_low", 2, -95.0..-80.0, exp_low_grad)
}

// ln near 0: inputs of 1e-37 to 1e-35, slopes of 1e35 to 1e37.
generic_fn!(LnTiny, |x| x[0].ln() + x[1].ln() * c::<D>(3.0));
fn ln_tiny_grad(x: &[f32]) -> Vec<f32> {
    vec![1.0 / x[0], 3.0 / x[1]]
}
pub fn ln_tiny() -> Case {
    case!(LnTiny, "ln_tiny", 2, 1e-37..1e-35, ln_tiny_grad)
}

// ln(1 + x) for x in 1e-4..1e-3, written plainly: 1 + x keeps four or five digits of x.
generic_fn!(Log1pSmall, |x| (D::one() + x[0]).ln()
    + (D::one() + x[1]).ln() * x[0]);
fn log1p_small_grad(x: &[f32]) -> Vec<f32> {
    vec![1.0 / (1.0 + x[0]) + (1.0 + x[1]).ln(), x[0] / (1.0 + x[1])]
}
pub fn log1p_small() -> Case {
    case!(Log1pSmall, "log1p_small", 2, 1e-4..1e-3, log1p_small_grad)
}

// Periodic at inputs around 1e3: an f32 step there is 6e-5, and sin turns a full period
// within 1e5 of them.
generic_fn!(Wave1e3, |x| x[0].sin() * c::<D>(2.0)
    + (x[1] * c::<D>(0.5)).cos());
fn wave_1e3_grad(x: &[f32]) -> Vec<f32> {
    vec![2.0 * x[0].cos(), -0.5 * (0.5 * x[1]).sin()]
}
pub fn wave_1e3() -> Case {
    case!(Wave1e3, "wave_1e3", 2, 500.0..2000.0, wave_1e3_grad)
}

corpus!(
    wave_1e3,
    norm_1e3,
    rational_1e3,
    exp_high,
    exp_low,
    ln_tiny,
    log1p_small
);
