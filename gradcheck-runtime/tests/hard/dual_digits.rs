//! Class 1: the value is fine (or rounding-level relative to its terms), but the dual chain
//! differentiates a cancelling expression and loses digits, while the hand-written derivative
//! uses the accurate formula. The dual then disagrees with a correct gradient.

use crate::harness::{Case, Class};
use crate::num::series;
use crate::{corpus, hard_fn};

// t − sin t: the dual computes 1 − cos t, which at t = 1e-5 keeps ~6 of 16 digits.
hard_fn!(TMinusSin, |x| x[0] - x[0].sin());
fn t_minus_sin_grad(x: &[f64]) -> Vec<f64> {
    vec![2.0 * (x[0] / 2.0).sin().powi(2)]
}
pub fn t_minus_sin() -> Case {
    Case::new(
        "t_minus_sin",
        Class::DualDigits,
        TMinusSin,
        t_minus_sin_grad,
    )
    .flat(1, 1e-5..1e-3)
}

// sinc with the usual Taylor branch below 1e-4; above it the dual's quotient rule
// (t cos t − sin t)/t² cancels to a relative error ~ε/t² (2e-8 at the branch).
hard_fn!(SincTaylor, |x| {
    let t = x[0];
    if t.re().abs() < 1e-4 {
        let t2 = t * t;
        D::from(1.0) - t2 / 6.0 + t2 * t2 / 120.0
    } else {
        t.sin() / t
    }
});
/// sinc'(t) = Σ_{k≥1} (−1)^k 2k t^(2k−1)/(2k+1)! below 1 (no cancellation: the first term
/// dominates), the closed form above.
fn sinc_grad(x: &[f64]) -> Vec<f64> {
    let t = x[0];
    if t.abs() < 1.0 {
        let mut term = t; // t^(2k−1)/(2k+1)! times (2k+1)!/… built up below
        let mut fact = 1.0; // (2k+1)!
        let mut sign = -1.0;
        vec![series(|k| {
            if k > 1 {
                term *= t * t;
            }
            fact *= f64::from(2 * k) * f64::from(2 * k + 1);
            let v = sign * f64::from(2 * k) * term / fact;
            sign = -sign;
            v
        })]
    } else {
        vec![(t * t.cos() - t.sin()) / (t * t)]
    }
}
pub fn sinc_taylor() -> Case {
    Case::new("sinc_taylor", Class::DualDigits, SincTaylor, sinc_grad).flat(1, -1e-3..1e-3)
}

// Box–Cox (y^λ − 1)/λ written with expm1 so that the value is accurate at λ ≈ 1e-11; its
// λ-derivative by the quotient rule is L·e^(λL)/λ − expm1(λL)/λ², two terms of size 1e11
// cancelling to L²/2.
hard_fn!(BoxCox, |x| {
    let (l, y) = (x[0], x[1]);
    (l * y.ln()).exp_m1() / l
});
/// f = L·φ(λL) with φ(u) = expm1(u)/u, so ∂f/∂λ = L²·φ'(λL), φ'(u) = Σ k u^(k−1)/(k+1)!
/// (closed form ((u − 1)eᵘ + 1)/u² above |u| = 0.5); ∂f/∂y = e^(λL)/y.
fn box_cox_grad(x: &[f64]) -> Vec<f64> {
    let (l, y) = (x[0], x[1]);
    let big_l = y.ln();
    let u = l * big_l;
    let dphi = if u.abs() < 0.5 {
        let mut pow = 1.0; // u^(k−1)
        let mut fact = 1.0; // (k+1)!
        series(|k| {
            if k > 1 {
                pow *= u;
            }
            fact *= f64::from(k + 1);
            f64::from(k) * pow / fact
        })
    } else {
        ((u - 1.0) * u.exp() + 1.0) / (u * u)
    };
    vec![big_l * big_l * dphi, u.exp() / y]
}
pub fn box_cox_small_lambda() -> Case {
    Case::new(
        "box_cox_small_lambda",
        Class::DualDigits,
        BoxCox,
        box_cox_grad,
    )
    // λ = 0 itself is 0/0 in this formula (the special points find it: a true finding, the
    // textbook Box–Cox has a branch there), so the box stops short of it.
    .param("lambda", 1, Some(1e-14..1e-10))
    .param("y", 1, Some(0.5..5.0))
}

// ln(1 + x)/x: accurate value through ln_1p; the dual's quotient rule
// (x/(1+x) − ln(1+x))/x² cancels to a relative error ~ε/|x|.
hard_fn!(Log1pOverX, |x| x[0].ln_1p() / x[0]);
/// d/dx ln(1+x)/x = Σ_{k≥1} (−1)^k k x^(k−1)/(k+1) below |x| = 0.1, the closed form above.
fn log1p_over_x_grad(x: &[f64]) -> Vec<f64> {
    let t = x[0];
    if t.abs() < 0.1 {
        let mut pow = -1.0; // (−1)^k x^(k−1)
        vec![series(|k| {
            if k > 1 {
                pow *= -t;
            }
            pow * f64::from(k) / f64::from(k + 1)
        })]
    } else {
        vec![(t / (1.0 + t) - t.ln_1p()) / (t * t)]
    }
}
pub fn log1p_over_x() -> Case {
    Case::new(
        "log1p_over_x",
        Class::DualDigits,
        Log1pOverX,
        log1p_over_x_grad,
    )
    // 0 itself is 0/0 in the function (found by the special points, rightly): not in the box.
    .flat(1, 1e-9..1e-5)
}

// (1 − cos t)/t² computed stably as 2 sin²(t/2)/t²; the dual's product rule
// 2 sin(t/2)cos(t/2)/t² − 4 sin²(t/2)/t³ cancels (terms ~1/t, result ~t/12).
hard_fn!(OneMinusCosOverT2, |x| {
    let s = (x[0] * 0.5).sin();
    s * s * 2.0 / (x[0] * x[0])
});
/// d/dt (1 − cos t)/t² = Σ_{k≥1} (−1)^k 2k t^(2k−1)/(2k+2)! below 1, the closed form above.
fn one_minus_cos_over_t2_grad(x: &[f64]) -> Vec<f64> {
    let t = x[0];
    if t.abs() < 1.0 {
        let mut pow = t; // t^(2k−1)
        let mut fact = 2.0; // (2k+2)!
        let mut sign = -1.0;
        vec![series(|k| {
            if k > 1 {
                pow *= t * t;
            }
            fact *= f64::from(2 * k + 1) * f64::from(2 * k + 2);
            let v = sign * f64::from(2 * k) * pow / fact;
            sign = -sign;
            v
        })]
    } else {
        let half = (t / 2.0).sin();
        vec![(t * t.sin() - 4.0 * half * half) / (t * t * t)]
    }
}
pub fn one_minus_cos_over_t2() -> Case {
    Case::new(
        "one_minus_cos_over_t2",
        Class::DualDigits,
        OneMinusCosOverT2,
        one_minus_cos_over_t2_grad,
    )
    // 0 itself is 0/0 in the function (found by the special points, rightly): not in the box.
    .flat(1, 1e-7..1e-3)
}

corpus!(
    t_minus_sin,
    sinc_taylor,
    box_cox_small_lambda,
    log1p_over_x,
    one_minus_cos_over_t2,
);
