//! The runtime entry for functions that cannot be generic: a closure over `f64` and a
//! gradient from anywhere, checked against the adaptive finite differences alone.

use crate::eval::{guarded, EvalError};
use crate::finding::{Finding, Kind};
use crate::function::Layout;
use crate::line::Coordinate;
use crate::points;
use crate::report::Report;
use crate::spec::Spec;
use crate::witness::{self, Verdict};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

type Scalar<'a> = Box<dyn Fn(&[f64]) -> f64 + 'a>;
type Gradient<'a> = Box<dyn Fn(&[f64]) -> Vec<f64> + 'a>;

/// A check of a gradient from any source (another library's autodiff, a hand-written
/// backprop) against finite differences, for a function over plain `f64`.
///
/// Without dual numbers there is no exact witness, so the tolerance comes from the finite
/// differences' own error estimate: at smooth points about 1e-9 relative.
///
/// ```
/// use gradcheck_runtime::Check;
/// let f = |x: &[f64]| x[0].sin() * x[1];
/// let report = Check::new("sin_times", f)
///     .gradient(|x: &[f64]| vec![x[0].cos() * x[1], x[0].sin()])
///     .at(&[1.0, 2.0])
///     .samples(16)
///     .domain(-2.0..2.0)
///     .run();
/// assert!(report.passed(), "{report}");
/// let json: String = report.to_json();
/// assert!(json.contains("\"passed\":true"));
///
/// // A wrong component is named.
/// let bad = Check::new("sin_times", f)
///     .gradient(|x: &[f64]| vec![x[0].cos() * x[1], 1.001 * x[0].sin()])
///     .at(&[1.0, 2.0])
///     .run();
/// assert_eq!(bad.errors().next().unwrap().component, Some(1));
/// ```
pub struct Check<'a> {
    f: Scalar<'a>,
    gradient: Option<Gradient<'a>>,
    /// Everything else; its layout is set at `run`, from `dims` or the first explicit point.
    spec: Spec,
    dims: Option<usize>,
}

impl<'a> Check<'a> {
    /// A check of `f`, reported under `name`.
    pub fn new(name: impl Into<String>, f: impl Fn(&[f64]) -> f64 + 'a) -> Self {
        Check {
            f: Box::new(f),
            gradient: None,
            spec: Spec::new(name, Layout::new()),
            dims: None,
        }
    }

    /// The gradient under test.
    pub fn gradient(mut self, g: impl Fn(&[f64]) -> Vec<f64> + 'a) -> Self {
        self.gradient = Some(Box::new(g));
        self
    }

    /// An explicit point (its length sets the number of inputs).
    pub fn at(mut self, point: &[f64]) -> Self {
        self.spec = self.spec.at(point);
        self
    }

    /// The number of inputs, when no explicit point gives it.
    pub fn dims(mut self, n: usize) -> Self {
        self.dims = Some(n);
        self
    }

    /// The number of random points (default 16 without `at`, else 0).
    pub fn samples(mut self, n: usize) -> Self {
        self.spec = self.spec.samples(n);
        self
    }

    /// The box random points are drawn from.
    pub fn domain(mut self, range: Range<f64>) -> Self {
        self.spec = self.spec.domain(range);
        self
    }

    /// The seed of the random points (`GRADCHECK_SEED` overrides it).
    pub fn seed(mut self, seed: u64) -> Self {
        self.spec = self.spec.seed(seed);
        self
    }

    /// Turns findings of `kind` into warnings.
    pub fn allow(mut self, kind: Kind) -> Self {
        self.spec = self.spec.allow(kind);
        self
    }

    fn spec(&self) -> Spec {
        let n = self
            .dims
            .or(self.spec.explicit.first().map(Vec::len))
            .unwrap_or(0);
        let mut spec = self.spec.clone();
        spec.layout = Layout::flat(n);
        spec
    }

    /// Runs the check.
    pub fn run(&self) -> Report {
        let spec = self.spec();
        let mut report = Report::new(spec.function(), spec.effective_seed());
        let points = match points::validated(&spec) {
            Ok(p) => p,
            Err(problem) => return crate::gradient::rejected(report, &spec, problem),
        };
        let count = AtomicUsize::new(0);
        let value = |x: &[f64]| -> Result<Vec<f64>, EvalError> {
            count.fetch_add(1, Ordering::Relaxed);
            guarded(|| vec![(self.f)(x)]).map_err(EvalError::Panic)
        };
        for (k, x) in points.iter().enumerate() {
            report.points_checked += 1;
            report.record(&spec, "gradient", self.check_point(x, &value, k == 0));
        }
        report.evaluations = count.load(Ordering::Relaxed);
        report.set_reproduce(crate::output::reproduce_line(&spec));
        report
    }

    fn check_point(
        &self,
        x: &[f64],
        value: crate::line::Values<'_>,
        determinism: bool,
    ) -> Vec<Finding> {
        let f0 = match value(x) {
            Ok(v) => v[0],
            Err(e) => return vec![Finding::new(Kind::Panic, x, format!("the function {e}"))],
        };
        if !f0.is_finite() {
            return vec![Finding::new(
                Kind::NonfiniteValue,
                x,
                format!(
                    "the function returns {f0} here: restrict the domain to where it is defined"
                ),
            )];
        }
        if determinism {
            if let Ok(again) = value(x) {
                if again[0].to_bits() != f0.to_bits() {
                    return vec![Finding::new(
                        Kind::Nondeterministic,
                        x,
                        "two evaluations at the same point differ: seed the function's randomness",
                    )
                    .values(f0, again[0], f0.abs())];
                }
            }
        }
        let Some(grad) = &self.gradient else {
            return Vec::new();
        };
        let g = match guarded(|| grad(x)) {
            Ok(g) => g,
            Err(msg) => {
                return vec![Finding::new(
                    Kind::Panic,
                    x,
                    format!("the gradient panicked: {msg}"),
                )]
            }
        };
        if g.len() != x.len() {
            return vec![Finding::new(
                Kind::Mismatch,
                x,
                format!(
                    "the gradient has {} entries, the function {} inputs",
                    g.len(),
                    x.len()
                ),
            )];
        }
        let mut out = Vec::new();
        let point = std::cell::RefCell::new(x.to_vec());
        for (i, &gi) in g.iter().enumerate() {
            let coordinate = Coordinate::new(value, &point, i);
            let mut line = coordinate.output(0);
            if !gi.is_finite() {
                out.push(
                    Finding::new(
                        Kind::NonfiniteDerivative,
                        x,
                        format!("the gradient is {gi} here"),
                    )
                    .component(i),
                );
                continue;
            }
            if witness::cheap(&mut line, x[i], f0)
                .is_some_and(|c| witness::settles(&c, gi, x[i], f0))
            {
                continue;
            }
            match witness::examine(&mut line, x[i], f0, gi) {
                Verdict::Smooth(fd) if witness::settles(&fd, gi, x[i], f0) => {}
                Verdict::Smooth(fd) => {
                    let mut f = Finding::new(Kind::Mismatch, x, "the gradient disagrees with finite differences beyond their error estimate where the function is smooth: fix this component").component(i).values(fd.value, gi, fd.value.abs().max(gi.abs()));
                    f.fd = Some(fd.value);
                    f.fd_error = Some(fd.error);
                    f.tolerance = Some(3.0 * fd.error);
                    out.push(f);
                }
                Verdict::Singular {
                    kind,
                    left,
                    right,
                    detail,
                } => {
                    let mut f = Finding::new(kind, x, format!("{detail}: the function is not differentiable here; move the point or allow({kind})")).component(i);
                    f.left = left.map(|e| e.value);
                    f.right = right.map(|e| e.value);
                    f.actual = Some(gi);
                    out.push(f);
                }
                Verdict::Undecided { estimate, detail } | Verdict::Edge { estimate, detail } => {
                    let mut f = Finding::new(
                        Kind::Unstable,
                        x,
                        format!("{detail}: finite differences cannot confirm the gradient here"),
                    )
                    .component(i);
                    f.actual = Some(gi);
                    f.fd = estimate.map(|e| e.value);
                    f.fd_error = estimate.map(|e| e.error);
                    out.push(f);
                }
            }
        }
        out
    }
}
