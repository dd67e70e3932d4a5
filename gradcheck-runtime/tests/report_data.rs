//! What a report carries for the page and for editors: the source location of the checked
//! function (or of the `Check` that ran), and the error-versus-step data of the worst
//! findings.

use gradcheck_runtime::{check_gradient, Check, Function, Kind, Layout, Number, Spec};

struct Cubic;
impl Function for Cubic {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x[0].powi(3) + x[0] * x[1]]
    }
}

#[test]
fn a_check_reports_where_it_was_run() {
    let before = line!();
    let r = Check::new("report_data::sq", |x: &[f64]| x[0] * x[0])
        .at(&[1.0])
        .run();
    let after = line!();
    let at = r.source().expect("a Check knows where it ran");
    assert!(at.file.ends_with("report_data.rs"), "{at}");
    assert!(before < at.line && at.line < after, "{at}");
    assert!(r.to_json().contains("\"source\""), "{}", r.to_json());
}

#[test]
fn a_spec_carries_the_functions_source_into_the_report() {
    let spec = Spec::new("report_data::cubic", Layout::flat(2))
        .samples(2)
        .source("src/cubic.rs", 7);
    let r = check_gradient(&spec, &Cubic, None);
    assert_eq!(r.source().unwrap().to_string(), "src/cubic.rs:7");
}

#[test]
fn the_worst_finding_carries_the_error_versus_step_picture() {
    let spec = Spec::new("report_data::cubic", Layout::flat(2)).at(&[0.7, -0.4]);
    let wrong = |x: &[f64]| vec![vec![3.0 * x[0] * x[0] + x[1] + 1e-4, x[0]]];
    let r = check_gradient(&spec, &Cubic, Some(&wrong));
    let f = r
        .errors()
        .find(|f| f.kind == Kind::Mismatch)
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(f.steps.len(), 25, "{r}");
    let h = f.step.expect("the balanced step");
    // Relative to the point (0.7: an explicit point without a domain sets its own scale).
    assert!((h - 0.7 * f64::EPSILON.cbrt()).abs() < 1e-12, "{h}");
    // The V: far from the truth at the largest and the smallest steps, close at the balanced
    // one; and the hand-written value stays 1e-4 away at every good step.
    let exact = f.expected.unwrap();
    let err = |k: usize| (f.steps[k].fd.unwrap() - exact).abs();
    let best = (0..25).map(err).fold(f64::INFINITY, f64::min);
    assert!(
        best < 1e-9 && err(0) > 1e-3 && err(24) > best * 100.0,
        "{:?}",
        f.steps
    );
    assert!(r.to_json().contains("\"steps\""));
}

#[test]
fn a_passing_check_carries_no_steps() {
    let spec = Spec::new("report_data::cubic", Layout::flat(2)).samples(3);
    let right = |x: &[f64]| vec![vec![3.0 * x[0] * x[0] + x[1], x[0]]];
    let r = check_gradient(&spec, &Cubic, Some(&right));
    assert!(r.passed() && !r.to_json().contains("\"steps\""), "{r}");
}
