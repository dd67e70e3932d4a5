//! Regularized and stochastic losses are checked like any other (issue 6): weight decay, an
//! L1 penalty away from its kink, a dropout mask from a seed. A loss that draws fresh
//! randomness on every call is reported `nondeterministic` with the advice to seed it.
#![allow(dead_code)]

use gradient_checked::prelude::*;
use gradient_checked::regularize::{
    add_l1_penalty_grad, add_l2_penalty_grad, l1_penalty, l2_penalty, DropoutMask,
};
use gradient_checked::Kind;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

const LAMBDA: f64 = 0.01;
static MASK: LazyLock<DropoutMask> = LazyLock::new(|| DropoutMask::new(6, 0.5, 42));

/// Σ (sin wᵢ)² with weight decay.
fn decayed_grad(w: &[f64; 6]) -> Vec<f64> {
    let mut g: Vec<f64> = w.iter().map(|v| 2.0 * v.sin() * v.cos()).collect();
    add_l2_penalty_grad(w, LAMBDA, &mut g);
    g
}

#[gradient_checked(samples = 8, domain = -2.0..2.0, grad = decayed_grad)]
fn decayed<D: DualNum<Primitive = f64> + Copy>(w: &[D; 6]) -> D {
    w.iter().map(|v| v.sin().powi(2)).sum::<D>() + l2_penalty(w, LAMBDA)
}

/// An L1 penalty, checked where no weight is 0.
fn lasso_grad(w: &[f64; 6]) -> Vec<f64> {
    let mut g: Vec<f64> = w.iter().map(|v| v.exp()).collect();
    add_l1_penalty_grad(w, LAMBDA, &mut g);
    g
}

#[gradient_checked(samples = 8, domain = 0.1..2.0, grad = lasso_grad)]
fn lasso<D: DualNum<Primitive = f64> + Copy>(w: &[D; 6]) -> D {
    w.iter().map(|v| v.exp()).sum::<D>() + l1_penalty(w, LAMBDA)
}

/// The L1 penalty at a weight of exactly 0 is a kink: named, not a mismatch.
#[gradient_checked(at = [[0.0, 1.0, 1.0, 1.0, 1.0, 1.0]], samples = 0, allow(kink))]
fn lasso_at_zero<D: DualNum<Primitive = f64> + Copy>(w: &[D; 6]) -> D {
    w.iter().map(|v| v.exp()).sum::<D>() + l1_penalty(w, LAMBDA)
}

/// Dropout with a mask from a fixed seed: deterministic, so checked like any other loss.
fn dropped_grad(w: &[f64; 6]) -> Vec<f64> {
    let upstream: Vec<f64> = MASK.apply(w).iter().map(|v| 2.0 * v).collect();
    MASK.backward(&upstream)
}

#[gradient_checked(samples = 8, domain = -2.0..2.0, grad = dropped_grad)]
fn dropped<D: DualNum<Primitive = f64> + Copy>(w: &[D; 6]) -> D {
    MASK.apply(w).iter().map(|v| v.powi(2)).sum()
}

/// Dropout drawing a fresh mask on every call, from a shared counter. Checked at one point:
/// the first point's second evaluation finds it, and at any further point the fresh masks
/// would only make noise (which points see a jump depends on how the calls interleave).
static CALLS: AtomicU64 = AtomicU64::new(0);

#[gradient_checked(at = [[0.3, -0.5, 1.2, 0.8, -1.1, 0.4]], allow(nondeterministic))]
fn fresh_dropout<D: DualNum<Primitive = f64> + Copy>(w: &[D; 6]) -> D {
    let mask = DropoutMask::new(6, 0.5, CALLS.fetch_add(1, Ordering::Relaxed));
    mask.apply(w).iter().map(|v| v.powi(2)).sum()
}

#[test]
fn seeded_regularized_losses_pass_without_findings() {
    for report in [
        decayed::gradient_report(),
        lasso::gradient_report(),
        dropped::gradient_report(),
    ] {
        assert!(report.passed() && report.findings().is_empty(), "{report}");
    }
}

#[test]
fn a_wrong_weight_decay_gradient_is_caught() {
    use gradient_checked::{check_gradient, Function, Layout, Spec};
    struct Decayed;
    impl Function for Decayed {
        type Real = f64;
        fn eval<D: gradient_checked::Number<f64>>(&self, x: &[D]) -> Vec<D> {
            vec![decayed(&[x[0], x[1], x[2], x[3], x[4], x[5]])]
        }
    }
    // Forgetting the decay term is an error of λ·w in every component.
    let forgot = |x: &[f64]| vec![x.iter().map(|v| 2.0 * v.sin() * v.cos()).collect()];
    let spec = Spec::new("regularized::decayed", Layout::new().array("w", 6))
        .samples(4)
        .domain(0.5..2.0);
    let report = check_gradient(&spec, &Decayed, Some(&forgot));
    // At each of the 4 random points (special and stationary points find it too).
    let random = report
        .errors()
        .filter(|f| f.kind == Kind::Mismatch && f.origin == Some(gradient_checked::Origin::Random));
    assert_eq!(random.count(), 24, "{report}");
}

#[test]
fn the_l1_kink_is_named() {
    let report = lasso_at_zero::gradient_report();
    let kinks: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == Kind::Kink)
        .collect();
    assert_eq!(kinks.len(), 1, "{report}");
    assert_eq!(kinks[0].component, Some(0));
    assert!(
        report.findings().iter().all(|f| f.kind != Kind::Mismatch),
        "{report}"
    );
}

#[test]
fn fresh_randomness_is_nondeterministic_and_the_message_says_seed_it() {
    let report = fresh_dropout::gradient_report();
    let f = report
        .findings()
        .iter()
        .find(|f| f.kind == Kind::Nondeterministic)
        .expect("nondeterminism found");
    assert!(f.message.contains("seed"), "{}", f.message);
}
