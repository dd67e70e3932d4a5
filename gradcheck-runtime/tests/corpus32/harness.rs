//! The one file that talks to the engine. Every function of the corpus is written once over
//! any primitive ([`generic_fn!`]) and checked in `f32`, with its `f64` evaluation as the
//! shadow when `F32_CORPUS_SHADOW=1` (what `#[gradient_checked(precision = f32)]` does) and
//! without it otherwise (what `DualNum<Primitive = f32>` gets).

use gradcheck_runtime::__private::{check_gradient, check_gradient_shadowed, finish};
use gradcheck_runtime::{Function, Layout, Report, Spec};
use num_dual::{Dual32, Dual64};
use std::ops::Range;

/// Implements the engine's `Function` for a struct generic over the primitive from one body
/// generic over `D: DualNum` (its `Primitive` free), as the attribute does for a function
/// checked with `precision = f32`.
#[macro_export]
macro_rules! generic_fn {
    ($name:ident, |$x:ident| $body:expr) => {
        pub struct $name<R>(std::marker::PhantomData<R>);
        impl<R> Default for $name<R> {
            fn default() -> Self {
                $name(std::marker::PhantomData)
            }
        }
        impl<R: gradcheck_runtime::Real> gradcheck_runtime::Function for $name<R> {
            type Real = R;
            fn eval<D: gradcheck_runtime::Number<R>>(&self, $x: &[D]) -> Vec<D> {
                vec![$body]
            }
        }
    };
}

/// A hand-written `f32` gradient over the flat input.
pub type Grad = fn(&[f32]) -> Vec<f32>;

/// The function in `f32` and its `f64` shadow, with their types erased.
trait Erased: Sync {
    fn check(&self, spec: &Spec, grad: &(dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync)) -> Report;
    /// The dual gradient in `f32` (one `Dual32` pass per component) and in `f64`.
    fn duals(&self, x: &[f32]) -> (Vec<f32>, Vec<f64>);
}

struct Pair<A, B>(A, B);

impl<A: Function<Real = f32>, B: Function<Real = f64>> Erased for Pair<A, B> {
    fn duals(&self, x: &[f32]) -> (Vec<f32>, Vec<f64>) {
        let mut d32: Vec<Dual32> = x.iter().map(|&v| Dual32::from(v)).collect();
        let mut d64: Vec<Dual64> = x.iter().map(|&v| Dual64::from(f64::from(v))).collect();
        (0..x.len())
            .map(|i| {
                d32[i] = Dual32::from(x[i]).derivative();
                d64[i] = Dual64::from(f64::from(x[i])).derivative();
                let pair = (self.0.eval(&d32)[0].eps, self.1.eval(&d64)[0].eps);
                d32[i] = Dual32::from(x[i]);
                d64[i] = Dual64::from(f64::from(x[i]));
                pair
            })
            .unzip()
    }

    fn check(&self, spec: &Spec, grad: &(dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync)) -> Report {
        if shadowed() {
            check_gradient_shadowed(spec, &self.0, &self.1, Some(grad))
        } else {
            check_gradient(spec, &self.0, Some(grad))
        }
    }
}

/// Whether the checks run with the `f64` shadow (`F32_CORPUS_SHADOW=1`).
pub fn shadowed() -> bool {
    std::env::var("F32_CORPUS_SHADOW").is_ok_and(|v| v == "1")
}

/// One function of the corpus: `n` inputs drawn from `domain`, a correct `f32` gradient.
pub struct Case {
    pub name: &'static str,
    pub n: usize,
    pub domain: Range<f64>,
    pub grad: Grad,
    f: Box<dyn Erased>,
}

impl Case {
    /// `f` is the function in `f32`, `wide` the same in `f64`.
    pub fn new<A, B>(
        name: &'static str,
        n: usize,
        domain: Range<f64>,
        grad: Grad,
        f: A,
        wide: B,
    ) -> Case
    where
        A: Function<Real = f32> + 'static,
        B: Function<Real = f64> + 'static,
    {
        Case {
            name,
            n,
            domain,
            grad,
            f: Box::new(Pair(f, wide)),
        }
    }

    fn spec(&self, samples: Option<usize>) -> Spec {
        let mut spec = Spec::new(format!("corpus32::{}", self.name), Layout::flat(self.n))
            .domain(self.domain.clone())
            .checks(&["gradient"]);
        if let Some(k) = samples {
            spec = spec.samples(k);
        }
        spec
    }

    /// The random points the engine checks, in `f32` (`GRADCHECK_SAMPLES`/`GRADCHECK_SEED`
    /// apply).
    pub fn points(&self, samples: Option<usize>) -> Vec<Vec<f64>> {
        self.spec(samples)
            .points()
            .into_iter()
            .map(|p| p.into_iter().map(|v| v as f32 as f64).collect())
            .collect()
    }

    /// The check with the hand-written gradient's largest component multiplied by `1 + r`
    /// (`r = 0`: the correct gradient). The component is the largest at the point checked,
    /// also at the nearby points the rounding probe visits (the nearest point of `plan` within 1%): a
    /// planted bug stays in one entry, where two entries of nearly equal size would otherwise
    /// take turns.
    pub fn check(&self, samples: Option<usize>, r: f64, plan: &[Vec<f64>]) -> Report {
        let grad = |x: &[f64]| {
            let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let mut g: Vec<f64> = (self.grad)(&x32).into_iter().map(f64::from).collect();
            if r != 0.0 {
                // The nearest point of the plan (relative distance, largest over coordinates):
                // with inputs near 80 a 1% window holds several points of the plan.
                let distance = |p: &Vec<f64>| {
                    p.iter()
                        .zip(x)
                        .map(|(a, b)| (a - b).abs() / a.abs().max(b.abs()).max(f64::MIN_POSITIVE))
                        .fold(0.0f64, f64::max)
                };
                let near = plan
                    .iter()
                    .map(|p| (distance(p), p))
                    .filter(|(d, _)| *d <= 1e-2)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, p)| p);
                let j = match near {
                    Some(p) => {
                        let p32: Vec<f32> = p.iter().map(|&v| v as f32).collect();
                        let at: Vec<f64> = (self.grad)(&p32).into_iter().map(f64::from).collect();
                        largest(&at)
                    }
                    None => largest(&g),
                };
                g[j] = (g[j] * (1.0 + r)) as f32 as f64;
            }
            vec![g]
        };
        self.f.check(&self.spec(samples), &grad)
    }

    /// The `f32` and `f64` dual gradients at `x`.
    pub fn duals(&self, x: &[f32]) -> (Vec<f32>, Vec<f64>) {
        self.f.duals(x)
    }

    /// What a generated test does: check at the defaults, write the JSON report into
    /// `GRADCHECK_REPORT_DIR` when set, and panic with the report on any error finding.
    pub fn assert_no_error(&self) {
        let report = self.check(None, 0.0, &[]);
        finish(&self.spec(None), "gradient", report);
    }
}

/// The component of largest magnitude: where a planted error is easiest to see.
pub fn largest(g: &[f64]) -> usize {
    (0..g.len())
        .max_by(|&a, &b| g[a].abs().total_cmp(&g[b].abs()))
        .unwrap_or(0)
}

/// A case of the `f32` function `$f`, its `f64` twin the shadow.
#[macro_export]
macro_rules! case {
    ($f:ident, $name:literal, $n:expr, $domain:expr, $grad:expr) => {
        $crate::harness::Case::new(
            $name,
            $n,
            $domain,
            $grad,
            $f::<f32>::default(),
            $f::<f64>::default(),
        )
    };
}

/// Declares a module's cases once: `pub fn cases()` for the tools, and one `#[test]` per case
/// asserting no error finding at the defaults.
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
