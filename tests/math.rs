//! The arithmetic helpers through `#[gradient_checked]`: exact derivatives where they are
//! smooth (hand-written gradients pass over wide domains, where naive formulas overflow), and a
//! `kink` — not a mismatch, not a broken dual chain — at their non-smooth points (allowed
//! below, so that the generated tests pass and the tests read the findings).
#![allow(dead_code)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};

/// Every finding's kind, errors and warnings.
fn kinds(report: &Report) -> Vec<Kind> {
    report
        .errors()
        .chain(report.warnings())
        .map(|f| f.kind)
        .collect()
}

fn max_grad(x: f64, y: f64) -> (f64, f64) {
    if x >= y {
        (1.0, 0.0)
    } else {
        (0.0, 1.0)
    }
}

#[gradient_checked(at = [[2.0, 1.0], [-0.5, 0.25]], samples = 8, grad = max_grad)]
fn max_smooth<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.max(y)
}

#[gradient_checked(at = [[1.0, 1.0]], samples = 0, grad = max_grad, allow(kink))]
fn max_tie<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.max(y)
}

fn relu_grad(x: f64) -> f64 {
    if x >= 0.0 {
        1.0
    } else {
        0.0
    }
}

#[gradient_checked(at = [[0.0]], samples = 0, grad = relu_grad, allow(kink))]
fn relu_at_zero<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x.max(0.0)
}

fn clamp_grad(x: f64) -> f64 {
    if (-1.0..=1.0).contains(&x) {
        1.0
    } else {
        0.0
    }
}

#[gradient_checked(at = [[1.0]], samples = 0, grad = clamp_grad, allow(kink))]
fn clamp_at_bound<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x.clamp(-1.0, 1.0)
}

fn hypot_grad(x: f64, y: f64) -> (f64, f64) {
    let h = x.hypot(y);
    if h == 0.0 {
        (1.0, 1.0)
    } else {
        (x / h, y / h)
    }
}

#[gradient_checked(samples = 16, domain = -1e3..1e3, grad = hypot_grad)]
fn hypot_smooth<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.hypot(y)
}

#[gradient_checked(at = [[0.0, 0.0]], samples = 0, grad = hypot_grad, allow(kink))]
fn hypot_at_origin<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.hypot(y)
}

fn sig(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn smooth_grad(p: &[f64; 3]) -> [f64; 3] {
    let m = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let z: f64 = p.iter().map(|v| (v - m).exp()).sum();
    let w = |i: usize| (p[i] - m).exp() / z;
    let s = sig(p[0]);
    [s * (1.0 - s) + w(0), sig(p[1]) + w(1), w(2)]
}

/// Far out (|x| up to 600) `1 / (1 + e^-x)` and `ln(1 + e^x)` written naively overflow; the
/// helpers do not, and their derivatives are exact.
#[gradient_checked(samples = 32, domain = -600.0..600.0, grad = smooth_grad)]
fn smooth_helpers<D: DualNum<Primitive = f64> + Copy>(p: &[D; 3]) -> D {
    p[0].sigmoid() + p[1].softplus() + log_sum_exp(p)
}

/// What the helpers avoid: a max that averages both sides at a tie (slope 1/2 for each
/// argument, which no side of the kink has).
#[gradient_checked(at = [[1.0, 1.0]], samples = 0, allow(kink))]
fn blended_max<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    if x == y {
        (x + y) * 0.5
    } else {
        x.max(y)
    }
}

/// Whether some finding says the dual derivative is on neither side of a kink.
fn neither_side(report: &Report) -> bool {
    report
        .errors()
        .chain(report.warnings())
        .any(|f| f.message.contains("matches neither"))
}

#[test]
fn a_blended_slope_at_a_tie_is_no_one_sided_slope() {
    let report = blended_max::gradient_report();
    assert!(neither_side(&report), "{report}");
}

#[test]
fn max_passes_away_from_a_tie() {
    let r = max_smooth::gradient_report();
    assert!(r.passed(), "{r}");
}

#[test]
fn max_min_clamp_and_hypot_at_their_corners_are_kinks() {
    for (name, report) in [
        ("max at a tie", max_tie::gradient_report()),
        ("relu at 0", relu_at_zero::gradient_report()),
        ("clamp at its bound", clamp_at_bound::gradient_report()),
        ("hypot at the origin", hypot_at_origin::gradient_report()),
    ] {
        let k = kinds(&report);
        assert!(k.contains(&Kind::Kink), "{name}: {report}");
        assert!(
            report.passed(),
            "{name}: allowed, the kink is the only finding: {report}"
        );
        assert!(!neither_side(&report), "{name}: one side's slope: {report}");
        assert!(
            !k.iter()
                .any(|k| matches!(k, Kind::Mismatch | Kind::AdMismatch)),
            "{name}: the one-sided derivative is no error of the derivative: {report}"
        );
    }
}

#[test]
fn hypot_is_exact_over_a_wide_box() {
    let r = hypot_smooth::gradient_report();
    assert!(r.passed(), "{r}");
}

#[test]
fn sigmoid_softplus_and_log_sum_exp_stay_exact_far_out() {
    let r = smooth_helpers::gradient_report();
    assert!(r.passed(), "{r}");
}
