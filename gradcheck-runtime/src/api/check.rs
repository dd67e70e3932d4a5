//! The runtime entry for functions that cannot be generic: a closure over `f64` (or `f32`)
//! and derivatives from anywhere, checked by the same engine as the attribute, with finite
//! differences as the only witness.

use crate::checks;
use crate::engine::subject::{Matrix, Plain};
use crate::precision::Real;
use crate::report::finding::Kind;
use crate::report::{output, Report};
use crate::spec::{Mode, Spec};
use crate::Layout;
use std::ops::Range;

type Values<'a, R> = Box<dyn Fn(&[R]) -> Vec<R> + Sync + 'a>;
type Rows<'a, R> = Box<dyn Fn(&[R]) -> Vec<Vec<R>> + Sync + 'a>;

/// A check of derivatives from any source (another library's autodiff, a hand-written
/// backprop) against finite differences, for a function over plain `f64` or `f32`.
///
/// Everything the attribute does that does not need dual numbers, `Check` does too: a
/// gradient ([`Check::new`] and [`Check::gradient`]) or a Jacobian ([`Check::vector`] and
/// [`Check::jacobian`]), a Hessian, explicit and random points, full and fast mode (fast by
/// default above 1000 inputs), tolerances, allowances, and the JSON report in
/// `GRADCHECK_REPORT_DIR` (`<name>.json`, `::` replaced by `.`). `GRADCHECK_SEED` and
/// `GRADCHECK_SAMPLES` apply. Without dual numbers the tolerance comes from the finite
/// differences' own error estimate: at smooth points about 1e-9 relative in `f64`.
///
/// The closures must be `Sync`: points are checked in parallel.
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
///
/// // A wrong component is named.
/// let bad = Check::new("sin_times", f)
///     .gradient(|x: &[f64]| vec![x[0].cos() * x[1], 1.001 * x[0].sin()])
///     .at(&[1.0, 2.0])
///     .run();
/// assert_eq!(bad.errors().next().unwrap().component, Some(1));
/// ```
pub struct Check<'a, R: Real = f64> {
    f: Values<'a, R>,
    derivative: Option<Rows<'a, R>>,
    hessian: Option<Rows<'a, R>>,
    /// Everything else; its layout is set at `run`, from `dims` or the first explicit point.
    spec: Spec,
    dims: Option<usize>,
}

impl<'a, R: Real> Check<'a, R> {
    /// A check of the scalar function `f`, reported under `name` (a path such as
    /// `my_crate::loss` names the report file `my_crate.loss.json`).
    pub fn new(name: impl Into<String>, f: impl Fn(&[R]) -> R + Sync + 'a) -> Self {
        Self::build(name, Box::new(move |x: &[R]| vec![f(x)]))
    }

    /// A check of the vector function `f` (residuals, a layer's outputs) and its Jacobian.
    ///
    /// ```
    /// use gradcheck_runtime::Check;
    /// let r = Check::vector("doc::polar", |x: &[f64]| vec![x[0] * x[1].cos(), x[0] * x[1].sin()])
    ///     .jacobian(|x: &[f64]| vec![
    ///         vec![x[1].cos(), -x[0] * x[1].sin()],
    ///         vec![x[1].sin(), x[0] * x[1].cos()],
    ///     ])
    ///     .dims(2)
    ///     .run();
    /// assert!(r.passed(), "{r}");
    /// ```
    pub fn vector(name: impl Into<String>, f: impl Fn(&[R]) -> Vec<R> + Sync + 'a) -> Self {
        Self::build(name, Box::new(f))
    }

    fn build(name: impl Into<String>, f: Values<'a, R>) -> Self {
        Check {
            f,
            derivative: None,
            hessian: None,
            spec: Spec::new(name, Layout::new()),
            dims: None,
        }
    }

    /// The gradient under test, one value per input.
    pub fn gradient(mut self, g: impl Fn(&[R]) -> Vec<R> + Sync + 'a) -> Self {
        self.derivative = Some(Box::new(move |x: &[R]| vec![g(x)]));
        self
    }

    /// The Jacobian under test, one row per output (for [`Check::vector`]).
    pub fn jacobian(mut self, j: impl Fn(&[R]) -> Vec<Vec<R>> + Sync + 'a) -> Self {
        self.derivative = Some(Box::new(j));
        self
    }

    /// The Hessian under test, `n` rows of `n`. Finite differences of the gradient (when one
    /// is given, else of the value) are its witness.
    ///
    /// ```
    /// use gradcheck_runtime::Check;
    /// let r = Check::new("doc::cube", |x: &[f64]| x[0].powi(3) * x[1])
    ///     .gradient(|x: &[f64]| vec![3.0 * x[0] * x[0] * x[1], x[0].powi(3)])
    ///     .hessian(|x: &[f64]| vec![vec![6.0 * x[0] * x[1], 3.0 * x[0] * x[0]], vec![3.0 * x[0] * x[0], 0.0]])
    ///     .dims(2)
    ///     .run();
    /// assert!(r.passed(), "{r}");
    /// ```
    pub fn hessian(mut self, h: impl Fn(&[R]) -> Vec<Vec<R>> + Sync + 'a) -> Self {
        self.hessian = Some(Box::new(h));
        self
    }

    /// An explicit point (its length sets the number of inputs when `dims` is not given).
    pub fn at(mut self, point: &[R]) -> Self {
        let point: Vec<f64> = point.iter().map(|v| v.widen()).collect();
        self.spec = self.spec.at(&point);
        self
    }

    /// The number of inputs, for random points when no explicit point gives it.
    pub fn dims(mut self, n: usize) -> Self {
        self.dims = Some(n);
        self
    }

    /// The number of random points (default without `at`: at least 16, more where points are
    /// cheap, from a budget counted in evaluations; with `at`: 0).
    pub fn samples(mut self, n: usize) -> Self {
        self.spec = self.spec.samples(n);
        self
    }

    /// The box random points are drawn from (default `-1.0..1.0`, and then exploration points
    /// beyond it, where only a wrong derivative fails the check).
    pub fn domain(mut self, range: Range<f64>) -> Self {
        self.spec = self.spec.domain(range);
        self
    }

    /// The seed of the random points and directions (`GRADCHECK_SEED` overrides it).
    pub fn seed(mut self, seed: u64) -> Self {
        self.spec = self.spec.seed(seed);
        self
    }

    /// Full (every component) or fast (random directions) mode; by default full up to 1000
    /// inputs and fast above.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.spec = self.spec.mode(mode);
        self
    }

    /// Random directions per point in fast mode (default 8).
    pub fn directions(mut self, k: usize) -> Self {
        self.spec = self.spec.directions(k);
        self
    }

    /// The relative tolerance of a derivative under test, applied as given.
    pub fn rtol(mut self, rtol: f64) -> Self {
        self.spec = self.spec.rtol(rtol);
        self
    }

    /// The absolute tolerance of a derivative under test, applied as given.
    pub fn atol(mut self, atol: f64) -> Self {
        self.spec = self.spec.atol(atol);
        self
    }

    /// Turns findings of `kind` into warnings.
    pub fn allow(mut self, kind: Kind) -> Self {
        self.spec = self.spec.allow(kind);
        self
    }

    /// Runs the check, writes its JSON into `GRADCHECK_REPORT_DIR` when that is set, and
    /// returns the report. Assert `report.passed()` to fail a test on an error finding.
    ///
    /// # Panics
    ///
    /// When neither `at` nor `dims` says how many inputs the function takes.
    #[track_caller]
    pub fn run(&self) -> Report {
        let n = match self.dims.or(self.spec.explicit.first().map(Vec::len)) {
            Some(n) => n,
            None => panic!(
                "Check `{}`: how many inputs does the function take? Give `.dims(n)` (random points) or an explicit point with `.at(&[...])`",
                self.spec.function()
            ),
        };
        let mut spec = self.spec.clone();
        spec.layout = Layout::flat(n);
        spec.caller = Some(std::panic::Location::caller());
        let subject = Plain::new(&*self.f);
        let widen = |rows: Vec<Vec<R>>| -> Matrix {
            rows.into_iter()
                .map(|r| r.into_iter().map(|v| v.widen()).collect())
                .collect()
        };
        let narrow = |x: &[f64]| -> Vec<R> { x.iter().map(|&v| R::of(v)).collect() };
        let derivative = self
            .derivative
            .as_ref()
            .map(|d| move |x: &[f64]| widen(d(&narrow(x))));
        let grad = derivative
            .as_ref()
            .map(|d| d as &(dyn Fn(&[f64]) -> Matrix + Sync));
        let names: &[&str] = if self.hessian.is_some() {
            &["gradient", "hessian"]
        } else {
            &["gradient"]
        };
        let spec = spec.checks(names);
        let report = checks::gradient(&spec, &subject, grad);
        output::write(&spec, "gradient", &report);
        let Some(h) = &self.hessian else {
            return report;
        };
        let hessian = move |x: &[f64]| widen(h(&narrow(x)));
        // The first row of the derivative under test witnesses the Hessian (a function with
        // several outputs has no Hessian: the check says so).
        let second = checks::hessian(&spec, &subject, &hessian, grad);
        output::write(&spec, "hessian", &second);
        let first = output::merge(None, &spec, "gradient", &report);
        output::merge(Some(first), &spec, "hessian", &second)
    }
}
