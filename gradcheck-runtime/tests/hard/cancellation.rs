//! Class 3: the value is a small difference of large terms, so it carries rounding noise far
//! above ε·|value| and finite differences on it are noise; the derivative itself (dual and
//! hand-written) is accurate.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

// The pseudo-Huber loss δ²(√(1 + (r/δ)²) − 1) with δ = 1 at a small residual: value r²/2 ~
// 1e-9 computed as a difference of numbers near 1.
hard_fn!(PseudoHuber, |x| (x[0] * x[0] + 1.0).sqrt() - 1.0);
fn pseudo_huber_grad(x: &[f64]) -> Vec<f64> {
    vec![x[0] / (1.0 + x[0] * x[0]).sqrt()]
}
pub fn pseudo_huber_small_residual() -> Case {
    Case::new(
        "pseudo_huber_small_residual",
        Class::Cancellation,
        PseudoHuber,
        pseudo_huber_grad,
    )
    .flat(1, -1e-4..1e-4)
}

// (x − 1)⁷ expanded and evaluated by Horner near its root: terms ~35, value ≤ 1e-14.
hard_fn!(ExpandedPoly7, |x| {
    let t = x[0];
    ((((((t - 7.0) * t + 21.0) * t - 35.0) * t + 35.0) * t - 21.0) * t + 7.0) * t - 1.0
});
fn expanded_poly7_grad(x: &[f64]) -> Vec<f64> {
    vec![7.0 * (x[0] - 1.0).powi(6)]
}
pub fn expanded_poly7() -> Case {
    Case::new(
        "expanded_poly7",
        Class::Cancellation,
        ExpandedPoly7,
        expanded_poly7_grad,
    )
    .flat(1, 0.99..1.01)
}

// 1 − cos t at small t: value t²/2 ≥ 5e-11 with absolute noise 1e-16; the derivative sin t
// is exact in the dual.
hard_fn!(OneMinusCos, |x| D::from(1.0) - x[0].cos());
fn one_minus_cos_grad(x: &[f64]) -> Vec<f64> {
    vec![x[0].sin()]
}
pub fn one_minus_cos_small() -> Case {
    Case::new(
        "one_minus_cos_small",
        Class::Cancellation,
        OneMinusCos,
        one_minus_cos_grad,
    )
    .flat(1, -1e-3..1e-3)
}

// The one-pass variance E[w²] − E[w]² of readings near 1e4: terms 1e8, value ~0.08.
hard_fn!(VarianceNaive, |x| {
    let n = x.len() as f64;
    let s = x.iter().copied().sum::<D>();
    let s2 = x.iter().map(|&w| w * w).sum::<D>();
    s2 / n - (s / n) * (s / n)
});
/// 2(wᵢ − μ)/n with deviations taken from w₀ first: wᵢ − w₀ is exact for readings within a
/// factor of 2, so wᵢ − μ keeps its digits (Σwᵢ/n rounds by ~1e-12 here, which is 2e-10 of a
/// deviation of 0.005).
fn variance_naive_grad(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    let shift = x.iter().map(|w| w - x[0]).sum::<f64>() / n;
    x.iter().map(|w| 2.0 * ((w - x[0]) - shift) / n).collect()
}
pub fn variance_naive() -> Case {
    Case::new(
        "variance_naive",
        Class::Cancellation,
        VarianceNaive,
        variance_naive_grad,
    )
    .flat(8, 1e4..1e4 + 1.0)
}

// The textbook root (−b + √(b² − 4c))/2 of x² + bx + c with b ≫ c: the small root ≈ −c/b is a
// difference of numbers of size b. (The dual's ∂/∂b = (−1 + b/√(b² − 4c))/2 cancels too.)
hard_fn!(QuadraticRootNaive, |x| {
    let (b, c) = (x[0], x[1]);
    (-b + (b * b - c * 4.0).sqrt()) * 0.5
});
/// The implicit derivative of r² + br + c = 0 at the root, the root computed stably as
/// −2c/(b + √(b² − 4c)): ∂r/∂b = −r/(2r + b), ∂r/∂c = −1/(2r + b).
fn quadratic_root_grad(x: &[f64]) -> Vec<f64> {
    let (b, c) = (x[0], x[1]);
    let r = -2.0 * c / (b + (b * b - 4.0 * c).sqrt());
    let d = 2.0 * r + b;
    vec![-r / d, -1.0 / d]
}
pub fn quadratic_root_naive() -> Case {
    Case::new(
        "quadratic_root_naive",
        Class::Cancellation,
        QuadraticRootNaive,
        quadratic_root_grad,
    )
    .param("b", 1, Some(1e3..1e4))
    .param("c", 1, Some(0.5..2.0))
}

corpus!(
    pseudo_huber_small_residual,
    expanded_poly7,
    one_minus_cos_small,
    variance_naive,
    quadratic_root_naive,
);
