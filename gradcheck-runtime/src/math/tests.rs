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

/// The porting recipes of the README ("Writing a function over `D`"): each rewrite computes
/// what the `f64` original does, and differentiates.
#[test]
fn the_porting_recipes_compute_the_f64_originals() {
    fn rewritten<D: DualNum<Primitive = f64> + Copy>(x: D, l: D, xs: &[f64]) -> [D; 9] {
        let d2 = 0.7;
        let (c, i) = (3.0, 4);
        let mut s = D::from(0.0);
        for &v in xs {
            s += x * v; // xs[i] * w
        }
        [
            x * 2.0,                      // 2.0 * x
            x + 1.0,                      // 1.0 + x
            x.recip(),                    // 1.0 / x
            x.recip() * c,                // c / x
            -x + 2.0,                     // 2.0 - x
            D::from(2.0) - x,             // 2.0 - x
            D::from(-d2) / (l * l * 2.0), // -d2 / (2.0 * l * l)
            s,                            // Σ xs[i] * x
            x * i as f64,                 // (i as f64) * x
        ]
    }
    fn original(x: f64, l: f64, xs: &[f64]) -> [f64; 9] {
        let d2 = 0.7;
        let (c, i) = (3.0, 4);
        let s: f64 = xs.iter().map(|v| v * x).sum();
        [
            2.0 * x,
            1.0 + x,
            1.0 / x,
            c / x,
            2.0 - x,
            2.0 - x,
            -d2 / (2.0 * l * l),
            s,
            (i as f64) * x,
        ]
    }
    let xs = [0.5, -1.5, 2.0];
    let (x, l) = (1.3, 0.9);
    assert_eq!(rewritten(x, l, &xs), original(x, l, &xs));
    let d = rewritten(Dual64::from(x).derivative(), Dual64::from(l), &xs);
    let h = 1e-6;
    for (k, dk) in d.iter().enumerate() {
        let fd = (original(x + h, l, &xs)[k] - original(x - h, l, &xs)[k]) / (2.0 * h);
        assert!((dk.eps - fd).abs() < 1e-6, "recipe {k}: {} vs {fd}", dk.eps);
    }
}

/// Binary cross-entropy written with softplus, against the f64 original, and stable where
/// the original overflows.
#[test]
fn cross_entropy_through_softplus() {
    fn bce<D: DualNum<Primitive = f64> + Copy>(z: D, y: f64) -> D {
        (-z).softplus() * y + z.softplus() * (1.0 - y)
    }
    let original = |z: f64, y: f64| {
        let p = 1.0 / (1.0 + (-z).exp());
        -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
    };
    for (z, y) in [(0.3, 1.0), (-2.0, 0.0), (1.5, 0.3)] {
        assert!((bce(z, y) - original(z, y)).abs() < 1e-14);
        let g = bce(Dual64::from(z).derivative(), y).eps;
        assert!(
            (g - (1.0 / (1.0 + (-z).exp()) - y)).abs() < 1e-15,
            "σ(z) - y"
        );
    }
    assert_eq!(bce(800.0, 0.0), 800.0, "the original gives ∞ here");
}

/// nalgebra's arithmetic over a generic `D` (what the README promises works, and the
/// rewrite of what does not: `norm`).
#[test]
fn nalgebra_arithmetic_over_generic_d() {
    use nalgebra::{SMatrix, SVector};
    fn f<D: DualNum<Primitive = f64> + Copy>(w: &SMatrix<D, 2, 2>, x: &SVector<D, 2>) -> D {
        let y = w * x;
        let t = w.transpose() * y;
        y.dot(&t) + x.dot(x).sqrt() // x.norm() needs RealField: sqrt of the dot
    }
    let w = SMatrix::<f64, 2, 2>::new(1.0, 2.0, 3.0, 4.0);
    let x = SVector::<f64, 2>::new(0.5, -1.0);
    let wd = w.map(Dual64::from);
    let xd = SVector::<Dual64, 2>::new(Dual64::from(0.5).derivative(), Dual64::from(-1.0));
    assert_eq!(f(&wd, &xd).re, f(&w, &x));
}

#[cfg(feature = "ndarray")]
#[test]
fn ndarray_arithmetic_over_generic_d() {
    use ndarray::{array, Array1, Array2};
    fn f<D: DualNum<Primitive = f64> + Copy>(w: &Array2<D>, x: &Array1<D>, s: D) -> D {
        let y = w.dot(x);
        (&y * s).mapv(|v| v.exp()).sum()
    }
    let w = array![[1.0, 2.0], [3.0, 4.0]] * 0.1;
    let x = array![0.5, -1.0];
    let d = f(
        &w.mapv(Dual64::from),
        &x.mapv(Dual64::from),
        Dual64::from(2.0).derivative(),
    );
    assert!((d.re - f(&w, &x, 2.0)).abs() < 1e-15);
}
