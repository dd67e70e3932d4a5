//! The cases that motivated the type: correct values and derivatives whose rounding error is
//! large relative to the value itself (so a model `ε·|value|` calls them wrong).

use crate::rounded::Rounded;
use num_dual::{Dual, Dual64, DualNum};

type R = Rounded<f64>;
const EPS: f64 = f64::EPSILON;

/// A dual number seeded for d/dx, on `Rounded`.
fn seed(x: f64) -> Dual<R> {
    Dual::new(Rounded::new(x), Rounded::new(1.0))
}

#[test]
fn t_minus_sin_t_bounds_by_the_terms_not_the_value() {
    let t = 1e-5_f64;
    let r = Rounded::new(t) - Rounded::new(t).sin();
    let exact = t * t * t / 6.0 * (1.0 - t * t / 20.0);
    assert_eq!(r.value(), t - t.sin());
    assert!((r.value() - exact).abs() <= r.bound(), "{r}");
    // a few ε·t (here 1.1e-21, ~0.5 ε·t), where ε·|value| would be 4e-32
    assert!(
        r.bound() <= 4.0 * EPS * t && r.bound() > 1e8 * EPS * r.value(),
        "{r}"
    );

    // num-dual's derivative is 1 − cos t, from terms of 1: a bound ≈ ε, the error itself ≈ ε
    // against a true value of 5e-11 (relative error 1e-6, all of it rounding)
    let d = seed(t) - seed(t).sin();
    let exact_d = t * t / 2.0 * (1.0 - t * t / 12.0);
    assert_eq!(
        d.eps.value(),
        (Dual64::new(t, 1.0) - Dual64::new(t, 1.0).sin()).eps
    );
    assert!((d.eps.value() - exact_d).abs() <= d.eps.bound(), "{d}");
    assert!(
        d.eps.bound() > EPS / 4.0 && d.eps.bound() < 4.0 * EPS,
        "{d}"
    );
}

fn cross_entropy<D: DualNum<Primitive = f64> + Copy>(z: &[D], label: usize) -> D {
    let m = z
        .iter()
        .copied()
        .fold(z[0], |a, b| if b > a { b } else { a });
    let lse = m + z.iter().map(|&zi| (zi - m).exp()).sum::<D>().ln();
    lse - z[label]
}

#[test]
fn cross_entropy_at_a_margin_of_40_has_value_zero_and_a_bound_of_a_few_eps() {
    let z = [3.0, 3.0 - 40.0];
    let r = cross_entropy(&z.map(Rounded::new), 0);
    assert_eq!(r.value(), 0.0);
    let exact = (-40f64).exp().ln_1p(); // 4.25e-18
    assert!(r.bound() >= exact && r.bound() < 4e-15, "{r}");

    // the derivative in z0 is softmax₀ − 1 = −4.25e-18: every finite difference is 0, the dual
    // gives what it gives, and the bound says both are within noise
    let zd = [seed(z[0]), Dual::from_re(Rounded::new(z[1]))];
    let d = cross_entropy(&zd, 0);
    let exact_d = -(-40f64).exp() / (1.0 + (-40f64).exp());
    assert!((d.eps.value() - exact_d).abs() <= d.eps.bound(), "{d}");
    assert!(d.eps.bound() < 1e-15, "{d}");
}

#[test]
fn sqrt_one_plus_r2_minus_one_at_tiny_r() {
    let r = 1e-9;
    let x = Rounded::new(r);
    let v = (x * x + 1.0).sqrt() - 1.0;
    assert_eq!(v.value(), 0.0); // the exact value is r²/2 = 5e-19
    assert!(v.bound() >= r * r / 2.0 && v.bound() < 4.0 * EPS, "{v}");
}

/// `(x − 100)⁴` expanded, at 100.1: terms of 1e8 leave ~1e-8 of noise on a value of 1e-4.
/// num-dual's `powi` computes the real part as `re^(n−3)·re·re·re`, not as `f64::powi`: the two
/// evaluations differ, and the two bounds cover the difference and the exact value.
#[test]
fn expanded_quartic_near_its_root_plain_and_through_num_dual() {
    fn quartic<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x.powi(4) - x.powi(3) * 400.0 + x.powi(2) * 6e4 - x * 4e6 + 1e8
    }
    let x = 100.1;
    let exact = (x - 100.0_f64).powi(4);
    let plain = quartic(Rounded::new(x));
    let dual = quartic(seed(x));
    assert_eq!(plain.value(), quartic(x));
    assert_eq!(dual.re.value(), quartic(Dual64::new(x, 1.0)).re);
    assert_ne!(
        plain.value(),
        dual.re.value(),
        "num-dual's powi rounds differently"
    );
    assert!((plain.value() - dual.re.value()).abs() <= plain.bound() + dual.re.bound());
    for r in [plain, dual.re] {
        assert!(
            (r.value() - exact).abs() <= r.bound() && r.bound() < 1e-6,
            "{r}"
        );
    }
    // the derivative 4(x − 100)³ = 4e-3 from terms of 4e6: noise ~1e-9
    let exact_d = 4.0 * (x - 100.0_f64).powi(3);
    assert!(
        (dual.eps.value() - exact_d).abs() <= dual.eps.bound(),
        "{dual}"
    );
    assert!(dual.eps.bound() < 1e-7, "{dual}");
}

/// num-dual's `tanh` of a dual is `sinh/cosh` with the quotient rule: the derivative is
/// `(cosh·cosh − sinh·sinh)/cosh²`, which cancels to exactly 0 once cosh² and sinh² round to
/// the same float (above x ≈ 19). The bound covers the true 1/cosh²(25) = 7.7e-22.
#[test]
fn saturated_tanh_derivative_is_zero_within_its_bound() {
    let d = seed(25.0).tanh();
    let exact = 1.0 / 25f64.cosh().powi(2);
    assert_eq!(d.eps.value(), Dual64::new(25.0, 1.0).tanh().eps);
    assert_eq!(d.eps.value(), 0.0);
    assert!(d.eps.bound() >= exact && d.eps.bound() < 1e-14, "{d}");
    // the real part is sinh·(1/cosh), not f64::tanh, and not exactly 1
    assert!((d.re.value() - 1.0).abs() <= d.re.bound(), "{d}");
}

#[test]
fn subnormal_results_carry_an_absolute_bound() {
    let r = Rounded::new(-745.0_f64).exp();
    assert_eq!(r.value(), 5e-324);
    assert!(r.bound() >= 4.9e-324, "{r}");
    // the exact e^-745 is 2.8e-324: 0.57 of the spacing, rounded up to 1
    // a Gaussian kernel at a tiny length scale: exp(−d²/2ℓ²), subnormal
    let (d, l) = (Rounded::new(1.0_f64), Rounded::new(0.026));
    let k = (-(d * d) / (l * l * 2.0)).exp();
    assert!(k.value() > 0.0 && k.value() < f64::MIN_POSITIVE);
    assert!(
        k.bound() >= 4.9e-324 && k.bound() >= k.value() * 1e-3,
        "{k}"
    );
}

/// NaN and infinity propagate in the value as in plain f64; the bound then is inf or NaN
/// ("unknown"), and a finite value computed from an unknown bound keeps it unknown.
#[test]
fn non_finite_values_make_the_bound_unknown() {
    let inf = Rounded::new(1.0_f64) / 0.0;
    assert_eq!(inf.value(), f64::INFINITY);
    assert!(!inf.bound().is_finite());
    let nan = Rounded::new(-1.0_f64).sqrt();
    assert!(nan.value().is_nan() && !nan.bound().is_finite());
    let back = (Rounded::new(1.0_f64) / inf).exp();
    assert_eq!(back.value(), 1.0);
    assert!(!back.bound().is_finite(), "{back}");
    // an inexact divisor that may be 0 has an unbounded quotient
    let q = Rounded::new(1.0_f64) / Rounded::with_bound(1e-20, 1e-20);
    assert!(q.value().is_finite() && q.bound().is_infinite());
}

#[test]
fn comparisons_and_branches_follow_the_value_only() {
    let a = Rounded::with_bound(1.0_f64, 0.5);
    let b = Rounded::new(1.0_f64);
    assert!(a == b && a <= b && a >= b && a == 1.0 && a > 0.5);
    assert_eq!(a.partial_cmp(&b), Some(std::cmp::Ordering::Equal));
    assert_eq!(format!("{a}"), "1 (±5.0e-1)");
}
