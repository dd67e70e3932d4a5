//! Diagnosis of a wrong derivative: each form fires on an error of that form and stays silent
//! on an irregular error of the same size beside it (the error's factor or offset changes
//! with the point, so no form fits every point).

use gradcheck_runtime::__private::{check_gradient, check_hessian};
use gradcheck_runtime::{Diagnosis, Function, Kind, Layout, Report, Spec};

macro_rules! function {
    ($name:ident, |$x:ident| $body:expr) => {
        struct $name;
        impl Function for $name {
            type Real = f64;
            fn eval<D: gradcheck_runtime::Number<f64>>(&self, $x: &[D]) -> Vec<D> {
                $body
            }
        }
    };
}

// f(p) = p0² p1 + p1 sin p2 + exp(p0 / 2)
function!(F, |p| vec![
    p[0] * p[0] * p[1] + p[1] * p[2].sin() + (p[0] * 0.5).exp()
]);

fn exact(p: &[f64]) -> [f64; 3] {
    [
        2.0 * p[0] * p[1] + 0.5 * (0.5 * p[0]).exp(),
        p[0] * p[0] + p[2].sin(),
        p[1] * p[2].cos(),
    ]
}

fn spec(name: &str) -> Spec {
    Spec::new(format!("diagnosis::{name}"), Layout::new().array("w", 3))
        .samples(16)
        .domain(-2.0..2.0)
}

/// The gradient check of `F` with `exact` changed by `bug`.
fn with_bug(name: &str, bug: impl Fn(&[f64], [f64; 3]) -> [f64; 3] + Sync) -> Report {
    let g = move |p: &[f64]| vec![bug(p, exact(p)).to_vec()];
    check_gradient(&spec(name), &F, Some(&g))
}

/// The one diagnosis the errors at `component` carry, asserting they all carry the same.
fn diagnosis_at(r: &Report, component: usize) -> Option<Diagnosis> {
    let at: Vec<_> = r
        .errors()
        .filter(|f| f.kind == Kind::Mismatch && f.component == Some(component))
        .collect();
    assert!(!at.is_empty(), "no mismatch at {component}:\n{r}");
    assert!(at.iter().all(|f| f.diagnosis == at[0].diagnosis), "{r}");
    at[0].diagnosis
}

/// A factor of 1 + p0/10: wrong by about as much, but by a different factor at every point.
fn irregular(p: &[f64]) -> f64 {
    1.0 + 0.1 * p[0]
}

#[test]
fn scaled_fires_and_says_so_in_words() {
    let r = with_bug("doubled", |_, g| [g[0], 2.0 * g[1], g[2]]);
    assert_eq!(diagnosis_at(&r, 1), Some(Diagnosis::Scaled { factor: 2.0 }));
    let table = r.to_string();
    let words = format!(
        "w[1] is exactly 2.000 × the true value at all {} points: a factor of 2 too many",
        r.points_checked()
    );
    assert!(table.contains(&words), "{table}");
    assert!(r
        .to_json()
        .contains(r#""diagnosis":{"form":"scaled","factor":2.0}"#));
    let r = with_bug("doubled_irregular", |p, g| {
        [g[0], 2.0 * g[1] * irregular(p), g[2]]
    });
    assert_eq!(diagnosis_at(&r, 1), None, "{r}");
}

#[test]
fn sign_flipped_fires() {
    let r = with_bug("flipped", |_, g| [g[0], g[1], -g[2]]);
    assert_eq!(diagnosis_at(&r, 2), Some(Diagnosis::SignFlipped));
    let r = with_bug("flipped_irregular", |p, g| {
        [g[0], g[1], -g[2] * irregular(p)]
    });
    assert_eq!(diagnosis_at(&r, 2), None, "{r}");
}

#[test]
fn zero_fires_and_wins_over_a_factor_of_0() {
    let r = with_bug("zeroed", |_, g| [g[0], g[1], 0.0]);
    assert_eq!(diagnosis_at(&r, 2), Some(Diagnosis::Zero));
    let r = with_bug("zeroed_irregular", |p, g| [g[0], g[1], g[2] * 0.1 * p[0]]);
    assert_eq!(diagnosis_at(&r, 2), None, "{r}");
}

#[test]
fn swapped_fires_with_the_component_carried() {
    let r = with_bug("swapped", |_, g| [g[1], g[0], g[2]]);
    assert_eq!(
        diagnosis_at(&r, 0),
        Some(Diagnosis::Swapped {
            with: 1,
            with_column: None
        })
    );
    assert_eq!(
        diagnosis_at(&r, 1),
        Some(Diagnosis::Swapped {
            with: 0,
            with_column: None
        })
    );
    let r = with_bug("swapped_irregular", |p, g| {
        [g[1] * irregular(p), g[1], g[2]]
    });
    assert_eq!(diagnosis_at(&r, 0), None, "{r}");
}

#[test]
fn offset_fires_with_the_constant() {
    let r = with_bug("offset", |_, g| [g[0] + 0.5, g[1], g[2]]);
    assert_eq!(diagnosis_at(&r, 0), Some(Diagnosis::Offset { by: 0.5 }));
    let words = format!(
        "w[0] is the true value + 5.000000e-1 at all {} points",
        r.points_checked()
    );
    assert!(r.to_string().contains(&words), "{r}");
    let r = with_bug("offset_irregular", |p, g| {
        [g[0] + 0.5 * irregular(p), g[1], g[2]]
    });
    assert_eq!(diagnosis_at(&r, 0), None, "{r}");
}

// (x, y) ↦ (x y, x + sin y): Jacobian [[y, x], [1, cos y]].
function!(Pair, |p| vec![p[0] * p[1], p[0] + p[1].sin()]);

#[test]
fn transposed_fires_on_a_transposed_jacobian() {
    let spec = Spec::new(
        "diagnosis::transposed",
        Layout::new().scalar("x").scalar("y"),
    )
    .samples(16)
    .domain(-2.0..2.0);
    let transposed = |p: &[f64]| vec![vec![p[1], 1.0], vec![p[0], p[1].cos()]];
    let r = check_gradient(&spec, &Pair, Some(&transposed));
    let off: Vec<_> = r.errors().collect();
    assert!(!off.is_empty(), "{r}");
    assert!(
        off.iter()
            .all(|f| f.diagnosis == Some(Diagnosis::Transposed)),
        "{r}"
    );
    // One entry of the mirror image wrong as well: no longer a transpose.
    let almost = |p: &[f64]| {
        vec![
            vec![p[1], 1.0],
            vec![p[0], 1.1 * p[1].cos() * (1.0 + 0.1 * p[0])],
        ]
    };
    let r = check_gradient(&spec, &Pair, Some(&almost));
    assert!(
        r.errors()
            .all(|f| f.diagnosis != Some(Diagnosis::Transposed)),
        "{r}"
    );
}

// x³ y + exp(y): Hessian [[6xy, 3x²], [3x², exp y]].
function!(Cubic, |p| vec![p[0] * p[0] * p[0] * p[1] + p[1].exp()]);

#[test]
fn hessian_entries_are_diagnosed_too() {
    let spec = Spec::new("diagnosis::hessian", Layout::new().scalar("x").scalar("y"))
        .samples(16)
        .domain(-2.0..2.0);
    let halved = |p: &[f64]| {
        let (x, y) = (p[0], p[1]);
        vec![vec![3.0 * x * y, 3.0 * x * x], vec![3.0 * x * x, y.exp()]]
    };
    let r = check_hessian(&spec, &Cubic, &halved);
    let at: Vec<_> = r
        .errors()
        .filter(|f| f.component == Some(0) && f.column == Some(0))
        .collect();
    assert!(!at.is_empty(), "{r}");
    assert!(
        at.iter()
            .all(|f| f.diagnosis == Some(Diagnosis::Scaled { factor: 0.5 })),
        "{r}"
    );
    assert!(r.to_string().contains("a factor of 2 missing"), "{r}");
    // (0, 1) carries (1, 1): exp y where 3x² belongs (and symmetric, so (1, 0) too).
    let mixed = |p: &[f64]| {
        let (x, y) = (p[0], p[1]);
        vec![vec![6.0 * x * y, y.exp()], vec![y.exp(), y.exp()]]
    };
    let r = check_hessian(&spec, &Cubic, &mixed);
    assert!(
        r.errors()
            .filter(|f| f.component == Some(0) && f.column == Some(1))
            .all(|f| f.diagnosis
                == Some(Diagnosis::Swapped {
                    with: 1,
                    with_column: Some(1)
                })),
        "{r}"
    );
}

#[test]
fn one_point_gives_no_diagnosis() {
    let g = |p: &[f64]| {
        let e = exact(p);
        vec![vec![e[0], 2.0 * e[1], e[2]]]
    };
    let r = check_gradient(&spec("one").at(&[0.5, 1.0, -0.3]).samples(0), &F, Some(&g));
    assert!(!r.passed());
    assert!(r.errors().all(|f| f.diagnosis.is_none()), "{r}");
}
