//! The engine driven by hand-implemented `Function`s: each detector fires on a case built for
//! it and stays silent on a smooth twin.

use gradcheck_runtime::__private::{check_gradient, check_hessian, check_reference};
use gradcheck_runtime::{Function, Kind, Layout, Origin, Report, Spec};

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

fn kinds(r: &Report) -> Vec<Kind> {
    let mut k: Vec<Kind> = r.errors().map(|f| f.kind).collect();
    k.dedup();
    k
}

function!(Poly, |x| vec![x[0] * x[0] * x[1] + x[0] * x[1].cos()]);

fn poly_spec() -> Spec {
    Spec::new("t::poly", Layout::new().scalar("x").scalar("y"))
        .samples(8)
        .domain(-2.0..2.0)
}

#[test]
fn correct_gradient_passes() {
    let g = |x: &[f64]| {
        vec![vec![
            2.0 * x[0] * x[1] + x[1].cos(),
            x[0] * x[0] - x[0] * x[1].sin(),
        ]]
    };
    let r = check_gradient(&poly_spec(), &Poly, Some(&g));
    assert!(r.passed(), "{r}");
    // 8 random points, and special and stationary points (the domain is given: no
    // exploration), each within the cost of a random one; the descent to the stationary
    // points costs at most 8 Newton steps of 4 evaluations each.
    assert!(r.points_checked() > 8, "{r}");
    assert!(
        r.evaluations() <= r.points_checked() * (4 * 2 + 20) + 2 * 8 * 4,
        "{}",
        r.evaluations()
    );
}

#[test]
fn a_sign_slip_is_a_mismatch_in_its_component() {
    let g = |x: &[f64]| {
        vec![vec![
            2.0 * x[0] * x[1] + x[1].cos(),
            x[0] * x[0] + x[0] * x[1].sin(),
        ]]
    };
    let r = check_gradient(&poly_spec(), &Poly, Some(&g));
    assert!(!r.passed());
    assert_eq!(kinds(&r), vec![Kind::Mismatch]);
    assert!(r.errors().all(|f| f.component == Some(1)), "{r}");
}

#[test]
fn a_relative_error_of_1e_8_is_caught() {
    let g = |x: &[f64]| {
        vec![vec![
            (2.0 * x[0] * x[1] + x[1].cos()) * (1.0 + 1e-8),
            x[0] * x[0] - x[0] * x[1].sin(),
        ]]
    };
    let r = check_gradient(&poly_spec(), &Poly, Some(&g));
    // One per random point (special and stationary points catch it too).
    assert_eq!(
        r.errors()
            .filter(|f| f.origin == Some(Origin::Random))
            .count(),
        8,
        "{r}"
    );
    assert!(r
        .errors()
        .all(|f| f.kind == Kind::Mismatch && f.component == Some(0)));
}

function!(Detached, |x| vec![x[0] * D::from(x[0].re())]);

#[test]
fn a_detached_chain_is_an_ad_mismatch() {
    let spec = Spec::new("t::detached", Layout::flat(1))
        .samples(8)
        .domain(0.5..2.0);
    let r = check_gradient(&spec, &Detached, None);
    assert_eq!(kinds(&r), vec![Kind::AdMismatch], "{r}");
    // With a correct hand-written gradient, the blame still goes to the dual chain.
    let g = |x: &[f64]| vec![vec![2.0 * x[0]]];
    let r = check_gradient(&spec, &Detached, Some(&g));
    assert_eq!(kinds(&r), vec![Kind::AdMismatch], "{r}");
    assert!(r.findings()[0].message.contains("it is right"), "{r}");
}

function!(AbsKink, |x| vec![x[0].abs() + x[0] * 0.5]);

#[test]
fn abs_at_zero_is_a_kink_and_allow_makes_it_a_warning() {
    let spec = Spec::new("t::abs", Layout::flat(1)).at(&[0.0]).samples(0);
    let r = check_gradient(&spec, &AbsKink, None);
    assert_eq!(kinds(&r), vec![Kind::Kink], "{r}");
    let f = &r.findings()[0];
    assert_eq!((f.left, f.right), (Some(-0.5), Some(1.5)), "{r}");
    let r = check_gradient(&spec.clone().allow(Kind::Kink), &AbsKink, None);
    assert!(r.passed() && r.warnings().count() == 1, "{r}");
    // Its smooth twin away from 0.
    let r = check_gradient(
        &Spec::new("t::abs", Layout::flat(1)).domain(0.1..2.0),
        &AbsKink,
        None,
    );
    assert!(r.passed() && r.findings().is_empty(), "{r}");
}

function!(Log, |x| vec![x[0].ln()]);

#[test]
fn log_outside_its_domain_is_a_nonfinite_value() {
    let r = check_gradient(
        &Spec::new("t::log", Layout::flat(1)).at(&[-1.0]).samples(0),
        &Log,
        None,
    );
    assert_eq!(kinds(&r), vec![Kind::NonfiniteValue], "{r}");
    assert!(r.findings()[0].message.contains("domain"));
}

function!(Polar, |x| vec![x[0] * x[1].cos(), x[0] * x[1].sin()]);

#[test]
fn a_jacobian_error_names_output_and_component() {
    let spec = Spec::new("t::polar", Layout::new().scalar("r").scalar("t"))
        .param_domain("r", 1.5..3.0)
        .domain(-3.0..3.0);
    let good = |x: &[f64]| {
        vec![
            vec![x[1].cos(), -x[0] * x[1].sin()],
            vec![x[1].sin(), x[0] * x[1].cos()],
        ]
    };
    assert!(check_gradient(&spec, &Polar, Some(&good)).passed());
    let bad = |x: &[f64]| {
        vec![
            vec![x[1].cos(), -x[0] * x[1].sin()],
            vec![x[1].sin(), x[1].cos()],
        ]
    };
    let r = check_gradient(&spec, &Polar, Some(&bad));
    assert!(
        r.errors()
            .all(|f| f.kind == Kind::Mismatch && f.output == Some(1) && f.component == Some(1)),
        "{r}"
    );
    assert!(!r.passed());
}

function!(Lse, |x| {
    let m = if x[0].re() > x[1].re() { x[0] } else { x[1] };
    vec![m + ((x[0] - m).exp() + (x[1] - m).exp()).ln()]
});

#[test]
fn reference_mismatch_is_found_and_rounding_is_not() {
    let spec = Spec::new("t::lse", Layout::flat(2))
        .samples(8)
        .domain(-5.0..5.0);
    let naive = |x: &[f64]| vec![(x[0].exp() + x[1].exp()).ln()];
    assert!(check_reference(&spec, &Lse, &naive).passed());
    let off = |x: &[f64]| vec![(x[0].exp() + x[1].exp()).ln() + 1e-3];
    assert_eq!(
        kinds(&check_reference(&spec, &Lse, &off)),
        vec![Kind::ReferenceMismatch]
    );
}

function!(Triple, |p| vec![p[0] * p[1] * p[2] + p[0] * p[0]]);

#[test]
fn hessian_errors_and_asymmetry_are_hessian_mismatches() {
    let spec = Spec::new("t::triple", Layout::new().array("p", 3))
        .at(&[1.0, 2.0, 3.0])
        .samples(4);
    let good = |p: &[f64]| {
        vec![
            vec![2.0, p[2], p[1]],
            vec![p[2], 0.0, p[0]],
            vec![p[1], p[0], 0.0],
        ]
    };
    assert!(check_hessian(&spec, &Triple, &good).passed());
    let bad = |p: &[f64]| {
        vec![
            vec![2.0, p[2], p[1]],
            vec![p[2], 0.0, p[0]],
            vec![p[1], 2.0 * p[0], 0.0],
        ]
    };
    let r = check_hessian(&spec, &Triple, &bad);
    assert_eq!(kinds(&r), vec![Kind::HessianMismatch]);
    assert!(
        r.errors()
            .any(|f| f.component == Some(2) && f.column == Some(1)),
        "{r}"
    );
    let wrong_shape = |_: &[f64]| vec![vec![1.0; 3]; 2];
    assert!(!check_hessian(&spec, &Triple, &wrong_shape).passed());
}

#[test]
fn bad_input_is_reported_not_panicked() {
    let g = |_: &[f64]| vec![vec![1.0]];
    let r = check_gradient(&poly_spec(), &Poly, Some(&g));
    assert!(
        r.errors()
            .any(|f| f.kind == Kind::Mismatch && f.message.contains("wrong shape")),
        "{r}"
    );
    let r = check_gradient(&poly_spec().at(&[1.0]), &Poly, None);
    assert!(!r.passed() && r.notes()[0].contains("has 1 values"), "{r}");
    let r = check_gradient(&poly_spec().at(&[1.0, f64::NAN]), &Poly, None);
    assert!(!r.passed() && r.notes()[0].contains("non-finite"), "{r}");
}

function!(Panicky, |x| {
    assert!(x[0].re() < 0.5, "x too large");
    vec![x[0] * x[0]]
});

#[test]
fn a_panic_is_reported_and_other_points_still_run() {
    let spec = Spec::new("t::panicky", Layout::flat(1))
        .at(&[0.9])
        .at(&[0.1])
        .samples(0);
    let r = check_gradient(&spec, &Panicky, None);
    assert_eq!(r.points_checked(), 2);
    assert_eq!(kinds(&r), vec![Kind::Panic]);
    assert!(r.findings()[0].message.contains("x too large") && r.findings()[0].point == vec![0.9]);
}
