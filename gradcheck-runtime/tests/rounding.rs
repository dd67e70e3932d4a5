//! No false alarm where the rounding is the terms', not the value's: the nine minimal
//! examples of correct gradients that a model of rounding as ε·|value| called wrong. Each is
//! checked at the default number of points (and more under `GRADCHECK_SAMPLES`) and must
//! raise no error; warnings (`unstable`: below resolution) are allowed. Beside each, a planted
//! error that the function can resolve is still caught.

use gradcheck_runtime::{check_gradient, Function, Kind, Layout, Mode, Number, Report, Spec};

macro_rules! function {
    ($name:ident, |$x:ident| $body:expr) => {
        struct $name;
        impl Function for $name {
            type Real = f64;
            fn eval<D: Number<f64>>(&self, $x: &[D]) -> Vec<D> {
                $body
            }
        }
    };
}

type Grad = fn(&[f64]) -> Vec<f64>;

fn check(name: &str, f: &impl Function<Real = f64>, grad: Grad, spec: Spec) -> Report {
    let rows = move |x: &[f64]| vec![grad(x)];
    let report = check_gradient(&spec, f, Some(&rows));
    assert!(
        report.passed(),
        "{name}: a correct gradient failed:\n{report}"
    );
    report
}

fn spec(n: usize, domain: std::ops::Range<f64>) -> Spec {
    Spec::new("rounding::f", Layout::flat(n)).domain(domain)
}

/// A planted relative error `r` in component `j` is a mismatch there.
fn caught(f: &impl Function<Real = f64>, grad: Grad, spec: Spec, j: usize, r: f64) {
    let wrong = move |x: &[f64]| {
        let mut g = grad(x);
        g[j] *= 1.0 + r;
        vec![g]
    };
    let report = check_gradient(&spec, f, Some(&wrong));
    assert!(
        report
            .errors()
            .any(|e| e.kind == Kind::Mismatch && e.component == Some(j)),
        "a relative error of {r:e} in component {j} was missed:\n{report}"
    );
}

// 1. The dual derivative loses digits: t − sin t, whose dual derivative 1 − cos t cancels,
//    with the accurate 2 sin²(t/2) written by hand.
function!(TMinusSin, |x| vec![x[0] - x[0].sin()]);
fn t_minus_sin(x: &[f64]) -> Vec<f64> {
    vec![2.0 * (x[0] / 2.0).sin().powi(2)]
}

#[test]
fn a_dual_chain_that_cancels_does_not_convict_an_accurate_hand_written_derivative() {
    check("t - sin t", &TMinusSin, t_minus_sin, spec(1, 1e-5..1e-3));
    caught(&TMinusSin, t_minus_sin, spec(1, 1e-2..1.0), 0, 1e-6);
}

// 2. A value that is exactly constant in f64: cross-entropy of a confident classifier.
function!(CrossEntropy, |x| {
    // Logits z = (x0 + 40, x1, x2) for the label 0: log-sum-exp minus the label's logit.
    let z = [x[0] + 40.0, x[1], x[2]];
    let m = z[0];
    let sum = z.iter().map(|&v| (v - m).exp()).sum::<D>();
    vec![m + sum.ln() - z[0]]
});
fn cross_entropy(x: &[f64]) -> Vec<f64> {
    let z = [x[0] + 40.0, x[1], x[2]];
    let e: Vec<f64> = z.iter().map(|v| (v - z[0]).exp()).collect();
    let s: f64 = e.iter().sum();
    vec![e[0] / s - 1.0, e[1] / s, e[2] / s]
}

#[test]
fn a_value_that_rounds_to_zero_does_not_convict_the_exact_derivative() {
    check(
        "cross-entropy, margin 40",
        &CrossEntropy,
        cross_entropy,
        spec(3, -1.0..1.0),
    );
}

// 3. A value that is a small difference of large terms: cross-entropy at margin 20, a naive
//    softplus in its tail, sqrt(1 + r²) − 1 at tiny r, an expanded (x − 1)⁷.
function!(Margin20, |x| {
    let z = [x[0] + 20.0, x[1]];
    vec![(z[0].exp() + z[1].exp()).ln() - z[0]]
});
fn margin20(x: &[f64]) -> Vec<f64> {
    let z = [x[0] + 20.0, x[1]];
    let p1 = 1.0 / (1.0 + (z[0] - z[1]).exp());
    vec![-p1, p1]
}
function!(NaiveSoftplus, |x| vec![(x[0].exp() + 1.0).ln()]);
fn naive_softplus(x: &[f64]) -> Vec<f64> {
    vec![1.0 / (1.0 + (-x[0]).exp())]
}
function!(SqrtMinusOne, |x| vec![(x[0] * x[0] + 1.0).sqrt() - 1.0]);
fn sqrt_minus_one(x: &[f64]) -> Vec<f64> {
    vec![x[0] / (x[0] * x[0] + 1.0).sqrt()]
}
function!(Expanded7, |x| {
    let t = x[0];
    vec![
        t.powi(7) - t.powi(6) * 7.0 + t.powi(5) * 21.0 - t.powi(4) * 35.0 + t.powi(3) * 35.0
            - t.powi(2) * 21.0
            + t * 7.0
            - 1.0,
    ]
});
fn expanded7(x: &[f64]) -> Vec<f64> {
    vec![7.0 * (x[0] - 1.0).powi(6)]
}

#[test]
fn values_that_cancel_are_not_kinks_jumps_or_cusps() {
    check("margin 20", &Margin20, margin20, spec(2, -1.0..1.0));
    check(
        "naive softplus",
        &NaiveSoftplus,
        naive_softplus,
        spec(1, -40.0..-30.0),
    );
    check(
        "sqrt(1+r²)-1",
        &SqrtMinusOne,
        sqrt_minus_one,
        spec(1, -1e-6..1e-6),
    );
    check(
        "(x-1)^7 expanded",
        &Expanded7,
        expanded7,
        spec(1, 0.99..1.01),
    );
    caught(&Margin20, margin20, spec(2, -1.0..1.0), 1, 1e-3);
}

// 4. A cancelling sum written with powi: num-dual's powi value differs from f64's by ulps of
//    the terms, which is far more than 1e-9 of the cancelled result.
function!(Quartic, |x| {
    let t = x[0];
    vec![t.powi(4) - t.powi(3) * 400.0 + t.powi(2) * 60000.0 - t * 4.0e6 + 1.0e8]
});
fn quartic(x: &[f64]) -> Vec<f64> {
    vec![4.0 * (x[0] - 100.0).powi(3)]
}

#[test]
fn a_cancelling_powi_sum_is_not_nondeterministic() {
    check(
        "(x-100)^4 expanded",
        &Quartic,
        quartic,
        spec(1, 99.9..100.1),
    );
}

// 5. A saturated tanh: num-dual's derivative is exactly 0 above 19 and NaN above 710, the
//    hand-written 1/cosh² is right.
function!(Tanh, |x| vec![x[0].tanh()]);
fn tanh(x: &[f64]) -> Vec<f64> {
    vec![1.0 / x[0].cosh().powi(2)]
}

#[test]
fn a_saturated_tanh_is_below_resolution_not_wrong() {
    check("tanh 19..40", &Tanh, tanh, spec(1, 19.0..40.0));
    check("tanh 700..800", &Tanh, tanh, spec(1, 700.0..800.0));
    caught(&Tanh, tanh, spec(1, -2.0..2.0), 0, 1e-7);
}

// 6. Inputs near 1e-10 with a pole at 0: the steps must be relative to the inputs' size.
function!(Reciprocal, |x| vec![x[0].recip()]);
fn reciprocal(x: &[f64]) -> Vec<f64> {
    vec![-1.0 / (x[0] * x[0])]
}
const SIGMA: f64 = 3.4e-10; // metres
const EPSILON: f64 = 1.65e-21; // joules
function!(LennardJones, |x| {
    let r = x[0];
    let s6 = (r.recip() * SIGMA).powi(6);
    vec![(s6 * s6 - s6) * (4.0 * EPSILON)]
});
fn lennard_jones(x: &[f64]) -> Vec<f64> {
    let r = x[0];
    let s6 = (SIGMA / r).powi(6);
    vec![4.0 * EPSILON * (-12.0 * s6 * s6 + 6.0 * s6) / r]
}

#[test]
fn tiny_inputs_get_steps_of_their_own_size() {
    check("1/x", &Reciprocal, reciprocal, spec(1, 1e-10..1e-9));
    check(
        "Lennard-Jones, SI",
        &LennardJones,
        lennard_jones,
        spec(1, 3e-10..6e-10),
    );
    caught(&LennardJones, lennard_jones, spec(1, 3e-10..6e-10), 0, 1e-7);
}

// 7. A defensive assert outside the domain: it panics at a finite-difference step, not at
//    the point.
function!(Guarded, |x| {
    assert!(x[0].re() >= 0.0, "negative input");
    vec![x[0].sqrt()]
});
fn guarded(x: &[f64]) -> Vec<f64> {
    vec![0.5 / x[0].sqrt()]
}

#[test]
fn a_panic_at_a_step_is_a_domain_edge() {
    check("asserted sqrt", &Guarded, guarded, spec(1, 1e-7..1e-5));
}

// 8. Fast mode: the value with dual numbers rounds differently from the f64 value.
function!(Quartics, |x| vec![x.iter().map(|&v| v.powi(4)).sum::<D>()]);
fn quartics(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 4.0 * v.powi(3)).collect()
}
// A 20-50-1 tanh network: 20 inputs fixed, 50·20 weights, 50 biases, 50 output weights, 1
// output bias: 1101 parameters.
function!(Mlp, |p| vec![mlp(p)]);
const INPUTS: [f64; 20] = [
    0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.3, 0.5, 0.05, -0.25, 0.8, -0.6, 0.4, 1.4, -0.9, 0.15, -0.35,
    0.65, -1.05, 0.45,
];
fn mlp<D: Number<f64>>(p: &[D]) -> D {
    let (w, rest) = p.split_at(1000);
    let (b, rest) = rest.split_at(50);
    let (v, c) = rest.split_at(50);
    let mut out = c[0];
    for k in 0..50 {
        let mut a = b[k];
        for (j, &inp) in INPUTS.iter().enumerate() {
            a += w[20 * k + j] * inp;
        }
        out += v[k] * a.tanh();
    }
    out
}
fn mlp_grad(p: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; 1101];
    for k in 0..50 {
        let a = p[1000 + k] + (0..20).map(|j| p[20 * k + j] * INPUTS[j]).sum::<f64>();
        let t = a.tanh();
        let d = p[1050 + k] * (1.0 - t * t);
        for j in 0..20 {
            g[20 * k + j] = d * INPUTS[j];
        }
        g[1000 + k] = d;
        g[1050 + k] = t;
    }
    g[1100] = 1.0;
    g
}

#[test]
fn fast_mode_compares_values_to_their_rounding() {
    check("Σx⁴, n = 1001", &Quartics, quartics, spec(1001, -1.0..1.0));
    check(
        "tanh MLP, 1101",
        &Mlp,
        mlp_grad,
        spec(1101, -1.0..1.0).mode(Mode::Fast),
    );
}

// 9. Subnormal values: rounding is absolute below f64::MIN_POSITIVE.
function!(Kernel, |x| {
    let d = x[0] - 0.3;
    vec![(-(d * d) / (2.0 * 1e-3 * 1e-3)).exp()]
});
fn kernel(x: &[f64]) -> Vec<f64> {
    let d = x[0] - 0.3;
    vec![-d / 1e-6 * (-(d * d) / 2e-6).exp()]
}
function!(GaussianTail, |x| vec![(-(x[0] * x[0]) / 2.0).exp()]);
fn gaussian_tail(x: &[f64]) -> Vec<f64> {
    vec![-x[0] * (-(x[0] * x[0]) / 2.0).exp()]
}

#[test]
fn subnormal_values_round_absolutely() {
    check(
        "SE kernel, small length scale",
        &Kernel,
        kernel,
        spec(1, 0.337..0.339),
    );
    check(
        "Gaussian tail",
        &GaussianTail,
        gaussian_tail,
        spec(1, 37.5..38.5),
    );
}
