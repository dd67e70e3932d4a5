//! Class 4: polynomials expanded into cancelling sums and written with `powi`. Besides the
//! noise of class 3, num-dual computes `x.powi(n)` as x^(n−3)·x·x·x while f64's `powi`
//! multiplies by squaring, so the dual's value differs from the f64 value in the last bits of
//! terms that are 1e8 times the result.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};
use num_dual::DualNum;

// (x − 100)⁴ expanded near 100: terms up to 6e8, value ≤ 1.
fn quartic_100<D: DualNum<Primitive = f64> + Copy>(t: D) -> D {
    t.powi(4) - t.powi(3) * 400.0 + t.powi(2) * 60_000.0 - t * 4e6 + 1e8
}
hard_fn!(ExpandedQuartic100, |x| quartic_100(x[0]));
fn expanded_quartic_100_grad(x: &[f64]) -> Vec<f64> {
    vec![4.0 * (x[0] - 100.0).powi(3)]
}
pub fn expanded_quartic_100() -> Case {
    Case::new(
        "expanded_quartic_100",
        Class::PowiSums,
        ExpandedQuartic100,
        expanded_quartic_100_grad,
    )
    .flat(1, 99.0..101.0)
}

// The same well in six dimensions: Σ (xᵢ − 100)⁴, each expanded.
hard_fn!(QuarticWell6, |x| x
    .iter()
    .map(|&t| quartic_100(t))
    .sum::<D>());
fn quartic_well_6_grad(x: &[f64]) -> Vec<f64> {
    x.iter().map(|t| 4.0 * (t - 100.0).powi(3)).collect()
}
pub fn quartic_well_6() -> Case {
    Case::new(
        "quartic_well_6",
        Class::PowiSums,
        QuarticWell6,
        quartic_well_6_grad,
    )
    .flat(6, 99.0..101.0)
}

// (x − 10)³ expanded with powi near 10: terms ~1e3, value ≤ 1e-3.
hard_fn!(ExpandedCubic10, |x| {
    let t = x[0];
    t.powi(3) - t.powi(2) * 30.0 + t * 300.0 - 1000.0
});
fn expanded_cubic_10_grad(x: &[f64]) -> Vec<f64> {
    vec![3.0 * (x[0] - 10.0).powi(2)]
}
pub fn expanded_cubic_10() -> Case {
    Case::new(
        "expanded_cubic_10",
        Class::PowiSums,
        ExpandedCubic10,
        expanded_cubic_10_grad,
    )
    .flat(1, 9.9..10.1)
}

// The fourth central moment from raw moments, as statistics code computes it in one pass:
// m₄ = E[w⁴] − 4μE[w³] + 6μ²E[w²] − 3μ⁴, for readings near 100 (terms 1e8, m₄ ~ 0.1).
hard_fn!(FourthMomentRaw, |x| {
    let n = x.len() as f64;
    let m1 = x.iter().copied().sum::<D>() / n;
    let m2 = x.iter().map(|w| w.powi(2)).sum::<D>() / n;
    let m3 = x.iter().map(|w| w.powi(3)).sum::<D>() / n;
    let m4 = x.iter().map(|w| w.powi(4)).sum::<D>() / n;
    m4 - m1 * m3 * 4.0 + m1.powi(2) * m2 * 6.0 - m1.powi(4) * 3.0
});
/// ∂m₄/∂w_j = (4/n)[(w_j − μ)³ − (1/n)Σ(wᵢ − μ)³], from the centred form.
/// Deviations are taken from w₀ first (exact for readings within a factor of 2), so that
/// wᵢ − μ keeps its digits.
fn fourth_moment_grad(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    let shift = x.iter().map(|w| w - x[0]).sum::<f64>() / n;
    let dev: Vec<f64> = x.iter().map(|w| (w - x[0]) - shift).collect();
    let c3 = dev.iter().map(|d| d.powi(3)).sum::<f64>() / n;
    dev.iter().map(|d| 4.0 / n * (d.powi(3) - c3)).collect()
}
pub fn fourth_moment_raw() -> Case {
    Case::new(
        "fourth_moment_raw",
        Class::PowiSums,
        FourthMomentRaw,
        fourth_moment_grad,
    )
    .flat(5, 99.0..101.0)
}

corpus!(
    expanded_quartic_100,
    quartic_well_6,
    expanded_cubic_10,
    fourth_moment_raw,
);
