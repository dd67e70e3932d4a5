//! What a failing check says beyond its findings: the simplest failing point, the traced
//! intermediates at the worst point, remembered failures, and a mismatch that is the
//! function's own approximation.

use gradcheck_runtime::__private::{check_gradient, finish};
use gradcheck_runtime::{trace, Function, Kind, Layout, Origin, Report, Spec};

struct F;
impl Function for F {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, p: &[D]) -> Vec<D> {
        let a = trace!("p0² p1", p[0] * p[0] * p[1]);
        let b = trace!("p1 sin p2", p[1] * p[2].sin());
        vec![trace!("total", a + b + (p[0] * 0.5).exp())]
    }
}

fn exact(p: &[f64]) -> Vec<f64> {
    vec![
        2.0 * p[0] * p[1] + 0.5 * (0.5 * p[0]).exp(),
        p[0] * p[0] + p[2].sin(),
        p[1] * p[2].cos(),
    ]
}

fn spec(name: &str) -> Spec {
    Spec::new(format!("across::{name}"), Layout::new().array("w", 3))
        .samples(8)
        .domain(-2.0..2.0)
}

fn doubled(p: &[f64]) -> Vec<Vec<f64>> {
    let mut g = exact(p);
    g[1] *= 2.0;
    vec![g]
}

#[test]
fn the_simplest_failing_point_is_printed_with_its_budget() {
    let r = check_gradient(&spec("simplest"), &F, Some(&doubled));
    let table = r.to_string();
    let line = table
        .lines()
        .find(|l| l.contains("simplest failing point"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("mismatch at w[1] persists there"), "{line}");
    assert!(line.contains("of a budget of"), "{line}");
    // Every component is now 0, an integer or a half, and the point is still wrong there.
    let inside = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
    let x: Vec<f64> = inside.split(", ").map(|v| v.parse().unwrap()).collect();
    assert!(x.iter().all(|v| (2.0 * v).fract() == 0.0), "{line}");
    let g = exact(&x);
    assert!(g[1] != 0.0, "still wrong at {x:?}: {line}");
}

#[test]
fn a_passing_check_searches_nothing() {
    let right = |p: &[f64]| vec![exact(p)];
    let r = check_gradient(&spec("right"), &F, Some(&right));
    assert!(r.passed() && !r.to_string().contains("simplest"), "{r}");
}

#[test]
fn traced_values_come_with_their_derivative_along_the_failing_component() {
    let r = check_gradient(&spec("traced"), &F, Some(&doubled));
    let table = r.to_string();
    let at = table.find("traced at").unwrap_or_else(|| panic!("{table}"));
    let traced = &table[at..];
    assert!(traced.contains("derivatives along w[1]"), "{traced}");
    let order: Vec<usize> = ["p0² p1", "p1 sin p2", "total"]
        .iter()
        .map(|n| traced.find(n).unwrap_or_else(|| panic!("{n}: {traced}")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "computation order: {traced}"
    );
}

#[test]
fn trace_outside_a_check_is_the_value() {
    let v = trace!("x", 2.5_f64);
    assert_eq!(v, 2.5);
}

#[test]
fn remembered_points_are_checked_first() {
    let dir = std::env::temp_dir().join(format!("gradcheck-across-{}", std::process::id()));
    let spec = spec("remembered").regressions_in(&dir);
    let r = check_gradient(&spec, &F, Some(&doubled));
    assert!(!r.passed());
    // A failing generated test writes the point down...
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        finish(&spec, "gradient", r.clone())
    }));
    assert!(failed.is_err());
    let file = spec.regressions_file().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with('[')).count(),
        1,
        "{text}"
    );
    // ...and the next run, with another seed, checks it first.
    let again = check_gradient(&spec.clone().seed(99), &F, Some(&doubled));
    assert_eq!(again.points_checked(), r.points_checked() + 1);
    let first = again.findings().first().unwrap();
    assert_eq!(first.origin, Some(Origin::Regression), "{again}");
    assert!(
        again.to_json().contains(r#""origin": "regression""#)
            || again.to_json().contains(r#""origin":"regression""#)
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// smartcore's softplus: ln(1 + eˣ), with the shortcut x past 15.
struct Softplus;
impl Function for Softplus {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![if x[0].re() > 15.0 {
            x[0]
        } else {
            (x[0].exp() + 1.0).ln()
        }]
    }
}

fn shortcut_spec(name: &str) -> Spec {
    Spec::new(format!("across::{name}"), Layout::new().scalar("x"))
        .at(&[-3.0])
        .at(&[0.5])
        .at(&[10.0])
        .at(&[14.0])
        .at(&[16.0])
        .at(&[17.5])
}

fn sigmoid(x: &[f64]) -> Vec<Vec<f64>> {
    vec![vec![1.0 / (1.0 + (-x[0]).exp())]]
}

#[test]
fn a_mismatch_beyond_a_jump_of_the_function_names_the_edge() {
    let r: Report = check_gradient(&shortcut_spec("shortcut"), &Softplus, Some(&sigmoid));
    let errors: Vec<_> = r.errors().collect();
    assert!(!errors.is_empty(), "{r}");
    assert!(
        errors
            .iter()
            .all(|f| f.kind == Kind::Mismatch && f.point[0] > 15.0),
        "{r}"
    );
    let m = &errors[0].message;
    assert!(m.contains("the function is the approximation"), "{m}");
    assert!(m.contains("where x > 15.0000000"), "{m}");
    assert!(!m.contains("fix the hand-written"), "{m}");
}

#[test]
fn a_mismatch_confined_to_a_region_without_a_jump_is_the_derivative() {
    // The function is smooth; the hand-written derivative takes the shortcut.
    struct Smooth;
    impl Function for Smooth {
        type Real = f64;
        fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
            vec![(x[0].exp() + 1.0).ln()]
        }
    }
    let g = |x: &[f64]| {
        vec![vec![if x[0] > 15.0 {
            1.0
        } else {
            1.0 / (1.0 + (-x[0]).exp())
        }]]
    };
    let r = check_gradient(&shortcut_spec("smooth"), &Smooth, Some(&g));
    assert!(!r.passed(), "{r}");
    assert!(
        r.errors().all(|f| !f.message.contains("approximation")),
        "{r}"
    );
}
