//! Errors below the per-point tolerance: a relative error of 1e-10 in one component passes
//! every point alone (the tolerance is 1e-9) but has the same sign and size at all of them,
//! which rounding never has; the same size with a sign that changes from point to point is
//! what rounding looks like, and stays silent.

use gradcheck_runtime::__private::check_gradient;
use gradcheck_runtime::{Diagnosis, Function, Kind, Layout, Report, Spec};

struct F;
impl Function for F {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, p: &[D]) -> Vec<D> {
        vec![p[0] * p[0] * p[1] + p[1] * p[2].sin() + (p[0] * 0.5).exp()]
    }
}

fn exact(p: &[f64]) -> [f64; 3] {
    [
        2.0 * p[0] * p[1] + 0.5 * (0.5 * p[0]).exp(),
        p[0] * p[0] + p[2].sin(),
        p[1] * p[2].cos(),
    ]
}

fn check(name: &str, samples: usize, bug: impl Fn(&[f64], [f64; 3]) -> [f64; 3] + Sync) -> Report {
    let spec = Spec::new(format!("systematic::{name}"), Layout::new().array("w", 3))
        .samples(samples)
        .domain(-2.0..2.0);
    let g = move |p: &[f64]| vec![bug(p, exact(p)).to_vec()];
    check_gradient(&spec, &F, Some(&g))
}

#[test]
fn a_relative_error_of_1e_10_is_caught_at_16_points() {
    let r = check("truncated", 16, |_, g| [g[0], g[1] * (1.0 + 1e-10), g[2]]);
    let errors: Vec<_> = r.errors().collect();
    assert_eq!(errors.len(), 1, "{r}");
    let f = errors[0];
    assert_eq!((f.kind, f.component), (Kind::Mismatch, Some(1)), "{r}");
    assert!(
        f.rel_error.unwrap() < 1e-9,
        "below the per-point tolerance: {r}"
    );
    assert_eq!(
        f.diagnosis,
        Some(Diagnosis::Scaled {
            factor: 1.0 + 1e-10
        }),
        "{r}"
    );
    // At every point that can show it (the special point 0 makes w[1] exactly 0 there).
    let table = r.to_string();
    let held = format!("at all {} points", r.points_checked() - 1);
    assert!(table.contains(&held), "{table}");
    assert!(
        table.contains("off by a relative 1.00e-10 everywhere"),
        "{table}"
    );
}

#[test]
fn a_constant_difference_below_the_tolerance_is_an_offset() {
    let r = check("offset", 16, |_, g| [g[0] + 2e-10, g[1], g[2]]);
    let f = r.errors().next().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(f.component, Some(0), "{r}");
    assert_eq!(f.diagnosis, Some(Diagnosis::Offset { by: 2e-10 }), "{r}");
}

#[test]
fn the_same_size_with_a_changing_sign_is_noise() {
    let r = check("noise", 16, |p, g| {
        [
            g[0],
            g[1] * (1.0 + 1e-10 * (1e3 * p[0]).sin().signum()),
            g[2],
        ]
    });
    assert!(r.passed(), "{r}");
}

#[test]
fn a_correct_gradient_stays_silent_at_many_points() {
    let r = check("correct", 400, |_, g| g);
    assert!(r.passed(), "{r}");
    assert!(r.findings().is_empty(), "{r}");
}

#[test]
fn too_few_points_prove_nothing() {
    // Four explicit points alone (no random, special or stationary points come with them).
    let mut spec = Spec::new("systematic::few", Layout::new().array("w", 3));
    for p in [
        [0.3, -0.7, 1.1],
        [1.2, 0.4, -0.5],
        [-0.9, 1.5, 0.2],
        [0.6, -1.1, -1.4],
    ] {
        spec = spec.at(&p);
    }
    let g = |p: &[f64]| {
        let g = exact(p);
        vec![vec![g[0], g[1] * (1.0 + 1e-10), g[2]]]
    };
    let r = check_gradient(&spec, &F, Some(&g));
    assert!(r.passed() && r.points_checked() == 4, "{r}");
}

/// Least squares over five rows: its minimum lies inside the box, so the plan's stationary
/// points land on it, where both derivatives are rounding noise (~1e-16) and may even be the
/// same double. Those points show no factor; they must not hide the one every other point
/// shows.
struct LeastSquares;
const ROWS: [[f64; 3]; 5] = [
    [0.5, -1.2, 0.3],
    [1.5, 0.3, -0.8],
    [-0.7, 1.2, 0.5],
    [0.1, 0.1, 0.2],
    [1.0, -0.4, -0.6],
];
impl Function for LeastSquares {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, w: &[D]) -> Vec<D> {
        let mut s = D::from(0.0);
        for [a, b, t] in ROWS {
            let r = w[0] * a + w[1] * b + w[2] - t;
            s += r * r;
        }
        vec![s]
    }
}

/// The hand-written gradient, its last component multiplied by `bias_factor`.
fn least_squares_grad(w: &[f64], bias_factor: f64) -> Vec<Vec<f64>> {
    let mut g = [0.0; 3];
    for [a, b, t] in ROWS {
        let r = w[0] * a + w[1] * b + w[2] - t;
        g[0] += 2.0 * r * a;
        g[1] += 2.0 * r * b;
        g[2] += 2.0 * r * bias_factor;
    }
    vec![g.to_vec()]
}

#[test]
fn a_minimum_in_the_box_does_not_hide_a_factor() {
    let grad = |w: &[f64]| least_squares_grad(w, 1.0 + 1e-10); // the planted bug
    let spec = Spec::new("systematic::least_squares", Layout::new().array("w", 3))
        .samples(16)
        .domain(-2.0..2.0);
    let r = check_gradient(&spec, &LeastSquares, Some(&grad));
    assert!(
        r.notes().iter().any(|n| n.contains("stationary")),
        "the plan reaches the minimum: {r}"
    );
    let f = r.errors().next().unwrap_or_else(|| panic!("{r}"));
    assert_eq!((f.kind, f.component), (Kind::Mismatch, Some(2)), "{r}");
    assert_eq!(
        f.diagnosis,
        Some(Diagnosis::Scaled {
            factor: 1.0 + 1e-10
        }),
        "{r}"
    );
    // The same function with the right gradient stays silent, also at the minimum, where a
    // hand-written value within the rounding of the dual one is what a right gradient gives.
    let right = |w: &[f64]| least_squares_grad(w, 1.0);
    let r = check_gradient(&spec, &LeastSquares, Some(&right));
    assert!(r.passed(), "{r}");
    assert!(r.findings().is_empty(), "{r}");
}
