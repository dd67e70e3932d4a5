//! Hostile functions through the attribute: a hand-written gradient that panics or returns
//! the wrong length, a function whose number of outputs changes, one that panics only for
//! dual numbers, a domain of ±1e300, −0.0 in `at`, a slow function. Each generated test
//! declares what it finds with `expect(..)` (and so passes); the tests below read the
//! `*_report()` of each to check that the finding says what happened and that the other
//! points still ran. (The same behaviours through the engine: gradcheck-runtime's
//! `tests/hostile.rs` and `tests/uniform.rs`.)
#![allow(dead_code)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};
use std::sync::atomic::{AtomicUsize, Ordering};

fn grad_panics(_: f64) -> f64 {
    panic!("gradient not written yet")
}

#[gradient_checked(samples = 4, domain = -1.0..1.0, grad = grad_panics, expect(panic))]
fn with_panicking_gradient<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn grad_short(x: &[f64]) -> Vec<f64> {
    x[..x.len() - 1].iter().map(|v| 2.0 * v).collect()
}

#[gradient_checked(samples = 4, domain = -1.0..1.0, dims(x = 3), grad = grad_short, expect(mismatch))]
fn with_short_gradient<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    x.iter().fold(D::from(0.0), |s, &v| s + v * v)
}

static CALLS: AtomicUsize = AtomicUsize::new(0);

#[gradient_checked(samples = 4, domain = -1.0..1.0, expect(nondeterministic))]
fn with_changing_outputs<D: DualNum<Primitive = f64> + Copy>(x: D) -> Vec<D> {
    let n = 1 + CALLS.fetch_add(1, Ordering::Relaxed) % 2;
    vec![x * x; n]
}

#[gradient_checked(samples = 4, domain = -1.0..1.0, expect(panic))]
fn dual_shy<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    if std::any::type_name::<D>().contains("Dual") {
        panic!("no dual numbers here");
    }
    x * x
}

fn twice(x: f64) -> f64 {
    2.0 * x
}

#[gradient_checked(samples = 16, domain = -1e300..1e300, grad = twice, expect(nonfinite_value))]
fn squares_everywhere<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn abs_grad(x: f64, _: f64) -> (f64, f64) {
    (x.signum(), 1.0)
}

#[gradient_checked(at = [[-0.0, 1.0], [0.5, 1.0]], grad = abs_grad, expect(kink))]
fn abs_at_negative_zero<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.abs() + y
}

#[gradient_checked(samples = 2, domain = -1.0..1.0, grad = twice)]
fn slow<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    std::thread::sleep(std::time::Duration::from_millis(5));
    x * x
}

/// Errors of `kind` at every point, each saying `words`.
#[track_caller]
fn at_every_point(r: &Report, kind: Kind, words: &str) {
    assert!(r.points_checked() >= 4, "{r}");
    let mut points: Vec<String> = r
        .errors()
        .filter(|f| f.kind == kind && f.message.contains(words))
        .map(|f| format!("{:?}", f.point))
        .collect();
    points.dedup();
    let errors_elsewhere = r.errors().filter(|f| f.kind != kind).count();
    assert_eq!(errors_elsewhere, 0, "{r}");
    let usable = r
        .findings()
        .iter()
        .filter(|f| f.is_error())
        .map(|f| format!("{:?}", f.point))
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(points.len(), usable.len(), "{r}");
    assert!(!points.is_empty(), "no {kind} saying {words:?}: {r}");
}

#[test]
fn a_panicking_gradient_is_a_panic_at_every_point() {
    let r = with_panicking_gradient::gradient_report();
    at_every_point(&r, Kind::Panic, "gradient not written yet");
    assert!(
        r.errors().all(|f| f.message.contains("hand-written")),
        "{r}"
    );
}

#[test]
fn a_gradient_of_the_wrong_length_says_its_shape() {
    let r = with_short_gradient::gradient_report();
    at_every_point(&r, Kind::Mismatch, "wrong shape");
}

#[test]
fn a_changing_number_of_outputs_is_nondeterministic() {
    let r = with_changing_outputs::gradient_report();
    assert!(
        r.errors()
            .any(|f| f.kind == Kind::Nondeterministic
                && f.message.contains("outputs where it returned")),
        "{r}"
    );
}

#[test]
fn a_function_that_panics_only_for_duals_says_so() {
    let r = dual_shy::gradient_report();
    at_every_point(&r, Kind::Panic, "no dual numbers here");
    assert!(
        r.errors().all(|f| f.message.contains("dual numbers")),
        "{r}"
    );
}

#[test]
fn a_domain_of_1e300_finds_where_the_value_overflows() {
    let r = squares_everywhere::gradient_report();
    assert!(
        r.errors().all(|f| f.kind == Kind::NonfiniteValue) && r.errors().count() > 10,
        "{r}"
    );
}

#[test]
fn negative_zero_in_at_is_checked_as_written() {
    let r = abs_at_negative_zero::gradient_report();
    let kinks: Vec<&[f64]> = r
        .errors()
        .filter(|f| f.kind == Kind::Kink)
        .map(|f| f.point.as_slice())
        .collect();
    assert_eq!(kinks.len(), 1, "{r}");
    assert!(kinks[0][0] == 0.0 && kinks[0][0].is_sign_negative(), "{r}");
    assert_eq!(r.points_checked(), 2, "{r}");
}
