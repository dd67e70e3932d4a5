//! Jacobian and Hessian checks: correct derivatives pass, each injected error fails with the
//! right kind and names its entry, and malformed shapes give a report instead of a panic.

use gradcheck_runtime::__private::{check_gradient, check_hessian};
use gradcheck_runtime::{Function, Kind, Layout, Origin, Report, Spec};

/// A finding's kind and entry: (kind, output, component, column).
type Entry = (Kind, Option<usize>, Option<usize>, Option<usize>);

/// A hand-written Jacobian or Hessian.
type Matrix<'a> = &'a (dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync);

fn error_entries(r: &Report) -> Vec<Entry> {
    // At the explicit and random points: special and stationary points find the same
    // entries again.
    r.errors()
        .filter(|f| matches!(f.origin, Some(Origin::Explicit | Origin::Random)))
        .map(|f| (f.kind, f.output, f.component, f.column))
        .collect()
}

/// Three outputs of three inputs, with zero and non-zero entries in every row.
struct Field;

impl Function for Field {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x[0] * x[1], x[1].sin() * x[2], x[0].exp() + x[2] * x[2]]
    }
}

fn field_jacobian(x: &[f64]) -> Vec<Vec<f64>> {
    vec![
        vec![x[1], x[0], 0.0],
        vec![0.0, x[1].cos() * x[2], x[1].sin()],
        vec![x[0].exp(), 0.0, 2.0 * x[2]],
    ]
}

fn field_spec() -> Spec {
    Spec::new("t::field", Layout::new().scalar("a").array("b", 2))
        .samples(4)
        .domain(-2.0..2.0)
}

#[test]
fn a_correct_jacobian_passes() {
    let r = check_gradient(&field_spec(), &Field, Some(&field_jacobian));
    assert!(r.passed() && r.findings().is_empty(), "{r}");
}

#[test]
fn each_wrong_jacobian_entry_is_a_mismatch_at_its_output_and_component() {
    for row in 0..3 {
        for col in 0..3 {
            let wrong = move |x: &[f64]| {
                let mut j = field_jacobian(x);
                j[row][col] += 1e-3 * (1.0 + j[row][col].abs());
                j
            };
            let r = check_gradient(&field_spec(), &Field, Some(&wrong));
            let entries = error_entries(&r);
            assert_eq!(entries.len(), 4, "one per point at ({row}, {col}): {r}");
            assert!(
                entries
                    .iter()
                    .all(|e| *e == (Kind::Mismatch, Some(row), Some(col), None)),
                "({row}, {col}): {r}"
            );
        }
    }
}

#[test]
fn a_jacobian_of_the_wrong_shape_is_reported() {
    let too_few_rows = |x: &[f64]| field_jacobian(x)[..2].to_vec();
    let short_row = |x: &[f64]| {
        let mut j = field_jacobian(x);
        j[1].pop();
        j
    };
    for bad in [&too_few_rows as Matrix<'_>, &short_row] {
        let r = check_gradient(&field_spec(), &Field, Some(bad));
        assert!(!r.passed(), "{r}");
        assert!(
            r.errors()
                .all(|f| f.kind == Kind::Mismatch && f.message.contains("wrong shape")),
            "{r}"
        );
    }
}

/// Six inputs, so that the 4×4 blocks of the exact Hessian include a partial one, and a
/// coupling between the first and the last input across blocks.
struct Coupled;

const N: usize = 6;

fn a(i: usize, j: usize) -> f64 {
    0.1 * (i + 2 * j) as f64
}

impl Function for Coupled {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let mut s = (x[0] * x[5]).sin();
        for i in 0..N {
            s += x[i].powi(3) / 3.0;
            for j in i + 1..N {
                s += x[i] * x[j] * a(i, j);
            }
        }
        vec![s]
    }
}

fn coupled_hessian(x: &[f64]) -> Vec<Vec<f64>> {
    let mut h = vec![vec![0.0; N]; N];
    #[allow(clippy::needless_range_loop)] // (i, j) index both h and the coefficients
    for i in 0..N {
        h[i][i] = 2.0 * x[i];
        for j in i + 1..N {
            h[i][j] = a(i, j);
            h[j][i] = a(i, j);
        }
    }
    let (p, s, c) = (x[0] * x[5], (x[0] * x[5]).sin(), (x[0] * x[5]).cos());
    h[0][0] -= x[5] * x[5] * s;
    h[5][5] -= x[0] * x[0] * s;
    h[0][5] += c - p * s;
    h[5][0] += c - p * s;
    h
}

fn coupled_spec() -> Spec {
    Spec::new("t::coupled", Layout::flat(N))
        .at(&[0.5, -1.0, 1.5, 0.2, -0.7, 1.1])
        .samples(3)
        .domain(-2.0..2.0)
}

#[test]
fn a_correct_hessian_passes() {
    let r = check_hessian(&coupled_spec(), &Coupled, &coupled_hessian);
    assert!(r.passed() && r.findings().is_empty(), "{r}");
}

#[test]
fn each_wrong_hessian_entry_is_a_hessian_mismatch_at_its_entry() {
    for i in 0..N {
        for j in i..N {
            // Wrong symmetrically, as a mistake in a formula used for both entries would be.
            let wrong = move |x: &[f64]| {
                let mut h = coupled_hessian(x);
                h[i][j] += 1e-4 * (1.0 + h[i][j].abs());
                h[j][i] = h[i][j];
                h
            };
            let r = check_hessian(&coupled_spec(), &Coupled, &wrong);
            let entries = error_entries(&r);
            let expected = if i == j { 4 } else { 8 };
            assert_eq!(entries.len(), expected, "({i}, {j}): {r}");
            assert!(
                entries
                    .iter()
                    .all(|e| *e == (Kind::HessianMismatch, None, Some(i), Some(j))
                        || *e == (Kind::HessianMismatch, None, Some(j), Some(i))),
                "({i}, {j}): {r}"
            );
        }
    }
}

#[test]
fn an_asymmetric_hessian_is_reported_with_both_entries() {
    let asymmetric = |x: &[f64]| {
        let mut h = coupled_hessian(x);
        h[4][1] += 0.5;
        h
    };
    let r = check_hessian(&coupled_spec(), &Coupled, &asymmetric);
    assert!(
        r.errors().any(|f| f.kind == Kind::HessianMismatch
            && (f.component, f.column) == (Some(1), Some(4))
            && f.message.contains("not symmetric")),
        "{r}"
    );
    assert!(
        r.errors()
            .all(|f| f.kind == Kind::HessianMismatch && f.component.is_some()),
        "{r}"
    );
}

#[test]
fn a_hessian_of_the_wrong_shape_is_reported_not_panicked() {
    let shapes: [Matrix<'_>; 4] = [
        &|_| vec![vec![0.0; N]; N - 1],
        &|_| vec![vec![0.0; N - 1]; N],
        &|_| vec![vec![0.0; N + 1]; N + 1],
        &|_| Vec::new(),
    ];
    for hessian in shapes {
        let r = check_hessian(&coupled_spec(), &Coupled, hessian);
        assert!(!r.passed(), "{r}");
        assert!(
            r.errors().all(|f| f.kind == Kind::HessianMismatch
                && f.message.contains("wrong shape")
                && f.message.contains("expected 6×6")),
            "{r}"
        );
    }
}

#[test]
fn a_nan_in_the_hessian_is_a_hessian_mismatch() {
    let nan = |x: &[f64]| {
        let mut h = coupled_hessian(x);
        h[2][3] = f64::NAN;
        h[3][2] = f64::NAN;
        h
    };
    let r = check_hessian(&coupled_spec(), &Coupled, &nan);
    assert!(!r.passed());
    assert!(
        r.errors()
            .all(|f| f.kind == Kind::HessianMismatch && matches!(f.component, Some(2) | Some(3))),
        "{r}"
    );
}

#[test]
fn a_hessian_of_a_vector_function_is_reported() {
    let h = |_: &[f64]| vec![vec![0.0; 3]; 3];
    let r = check_hessian(&field_spec(), &Field, &h);
    assert!(!r.passed());
    assert!(
        r.errors()
            .all(|f| f.message.contains("needs a scalar function")),
        "{r}"
    );
}

#[test]
fn hessian_blocks_agree_with_one_hyper_dual_per_entry() {
    struct Wide;
    impl Function for Wide {
        type Real = f64;
        fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
            let s = x.iter().fold(D::from(0.0), |acc, &v| acc + v * v);
            vec![s.sqrt() * x[0].cos() + x[8] * x[3] * x[1]]
        }
    }
    let x: Vec<f64> = (0..9).map(|i| 0.3 + 0.1 * i as f64).collect();
    let (reference, evals) = gradcheck_runtime::__bench::hessian(&Wide, &x, 1);
    assert_eq!(evals, 9 * 10 / 2);
    for block in [2, 4, 8] {
        let (h, _) = gradcheck_runtime::__bench::hessian(&Wide, &x, block);
        for (a, b) in h.iter().flatten().zip(reference.iter().flatten()) {
            assert!(
                (a - b).abs() <= 1e-13 * b.abs().max(1.0),
                "{block}: {a} {b}"
            );
        }
    }
}
