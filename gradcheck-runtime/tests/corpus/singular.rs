//! Points where the function is not differentiable, or not even defined: nonfinite_value,
//! nonfinite_derivative, kink, discontinuity, unbounded_derivative. Each kind fires on three
//! functions or more and stays silent on a smooth twin.

use crate::common::{at, at_with, expect, silent};
use crate::function;
use gradcheck_runtime::{Kind, Layout, Spec};

function!(Ln, |x| vec![x[0].ln()]);
function!(Sqrt, |x| vec![x[0].sqrt()]);
function!(Recip, |x| vec![x[0].recip()]);
function!(LnOfProduct, |x| vec![(x[0] * x[1]).ln() + x[1]]);

#[test]
fn nonfinite_value_outside_the_domain() {
    let r = expect(
        &at(&Ln, &[-1.0], None),
        Kind::NonfiniteValue,
        &[-1.0],
        &[None],
    )
    .len();
    assert_eq!(r, 1);
    let f = expect(
        &at(&Sqrt, &[-1.0], None),
        Kind::NonfiniteValue,
        &[-1.0],
        &[None],
    )[0]
    .clone();
    assert!(f.message.contains("domain"), "{}", f.message);
    expect(
        &at(&Recip, &[0.0], None),
        Kind::NonfiniteValue,
        &[0.0],
        &[None],
    );
    expect(
        &at(&Ln, &[0.0], None),
        Kind::NonfiniteValue,
        &[0.0],
        &[None],
    );
    let p = [1.0, -1.0];
    expect(
        &at(&LnOfProduct, &p, None),
        Kind::NonfiniteValue,
        &p,
        &[None],
    );
}

#[test]
fn nonfinite_value_twins_inside_the_domain_are_silent() {
    for p in [0.5, 1.0, 3.0] {
        silent(&at(&Ln, &[p], None), &[p]);
        silent(&at(&Sqrt, &[p], None), &[p]);
        silent(&at(&Recip, &[p], None), &[p]);
    }
    silent(&at(&LnOfProduct, &[1.0, 2.0], None), &[1.0, 2.0]);
}

function!(SqrtAbs, |x| vec![x[0].abs().sqrt()]);
function!(Norm, |x| vec![(x[0] * x[0] + x[1] * x[1]).sqrt()]);
function!(PowHalf, |x| vec![x[0].powf(1.5) + x[0]]);
function!(Cbrt, |x| vec![x[0].cbrt()]);

#[test]
fn nonfinite_derivative_where_the_dual_chain_divides_by_zero() {
    // num-dual: sqrt'(0) = NaN (0 · inf in its chain rule), cbrt'(0) = inf.
    expect(
        &at(&Sqrt, &[0.0], None),
        Kind::NonfiniteDerivative,
        &[0.0],
        &[Some(0)],
    );
    // The symmetric cusp: the central difference is exactly 0 there, the dual NaN.
    expect(
        &at(&SqrtAbs, &[0.0], None),
        Kind::NonfiniteDerivative,
        &[0.0],
        &[Some(0)],
    );
    let o = [0.0, 0.0];
    expect(
        &at(&Norm, &o, None),
        Kind::NonfiniteDerivative,
        &o,
        &[Some(0), Some(1)],
    );
    expect(
        &at(&Cbrt, &[0.0], None),
        Kind::NonfiniteDerivative,
        &[0.0],
        &[Some(0)],
    );
    // powf(0, 1.5) has a NaN *value* in num-dual but 0 at f64: not a nondeterminism.
    expect(
        &at(&PowHalf, &[0.0], None),
        Kind::NonfiniteDerivative,
        &[0.0],
        &[Some(0)],
    );
}

#[test]
fn nonfinite_derivative_says_what_the_finite_differences_see() {
    let r = at(&SqrtAbs, &[0.0], None);
    let f = &r.findings()[0];
    assert!(f.message.contains("grows without bound"), "{r}");
    assert!(f.message.contains("allow(nonfinite_derivative)"), "{r}");
}

#[test]
fn nonfinite_derivative_twins_are_silent() {
    for p in [0.25, 2.0] {
        silent(&at(&Sqrt, &[p], None), &[p]);
        silent(&at(&SqrtAbs, &[-p], None), &[-p]);
        silent(&at(&Cbrt, &[-p], None), &[-p]);
        silent(&at(&PowHalf, &[p], None), &[p]);
    }
    silent(&at(&Norm, &[0.3, -0.4], None), &[0.3, -0.4]);
}

function!(Relu, |x| vec![if x[0].re() > 0.0 {
    x[0]
} else {
    x[0] * 0.0
}]);
function!(AbsPlus, |x| vec![x[0].abs() + x[0] * 0.5]);
function!(MaxOf, |x| vec![if x[0].re() >= 2.0 * x[0].re() {
    x[0]
} else {
    x[0] * 2.0
}]);
function!(GuardedNorm, |x| {
    // The usual guard against sqrt'(0): exact at the origin's value, silent about its cone.
    let r2 = x[0] * x[0] + x[1] * x[1];
    vec![if r2.re() == 0.0 { r2 } else { r2.sqrt() }]
});
function!(ShiftedRelu, |x| {
    let t = x[0] - 0.25;
    vec![if t.re() > 0.0 { t * 3.0 } else { t * 0.5 }]
});

#[test]
fn kinks_name_both_slopes_and_which_one_the_derivatives_match() {
    let r = at(&Relu, &[0.0], None);
    let f = expect(&r, Kind::Kink, &[0.0], &[Some(0)])[0];
    assert_eq!((f.left, f.right), (Some(0.0), Some(1.0)), "{r}");
    assert!(f.message.contains("matches the left slope"), "{r}");
    assert!(f.message.contains("allow(kink)"), "{r}");
    let r = at(&AbsPlus, &[0.0], None);
    let f = expect(&r, Kind::Kink, &[0.0], &[Some(0)])[0];
    assert_eq!((f.left, f.right), (Some(-0.5), Some(1.5)), "{r}");
    let r = at(&MaxOf, &[0.0], None);
    let f = expect(&r, Kind::Kink, &[0.0], &[Some(0)])[0];
    assert_eq!((f.left, f.right), (Some(1.0), Some(2.0)), "{r}");
    let r = at(&ShiftedRelu, &[0.25], None);
    expect(&r, Kind::Kink, &[0.25], &[Some(0)]);
}

#[test]
fn a_symmetric_kink_is_found_though_the_central_difference_is_exactly_zero() {
    let o = [0.0, 0.0];
    let r = at(&GuardedNorm, &o, None);
    for f in expect(&r, Kind::Kink, &o, &[Some(0), Some(1)]) {
        assert_eq!((f.left, f.right), (Some(-1.0), Some(1.0)), "{r}");
    }
}

#[test]
fn a_kink_with_the_other_one_sided_slope_hand_written_is_not_a_mismatch() {
    // The hand-written relu' says 1 at 0, the dual 0: both are one-sided slopes.
    let g = |_: &[f64]| vec![vec![1.0]];
    let r = at(&Relu, &[0.0], Some(&g));
    let f = expect(&r, Kind::Kink, &[0.0], &[Some(0)])[0];
    assert!(
        f.message.contains("the hand-written 1.0") && f.message.contains("right slope"),
        "{r}"
    );
}

#[test]
fn a_hand_written_slope_that_matches_neither_side_is_also_a_mismatch() {
    let g = |_: &[f64]| vec![vec![5.0]];
    let r = at(&Relu, &[0.0], Some(&g));
    let kinds: Vec<Kind> = r.findings().iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![Kind::Kink, Kind::Mismatch], "{r}");
}

#[test]
fn allow_kink_makes_kinks_warnings() {
    let spec = Spec::new("corpus::relu", Layout::flat(1)).allow(Kind::Kink);
    let r = at_with(spec, &Relu, &[0.0], None);
    assert!(r.passed(), "{r}");
    assert_eq!(r.warnings().count(), 1, "{r}");
}

#[test]
fn kink_twins_away_from_the_kink_are_silent() {
    silent(&at(&Relu, &[0.3], None), &[0.3]);
    silent(&at(&Relu, &[-0.3], None), &[-0.3]);
    silent(&at(&AbsPlus, &[0.7], None), &[0.7]);
    silent(&at(&MaxOf, &[-1.5], None), &[-1.5]);
    silent(&at(&GuardedNorm, &[0.3, 0.4], None), &[0.3, 0.4]);
}

#[test]
fn a_point_near_a_kink_within_the_step_is_smooth_there() {
    // Within the central step (~6e-6) of the kink, but not at it: the derivative exists.
    for d in [3e-6, -2e-6, 1e-7, -4e-9] {
        silent(&at(&Relu, &[d], None), &[d]);
        silent(&at(&AbsPlus, &[d], None), &[d]);
        silent(&at(&ShiftedRelu, &[0.25 + d], None), &[0.25 + d]);
    }
}

function!(Floor, |x| vec![D::from(x[0].re().floor()) + x[0] * 0.0]);
function!(Step, |x| vec![if x[0].re() >= 0.0 {
    x[0] + 1.0
} else {
    x[0]
}]);
function!(Signum, |x| vec![x[0].signum() + x[0] * x[0]]);
function!(Staircase2, |x| {
    let jump = if x[1].re() < 1.0 { 0.0 } else { 2.0 };
    vec![x[0] * x[1] + jump]
});

#[test]
fn discontinuities_at_jumps() {
    for p in [0.0, 1.0, -2.0] {
        expect(
            &at(&Floor, &[p], None),
            Kind::Discontinuity,
            &[p],
            &[Some(0)],
        );
    }
    expect(
        &at(&Step, &[0.0], None),
        Kind::Discontinuity,
        &[0.0],
        &[Some(0)],
    );
    expect(
        &at(&Signum, &[0.0], None),
        Kind::Discontinuity,
        &[0.0],
        &[Some(0)],
    );
    // Only the component that crosses the jump.
    let p = [0.5, 1.0];
    expect(
        &at(&Staircase2, &p, None),
        Kind::Discontinuity,
        &p,
        &[Some(1)],
    );
}

#[test]
fn discontinuity_twins_between_jumps_are_silent() {
    // Down to 1e-7 from a jump the zoomed step settles the derivative; far closer, the
    // point is at the jump as far as f64 finite differences can tell.
    for p in [0.5, -1.5, 3e-6, -1e-7] {
        silent(&at(&Floor, &[p + 0.25], None), &[p + 0.25]);
        silent(&at(&Step, &[p], None), &[p]);
        silent(&at(&Signum, &[p], None), &[p]);
    }
    silent(&at(&Staircase2, &[0.5, 0.5], None), &[0.5, 0.5]);
}

function!(GuardedSqrtAbs, |x| {
    let a = x[0].abs();
    vec![if a.re() == 0.0 { a } else { a.sqrt() }]
});
function!(GuardedCbrt, |x| vec![if x[0].re() == 0.0 {
    x[0]
} else {
    x[0].cbrt()
}]);
function!(CbrtPlusSquare, |x| vec![x[0].cbrt() + x[0] * x[0]]);

#[test]
fn unbounded_derivatives_at_cusps_and_vertical_tangents() {
    // The guards make the dual derivative finite; the slope still grows without bound.
    expect(
        &at(&GuardedSqrtAbs, &[0.0], None),
        Kind::UnboundedDerivative,
        &[0.0],
        &[Some(0)],
    );
    expect(
        &at(&GuardedCbrt, &[0.0], None),
        Kind::UnboundedDerivative,
        &[0.0],
        &[Some(0)],
    );
    // Far closer to the vertical tangent than any step at the scale the domain gives (1):
    // the dual derivative is finite (huge), the slope grows without bound.
    let unit = || Spec::new("corpus::f", Layout::flat(1)).domain(-1.0..1.0);
    let p = [1e-300];
    expect(
        &at_with(unit(), &CbrtPlusSquare, &p, None),
        Kind::UnboundedDerivative,
        &p,
        &[Some(0)],
    );
    let p = [-1e-200];
    expect(
        &at_with(unit(), &GuardedSqrtAbs, &p, None),
        Kind::UnboundedDerivative,
        &p,
        &[Some(0)],
    );
    // With no domain the point's own size is the scale: at 1e-300 cube root is smooth on it,
    // and its dual derivative (3.3e199) is right.
    silent(&at(&CbrtPlusSquare, &[1e-300], None), &[1e-300]);
}

#[test]
fn unbounded_derivative_twins_are_silent() {
    for p in [0.5, -0.01, 2.0] {
        silent(&at(&GuardedSqrtAbs, &[p], None), &[p]);
        silent(&at(&GuardedCbrt, &[p], None), &[p]);
        silent(&at(&CbrtPlusSquare, &[p], None), &[p]);
    }
}
