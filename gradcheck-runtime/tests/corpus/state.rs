//! Findings about the function rather than its derivative: nondeterministic, panic,
//! vanishing_gradient and exploding_gradient.

use crate::common::{at, at_with, expect, only_at, silent};
use crate::function;
use gradcheck_runtime::{Kind, Layout, Spec};
use std::sync::atomic::{AtomicU64, Ordering};

static CALLS: AtomicU64 = AtomicU64::new(0);
static RNG: AtomicU64 = AtomicU64::new(0x2545_f491_4f6c_dd1d);
static STEP: AtomicU64 = AtomicU64::new(0);

/// A fresh draw per call from a shared xorshift state, like an unseeded thread_rng.
fn draw() -> f64 {
    let mut s = RNG.load(Ordering::Relaxed);
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    RNG.store(s, Ordering::Relaxed);
    (s >> 11) as f64 / (1u64 << 53) as f64
}

function!(CountingNoise, |x| {
    let k = CALLS.fetch_add(1, Ordering::Relaxed) % 5;
    vec![x[0] * x[0] + 1e-3 * k as f64]
});
function!(Dropout, |x| {
    // A dropout mask drawn fresh on every call.
    vec![
        x.iter()
            .map(|&v| if draw() < 0.5 { v * 2.0 } else { v * 0.0 })
            .sum::<D>()
            + x[0],
    ]
});
function!(Scheduled, |x| {
    // A learning-rate schedule that reads (and advances) a global step.
    let lr = 1.0 / (1.0 + STEP.fetch_add(1, Ordering::Relaxed) as f64);
    vec![x[0].sin() * lr]
});
function!(SeededDropout, |x| {
    // The seeded twin: the mask comes from a fixed seed, the same on every call.
    let mut s = 0x2545_f491_4f6c_dd1du64;
    let mut keep = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s & 1 == 0
    };
    vec![
        x.iter()
            .map(|&v| if keep() { v * 2.0 } else { v * 0.0 })
            .sum::<D>()
            + x[0],
    ]
});

#[test]
fn nondeterminism_at_the_first_point() {
    let r = at(&CountingNoise, &[0.5], None);
    let f = expect(&r, Kind::Nondeterministic, &[0.5], &[None]);
    assert!(f[0].message.contains("seed"), "{}", f[0].message);
    let p = [0.3, -0.7];
    expect(&at(&Dropout, &p, None), Kind::Nondeterministic, &p, &[None]);
    expect(
        &at(&Scheduled, &[1.2], None),
        Kind::Nondeterministic,
        &[1.2],
        &[None],
    );
}

#[test]
fn a_seeded_twin_is_silent() {
    for p in [[0.3, -0.7], [-0.25, 1.75]] {
        silent(&at(&SeededDropout, &p, None), &p);
    }
}

function!(PanicsAbove1, |x| {
    assert!(x[0].re() <= 1.0, "x = {} is above 1", x[0].re());
    vec![x[0] * x[0] * x[1]]
});
function!(PanicsOnY, |x| {
    assert!(x[1].re() <= 1.0, "y above 1");
    vec![x[0] * x[1]]
});

#[test]
fn a_panic_names_the_point_and_the_other_points_still_run() {
    let spec = Spec::new("corpus::panics", Layout::flat(2))
        .at(&[1.5, 0.0])
        .at(&[0.5, 0.5]);
    let r = gradcheck_runtime::__private::check_gradient(&spec.samples(0), &PanicsAbove1, None);
    assert!(r.points_checked() >= 2, "{r}");
    let r = only_at(r, &[&[1.5, 0.0], &[0.5, 0.5]]);
    let f = expect(&r, Kind::Panic, &[1.5, 0.0], &[None]);
    assert!(f[0].message.contains("is above 1"), "{r}");
    silent(&r, &[0.5, 0.5]);
    let p = [0.5, 1.5];
    expect(&at(&PanicsOnY, &p, None), Kind::Panic, &p, &[None]);
}

#[test]
fn a_panic_within_the_step_is_a_domain_edge_not_a_bug() {
    // y = 1 - 1e-7 is fine, y + h is not: below that distance the function is smooth, and a
    // defensive assert outside the domain is not a finding.
    let p = [0.5, 1.0 - 1e-7];
    silent(&at(&PanicsOnY, &p, None), &p);
    // Exactly at the edge every step to the right panics: a warning that names the panic.
    let p = [0.5, 1.0];
    let r = at(&PanicsOnY, &p, None);
    assert!(r.passed(), "{r}");
    let f = expect(&r, Kind::Unstable, &p, &[Some(1)]);
    assert!(f[0].message.contains("y above 1"), "{r}");
}

#[test]
fn a_panicking_hand_written_gradient_is_a_panic() {
    let g = |_: &[f64]| -> Vec<Vec<f64>> { panic!("not implemented") };
    let p = [0.5, 0.5];
    let r = at(&PanicsOnY, &p, Some(&g));
    expect(&r, Kind::Panic, &p, &[None]);
}

#[test]
fn panic_twins_are_silent() {
    silent(&at(&PanicsAbove1, &[0.5, 2.0], None), &[0.5, 2.0]);
    silent(&at(&PanicsOnY, &[3.0, 0.5], None), &[3.0, 0.5]);
}

function!(Sigmoid, |x| vec![(D::from(1.0) + (-x[0]).exp()).recip()]);
function!(TinyQuadratic, |x| vec![(x[0] * x[0] + x[1] * x[1]) * 1e-12]);
function!(Tanh, |x| vec![x[0].tanh()]);
function!(Exp50, |x| vec![(x[0] * 50.0).exp()]);
function!(Linear1e10, |x| vec![x[0] * 1e10 + x[1]]);

/// A spec with both norm bounds, as `norm(min = 1e-8, max = 1e8)` would set them.
fn bounded_n(n: usize) -> Spec {
    Spec::new("corpus::bounded", Layout::flat(n))
        .norm_min(1e-8)
        .norm_max(1e8)
}

#[test]
fn vanishing_gradients_below_the_bound() {
    let r = at_with(bounded_n(1), &Sigmoid, &[-40.0], None);
    let f = expect(&r, Kind::VanishingGradient, &[-40.0], &[None]);
    assert!(
        f[0].actual.unwrap() < 1e-8 && f[0].tolerance == Some(1e-8),
        "{r}"
    );
    let p = [1e-3, 2e-3];
    expect(
        &at_with(bounded_n(2), &TinyQuadratic, &p, None),
        Kind::VanishingGradient,
        &p,
        &[None],
    );
    expect(
        &at_with(bounded_n(1), &Tanh, &[25.0], None),
        Kind::VanishingGradient,
        &[25.0],
        &[None],
    );
}

#[test]
fn exploding_gradients_above_the_bound() {
    let r = at_with(bounded_n(1), &Exp50, &[1.0], None);
    let f = expect(&r, Kind::ExplodingGradient, &[1.0], &[None]);
    assert!(f[0].message.contains("rescale"), "{r}");
    let p = [0.1, 0.2];
    expect(
        &at_with(bounded_n(2), &Linear1e10, &p, None),
        Kind::ExplodingGradient,
        &p,
        &[None],
    );
    let p = [1e-5];
    expect(
        &at_with(bounded_n(1), &Recip, &p, None),
        Kind::ExplodingGradient,
        &p,
        &[None],
    );
}

function!(Recip, |x| vec![x[0].recip()]);

#[test]
fn norm_bounds_are_off_by_default_and_silent_in_between() {
    silent(&at(&Sigmoid, &[-40.0], None), &[-40.0]);
    silent(&at(&Exp50, &[1.0], None), &[1.0]);
    for p in [0.0, 1.5] {
        silent(&at_with(bounded_n(1), &Sigmoid, &[p], None), &[p]);
        silent(&at_with(bounded_n(1), &Tanh, &[p], None), &[p]);
    }
    silent(&at_with(bounded_n(1), &Exp50, &[0.1], None), &[0.1]);
}

#[test]
fn allow_turns_norm_findings_into_warnings() {
    let spec = bounded_n(1).allow(Kind::VanishingGradient);
    let r = at_with(spec, &Sigmoid, &[-40.0], None);
    assert!(r.passed() && r.warnings().count() == 1, "{r}");
}
