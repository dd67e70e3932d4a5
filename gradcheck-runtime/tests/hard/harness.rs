//! The one file that talks to the engine. Everything else in this corpus describes functions
//! (a generic body, a hand-written gradient, a domain) and reads [`Outcome`]s; when the
//! runtime's API changes, only this file changes.
//!
//! Engine items used: `Function` (implemented by [`hard_fn!`]), `Spec`, `Layout`,
//! `__private::check_gradient`, `__private::finish`, `Report`/`Finding` (read once, in
//! [`outcome`]).

use gradcheck_runtime::__private::{check_gradient, finish};
use gradcheck_runtime::{Function, Layout, Report, Spec};
use num_dual::Dual64;
use std::ops::Range;

/// Implements the engine's `Function` for a unit struct from one generic body, the way
/// `#[gradient_checked]` does for an annotated function.
#[macro_export]
macro_rules! hard_fn {
    ($name:ident, |$x:ident| $body:expr) => {
        pub struct $name;
        impl gradcheck_runtime::Function for $name {
            type Real = f64;
            fn eval<D: gradcheck_runtime::Number<f64>>(&self, $x: &[D]) -> Vec<D> {
                vec![$body]
            }
        }
    };
}

/// A hand-written gradient over the flat input.
pub type Grad = fn(&[f64]) -> Vec<f64>;

/// Which false-alarm class a function belongs to (the numbering of the task that built it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// 1: the dual chain loses digits; the accurate hand-written derivative looks wrong.
    DualDigits,
    /// 2: the value is exactly constant in f64 while the derivative is not 0.
    FlatValue,
    /// 3: the value is a small difference of large terms (noisy).
    Cancellation,
    /// 4: cancelling sums written with `powi` (f64 and dual values differ in the last bits).
    PowiSums,
    /// 5: saturated `tanh` (num-dual's derivative 0 above ~19, NaN above ~710).
    Saturation,
    /// 6: inputs near 1e-10 with a pole at 0.
    NearPole,
    /// 7: a defensive assertion that a finite-difference step may violate.
    Defensive,
    /// 8: above 1000 inputs (fast mode).
    FastMode,
    /// 9: subnormal values.
    Subnormal,
    /// Ordinary but demanding: Newton solves, long sums, SI units, mixed scales, baselines.
    Other,
}

impl Class {
    /// The short label printed in tables and dumped to JSON.
    pub fn label(self) -> &'static str {
        match self {
            Class::DualDigits => "1-dual-digits",
            Class::FlatValue => "2-flat-value",
            Class::Cancellation => "3-cancellation",
            Class::PowiSums => "4-powi-sums",
            Class::Saturation => "5-saturation",
            Class::NearPole => "6-near-pole",
            Class::Defensive => "7-defensive",
            Class::FastMode => "8-fast-mode",
            Class::Subnormal => "9-subnormal",
            Class::Other => "0-other",
        }
    }
}

/// What the engine sees of a function, with its number types erased so that cases of every
/// function type fit in one list.
trait Erased: Sync {
    fn check(&self, spec: &Spec, grad: &(dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync)) -> Report;
    fn value(&self, x: &[f64]) -> f64;
    fn dual_gradient(&self, x: &[f64]) -> (f64, Vec<f64>);
}

impl<F: Function<Real = f64>> Erased for F {
    fn check(&self, spec: &Spec, grad: &(dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync)) -> Report {
        check_gradient(spec, self, Some(grad))
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.eval(x)[0]
    }

    /// One `Dual64` pass per component: slow for large inputs, but only the dump uses it.
    fn dual_gradient(&self, x: &[f64]) -> (f64, Vec<f64>) {
        let mut d: Vec<Dual64> = x.iter().map(|&v| Dual64::from(v)).collect();
        let value = self.eval(&d)[0].re;
        let grad = (0..x.len())
            .map(|i| {
                d[i] = Dual64::from(x[i]).derivative();
                let eps = self.eval(&d)[0].eps;
                d[i] = Dual64::from(x[i]);
                eps
            })
            .collect();
        (value, grad)
    }
}

/// One parameter of a case: its name, number of scalars and the box a user would give.
pub struct Param {
    pub name: &'static str,
    pub len: usize,
    pub domain: Option<Range<f64>>,
}

/// One function of the corpus.
pub struct Case {
    pub name: &'static str,
    pub class: Class,
    pub params: Vec<Param>,
    pub grad: Grad,
    f: Box<dyn Erased>,
}

/// Which gradient component a mutation scales.
#[derive(Clone, Copy, Debug)]
pub enum Component {
    /// Always this one.
    At(usize),
    /// At each point, the component of largest magnitude there (the easiest one to catch).
    Largest,
}

impl Component {
    /// The component index at a point whose hand-written gradient is `g`.
    pub fn resolve(self, g: &[f64]) -> usize {
        match self {
            Component::At(j) => j,
            Component::Largest => (0..g.len())
                .max_by(|&a, &b| g[a].abs().total_cmp(&g[b].abs()))
                .unwrap_or(0),
        }
    }
}

/// One finding, as far as the corpus needs to read it.
#[derive(Clone, Debug)]
pub struct Found {
    pub kind: String,
    pub error: bool,
    pub point: Vec<f64>,
    pub component: Option<usize>,
    pub message: String,
}

/// The result of one check.
pub struct Outcome {
    pub points: usize,
    pub findings: Vec<Found>,
    /// The engine's own rendering, for assertion messages.
    pub text: String,
}

impl Outcome {
    pub fn errors(&self) -> impl Iterator<Item = &Found> {
        self.findings.iter().filter(|f| f.error)
    }
}

fn outcome(r: &Report) -> Outcome {
    Outcome {
        points: r.points_checked(),
        findings: r
            .findings()
            .iter()
            .map(|f| Found {
                kind: f.kind.name().to_owned(),
                error: f.is_error(),
                point: f.point.clone(),
                component: f.component,
                message: f.message.clone(),
            })
            .collect(),
        text: r.to_string(),
    }
}

impl Case {
    /// A case with no parameters yet: add them with [`Case::flat`] or [`Case::param`].
    pub fn new<F: Function<Real = f64> + 'static>(
        name: &'static str,
        class: Class,
        f: F,
        grad: Grad,
    ) -> Case {
        Case {
            name,
            class,
            params: Vec::new(),
            grad,
            f: Box::new(f),
        }
    }

    /// One sequence parameter `x` of `n` scalars drawn from `domain`.
    pub fn flat(self, n: usize, domain: Range<f64>) -> Case {
        self.param("x", n, Some(domain))
    }

    /// Appends a parameter (`domain: None` keeps the engine's default box).
    pub fn param(mut self, name: &'static str, len: usize, domain: Option<Range<f64>>) -> Case {
        self.params.push(Param { name, len, domain });
        self
    }

    /// The number of differentiable scalars.
    pub fn n(&self) -> usize {
        self.params.iter().map(|p| p.len).sum()
    }

    fn spec(&self, samples: Option<usize>, seed: Option<u64>) -> Spec {
        let mut layout = Layout::new();
        for p in &self.params {
            layout = if p.len == 1 && p.name != "x" {
                layout.scalar(p.name)
            } else {
                layout.array(p.name, p.len)
            };
        }
        let mut spec = Spec::new(format!("hard::{}", self.name), layout).checks(&["gradient"]);
        for p in &self.params {
            if let Some(d) = &p.domain {
                spec = spec.param_domain(p.name, d.clone());
            }
        }
        if let Some(k) = samples {
            spec = spec.samples(k);
        }
        if let Some(s) = seed {
            spec = spec.seed(s);
        }
        spec
    }

    /// The points the engine checks (the same `GRADCHECK_SAMPLES`/`GRADCHECK_SEED` apply).
    pub fn points(&self, samples: Option<usize>, seed: Option<u64>) -> Vec<Vec<f64>> {
        self.spec(samples, seed).points()
    }

    /// The check of the hand-written gradient (`None`: the engine's defaults and overrides).
    pub fn check(&self, samples: Option<usize>, seed: Option<u64>) -> Outcome {
        let grad = |x: &[f64]| vec![(self.grad)(x)];
        outcome(&self.f.check(&self.spec(samples, seed), &grad))
    }

    /// The check with the hand-written gradient's component `which` multiplied by `1 + r`.
    pub fn check_mutated(
        &self,
        samples: Option<usize>,
        seed: Option<u64>,
        which: Component,
        r: f64,
    ) -> Outcome {
        let grad = |x: &[f64]| {
            let mut g = (self.grad)(x);
            let j = which.resolve(&g);
            g[j] *= 1.0 + r;
            vec![g]
        };
        outcome(&self.f.check(&self.spec(samples, seed), &grad))
    }

    /// What a generated test does: check at the defaults, write the JSON report into
    /// `GRADCHECK_REPORT_DIR` when set, and panic with the report on any error finding.
    pub fn assert_no_error(&self) {
        let spec = self.spec(None, None);
        let grad = |x: &[f64]| vec![(self.grad)(x)];
        let report = self.f.check(&spec, &grad);
        finish(&spec, "gradient", report);
    }

    /// The value at f64.
    pub fn value(&self, x: &[f64]) -> f64 {
        self.f.value(x)
    }

    /// The value computed with dual numbers, and the exact derivative of the code as written.
    pub fn dual_gradient(&self, x: &[f64]) -> (f64, Vec<f64>) {
        self.f.dual_gradient(x)
    }
}

/// Declares a module's cases once: `pub fn cases()` for the tools, and one `#[test]` per case
/// (in a `test` submodule, named like the case) asserting no error finding at the defaults.
#[macro_export]
macro_rules! corpus {
    ($($case:ident),* $(,)?) => {
        /// Every case of this module.
        pub fn cases() -> Vec<$crate::harness::Case> {
            vec![$($case()),*]
        }

        mod test {
            $(
                #[test]
                fn $case() {
                    super::$case().assert_no_error();
                }
            )*
        }
    };
}
