//! Every parameter form the attribute takes (the guide's "Parameters as you write them")
//! through the attribute: a correct hand-written derivative that passes, and a planted bug that is caught
//! and named by its readable name (`w[1][0]`, `W[1,2]`, `ks[1].amplitude`). The bugs are
//! `allow(mismatch)`ed so their generated tests pass; the tests here read their reports.
#![allow(
    dead_code,
    non_snake_case,
    clippy::needless_range_loop,
    clippy::ptr_arg
)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};
use nalgebra::{DMatrix, DVector, SMatrix, SVector};

/// The names (and flat indices) of the mismatches a report holds, each once.
fn mismatches(report: &Report) -> Vec<(String, usize)> {
    let mut named: Vec<(String, usize)> = report
        .findings()
        .iter()
        .filter(|f| f.kind == Kind::Mismatch)
        .map(|f| (f.name.clone().unwrap_or_default(), f.component.unwrap()))
        .collect();
    named.sort();
    named.dedup();
    named
}

/// `ok` passes and `bug` is caught at exactly `name`, component `index`.
#[track_caller]
fn caught(ok: Report, bug: Report, name: &str, index: usize) {
    assert!(ok.passed() && ok.errors().count() == 0, "{ok}");
    assert_eq!(mismatches(&ok), []);
    assert_eq!(mismatches(&bug), [(name.to_string(), index)], "\n{bug}");
}

/// `&[[D; 3]; 2]`, row-major, with a `[[f64; 3]; 2]` gradient.
mod nested_array {
    use super::*;
    fn grad(w: &[[f64; 3]; 2]) -> [[f64; 3]; 2] {
        let mut g = [[0.0; 3]; 2];
        for i in 0..2 {
            for j in 0..3 {
                g[i][j] = 2.0 * (i + j + 1) as f64 * w[i][j];
            }
        }
        g[1][0] += w[1][0].cos();
        g
    }
    fn grad_bug(w: &[[f64; 3]; 2]) -> [[f64; 3]; 2] {
        let mut g = grad(w);
        g[1][0] -= 2.0 * w[1][0].cos(); // the sign of the cosine slipped
        g
    }
    fn f<D: DualNum<Primitive = f64> + Copy>(w: &[[D; 3]; 2]) -> D {
        let mut s = w[1][0].sin();
        for i in 0..2 {
            for j in 0..3 {
                s += w[i][j] * w[i][j] * (i + j + 1) as f64;
            }
        }
        s
    }
    #[gradient_checked(samples = 6, domain = -2.0..2.0, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(w: &[[D; 3]; 2]) -> D {
        f(w)
    }
    #[gradient_checked(samples = 6, domain = -2.0..2.0, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(w: &[[D; 3]; 2]) -> D {
        f(w)
    }
    #[test]
    fn w_1_0_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "w[1][0]", 3);
    }
}

/// `[[D; 2]; 2]` by value beside a scalar: a tuple gradient `([[f64; 2]; 2], f64)`.
mod array_and_scalar {
    use super::*;
    fn grad(w: [[f64; 2]; 2], t: f64) -> ([[f64; 2]; 2], f64) {
        let det = w[0][0] * w[1][1] - w[0][1] * w[1][0];
        let g = [[w[1][1] * t, -w[1][0] * t], [-w[0][1] * t, w[0][0] * t]];
        (g, det)
    }
    fn grad_bug(w: [[f64; 2]; 2], t: f64) -> ([[f64; 2]; 2], f64) {
        let (g, det) = grad(w, t);
        (g, det + t) // as if the loss were det·t + t²/2
    }
    #[gradient_checked(samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(w: [[D; 2]; 2], t: D) -> D {
        (w[0][0] * w[1][1] - w[0][1] * w[1][0]) * t
    }
    #[gradient_checked(samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(w: [[D; 2]; 2], t: D) -> D {
        (w[0][0] * w[1][1] - w[0][1] * w[1][0]) * t
    }
    #[test]
    fn the_scalar_after_the_array_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "t", 4);
    }
}

/// `&[[D; 2]]` sized by `dims`, with a `Vec<[f64; 2]>` gradient.
mod slice_of_arrays {
    use super::*;
    fn grad(p: &[[f64; 2]]) -> Vec<[f64; 2]> {
        p.iter().map(|q| [2.0 * q[0], q[1].exp()]).collect()
    }
    fn grad_bug(p: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut g = grad(p);
        g[2][1] = p[2][1].exp() * p[2][1]; // chain rule applied twice
        g
    }
    #[gradient_checked(dims(p = 3), samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(p: &[[D; 2]]) -> D {
        p.iter().map(|q| q[0] * q[0] + q[1].exp()).sum()
    }
    #[gradient_checked(dims(p = 3), samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(p: &[[D; 2]]) -> D {
        p.iter().map(|q| q[0] * q[0] + q[1].exp()).sum()
    }
    #[test]
    fn p_2_1_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "p[2][1]", 5);
    }
}

/// `Vec<[D; 2]>` by value, its points given as values with `at(p = ..)`.
mod vec_of_arrays {
    use super::*;
    fn grad(p: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
        p.iter().map(|q| [q[1], q[0]]).collect()
    }
    fn grad_bug(p: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
        let mut g = grad(p.clone());
        g[1][0] = p[1][0]; // the wrong factor of the product
        g
    }
    #[gradient_checked(at(p = vec![[0.5, 1.0], [-0.3, 0.8]]), at(p = vec![[1.2, -0.7], [0.1, 0.4]]), grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(p: Vec<[D; 2]>) -> D {
        p.iter().map(|q| q[0] * q[1]).sum()
    }
    #[gradient_checked(at(p = vec![[0.5, 1.0], [-0.3, 0.8]]), at(p = vec![[1.2, -0.7], [0.1, 0.4]]), grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(p: Vec<[D; 2]>) -> D {
        p.iter().map(|q| q[0] * q[1]).sum()
    }
    #[test]
    fn p_1_0_is_named_at_the_value_points() {
        let ok = ok::gradient_report();
        assert_eq!(
            ok.points_checked(),
            2,
            "the two `at(..)` points, no random ones"
        );
        caught(ok, bug::gradient_report(), "p[1][0]", 2);
    }
}

/// A ragged `Vec<Vec<D>>` shaped by `shape(..)`.
mod ragged {
    use super::*;
    fn grad(w: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        w.iter()
            .map(|row| row.iter().map(|v| v.cos()).collect())
            .collect()
    }
    fn grad_bug(w: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        let mut g = grad(w.clone());
        g[1][0] = -w[1][0].cos();
        g
    }
    #[gradient_checked(shape(w = vec![vec![0.0; 3], vec![0.0; 1]]), samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(w: Vec<Vec<D>>) -> D {
        w.iter().flatten().map(|v| v.sin()).sum()
    }
    #[gradient_checked(shape(w = vec![vec![0.0; 3], vec![0.0; 1]]), samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(w: Vec<Vec<D>>) -> D {
        w.iter().flatten().map(|v| v.sin()).sum()
    }
    #[test]
    fn the_short_row_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "w[1][0]", 3);
    }
}

/// `&Vec<D>` with the length from the flat points `at = [[..]]`.
mod vec_ref {
    use super::*;
    fn grad(w: &Vec<f64>) -> Vec<f64> {
        w.iter().map(|v| 3.0 * v * v).collect()
    }
    fn grad_bug(w: &Vec<f64>) -> Vec<f64> {
        let mut g = grad(w);
        g[2] *= 2.0;
        g
    }
    #[gradient_checked(at = [[0.5, -1.0, 2.0], [1.0, 1.5, -0.5]], grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(w: &Vec<D>) -> D {
        w.iter().map(|v| v.powi(3)).sum()
    }
    #[gradient_checked(at = [[0.5, -1.0, 2.0], [1.0, 1.5, -0.5]], grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(w: &Vec<D>) -> D {
        w.iter().map(|v| v.powi(3)).sum()
    }
    #[test]
    fn w_2_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "w[2]", 2);
    }
}

/// nalgebra's `SMatrix<D, 2, 3>`: column-major, named `W[row,column]`.
mod smatrix {
    use super::*;
    static X: [f64; 3] = [0.5, -1.0, 2.0];
    fn grad(W: &SMatrix<f64, 2, 3>, x: &[f64; 3]) -> SMatrix<f64, 2, 3> {
        let x = SVector::<f64, 3>::from_column_slice(x);
        let y = W * x;
        // ½|Wx|² has gradient (Wx) xᵀ.
        y * x.transpose()
    }
    fn grad_bug(W: &SMatrix<f64, 2, 3>, x: &[f64; 3]) -> SMatrix<f64, 2, 3> {
        let mut g = grad(W, x);
        g[(1, 2)] = g[(1, 1)]; // the neighbour's entry
        g
    }
    fn f<D: DualNum<Primitive = f64> + Copy>(W: &SMatrix<D, 2, 3>, x: &[f64; 3]) -> D {
        let mut s = D::from(0.0);
        for r in 0..2 {
            let y = (0..3).map(|c| W[(r, c)] * x[c]).sum::<D>();
            s += y * y * 0.5;
        }
        s
    }
    #[gradient_checked(samples = 6, grad = grad, data(x = &X))]
    fn ok<D: DualNum<Primitive = f64> + Copy>(W: &SMatrix<D, 2, 3>, x: &[f64; 3]) -> D {
        f(W, x)
    }
    #[gradient_checked(samples = 6, grad = grad_bug, data(x = &X), allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(W: &SMatrix<D, 2, 3>, x: &[f64; 3]) -> D {
        f(W, x)
    }
    #[test]
    fn w_1_2_is_named_at_its_column_major_index() {
        caught(ok::gradient_report(), bug::gradient_report(), "W[1,2]", 5);
    }
}

/// nalgebra's `SVector` and `DVector`, the latter by value sized by `dims`.
mod vectors {
    use super::*;
    fn grad(v: &SVector<f64, 2>, u: DVector<f64>) -> (SVector<f64, 2>, DVector<f64>) {
        let s: f64 = u.iter().sum();
        (
            SVector::<f64, 2>::new(v[1] * s, v[0] * s),
            DVector::from_element(u.len(), v[0] * v[1]),
        )
    }
    fn grad_bug(v: &SVector<f64, 2>, u: DVector<f64>) -> (SVector<f64, 2>, DVector<f64>) {
        let (gv, mut gu) = grad(v, u);
        gu[3] = 0.0;
        (gv, gu)
    }
    #[gradient_checked(dims(u = 4), samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(v: &SVector<D, 2>, u: DVector<D>) -> D {
        v[0] * v[1] * u.iter().copied().sum::<D>()
    }
    #[gradient_checked(dims(u = 4), samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(v: &SVector<D, 2>, u: DVector<D>) -> D {
        v[0] * v[1] * u.iter().copied().sum::<D>()
    }
    #[test]
    fn u_3_is_named_after_v() {
        caught(ok::gradient_report(), bug::gradient_report(), "u[3]", 5);
    }
}

/// `DMatrix<D>` sized by `dims(W = [rows, columns])`.
mod dmatrix {
    use super::*;
    fn grad(W: &DMatrix<f64>) -> DMatrix<f64> {
        W.map(|w| w.tanh().mul_add(-w.tanh(), 1.0))
    }
    fn grad_bug(W: &DMatrix<f64>) -> DMatrix<f64> {
        let mut g = grad(W);
        g[(0, 1)] = 1.0;
        g
    }
    #[gradient_checked(dims(W = [3, 2]), samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(W: &DMatrix<D>) -> D {
        W.iter().map(|w| w.tanh()).sum()
    }
    #[gradient_checked(dims(W = [3, 2]), samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(W: &DMatrix<D>) -> D {
        W.iter().map(|w| w.tanh()).sum()
    }
    #[test]
    fn w_0_1_is_named_at_its_column_major_index() {
        caught(ok::gradient_report(), bug::gradient_report(), "W[0,1]", 3);
    }
}

/// Vector outputs: `SVector<D, 2>` with an `SMatrix` Jacobian, `DVector<D>` with a `DMatrix`
/// one; the reference implementation returns the output type over `f64`.
mod vector_outputs {
    use super::*;
    fn jac(x: &SVector<f64, 2>) -> SMatrix<f64, 2, 2> {
        SMatrix::<f64, 2, 2>::new(x[1], x[0], 2.0 * x[0], 0.0)
    }
    fn jac_bug(x: &SVector<f64, 2>) -> SMatrix<f64, 2, 2> {
        SMatrix::<f64, 2, 2>::new(x[1], x[0], x[0], 0.0)
    }
    fn naive(x: &SVector<f64, 2>) -> SVector<f64, 2> {
        SVector::<f64, 2>::new(x[0] * x[1], x[0].powi(2))
    }
    #[gradient_checked(samples = 6, grad = jac, reference = naive)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(x: &SVector<D, 2>) -> SVector<D, 2> {
        SVector::<D, 2>::new(x[0] * x[1], x[0] * x[0])
    }
    #[gradient_checked(samples = 6, grad = jac_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(x: &SVector<D, 2>) -> SVector<D, 2> {
        SVector::<D, 2>::new(x[0] * x[1], x[0] * x[0])
    }
    fn djac(p: &[f64; 2]) -> DMatrix<f64> {
        DMatrix::from_row_slice(3, 2, &[p[1], p[0], 1.0, 0.0, 0.0, p[1].cos()])
    }
    #[gradient_checked(samples = 6, grad = djac)]
    fn dynamic<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> DVector<D> {
        DVector::from_vec(vec![p[0] * p[1], p[0], p[1].sin()])
    }
    #[test]
    fn the_wrong_jacobian_entry_is_named_with_its_output() {
        let ok = ok::gradient_report();
        assert!(ok.passed() && ok::reference_report().passed(), "{ok}");
        let r = bug::gradient_report();
        let hits: Vec<_> = r
            .findings()
            .iter()
            .filter(|f| f.kind == Kind::Mismatch)
            .map(|f| (f.output, f.name.clone()))
            .collect();
        assert!(!hits.is_empty(), "{r}");
        assert!(
            hits.iter().all(|h| *h == (Some(1), Some("x[0]".into()))),
            "{hits:?}"
        );
        assert!(dynamic::gradient_report().passed());
    }
}

/// `&[SVector<D, 2>]`: a slice of nalgebra vectors, element by element.
mod slice_of_svectors {
    use super::*;
    fn grad(p: &[SVector<f64, 2>]) -> Vec<SVector<f64, 2>> {
        p.iter().map(|q| q * 2.0).collect()
    }
    fn grad_bug(p: &[SVector<f64, 2>]) -> Vec<SVector<f64, 2>> {
        let mut g = grad(p);
        g[1][0] = p[1][0];
        g
    }
    #[gradient_checked(dims(p = 2), samples = 6, grad = grad)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(p: &[SVector<D, 2>]) -> D {
        p.iter().map(|q| q[0] * q[0] + q[1] * q[1]).sum()
    }
    #[gradient_checked(dims(p = 2), samples = 6, grad = grad_bug, allow(mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(p: &[SVector<D, 2>]) -> D {
        p.iter().map(|q| q[0] * q[0] + q[1] * q[1]).sum()
    }
    #[test]
    fn p_1_0_is_named() {
        caught(ok::gradient_report(), bug::gradient_report(), "p[1][0]", 2);
    }
}

/// A Hessian of a nalgebra parameter, returned as an `SMatrix`.
mod hessian_of_an_svector {
    use super::*;
    fn hess(v: &SVector<f64, 2>) -> SMatrix<f64, 2, 2> {
        SMatrix::<f64, 2, 2>::new(-v[0].sin(), 1.0, 1.0, 0.0)
    }
    fn hess_bug(v: &SVector<f64, 2>) -> SMatrix<f64, 2, 2> {
        SMatrix::<f64, 2, 2>::new(-v[0].sin(), 1.0, 1.0, 2.0)
    }
    #[gradient_checked(samples = 4, hessian = hess)]
    fn ok<D: DualNum<Primitive = f64> + Copy>(v: &SVector<D, 2>) -> D {
        v[0].sin() + v[0] * v[1]
    }
    #[gradient_checked(samples = 4, hessian = hess_bug, allow(hessian_mismatch))]
    fn bug<D: DualNum<Primitive = f64> + Copy>(v: &SVector<D, 2>) -> D {
        v[0].sin() + v[0] * v[1]
    }
    #[test]
    fn the_wrong_second_derivative_is_named() {
        assert!(ok::hessian_report().passed());
        let r = bug::hessian_report();
        let f = r
            .findings()
            .iter()
            .find(|f| f.kind == Kind::HessianMismatch)
            .expect("found");
        assert_eq!(
            (f.component, f.name.as_deref()),
            (Some(1), Some("v[1]")),
            "{r}"
        );
    }
}
