//! Shared helpers: a `Function` implemented by hand from one generic body, and assertions
//! that name exactly which kinds fire where.

use gradcheck_runtime::__private::{check_gradient, Rows};
use gradcheck_runtime::{Finding, Function, Kind, Layout, Report, Spec};

/// Implements `Function` for a unit struct from a generic body (the `#[gradient_checked]`
/// macro does this for annotated functions).
#[macro_export]
macro_rules! function {
    ($name:ident, |$x:ident| $body:expr) => {
        pub struct $name;
        impl gradcheck_runtime::Function for $name {
            fn eval<D: num_dual::DualNum<Primitive = f64> + Copy + Send + Sync>(
                &self,
                $x: &[D],
            ) -> Vec<D> {
                $body
            }
        }
    };
}

/// The check of `f` at the single explicit point `at` (random points only if
/// `GRADCHECK_SAMPLES` asks for them; assertions look at `at` alone).
pub fn at(f: &impl Function, point: &[f64], grad: Option<Rows<'_>>) -> Report {
    at_with(
        Spec::new("corpus::f", Layout::flat(point.len())),
        f,
        point,
        grad,
    )
}

/// As [`at`], with a spec carrying extra settings (bounds, allowances).
pub fn at_with(spec: Spec, f: &impl Function, point: &[f64], grad: Option<Rows<'_>>) -> Report {
    only_at(
        check_gradient(&spec.at(point).samples(0), f, grad),
        &[point],
    )
}

/// The report restricted to the explicit `points`: `GRADCHECK_SAMPLES` adds random points
/// even to a spec with `samples(0)`, and the corpus's assertions are about its own points.
pub fn only_at(mut r: Report, points: &[&[f64]]) -> Report {
    r.findings.retain(|f| points.contains(&f.point.as_slice()));
    let passed = r.errors().next().is_none();
    r.passed = passed;
    r
}

/// The findings at `point`.
pub fn findings_at<'r>(r: &'r Report, point: &[f64]) -> Vec<&'r Finding> {
    r.findings.iter().filter(|f| f.point == point).collect()
}

/// Asserts that the findings at `point` are exactly one of `kind` per listed component (`None`
/// for a finding about the whole point), and returns them.
pub fn expect<'r>(
    r: &'r Report,
    kind: Kind,
    point: &[f64],
    components: &[Option<usize>],
) -> Vec<&'r Finding> {
    let found = findings_at(r, point);
    let got: Vec<(Kind, Option<usize>)> = found.iter().map(|f| (f.kind, f.component)).collect();
    let want: Vec<(Kind, Option<usize>)> = components.iter().map(|&c| (kind, c)).collect();
    assert_eq!(got, want, "at {point:?}:\n{r}");
    for f in &found {
        assert!(!f.message.is_empty(), "{r}");
    }
    found
}

/// Asserts that nothing at all was found at `point`.
pub fn silent(r: &Report, point: &[f64]) {
    assert!(findings_at(r, point).is_empty(), "at {point:?}:\n{r}");
}
