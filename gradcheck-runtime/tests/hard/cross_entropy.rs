//! Softmax cross-entropy `logsumexp(z) − z_label` for four logits whose label logit leads by
//! a margin of 0, 5, 20, 40, 100 or 800 (the label logit drawn from margin ± 1, the others
//! from −1..1): a confident classifier, as training makes one. The usual stable form
//! (subtract the max, log of the sum) and the naive form (log of the sum of exponentials).
//!
//! At margin 20 the value ln(1 + 2e-9) is a rounding-noisy difference (class 3); from 40 on
//! it is exactly 0.0 in f64 while the true derivative is −Σ e^(zᵢ − z_label) ≈ −1e-17
//! (class 2).

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};
use num_dual::DualNum;

/// The stable form: ln Σ e^(zᵢ − m) + m − z₀ with m the largest logit (a constant for the
/// dual, as in most code).
fn ce_stable<D: DualNum<Primitive = f64> + Copy>(z: &[D]) -> D {
    let m = z.iter().map(|v| v.re()).fold(f64::NEG_INFINITY, f64::max);
    z.iter().map(|&v| (v - m).exp()).sum::<D>().ln() + m - z[0]
}

/// The naive form: ln Σ e^(zᵢ) − z₀ (finite up to logits of ~700).
fn ce_naive<D: DualNum<Primitive = f64> + Copy>(z: &[D]) -> D {
    z.iter().map(|v| v.exp()).sum::<D>().ln() - z[0]
}

hard_fn!(CeStable, |x| ce_stable(x));
hard_fn!(CeNaive, |x| ce_naive(x));

/// softmax − one-hot, with the label's entry written as minus the other classes' mass
/// (p₀ − 1 would cancel to 0 at a large margin).
fn ce_grad(z: &[f64]) -> Vec<f64> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    let mut g: Vec<f64> = e.iter().map(|v| v / s).collect();
    g[0] = -e[1..].iter().sum::<f64>() / s;
    g
}

/// The logits' boxes for a label logit leading by `margin`.
fn with_margin(case: Case, margin: f64) -> Case {
    case.param("z_label", 1, Some(margin - 1.0..margin + 1.0))
        .param("z_other", 3, Some(-1.0..1.0))
}

pub fn ce_margin_0() -> Case {
    with_margin(
        Case::new("ce_margin_0", Class::Other, CeStable, ce_grad),
        0.0,
    )
}
pub fn ce_margin_5() -> Case {
    with_margin(
        Case::new("ce_margin_5", Class::Other, CeStable, ce_grad),
        5.0,
    )
}
pub fn ce_margin_20() -> Case {
    with_margin(
        Case::new("ce_margin_20", Class::Cancellation, CeStable, ce_grad),
        20.0,
    )
}
pub fn ce_margin_40() -> Case {
    with_margin(
        Case::new("ce_margin_40", Class::FlatValue, CeStable, ce_grad),
        40.0,
    )
}
pub fn ce_margin_100() -> Case {
    with_margin(
        Case::new("ce_margin_100", Class::FlatValue, CeStable, ce_grad),
        100.0,
    )
}
pub fn ce_margin_800() -> Case {
    with_margin(
        Case::new("ce_margin_800", Class::FlatValue, CeStable, ce_grad),
        800.0,
    )
}
pub fn ce_naive_margin_20() -> Case {
    with_margin(
        Case::new("ce_naive_margin_20", Class::Cancellation, CeNaive, ce_grad),
        20.0,
    )
}
pub fn ce_naive_margin_40() -> Case {
    with_margin(
        Case::new("ce_naive_margin_40", Class::Cancellation, CeNaive, ce_grad),
        40.0,
    )
}

corpus!(
    ce_margin_0,
    ce_margin_5,
    ce_margin_20,
    ce_margin_40,
    ce_margin_100,
    ce_margin_800,
    ce_naive_margin_20,
    ce_naive_margin_40,
);
