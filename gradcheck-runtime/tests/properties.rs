//! Property tests of the verdict on random smooth compositions: a correct hand-written
//! gradient (symbolic differentiation, evaluated independently of the duals) never raises a
//! false alarm (at one point, at 4 and at 16 random points, where errors below the per-point
//! tolerance are looked for across points), and every injected single-component relative
//! error ≥ 1e-8 is caught in the component it was injected in. `PROPTEST_CASES` scales the
//! number of random cases.

use gradcheck_runtime::{check_gradient, Function, Kind, Layout, Spec};
use num_dual::DualNum;
use proptest::prelude::*;

/// A smooth expression over up to `N_VARS` variables.
#[derive(Clone, Debug)]
enum Expr {
    Var(usize),
    Const(f64),
    Add(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Sin(Box<Expr>),
    Tanh(Box<Expr>),
    /// exp(sin(e)): smooth and bounded, so compositions stay finite.
    ExpSin(Box<Expr>),
    /// sqrt(1 + e²): smooth everywhere.
    Hypot1(Box<Expr>),
}

const N_VARS: usize = 4;

impl Expr {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: &[D]) -> D {
        match self {
            Expr::Var(i) => x[*i],
            Expr::Const(c) => D::from(*c),
            Expr::Add(a, b) => a.eval(x) + b.eval(x),
            Expr::Mul(a, b) => a.eval(x) * b.eval(x),
            Expr::Sin(a) => a.eval(x).sin(),
            Expr::Tanh(a) => a.eval(x).tanh(),
            Expr::ExpSin(a) => a.eval(x).sin().exp(),
            Expr::Hypot1(a) => (a.eval(x).powi(2) + 1.0).sqrt(),
        }
    }

    /// The derivative with respect to variable `k`, by the chain rule, at `f64`.
    fn diff(&self, x: &[f64], k: usize) -> f64 {
        match self {
            Expr::Var(i) => f64::from(u8::from(*i == k)),
            Expr::Const(_) => 0.0,
            Expr::Add(a, b) => a.diff(x, k) + b.diff(x, k),
            Expr::Mul(a, b) => a.diff(x, k) * b.eval(x) + a.eval(x) * b.diff(x, k),
            Expr::Sin(a) => a.eval(x).cos() * a.diff(x, k),
            Expr::Tanh(a) => (1.0 - a.eval(x).tanh().powi(2)) * a.diff(x, k),
            Expr::ExpSin(a) => {
                let u = a.eval(x);
                u.sin().exp() * u.cos() * a.diff(x, k)
            }
            Expr::Hypot1(a) => {
                let u = a.eval(x);
                u / (u * u + 1.0).sqrt() * a.diff(x, k)
            }
        }
    }
}

impl Function for Expr {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![Expr::eval(self, x)]
    }
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0..N_VARS).prop_map(Expr::Var),
        (-2.0..2.0f64).prop_map(Expr::Const)
    ];
    leaf.prop_recursive(5, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Add(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Mul(Box::new(a), Box::new(b))),
            inner.clone().prop_map(|a| Expr::Sin(Box::new(a))),
            inner.clone().prop_map(|a| Expr::Tanh(Box::new(a))),
            inner.clone().prop_map(|a| Expr::ExpSin(Box::new(a))),
            inner.prop_map(|a| Expr::Hypot1(Box::new(a))),
        ]
    })
}

/// A random composition plus Σ cᵢ·sin(xᵢ + i), so that every variable matters.
fn full_expr() -> impl Strategy<Value = Expr> {
    expr().prop_map(|e| {
        (0..N_VARS).fold(e, |acc, i| {
            let shifted = Expr::Add(Box::new(Expr::Var(i)), Box::new(Expr::Const(i as f64)));
            let term = Expr::Mul(
                Box::new(Expr::Const(0.3 + 0.1 * i as f64)),
                Box::new(Expr::Sin(Box::new(shifted))),
            );
            Expr::Add(Box::new(acc), Box::new(term))
        })
    })
}

fn point() -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(-2.0..2.0f64, N_VARS)
}

fn symbolic(e: &Expr) -> impl Fn(&[f64]) -> Vec<Vec<f64>> + Sync + '_ {
    move |x: &[f64]| vec![(0..N_VARS).map(|k| e.diff(x, k)).collect()]
}

fn config() -> ProptestConfig {
    // Failures print their inputs and seed; nothing is persisted next to the sources.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn correct_gradients_raise_no_false_alarm(e in full_expr(), x in point()) {
        let spec = Spec::new("prop::smooth", Layout::flat(N_VARS)).at(&x).samples(0);
        let report = check_gradient(&spec, &e, Some(&symbolic(&e)));
        prop_assert!(report.passed(), "{e:?}\n{report}");
    }

    /// The same at random points, where the two-evaluation glance settles most entries.
    #[test]
    fn correct_gradients_raise_no_false_alarm_at_random_points(e in full_expr(), seed in any::<u64>()) {
        let spec = Spec::new("prop::smooth_random", Layout::flat(N_VARS)).samples(4).domain(-2.0..2.0).seed(seed);
        let report = check_gradient(&spec, &e, Some(&symbolic(&e)));
        prop_assert!(report.passed(), "{e:?}\n{report}");
    }

    /// The same at 16 points, where errors below the per-point tolerance are looked for
    /// across points: one sign over 16 points is a weak proof, so the rounding bound must
    /// keep a correct gradient's own rounding from ever looking systematic.
    #[test]
    fn correct_gradients_raise_no_false_alarm_at_16_points(e in full_expr(), seed in any::<u64>()) {
        let spec = Spec::new("prop::smooth_16", Layout::flat(N_VARS)).samples(16).domain(-2.0..2.0).seed(seed);
        let report = check_gradient(&spec, &e, Some(&symbolic(&e)));
        prop_assert!(report.passed(), "{e:?}\n{report}");
    }

    #[test]
    fn every_single_component_error_of_1e_8_or_more_is_caught(
        e in full_expr(),
        x in point(),
        k in 0..N_VARS,
        exponent in -8.0..0.0f64,
        negative in any::<bool>(),
    ) {
        let exact = symbolic(&e)(&x)[0].clone();
        let largest = exact.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        // Components far below the gradient's scale are held to 1e-13 of the largest
        // (rounding of cancelling terms): the guarantee is for |g_k| ≥ 1e-4·max|g|.
        prop_assume!(exact[k].abs() >= 1e-4 * largest && largest > 0.0);
        let delta = if negative { -(10f64.powf(exponent)) } else { 10f64.powf(exponent) };
        let wrong = |p: &[f64]| {
            let mut g = symbolic(&e)(p);
            g[0][k] *= 1.0 + delta;
            g
        };
        let spec = Spec::new("prop::injected", Layout::flat(N_VARS)).at(&x).samples(0);
        let report = check_gradient(&spec, &e, Some(&wrong));
        prop_assert!(
            report.errors().any(|f| f.kind == Kind::Mismatch && f.component == Some(k)),
            "relative error {delta:e} in component {k} of {e:?} at {x:?} not caught\n{report}"
        );
    }
}
