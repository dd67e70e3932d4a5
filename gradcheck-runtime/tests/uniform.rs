//! One driver runs every check, so a behaviour of the user's code is reported the same way
//! whatever checks it: the gradient in full and fast mode, a Jacobian, the Hessian, the
//! reference check, and the FD-only `Check` (scalar, vector, Hessian). Each test builds the
//! behaviour once and asserts the same finding from every entry.

use gradcheck_runtime::{
    check_gradient, check_hessian, check_reference, Check, Function, Kind, Layout, Mode, Number,
    Report, Spec,
};
use std::sync::atomic::{AtomicUsize, Ordering};

const N: usize = 3;

/// Σ xᵢ² + x₀x₁: smooth everywhere, with its gradient, Hessian and value at f64.
fn value(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>() + x[0] * x[1]
}
fn gradient(x: &[f64]) -> Vec<f64> {
    vec![2.0 * x[0] + x[1], 2.0 * x[1] + x[0], 2.0 * x[2]]
}
fn hessian(_: &[f64]) -> Vec<Vec<f64>> {
    vec![
        vec![2.0, 1.0, 0.0],
        vec![1.0, 2.0, 0.0],
        vec![0.0, 0.0, 2.0],
    ]
}

/// How the function misbehaves.
#[derive(Clone, Copy, PartialEq)]
enum Behaviour {
    /// Well behaved.
    Fine,
    /// Returns one more output from the third evaluation on.
    GrowsOutputs,
    /// Panics where x₀ > 0.5.
    PanicsRight,
    /// NaN where x₀ > 0.5.
    NanRight,
}

struct Subject {
    how: Behaviour,
    calls: AtomicUsize,
}

impl Subject {
    fn new(how: Behaviour) -> Self {
        Subject {
            how,
            calls: AtomicUsize::new(0),
        }
    }

    /// The misbehaviour at `x0` after `calls` evaluations: `Some(outputs)` or a panic/NaN.
    fn outputs(&self, x0: f64) -> usize {
        let calls = self.calls.fetch_add(1, Ordering::Relaxed);
        match self.how {
            Behaviour::GrowsOutputs if calls >= 2 => 2,
            Behaviour::PanicsRight if x0 > 0.5 => panic!("x0 = {x0} is out of range"),
            _ => 1,
        }
    }
}

impl Function for Subject {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let outputs = self.outputs(x[0].re());
        let mut v = x.iter().map(|&a| a * a).sum::<D>() + x[0] * x[1];
        if self.how == Behaviour::NanRight && x[0].re() > 0.5 {
            v *= f64::NAN;
        }
        vec![v; outputs]
    }
}

/// The same misbehaviour as a plain closure for `Check`.
fn plain(how: Behaviour) -> impl Fn(&[f64]) -> Vec<f64> + Sync {
    let subject = Subject::new(how);
    move |x: &[f64]| {
        let outputs = subject.outputs(x[0]);
        let v = if how == Behaviour::NanRight && x[0] > 0.5 {
            f64::NAN
        } else {
            value(x)
        };
        vec![v; outputs]
    }
}

/// Two explicit points, the second where `PanicsRight`/`NanRight` misbehave.
const LEFT: [f64; N] = [0.25, -0.5, 0.75];
const RIGHT: [f64; N] = [0.75, 0.5, -0.25];

fn spec(mode: Mode) -> Spec {
    Spec::new("uniform::f", Layout::flat(N))
        .at(&LEFT)
        .at(&RIGHT)
        .mode(mode)
}

/// Every entry's report for the same behaviour and hand-written derivatives.
fn every_entry(
    how: Behaviour,
    grad: &(dyn Fn(&[f64]) -> Vec<f64> + Sync),
    hess: &(dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync),
) -> Vec<(&'static str, Report)> {
    let rows = |x: &[f64]| vec![grad(x)];
    let mut out = vec![
        (
            "gradient, full",
            check_gradient(&spec(Mode::Full), &Subject::new(how), Some(&rows)),
        ),
        (
            "gradient, fast",
            check_gradient(&spec(Mode::Fast), &Subject::new(how), Some(&rows)),
        ),
        (
            "hessian",
            check_hessian(&spec(Mode::Full), &Subject::new(how), hess),
        ),
        (
            "reference",
            check_reference(&spec(Mode::Full), &Subject::new(how), &|x: &[f64]| {
                vec![value(x)]
            }),
        ),
    ];
    // A fresh closure per check: `GrowsOutputs` counts its own calls.
    let check = |mode| {
        Check::vector("uniform::plain", plain(how))
            .jacobian(|x: &[f64]| vec![grad(x)])
            .at(&LEFT)
            .at(&RIGHT)
            .mode(mode)
    };
    out.push(("Check, full", check(Mode::Full).run()));
    out.push(("Check, fast", check(Mode::Fast).run()));
    out.push(("Check, hessian", check(Mode::Full).hessian(hess).run()));
    out
}

#[track_caller]
fn all_report(reports: &[(&str, Report)], kind: Kind, point: &[f64], message: &str, also: &[Kind]) {
    for (entry, r) in reports {
        let hit = r
            .errors()
            .find(|f| f.kind == kind && f.point == point)
            .unwrap_or_else(|| panic!("{entry}: no {kind} at {point:?}:\n{r}"));
        assert!(
            hit.message.contains(message),
            "{entry}: the message does not say {message:?}:\n{r}"
        );
        assert!(
            r.errors().all(|f| f.kind == kind || also.contains(&f.kind)),
            "{entry}: other errors too:\n{r}"
        );
        assert_eq!(r.points_checked(), 2, "{entry}: every point runs:\n{r}");
    }
}

#[test]
fn a_well_behaved_function_passes_everywhere() {
    for (entry, r) in every_entry(Behaviour::Fine, &gradient, &hessian) {
        assert!(r.passed() && r.findings().is_empty(), "{entry}:\n{r}");
    }
}

#[test]
fn an_output_length_that_changes_is_nondeterministic_everywhere() {
    let reports = every_entry(Behaviour::GrowsOutputs, &gradient, &hessian);
    for (entry, r) in &reports {
        assert!(
            r.errors().any(|f| f.kind == Kind::Nondeterministic
                && f.message.contains("outputs where it returned 1 before")),
            "{entry}:\n{r}"
        );
        // The Hessian check also sees a function that is no longer scalar.
        assert!(
            r.errors()
                .all(|f| f.kind == Kind::Nondeterministic || f.kind == Kind::HessianMismatch),
            "{entry}:\n{r}"
        );
    }
}

#[test]
fn a_panic_at_a_point_is_a_panic_there_and_the_other_point_still_runs() {
    let reports = every_entry(Behaviour::PanicsRight, &gradient, &hessian);
    all_report(&reports, Kind::Panic, &RIGHT, "out of range", &[]);
    for (entry, r) in &reports {
        assert!(
            r.findings().iter().all(|f| f.point != LEFT),
            "{entry}: the left point is fine:\n{r}"
        );
    }
}

#[test]
fn a_nan_value_is_a_nonfinite_value_everywhere() {
    let reports = every_entry(Behaviour::NanRight, &gradient, &hessian);
    all_report(&reports, Kind::NonfiniteValue, &RIGHT, "NaN", &[]);
}

#[test]
fn a_panicking_hand_written_derivative_is_a_panic_everywhere() {
    let grad = |_: &[f64]| -> Vec<f64> { panic!("gradient not written yet") };
    let hess = |_: &[f64]| -> Vec<Vec<f64>> { panic!("gradient not written yet") };
    let reports = every_entry(Behaviour::Fine, &grad, &hess);
    for (entry, r) in reports.iter().filter(|(e, _)| *e != "reference") {
        for p in [LEFT, RIGHT] {
            assert!(
                r.errors().any(|f| f.kind == Kind::Panic
                    && f.point == p
                    && f.message.contains("hand-written")
                    && f.message.contains("not written yet")),
                "{entry}:\n{r}"
            );
        }
    }
}

#[test]
fn a_nan_in_the_hand_written_derivative_is_a_mismatch_everywhere() {
    let grad = |x: &[f64]| {
        let mut g = gradient(x);
        g[1] = f64::NAN;
        g
    };
    let hess = |x: &[f64]| {
        let mut h = hessian(x);
        h[1][1] = f64::NAN;
        h
    };
    for (entry, r) in every_entry(Behaviour::Fine, &grad, &hess)
        .iter()
        .filter(|(e, _)| *e != "reference")
    {
        let want = if entry.contains("hessian") {
            Kind::HessianMismatch
        } else {
            Kind::Mismatch
        };
        for p in [LEFT, RIGHT] {
            let hit = r
                .errors()
                .find(|f| f.kind == want && f.point == p && f.component == Some(1))
                .unwrap_or_else(|| panic!("{entry}: no {want} at {p:?}, component 1:\n{r}"));
            assert!(
                hit.actual.is_some_and(f64::is_nan),
                "{entry}: `actual` is the hand-written NaN:\n{r}"
            );
        }
    }
}

#[test]
fn a_hand_written_derivative_of_the_wrong_shape_is_said_everywhere() {
    let grad = |x: &[f64]| gradient(x)[..2].to_vec();
    let hess = |x: &[f64]| hessian(x)[..2].to_vec();
    for (entry, r) in every_entry(Behaviour::Fine, &grad, &hess)
        .iter()
        .filter(|(e, _)| *e != "reference")
    {
        // At both points; `Check` with a Hessian reports the gradient's shape as well.
        assert!(
            r.errors().count() >= 2 && r.errors().all(|f| f.message.contains("wrong shape")),
            "{entry}:\n{r}"
        );
    }
}
