//! Single precision: functions over `DualNum<Primitive = f32>` checked with the `f32`
//! profile. Correct `f32` gradients pass at any seed; a relative error of 1e-4 in one
//! component is a mismatch there.

use gradcheck_runtime::{check_gradient, Function, Kind, Layout, Number, Report, Spec};

macro_rules! function32 {
    ($name:ident, |$x:ident| $body:expr) => {
        struct $name;
        impl Function for $name {
            type Real = f32;
            fn eval<D: Number<f32>>(&self, $x: &[D]) -> Vec<D> {
                $body
            }
        }
    };
}

type Grad = fn(&[f32]) -> Vec<f32>;

/// The f32 gradient as the engine takes hand-written derivatives: over the f64 point (whose
/// values are f32 numbers), widened.
fn rows(grad: Grad, r: f64, j: usize) -> impl Fn(&[f64]) -> Vec<Vec<f64>> + Sync {
    move |x: &[f64]| {
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let mut g: Vec<f64> = grad(&x32).into_iter().map(f64::from).collect();
        g[j] *= 1.0 + r;
        vec![g]
    }
}

fn spec(n: usize, domain: std::ops::Range<f64>) -> Spec {
    Spec::new("single::f", Layout::flat(n)).domain(domain)
}

fn passes(name: &str, f: &impl Function<Real = f32>, grad: Grad, spec: Spec) -> Report {
    let report = check_gradient(&spec, f, Some(&rows(grad, 0.0, 0)));
    assert!(
        report.passed(),
        "{name}: a correct f32 gradient failed:\n{report}"
    );
    report
}

fn caught(f: &impl Function<Real = f32>, grad: Grad, spec: Spec, j: usize, r: f64) {
    let report = check_gradient(&spec, f, Some(&rows(grad, r, j)));
    assert!(
        report
            .errors()
            .any(|e| e.kind == Kind::Mismatch && e.component == Some(j)),
        "f32: a relative error of {r:e} in component {j} was missed:\n{report}"
    );
}

function32!(Large, |p| vec![
    (p[0] * p[0] + p[1] * p[1]).sqrt() + p[0] * p[1] * 1e-3
]);
fn large(p: &[f32]) -> Vec<f32> {
    let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
    vec![p[0] / r + p[1] * 1e-3, p[1] / r + p[0] * 1e-3]
}

function32!(ExpLog, |p| vec![
    (p[0].exp() + 1.0).ln() + p[0] * p[0] * (p[1] * 0.5).exp()
]);
fn explog(p: &[f32]) -> Vec<f32> {
    let e = (0.5 * p[1]).exp();
    vec![
        1.0 / (1.0 + (-p[0]).exp()) + 2.0 * p[0] * e,
        0.5 * p[0] * p[0] * e,
    ]
}

// Softmax cross-entropy of 5 logits, label 2, written stably.
function32!(CrossEntropy, |z| {
    let m = z
        .iter()
        .copied()
        .fold(z[0], |a, b| if b > a { b } else { a });
    let s = z.iter().map(|&v| (v - m).exp()).sum::<D>();
    vec![m + s.ln() - z[2]]
});
fn cross_entropy(z: &[f32]) -> Vec<f32> {
    let m = z.iter().copied().fold(f32::MIN, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f32 = e.iter().sum();
    let mut g: Vec<f32> = e.iter().map(|v| v / s).collect();
    g[2] -= 1.0;
    g
}

// An LSTM-like cell: c' = σ(f)·c + σ(i)·tanh(g), h = σ(o)·tanh(c'), summed with weights.
function32!(Cell, |p| {
    let sig = |v: D| (D::from(1.0) + (-v).exp()).recip();
    let (f, i, g, o, c) = (p[0], p[1], p[2], p[3], p[4]);
    let c2 = sig(f) * c + sig(i) * g.tanh();
    vec![sig(o) * c2.tanh() + c2 * 0.5]
});
fn cell(p: &[f32]) -> Vec<f32> {
    let sig = |v: f32| 1.0 / (1.0 + (-v).exp());
    let (f, i, g, o, c) = (p[0], p[1], p[2], p[3], p[4]);
    let (sf, si, so, tg) = (sig(f), sig(i), sig(o), g.tanh());
    let c2 = sf * c + si * tg;
    let tc = c2.tanh();
    let dc2 = so * (1.0 - tc * tc) + 0.5;
    vec![
        dc2 * c * sf * (1.0 - sf),
        dc2 * tg * si * (1.0 - si),
        dc2 * si * (1.0 - tg * tg),
        tc * so * (1.0 - so),
        dc2 * sf,
    ]
}

#[test]
fn correct_f32_gradients_pass() {
    passes("large inputs", &Large, large, spec(2, 500.0..2000.0));
    passes("exp and ln", &ExpLog, explog, spec(2, 0.5..3.0));
    passes(
        "cross-entropy",
        &CrossEntropy,
        cross_entropy,
        spec(5, -4.0..4.0),
    );
    passes("LSTM-like cell", &Cell, cell, spec(5, -3.0..3.0));
}

#[test]
fn a_relative_error_of_1e_4_in_one_f32_component_is_a_mismatch() {
    caught(&Large, large, spec(2, 500.0..2000.0), 1, 1e-3);
    caught(&ExpLog, explog, spec(2, 0.5..3.0), 0, 1e-4);
    caught(&CrossEntropy, cross_entropy, spec(5, -4.0..4.0), 3, 1e-4);
    caught(&Cell, cell, spec(5, -3.0..3.0), 4, 1e-4);
}

// Periodic at inputs around 1e3: steps relative to |x| (16.7 at the point below) span periods
// of sin, which looks smooth and wrong from afar.
function32!(Wave, |x| vec![x[0].sin() * 2.0 + (x[1] * 0.5).cos()]);
fn wave(x: &[f32]) -> Vec<f32> {
    vec![2.0 * x[0].cos(), -0.5 * (0.5 * x[1]).sin()]
}

// The same with a detached factor: the dual chain of x₀·x₀.re()/1000 has half the slope.
function32!(WaveDetached, |x| vec![
    x[0].sin() * 2.0 + (x[1] * 0.5).cos() + x[0] * D::from(x[0].re()) * 1e-3
]);

#[test]
fn sin_at_1e3_in_f32_is_no_ad_mismatch() {
    // The corpus32 `wave_1e3` points where a coarse estimate convicted the dual chain.
    let at = |a: f32, b: f32| [f64::from(a), f64::from(b)];
    let spec = spec(2, 500.0..2000.0)
        .at(&at(1669.6783, 600.6586))
        .at(&at(1669.6783, 601.0))
        .at(&at(1669.7748, 1112.7463))
        .at(&[1688.6058349609375, 1929.5])
        .at(&[526.2172241210938, 1241.0])
        .samples(0);
    passes("wave", &Wave, wave, spec);
}

#[test]
fn a_detached_factor_among_sines_at_1e3_is_still_an_ad_mismatch() {
    let spec = spec(2, 500.0..2000.0).samples(64).seed(3);
    let report = check_gradient(&spec, &WaveDetached, None);
    assert!(
        report
            .errors()
            .any(|e| e.kind == Kind::AdMismatch && e.component == Some(0)),
        "{report}"
    );
    assert!(
        report.errors().all(|e| e.kind == Kind::AdMismatch),
        "{report}"
    );
}
