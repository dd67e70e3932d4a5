//! `unstable`: finite differences cannot decide because the function's values carry far
//! more noise than rounding of its size explains (catastrophic cancellation, arithmetic in
//! f32). A warning that says so, never a mismatch, kink or discontinuity.

use crate::common::{at, expect, silent};
use crate::function;
use gradcheck_runtime::Kind;

function!(Cancelling, |x| vec![(x[0] + 1e13) - 1e13]);
function!(ThroughF32, |x| {
    // sin computed in f32 for the value; the dual chain of sin kept exact.
    let r = x[0].re();
    vec![x[0].sin() - r.sin() + (r as f32).sin() as f64]
});
function!(CancellingProduct, |x| vec![(x[0] * x[1] + 1e14) - 1e14]);
function!(Offset, |x| vec![x[0].sin() + 1e6]);

#[test]
fn noisy_values_are_unstable_warnings() {
    for p in [0.3, -0.71] {
        let r = at(&Cancelling, &[p], None);
        let f = expect(&r, Kind::Unstable, &[p], &[Some(0)]);
        assert!(r.passed(), "unstable is a warning:\n{r}");
        assert!(
            f[0].fd_error.is_some() && f[0].message.contains("f64"),
            "{r}"
        );
    }
    // f32 noise the dual chain does not see: the witness settles at a larger step or says it
    // cannot; never an error (the hand-written and the dual derivative agree exactly).
    let g = |x: &[f64]| vec![vec![x[0].cos()]];
    let p = [0.4];
    let r = at(&ThroughF32, &p, Some(&g));
    assert!(
        r.passed() && r.warnings().all(|f| f.kind == Kind::Unstable),
        "{r}"
    );
    let p = [0.6, 0.9];
    expect(
        &at(&CancellingProduct, &p, None),
        Kind::Unstable,
        &p,
        &[Some(0), Some(1)],
    );
}

#[test]
fn a_large_offset_alone_is_not_unstable() {
    // |f| ~ 1e6 makes rounding noise ~1e-4 of the slope: still decidable.
    for p in [0.3, -2.0] {
        silent(&at(&Offset, &[p], None), &[p]);
    }
}
