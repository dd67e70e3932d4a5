//! Who is wrong: the hand-written gradient (`mismatch`) or the dual chain (`ad_mismatch`) —
//! including next to singular points, where only evidence may blame anyone.

use crate::common::{at, expect, silent};
use crate::function;
use gradcheck_runtime::Kind;

function!(Detached, |x| vec![x[0] * D::from(x[0].re())]);
function!(DetachedExp, |x| vec![x[1] * D::from(x[0].re().exp())]);
function!(Attached, |x| vec![x[1] * x[0].exp()]);
function!(Relu, |x| vec![if x[0].re() > 0.0 {
    x[0]
} else {
    x[0] * 0.0
}]);

#[test]
fn a_chain_detached_through_re_is_an_ad_mismatch() {
    let r = at(&Detached, &[1.5], None);
    let f = expect(&r, Kind::AdMismatch, &[1.5], &[Some(0)])[0];
    assert!(
        (f.fd.unwrap() - 3.0).abs() < 1e-6 && f.fd_error.is_some(),
        "{r}"
    );
    // Only the detached component.
    let p = [0.4, -1.2];
    expect(
        &at(&DetachedExp, &p, None),
        Kind::AdMismatch,
        &p,
        &[Some(0)],
    );
    // A correct hand-written gradient is named right.
    let g = |x: &[f64]| vec![vec![2.0 * x[0]]];
    let r = at(&Detached, &[0.7], Some(&g));
    let f = expect(&r, Kind::AdMismatch, &[0.7], &[Some(0)])[0];
    assert!(f.message.contains("it is right"), "{r}");
}

#[test]
fn the_attached_twin_is_silent() {
    let g = |x: &[f64]| vec![vec![x[1] * x[0].exp(), x[0].exp()]];
    silent(&at(&Attached, &[0.4, -1.2], Some(&g)), &[0.4, -1.2]);
}

#[test]
fn a_wrong_hand_written_slope_near_a_kink_is_a_mismatch_not_a_kink() {
    // 2e-6 right of the kink: the derivative is 1; the hand-written says 0.5.
    let g = |_: &[f64]| vec![vec![0.5]];
    let p = [2e-6];
    let r = at(&Relu, &p, Some(&g));
    let f = expect(&r, Kind::Mismatch, &p, &[Some(0)])[0];
    assert_eq!((f.expected, f.actual), (Some(1.0), Some(0.5)), "{r}");
    assert!(f.fd.is_some_and(|fd| (fd - 1.0).abs() < 1e-6), "{r}");
}

#[test]
fn the_fd_only_check_still_catches_a_1e_7_relative_error() {
    // Without duals the finite differences are the only witness: a small error must not be
    // waved through as "undecided".
    let f = |x: &[f64]| x[0].sin() * x[1] + x[1].exp();
    let good = gradcheck_runtime::Check::new("corpus::fd_only", f)
        .gradient(|x: &[f64]| vec![x[0].cos() * x[1], x[0].sin() + x[1].exp()])
        .at(&[0.7, 0.3])
        .run();
    assert!(good.findings().is_empty(), "{good}");
    let bad = gradcheck_runtime::Check::new("corpus::fd_only", f)
        .gradient(|x: &[f64]| vec![x[0].cos() * x[1] * (1.0 + 1e-7), x[0].sin() + x[1].exp()])
        .at(&[0.7, 0.3])
        .run();
    let bad = crate::common::only_at(bad, &[&[0.7, 0.3]]);
    expect(&bad, Kind::Mismatch, &[0.7, 0.3], &[Some(0)]);
}
