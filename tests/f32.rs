//! Single precision through the attribute: `DualNum<Primitive = f32>` functions in every
//! parameter form the `f64` path takes, with `f32` gradients, Jacobians, Hessians, references
//! and data; each correct derivative passes and a planted bug is caught and named. Then a
//! function written over any primitive and checked with `precision = f32`: what `f32` loses
//! against `f64` is a `precision_loss` warning, and a hand-written value that is right but
//! differs from the `f32` dual derivative only by what `f32` cannot represent is one too,
//! not a `mismatch`.
#![allow(dead_code, non_snake_case, clippy::ptr_arg)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};
use nalgebra::{DMatrix, SVector};

/// The names of the mismatches a report holds, each once.
fn mismatches(report: &Report) -> Vec<String> {
    let mut named: Vec<String> = report
        .findings()
        .iter()
        .filter(|f| f.kind == Kind::Mismatch)
        .map(|f| f.name.clone().unwrap_or_default())
        .collect();
    named.sort();
    named.dedup();
    named
}

/// `ok` passes without errors and `bug` is caught at exactly `name`.
#[track_caller]
fn caught(ok: Report, bug: Report, name: &str) {
    assert!(ok.passed() && ok.errors().count() == 0, "{ok}");
    assert_eq!(mismatches(&bug), [name.to_string()], "\n{bug}");
}

/// Scalars with a tuple gradient, an `f32` Hessian and an `f32` reference.
mod scalars {
    use super::*;
    fn grad(x: f32, y: f32) -> (f32, f32) {
        (y * x.cos() + 2.0 * x, x.sin())
    }
    fn grad_bug(x: f32, y: f32) -> (f32, f32) {
        (y * x.cos() + 2.0 * x, x.sin() * 1.001) // planted: 1e-3 relative
    }
    fn hessian(x: f32, y: f32) -> [[f32; 2]; 2] {
        [[2.0 - y * x.sin(), x.cos()], [x.cos(), 0.0]]
    }
    fn reference(x: f32, y: f32) -> f32 {
        y * x.sin() + x * x
    }
    #[gradient_checked(samples = 8, domain = -2.0..2.0, grad = grad, hessian = hessian, reference = reference)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(x: D, y: D) -> D {
        y * x.sin() + x * x
    }
    #[gradient_checked(samples = 8, domain = -2.0..2.0, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(x: D, y: D) -> D {
        y * x.sin() + x * x
    }
    #[test]
    fn y_is_named_and_the_hessian_and_reference_pass() {
        caught(ok::gradient_report(), bug::gradient_report(), "y");
        let h = ok::hessian_report();
        assert!(h.passed(), "{h}");
        let r = ok::reference_report();
        assert!(r.passed(), "{r}");
    }
}

/// `&[D; 3]` at flat points (`f32` numbers: 0.1 is checked as 0.1f32).
mod array {
    use super::*;
    fn grad(p: &[f32; 3]) -> [f32; 3] {
        [p[1] * p[2], p[0] * p[2], p[0] * p[1]]
    }
    fn grad_bug(p: &[f32; 3]) -> [f32; 3] {
        [p[1] * p[2], p[0] * p[2], p[0] * p[0]]
    }
    #[gradient_checked(at = [[0.1, 0.2, 0.3], [1.5, -0.5, 2.0]], grad = grad)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(p: &[D; 3]) -> D {
        p[0] * p[1] * p[2]
    }
    #[gradient_checked(at = [[0.1, 0.2, 0.3], [1.5, -0.5, 2.0]], grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(p: &[D; 3]) -> D {
        p[0] * p[1] * p[2]
    }
    #[test]
    fn p_2_is_named_at_f32_points() {
        let ok = ok::gradient_report();
        assert_eq!(ok.points_checked(), 2);
        caught(ok, bug::gradient_report(), "p[2]");
        let bug = bug::gradient_report();
        let point = &bug.findings()[0].point;
        assert!(point.iter().all(|&v| v == v as f32 as f64), "{point:?}");
    }
}

/// `&[D]` sized by `dims`, with `f32` data.
static W: [f32; 4] = [0.5, -1.0, 2.0, 0.25];

mod slice_with_data {
    use super::*;
    fn grad(x: &[f32], w: &[f32]) -> Vec<f32> {
        x.iter().zip(w).map(|(&v, &c)| c * v.exp()).collect()
    }
    fn grad_bug(x: &[f32], w: &[f32]) -> Vec<f32> {
        let mut g = grad(x, w);
        g[3] = x[3].exp(); // the weight dropped
        g
    }
    #[gradient_checked(dims(x = 4), samples = 8, domain = -1.0..1.0, grad = grad, data(w = &W))]
    fn ok<D: DualNum<Primitive = f32> + Copy>(x: &[D], w: &[f32]) -> D {
        x.iter().zip(w).map(|(&v, &c)| v.exp() * c).sum()
    }
    #[gradient_checked(dims(x = 4), samples = 8, domain = -1.0..1.0, grad = grad_bug, data(w = &W), allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(x: &[D], w: &[f32]) -> D {
        x.iter().zip(w).map(|(&v, &c)| v.exp() * c).sum()
    }
    #[test]
    fn x_3_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "x[3]");
    }
}

/// `Vec<[D; 2]>` by value, its points given as `f32` values with `at(p = ..)`.
mod vec_of_arrays {
    use super::*;
    fn grad(p: Vec<[f32; 2]>) -> Vec<[f32; 2]> {
        p.iter().map(|q| [q[1], q[0]]).collect()
    }
    fn grad_bug(p: Vec<[f32; 2]>) -> Vec<[f32; 2]> {
        let mut g = grad(p.clone());
        g[1][0] = p[1][0];
        g
    }
    #[gradient_checked(at(p = vec![[0.5, 1.0], [-0.3, 0.8]]), at(p = vec![[1.2, -0.7], [0.1, 0.4]]), grad = grad)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(p: Vec<[D; 2]>) -> D {
        p.iter().map(|q| q[0] * q[1]).sum()
    }
    #[gradient_checked(at(p = vec![[0.5, 1.0], [-0.3, 0.8]]), at(p = vec![[1.2, -0.7], [0.1, 0.4]]), grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(p: Vec<[D; 2]>) -> D {
        p.iter().map(|q| q[0] * q[1]).sum()
    }
    #[test]
    fn p_1_0_is_named_at_the_value_points() {
        caught(ok::gradient_report(), bug::gradient_report(), "p[1][0]");
    }
}

/// nalgebra: a `DMatrix` sized by `dims` beside an `SVector`, gradients in their own types.
mod nalgebra_forms {
    use super::*;
    fn grad(w: &DMatrix<f32>, v: &SVector<f32, 3>) -> (DMatrix<f32>, SVector<f32, 3>) {
        let u: Vec<f32> = (0..2)
            .map(|r| (0..3).map(|c| w[(r, c)] * v[c]).sum())
            .collect();
        let gw = DMatrix::from_fn(2, 3, |r, c| 2.0 * u[r] * v[c]);
        let gv = SVector::<f32, 3>::from_fn(|c, _| 2.0 * (u[0] * w[(0, c)] + u[1] * w[(1, c)]));
        (gw, gv)
    }
    fn grad_bug(w: &DMatrix<f32>, v: &SVector<f32, 3>) -> (DMatrix<f32>, SVector<f32, 3>) {
        let (mut gw, gv) = grad(w, v);
        gw[(1, 2)] = 0.0;
        (gw, gv)
    }
    /// |W v|².
    fn f<D: DualNum<Primitive = f32> + Copy>(w: &DMatrix<D>, v: &SVector<D, 3>) -> D {
        (0..2)
            .map(|r| {
                let u: D = (0..3).map(|c| w[(r, c)] * v[c]).sum();
                u * u
            })
            .sum()
    }
    #[gradient_checked(dims(w = [2, 3]), samples = 8, grad = grad)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(w: &DMatrix<D>, v: &SVector<D, 3>) -> D {
        f(w, v)
    }
    #[gradient_checked(dims(w = [2, 3]), samples = 8, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(w: &DMatrix<D>, v: &SVector<D, 3>) -> D {
        f(w, v)
    }
    #[test]
    fn w_1_2_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "w[1,2]");
    }
}

/// A derived struct with a carried field, a domain per field and a gradient of its own type.
#[derive(Clone, Debug, Differentiable)]
struct Kernel<D> {
    length_scale: D,
    amplitude: D,
    label: &'static str,
}

impl Default for Kernel<f32> {
    fn default() -> Self {
        Kernel {
            length_scale: 1.0,
            amplitude: 1.0,
            label: "se",
        }
    }
}

mod derived_struct {
    use super::*;
    const R: f32 = 0.7;
    fn grad(k: &Kernel<f32>) -> Kernel<f32> {
        let e = (-R * R / (2.0 * k.length_scale * k.length_scale)).exp();
        Kernel {
            length_scale: k.amplitude * e * R * R / k.length_scale.powi(3),
            amplitude: e,
            label: k.label,
        }
    }
    fn grad_bug(k: &Kernel<f32>) -> Kernel<f32> {
        let mut g = grad(k);
        g.length_scale /= k.length_scale; // one power too many
        g
    }
    fn f<D: DualNum<Primitive = f32> + Copy>(k: &Kernel<D>) -> D {
        assert_eq!(k.label, "se", "carried over from the template");
        let l2 = k.length_scale * k.length_scale * 2.0;
        k.amplitude * (-(l2.recip() * (R * R))).exp()
    }
    #[gradient_checked(shape(k = Kernel::default()), samples = 8, domain(k.length_scale = 0.5..3.0, k.amplitude = 0.1..2.0), grad = grad)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(k: &Kernel<D>) -> D {
        f(k)
    }
    #[gradient_checked(shape(k = Kernel::default()), samples = 8, domain(k.length_scale = 0.5..3.0, k.amplitude = 0.1..2.0), grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(k: &Kernel<D>) -> D {
        f(k)
    }
    #[test]
    fn the_length_scale_is_named() {
        caught(
            ok::gradient_report(),
            bug::gradient_report(),
            "k.length_scale",
        );
    }
}

/// A vector function: an `[D; 2]` output with an `[[f32; 2]; 2]` Jacobian, and an
/// `SVector<D, 2>` output checked against an `SVector<f32, 2>` reference.
mod vector_function {
    use super::*;
    fn jacobian(p: [f32; 2]) -> [[f32; 2]; 2] {
        [
            [p[1].cos(), -p[0] * p[1].sin()],
            [p[1].sin(), p[0] * p[1].cos()],
        ]
    }
    fn jacobian_bug(p: [f32; 2]) -> [[f32; 2]; 2] {
        let mut j = jacobian(p);
        j[1][1] = -j[1][1];
        j
    }
    #[gradient_checked(samples = 8, domain = 0.5..2.0, grad = jacobian)]
    fn ok<D: DualNum<Primitive = f32> + Copy>(p: [D; 2]) -> [D; 2] {
        [p[0] * p[1].cos(), p[0] * p[1].sin()]
    }
    #[gradient_checked(samples = 8, domain = 0.5..2.0, grad = jacobian_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f32> + Copy>(p: [D; 2]) -> [D; 2] {
        [p[0] * p[1].cos(), p[0] * p[1].sin()]
    }
    fn reference(p: &[f32; 2]) -> SVector<f32, 2> {
        SVector::<f32, 2>::new(p[0] * p[1].cos(), p[0] * p[1].sin())
    }
    #[gradient_checked(samples = 8, domain = 0.5..2.0, reference = reference)]
    fn polar<D: DualNum<Primitive = f32> + Copy>(p: &[D; 2]) -> SVector<D, 2> {
        SVector::<D, 2>::new(p[0] * p[1].cos(), p[0] * p[1].sin())
    }
    #[test]
    fn the_wrong_jacobian_entry_is_named_and_the_reference_passes() {
        let bug = bug::gradient_report();
        let wrong: Vec<_> = bug
            .findings()
            .iter()
            .filter(|f| f.kind == Kind::Mismatch)
            .collect();
        assert!(!wrong.is_empty(), "{bug}");
        assert!(
            wrong
                .iter()
                .all(|f| f.output == Some(1) && f.component == Some(1)),
            "{bug}"
        );
        let ok = ok::gradient_report();
        assert!(ok.passed(), "{ok}");
        let r = polar::reference_report();
        assert!(r.passed(), "{r}");
    }
}

/// Written over any primitive and checked in `f32` (`precision = f32`): the `f64` shadow
/// measures what `f32` loses.
mod precision {
    use super::*;

    /// (1 + x·c − 1)/c is x, but 1 + x·c keeps only about four of x's digits in f32.
    fn lossy<D: DualNum + Copy>(x: D, y: D) -> D {
        let (one, c) = (D::one(), D::from_f64(1e-4).unwrap());
        ((one + x * c) - one) / c + y * y
    }
    fn lossy_grad(_x: f32, y: f32) -> (f32, f32) {
        (1.0, 2.0 * y)
    }
    fn lossy_grad_bug(_x: f32, y: f32) -> (f32, f32) {
        (1.0, 2.0 * y * 1.001)
    }
    #[gradient_checked(samples = 8, domain = 1.0..2.0, grad = lossy_grad, precision = f32)]
    fn loses<D: DualNum + Copy>(x: D, y: D) -> D {
        lossy(x, y)
    }
    #[gradient_checked(samples = 8, domain = 1.0..2.0, grad = lossy_grad_bug, precision = f32, allow(mismatch))]
    fn loses_bug<D: DualNum + Copy>(x: D, y: D) -> D {
        lossy(x, y)
    }
    /// The same function checked in f64 (the default without `precision`): nothing is lost.
    fn lossy_grad64(_x: f64, y: f64) -> (f64, f64) {
        (1.0, 2.0 * y)
    }
    #[gradient_checked(samples = 8, domain = 1.0..2.0, grad = lossy_grad64)]
    fn in_f64<D: DualNum + Copy>(x: D, y: D) -> D {
        lossy(x, y)
    }

    #[test]
    fn the_value_s_lost_digits_are_a_warning_and_a_real_bug_stays_a_mismatch() {
        let r = loses::gradient_report();
        assert!(r.passed(), "{r}");
        let lost: Vec<_> = r
            .findings()
            .iter()
            .filter(|f| f.kind == Kind::PrecisionLoss)
            .collect();
        assert!(!lost.is_empty(), "{r}");
        assert!(
            lost.iter()
                .all(|f| f.component.is_none() && f.digits_lost.unwrap() > 1.9),
            "the value loses digits, the gradient does not: {r}"
        );
        assert!(r.to_json().contains("\"digits_lost\""));
        caught(loses::gradient_report(), loses_bug::gradient_report(), "y");
        let r64 = in_f64::gradient_report();
        assert!(r64.passed() && r64.findings().is_empty(), "{r64}");
    }

    /// A constant f32 cannot represent: 1.0000001 is 1 + 1.19e-7 in f32, so (a − 1)·1e7 is
    /// 1.19 in f32 where it is 1.0 in f64. The hand-written gradient (1.0) is right; the f32
    /// dual derivative is 19% off.
    fn offset<D: DualNum + Copy>(x: D, y: D) -> D {
        let a = D::from_f64(1.0000001).unwrap();
        x * (a - D::one()) * D::from_f64(1e7).unwrap() + y * y
    }
    fn offset_grad(_x: f32, y: f32) -> (f32, f32) {
        (1.0, 2.0 * y)
    }
    #[gradient_checked(samples = 8, domain = 1.0..2.0, grad = offset_grad, precision = f32)]
    fn unrepresentable<D: DualNum + Copy>(x: D, y: D) -> D {
        offset(x, y)
    }
    #[gradient_checked(samples = 8, domain = 1.0..2.0, grad = offset_grad, allow(mismatch))]
    fn unrepresentable_in_f32_only<D: DualNum<Primitive = f32> + Copy>(x: D, y: D) -> D {
        offset(x, y)
    }

    #[test]
    fn a_right_gradient_that_f32_cannot_carry_is_a_precision_loss_not_a_mismatch() {
        let r = unrepresentable::gradient_report();
        assert!(r.passed(), "{r}");
        let about_x: Vec<_> = r
            .findings()
            .iter()
            .filter(|f| f.kind == Kind::PrecisionLoss && f.component == Some(0))
            .collect();
        assert!(
            about_x.iter().all(|f| f.actual == Some(1.0)),
            "one finding per entry, about the hand-written value: {r}"
        );
        assert!(
            about_x.iter().all(|f| f.digits_lost.unwrap() > 6.0),
            "19% is 6.1 of f32's 6.9 digits: {r}"
        );
        assert!(about_x[0]
            .message
            .contains("agrees with the derivative computed in f64"));
        // Without an f64 evaluation there is nothing to tell rounding from a bug.
        let alone = unrepresentable_in_f32_only::gradient_report();
        assert_eq!(mismatches(&alone), ["x"], "{alone}");
    }
}
