//! The helpers against `f64`'s own functions (values, NaN and infinities), their derivatives
//! against the analytic ones, and their slopes at the non-smooth points.

use super::*;
use num_dual::{Dual64, HyperDual64};

/// The value and first derivative of `f` at `x`.
fn d1(f: impl Fn(Dual64) -> Dual64, x: f64) -> (f64, f64) {
    let y = f(Dual64::from(x).derivative());
    (y.re, y.eps)
}

/// The second derivative of `f` at `x`.
fn d2(f: impl Fn(HyperDual64) -> HyperDual64, x: f64) -> f64 {
    f(HyperDual64::from(x).derivative1().derivative2()).eps1eps2
}

/// The partial derivatives of a two-argument `f` at `(x, y)`.
fn partials(f: impl Fn(Dual64, Dual64) -> Dual64, x: f64, y: f64) -> [f64; 2] {
    let dx = f(Dual64::from(x).derivative(), Dual64::from(y)).eps;
    let dy = f(Dual64::from(x), Dual64::from(y).derivative()).eps;
    [dx, dy]
}

const SPECIAL: [f64; 9] = [
    f64::NAN,
    f64::NEG_INFINITY,
    -1e300,
    -1.0,
    -0.0,
    0.0,
    1.5,
    1e300,
    f64::INFINITY,
];

/// Equal as f64 results are: both NaN, or the same number.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

#[test]
fn values_match_f64_everywhere_nan_and_infinities_included() {
    for a in SPECIAL {
        for b in SPECIAL {
            let (da, db) = (Dual64::from(a), Dual64::from(b));
            assert!(same(max(da, db).re, a.max(b)), "max({a}, {b})");
            assert!(same(min(da, db).re, a.min(b)), "min({a}, {b})");
            assert!(same(hypot(da, db).re, a.hypot(b)), "hypot({a}, {b})");
            if a <= b {
                for x in SPECIAL {
                    let got = clamp(Dual64::from(x), da, db).re;
                    assert!(same(got, x.clamp(a, b)), "clamp({x}, {a}, {b})");
                }
            }
        }
    }
}

#[test]
fn smooth_points_have_the_analytic_derivatives() {
    let s = |x: f64| 1.0 / (1.0 + (-x).exp());
    for x in [-30.0, -2.0, -0.3, 0.0, 0.7, 4.0, 30.0] {
        let (v, d) = d1(sigmoid, x);
        assert!((v - s(x)).abs() < 1e-15 && (d - s(x) * (1.0 - s(x))).abs() < 1e-15);
        let dd = s(x) * (1.0 - s(x)) * (1.0 - 2.0 * s(x));
        assert!((d2(sigmoid, x) - dd).abs() < 1e-15, "sigmoid'' at {x}");
        let (v, d) = d1(log1p_exp, x);
        assert!((v - x.exp().ln_1p()).abs() < 1e-14 * v.abs().max(1.0));
        assert!((d - s(x)).abs() < 1e-15, "softplus' at {x}");
        assert!((d2(softplus, x) - s(x) * (1.0 - s(x))).abs() < 1e-15);
    }
    let [dx, dy] = partials(hypot, 3.0, -4.0);
    assert!((dx - 0.6).abs() < 1e-15 && (dy + 0.8).abs() < 1e-15);
    assert_eq!(partials(max, 2.0, 1.0), [1.0, 0.0]);
    assert_eq!(partials(min, 2.0, 1.0), [0.0, 1.0]);
    assert_eq!(d1(|x| clamp(x, (-1.0).into(), 1.0.into()), 0.5), (0.5, 1.0));
    assert_eq!(d1(|x| clamp(x, (-1.0).into(), 1.0.into()), 3.0), (1.0, 0.0));
}

#[test]
fn nothing_overflows_far_out() {
    assert_eq!(d1(sigmoid, -800.0), (0.0, 0.0));
    assert_eq!(d1(sigmoid, 800.0), (1.0, 0.0));
    assert_eq!(d1(softplus, 800.0), (800.0, 1.0));
    assert_eq!(d1(softplus, -800.0), (0.0, 0.0));
    let [dx, dy] = partials(hypot, 3e200, 4e200);
    assert_eq!(hypot(3e200, 4e200), 3e200_f64.hypot(4e200));
    assert!((dx - 0.6).abs() < 1e-15 && (dy - 0.8).abs() < 1e-15);
    let y = log_sum_exp(&[
        Dual64::from(1000.0).derivative(),
        Dual64::from(999.0),
        Dual64::from(-1e300),
    ]);
    let w = 1.0 / (1.0 + (-1.0_f64).exp());
    assert!((y.re - (1000.0 + (1.0 + (-1.0_f64).exp()).ln())).abs() < 1e-12);
    assert!((y.eps - w).abs() < 1e-15, "the softmax weight");
}

#[test]
fn log_sum_exp_of_nothing_or_minus_infinities_is_minus_infinity() {
    assert_eq!(log_sum_exp::<f64>(&[]), f64::NEG_INFINITY);
    assert_eq!(log_sum_exp(&[f64::NEG_INFINITY; 2]), f64::NEG_INFINITY);
    assert_eq!(log_sum_exp(&[1.0, f64::INFINITY]), f64::INFINITY);
    assert!(log_sum_exp(&[1.0, f64::NAN]).is_nan());
    assert!((log_sum_exp(&[0.0, 0.0]) - 2.0_f64.ln()).abs() < 1e-16);
}

/// At a non-smooth point each component's slope must be one of its one-sided slopes (what
/// finite differences see on one side), never a blend of both.
fn one_sided(f: impl Fn(f64, f64) -> f64, x: f64, y: f64, slopes: [f64; 2]) {
    let h = 1e-7;
    for (i, slope) in slopes.into_iter().enumerate() {
        let at = |t: f64| if i == 0 { f(x + t, y) } else { f(x, y + t) };
        let right = (at(h) - at(0.0)) / h;
        let left = (at(0.0) - at(-h)) / h;
        let near = |s: f64| (slope - s).abs() < 1e-6;
        assert!(
            near(left) || near(right),
            "component {i} at ({x}, {y}): slope {slope}, left {left}, right {right}"
        );
    }
}

#[test]
fn ties_and_the_origin_take_one_sided_slopes() {
    one_sided(|a, b| a.max(b), 1.0, 1.0, partials(max, 1.0, 1.0));
    one_sided(|a, b| a.min(b), 1.0, 1.0, partials(min, 1.0, 1.0));
    one_sided(|a, b| a.hypot(b), 0.0, 0.0, partials(hypot, 0.0, 0.0));
    one_sided(|a, b| a.hypot(b), -0.0, 0.0, partials(hypot, -0.0, 0.0));
    assert_eq!(partials(max, 1.0, 1.0), [1.0, 0.0], "the receiver's branch");
    assert_eq!(partials(hypot, 0.0, 0.0), [1.0, 1.0]);
    // clamp at a bound: the slope of `x`, 1, is the inner side's.
    assert_eq!(d1(|x| clamp(x, (-1.0).into(), 1.0.into()), 1.0), (1.0, 1.0));
}

#[test]
#[should_panic(expected = "must not exceed")]
fn clamp_with_crossed_bounds_panics_as_f64_does() {
    let _ = clamp(0.0, 1.0, -1.0);
}

/// f64 code using f64's methods compiles over `D` unchanged, constants included.
fn ported<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x.max(0.0) + x.min(y) + x.clamp(-1.0, 1.0) + x.hypot(y) + x.hypot(2.0) + y.sigmoid()
        - y.softplus()
        + x.log1p_exp()
}

#[test]
fn the_methods_take_constants_and_agree_with_f64_at_f64() {
    let (x, y) = (0.4, -1.3);
    let at_f64 = ported(x, y);
    let at_dual = ported(Dual64::from(x), Dual64::from(y)).re;
    assert_eq!(at_f64, at_dual);
    let by_hand =
        x.max(0.0) + x.min(y) + x.clamp(-1.0, 1.0) + x.hypot(y) + x.hypot(2.0) + sigmoid(y)
            - softplus(y)
            + log1p_exp(x);
    assert_eq!(at_f64, by_hand);
}
