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
            type Real = f64;
            fn eval<D: gradcheck_runtime::Number<f64>>(&self, $x: &[D]) -> Vec<D> {
                $body
            }
        }
    };
}

/// A report seen only at some points: `GRADCHECK_SAMPLES` adds random points even to a spec
/// with `samples(0)`, and the corpus's assertions are about its own points.
pub struct Seen {
    pub report: Report,
    pub findings: Vec<Finding>,
}

impl Seen {
    pub fn passed(&self) -> bool {
        self.errors().next().is_none()
    }
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.report.fmt(f)
    }
}

/// The check of `f` at the single explicit point `at` (random points only if
/// `GRADCHECK_SAMPLES` asks for them; assertions look at `at` alone).
pub fn at(f: &impl Function<Real = f64>, point: &[f64], grad: Option<Rows<'_>>) -> Seen {
    at_with(
        Spec::new("corpus::f", Layout::flat(point.len())),
        f,
        point,
        grad,
    )
}

/// As [`at`], with a spec carrying extra settings (bounds, allowances).
pub fn at_with(
    spec: Spec,
    f: &impl Function<Real = f64>,
    point: &[f64],
    grad: Option<Rows<'_>>,
) -> Seen {
    only_at(
        check_gradient(&spec.at(point).samples(0), f, grad),
        &[point],
    )
}

/// The report restricted to the explicit `points`.
pub fn only_at(report: Report, points: &[&[f64]]) -> Seen {
    let findings = report
        .findings()
        .iter()
        .filter(|f| points.contains(&f.point.as_slice()))
        .cloned()
        .collect();
    Seen { report, findings }
}

/// The findings at `point`.
pub fn findings_at<'r>(r: &'r Seen, point: &[f64]) -> Vec<&'r Finding> {
    r.findings.iter().filter(|f| f.point == point).collect()
}

/// Asserts that the findings at `point` are exactly one of `kind` per listed component (`None`
/// for a finding about the whole point), and returns them.
pub fn expect<'r>(
    r: &'r Seen,
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
pub fn silent(r: &Seen, point: &[f64]) {
    assert!(findings_at(r, point).is_empty(), "at {point:?}:\n{r}");
}
