//! Every signature shape `#[gradient_checked]` accepts, each with a correct hand-written
//! derivative (its generated tests pass) and a wrong one.
//!
//! A wrong derivative's generated test would fail, and a suite that is expected to fail cannot
//! tell a caught bug from a broken macro. So every `*_bug` function is annotated with
//! `allow(mismatch)` (or `allow(hessian_mismatch)`): the contract's way to turn a finding into a
//! warning. Its generated test then passes, and the test beside it asks the generated
//! `<name>::gradient_report()` whether the finding was still made, at the right component. The
//! conformance suite covers the other half: an error-severity finding fails the test.
#![allow(dead_code)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report, Severity};

/// The components of the flat input (and outputs, for Jacobians) that got a finding of `kind`.
fn flagged(report: &Report, kind: Kind) -> Vec<(Option<usize>, Option<usize>)> {
    let mut hits: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| (f.output, f.component))
        .collect();
    hits.sort();
    hits.dedup();
    hits
}

/// The report holds warnings of `kind` exactly at `want` and no error.
#[track_caller]
fn assert_caught(report: &Report, kind: Kind, want: &[(Option<usize>, Option<usize>)]) {
    assert!(
        report.passed(),
        "an allowed finding does not fail the check:\n{report}"
    );
    assert!(report
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .all(|f| f.severity == Severity::Warning));
    assert_eq!(flagged(report, kind), want, "\n{report}");
}

/// Scalar parameters; the gradient is a tuple.
mod scalars {
    use super::*;

    fn grad(x: f64, y: f64) -> (f64, f64) {
        (2.0 * x * y, x * x + 3.0)
    }
    fn grad_bug(x: f64, y: f64) -> (f64, f64) {
        (2.0 * x * y, x * x)
    }

    #[gradient_checked(samples = 6, domain = -2.0..2.0, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
        x * x * y + y * 3.0
    }

    #[gradient_checked(samples = 6, domain = -2.0..2.0, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
        x * x * y + y * 3.0
    }

    #[test]
    fn the_wrong_component_is_found() {
        assert_caught(&bug::gradient_report(), Kind::Mismatch, &[(None, Some(1))]);
        assert!(ok::gradient_report().findings().is_empty());
    }
}

/// `[D; N]` by value, with another name for the type and no `Copy` bound.
mod array_by_value {
    use super::*;

    fn grad(p: [f64; 3]) -> [f64; 3] {
        [p[1], p[0] + 2.0 * p[2], 2.0 * p[1]]
    }
    fn grad_bug(p: [f64; 3]) -> [f64; 3] {
        [p[1], p[0] + 2.0 * p[2], p[1]]
    }

    #[gradient_checked(samples = 6, grad = grad)]
    fn ok<Num: DualNum<Primitive = f64>>(p: [Num; 3]) -> Num {
        p[0].clone() * p[1].clone() + p[1].clone() * p[2].clone() * 2.0
    }

    #[gradient_checked(samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<Num: DualNum<Primitive = f64>>(p: [Num; 3]) -> Num {
        p[0].clone() * p[1].clone() + p[1].clone() * p[2].clone() * 2.0
    }

    #[test]
    fn the_wrong_component_is_found() {
        assert_caught(&bug::gradient_report(), Kind::Mismatch, &[(None, Some(2))]);
    }
}

/// `&[D; N]` with the bound in a where clause, explicit points given flat.
mod array_by_reference {
    use super::*;

    fn grad(p: &[f64; 2]) -> [f64; 2] {
        [p[1].cos(), -p[0] * p[1].sin()]
    }
    fn grad_bug(p: &[f64; 2]) -> [f64; 2] {
        [p[1].cos(), p[0] * p[1].sin()]
    }

    #[gradient_checked(at = [0.5, 1.0], samples = 4, grad = grad)]
    fn ok<T>(p: &[T; 2]) -> T
    where
        T: DualNum<Primitive = f64> + Copy,
    {
        p[0] * p[1].cos()
    }

    #[gradient_checked(at = [[0.5, 1.0]], samples = 4, grad = grad_bug, allow(mismatch))]
    fn bug<T>(p: &[T; 2]) -> T
    where
        T: DualNum<Primitive = f64> + Copy,
    {
        p[0] * p[1].cos()
    }

    #[test]
    fn the_wrong_component_is_found() {
        assert_caught(&bug::gradient_report(), Kind::Mismatch, &[(None, Some(1))]);
        // One explicit point and four random ones, and the special points that come with
        // random ones.
        let r = ok::gradient_report();
        assert!(r.points_checked() > 5, "{r}");
        assert!(
            r.notes().iter().any(|n| n.starts_with("points: 4 random")),
            "{r}"
        );
    }
}

/// `[D; N]` with a constant length.
mod array_of_constant_length {
    use super::*;

    const N: usize = 4;

    fn grad(p: &[f64; N]) -> [f64; N] {
        std::array::from_fn(|i| 2.0 * p[i])
    }

    #[gradient_checked(at = [[1.0, 2.0, 3.0, 4.0]], samples = 2, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(p: &[D; N]) -> D {
        p.iter().map(|&v| v * v).sum()
    }
}

/// `&[D]` sized by `dims`, and by what the points leave.
mod slices {
    use super::*;

    fn grad(x: &[f64]) -> Vec<f64> {
        x.iter().map(|v| v.exp()).collect()
    }
    fn grad_bug(x: &[f64]) -> Vec<f64> {
        x.iter()
            .enumerate()
            .map(|(i, v)| if i == 3 { v.exp() + 0.1 } else { v.exp() })
            .collect()
    }

    #[gradient_checked(dims(x = 5), samples = 4, grad = grad)]
    fn by_dims<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
        x.iter().map(|v| v.exp()).sum()
    }

    #[gradient_checked(at = [[0.1, 0.2, 0.3, 0.4]], grad = grad_bug, allow(mismatch))]
    fn by_points_bug<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
        x.iter().map(|v| v.exp()).sum()
    }

    #[test]
    fn lengths_reach_the_layout() {
        assert_eq!(by_dims::gradient_report().findings().len(), 0);
        assert_caught(
            &by_points_bug::gradient_report(),
            Kind::Mismatch,
            &[(None, Some(3))],
        );
    }
}

/// `Vec<D>`, and a parameter mix with data: the gradient is flat, in parameter order.
mod vec_and_mix {
    use super::*;

    static XS: [f64; 3] = [0.5, 1.0, 2.0];

    fn grad_vec(v: Vec<f64>) -> Vec<f64> {
        v.iter().map(|x| 3.0 * x * x).collect()
    }

    #[gradient_checked(dims(v = 3), samples = 4, grad = grad_vec)]
    fn cubes<D: DualNum<Primitive = f64> + Copy>(v: Vec<D>) -> D {
        v.into_iter().map(|x| x.powi(3)).sum()
    }

    /// f = a * sum(xs) + w0 * w1 + sum(v^2); flat input [a, w0, w1, v0, v1].
    fn grad_mix(a: f64, w: &[f64; 2], v: Vec<f64>, xs: &[f64]) -> Vec<f64> {
        let _ = a;
        let mut g = vec![xs.iter().sum(), w[1], w[0]];
        g.extend(v.iter().map(|x| 2.0 * x));
        g
    }
    fn grad_mix_bug(a: f64, w: &[f64; 2], v: Vec<f64>, xs: &[f64]) -> Vec<f64> {
        let mut g = grad_mix(a, w, v, xs);
        g[4] *= 2.0;
        g
    }

    #[gradient_checked(dims(v = 2), samples = 4, data(xs = &XS), grad = grad_mix)]
    fn mix<D: DualNum<Primitive = f64> + Copy>(a: D, w: &[D; 2], v: Vec<D>, xs: &[f64]) -> D {
        a * xs.iter().sum::<f64>() + w[0] * w[1] + v.iter().map(|&x| x * x).sum::<D>()
    }

    #[gradient_checked(dims(v = 2), samples = 4, data(xs = &XS), grad = grad_mix_bug, allow(mismatch))]
    fn mix_bug<D: DualNum<Primitive = f64> + Copy>(a: D, w: &[D; 2], v: Vec<D>, xs: &[f64]) -> D {
        a * xs.iter().sum::<f64>() + w[0] * w[1] + v.iter().map(|&x| x * x).sum::<D>()
    }

    #[test]
    fn the_flat_index_spans_every_parameter() {
        assert_caught(
            &mix_bug::gradient_report(),
            Kind::Mismatch,
            &[(None, Some(4))],
        );
    }
}

/// Vector outputs: the Jacobian, one row per output.
mod jacobians {
    use super::*;

    fn jac(r: f64, t: f64) -> [[f64; 2]; 2] {
        [[t.cos(), -r * t.sin()], [t.sin(), r * t.cos()]]
    }
    fn jac_bug(r: f64, t: f64) -> Vec<Vec<f64>> {
        vec![vec![t.cos(), -r * t.sin()], vec![t.sin(), t.cos()]]
    }

    #[gradient_checked(samples = 6, domain(r = 1.5..3.0, t = -3.0..3.0), grad = jac)]
    fn polar<D: DualNum<Primitive = f64> + Copy>(r: D, t: D) -> [D; 2] {
        [r * t.cos(), r * t.sin()]
    }

    #[gradient_checked(samples = 6, domain(r = 1.5..3.0, t = -3.0..3.0), grad = jac_bug, allow(mismatch))]
    fn polar_bug<D: DualNum<Primitive = f64> + Copy>(r: D, t: D) -> Vec<D> {
        vec![r * t.cos(), r * t.sin()]
    }

    #[test]
    fn the_wrong_entry_is_found() {
        assert_caught(
            &polar_bug::gradient_report(),
            Kind::Mismatch,
            &[(Some(1), Some(1))],
        );
    }
}

/// Hessians and references, with the user's functions named like the generated tests.
mod hessians_and_references {
    use super::*;

    fn gradient(p: &[f64; 2]) -> [f64; 2] {
        [2.0 * p[0] * p[1], p[0] * p[0]]
    }
    fn hessian(p: &[f64; 2]) -> [[f64; 2]; 2] {
        [[2.0 * p[1], 2.0 * p[0]], [2.0 * p[0], 0.0]]
    }
    fn hessian_bug(p: &[f64; 2]) -> Vec<Vec<f64>> {
        vec![vec![2.0 * p[1], 2.0 * p[0]], vec![2.0 * p[0], 1.0]]
    }
    fn reference(p: &[f64; 2]) -> f64 {
        p[0].powi(2) * p[1]
    }

    #[gradient_checked(samples = 4, grad = gradient, hessian = hessian, reference = reference)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
        p[0] * p[0] * p[1]
    }

    #[gradient_checked(samples = 4, hessian = hessian_bug, allow(hessian_mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
        p[0] * p[0] * p[1]
    }

    fn naive_pair(x: f64) -> [f64; 2] {
        [x.sin(), x.cos() + 1e-3]
    }

    #[gradient_checked(samples = 4, reference = naive_pair, allow(reference_mismatch))]
    fn pair_bug<D: DualNum<Primitive = f64> + Copy>(x: D) -> [D; 2] {
        [x.sin(), x.cos()]
    }

    #[test]
    fn hessian_and_reference_findings_are_reported() {
        let h = bug::hessian_report();
        assert!(
            h.findings().iter().any(|f| f.kind == Kind::HessianMismatch
                && f.component == Some(1)
                && f.column == Some(1)),
            "{h}"
        );
        assert!(h.passed(), "{h}");
        let r = pair_bug::reference_report();
        assert!(
            r.findings()
                .iter()
                .any(|f| f.kind == Kind::ReferenceMismatch),
            "{r}"
        );
        assert!(r.passed(), "{r}");
    }
}

/// Data parameters the generated code cannot name: `impl Trait`, other type parameters,
/// lifetimes; and a closure as the gradient.
mod inferred_types {
    use super::*;

    static XS: [f64; 2] = [1.0, 2.0];

    fn grad(_x: f64, k: f64) -> f64 {
        k
    }

    #[gradient_checked(samples = 4, data(k = 3.0), grad = grad)]
    fn scaled<D: DualNum<Primitive = f64> + Copy>(x: D, k: impl Into<f64> + Copy) -> D {
        x * k.into()
    }

    #[gradient_checked(samples = 4, data(f = |v: f64| v * 2.0), grad = |_x: f64, f: fn(f64) -> f64| f(1.0))]
    fn through<D: DualNum<Primitive = f64> + Copy, F: Fn(f64) -> f64>(x: D, f: F) -> D {
        x * f(1.0)
    }

    fn grad_lifetime(x: f64, xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() * 2.0 * x
    }

    #[gradient_checked(samples = 4, data(xs = &XS), grad = grad_lifetime)]
    #[allow(clippy::needless_lifetimes)] // the named lifetime is what this case is about
    fn with_lifetime<'a, D: DualNum<Primitive = f64> + Copy>(x: D, xs: &'a [f64]) -> D {
        x * x * xs.iter().sum::<f64>()
    }
}

/// Every attribute key at once, every finding kind allowed (a kind the runtime adds but the
/// macro does not know fails to compile here), `pub` in a nested module with docs kept.
pub mod every_key {
    use super::*;

    fn grad(p: &[f64; 2]) -> [f64; 2] {
        [2.0 * p[0], 2.0 * p[1]]
    }

    /// Docs and other attributes stay on the function.
    #[gradient_checked(
        at = [[1.0, 2.0], [-0.0, 0.5]], samples = 3, domain = -4.5..4.5, domain(p = -1..1), seed = 7,
        grad = grad, rtol = 1e-6, atol = 1e-9, norm(min = 1e-12, max = 1e8), mode = fast, directions = 2,
        allow(mismatch, hessian_mismatch, ad_mismatch, reference_mismatch, nonfinite_value,
              nonfinite_derivative, kink, discontinuity, unbounded_derivative, unstable,
              vanishing_gradient, exploding_gradient, nondeterministic, panic),
    )]
    #[inline]
    pub fn sq<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
        p[0] * p[0] + p[1] * p[1]
    }

    #[test]
    fn the_keys_reach_the_spec() {
        let r = sq::gradient_report();
        assert_eq!(r.seed(), 7);
        // Two explicit points and three random ones, and the special points that come with
        // random ones.
        assert!(r.points_checked() > 5, "{r}");
        assert!(
            r.notes().iter().any(|n| n.starts_with("points: 3 random")),
            "{r}"
        );
        assert!(
            r.function().ends_with("signatures::every_key::sq"),
            "{}",
            r.function()
        );
        assert_eq!(sq(&[1.0, 2.0]), 5.0, "the function itself is untouched");
    }
}

/// `#[cfg_attr(test, gradient_checked(..))]`, for crates that keep the runtime a dev-dependency.
mod cfg_attr_form {
    use super::*;

    #[cfg_attr(test, gradient_checked(samples = 3))]
    fn cube<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x * x * x
    }

    #[test]
    fn the_tests_exist() {
        assert!(cube::gradient_report().passed());
    }
}

/// Associated functions: `#[gradient_checked]` on the `impl` block.
mod associated {
    use super::*;

    pub struct Model;

    impl Model {
        const N: usize = 2;

        fn grad(p: &[f64; 2]) -> [f64; 2] {
            [p[1], p[0]]
        }
    }

    #[gradient_checked]
    impl Model {
        /// A method-like loss, checked through `<Model>::product`.
        #[gradient_checked(samples = 4, grad = Self::grad)]
        pub fn product<D: DualNum<Primitive = f64> + Copy>(p: &[D; Self::N]) -> D {
            p[0] * p[1]
        }

        #[cfg_attr(test, gradient_checked(samples = 4, grad = Self::grad, allow(mismatch)))]
        fn product_bug<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
            p[0] * p[1] * 2.0
        }

        fn untouched(&self) -> usize {
            Self::N
        }
    }

    pub trait Loss {
        fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D;
    }

    #[gradient_checked]
    impl Loss for Model {
        #[gradient_checked(samples = 3, grad = |x: f64| 2.0 * x)]
        fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
            x * x
        }
    }

    #[test]
    fn associated_functions_are_checked() {
        assert_caught(
            &product_bug::gradient_report(),
            Kind::Mismatch,
            &[(None, Some(0)), (None, Some(1))],
        );
        let r = product::gradient_report();
        assert!(
            r.function().ends_with("associated::Model::product"),
            "{}",
            r.function()
        );
        assert_eq!(Model.untouched(), 2);
    }
}
