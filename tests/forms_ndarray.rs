//! ndarray parameters and outputs through the attribute (feature `ndarray`): `Array1`,
//! `Array2` in logical row-major order named `W[row,column]`, views lent from the rebuilt
//! arrays, an `Array1` output with an `Array2` Jacobian. Each with a correct derivative that
//! passes and a planted bug named by its readable name.
#![cfg(feature = "ndarray")]
#![allow(dead_code, non_snake_case)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Each mismatch as (output, name), once.
fn mismatched(report: &Report) -> Vec<(Option<usize>, String)> {
    let mut named: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == Kind::Mismatch)
        .map(|f| (f.output, f.name.clone().unwrap_or_default()))
        .collect();
    named.sort();
    named.dedup();
    named
}

fn array2_grad(W: &Array2<f64>, v: ArrayView1<f64>) -> (Array2<f64>, Vec<f64>) {
    // ½|W v|²: ∂/∂W = (W v) vᵀ, ∂/∂v = Wᵀ (W v).
    let y = W.dot(&v);
    let gw = Array2::from_shape_fn(W.dim(), |(i, j)| y[i] * v[j]);
    (gw, W.t().dot(&y).to_vec())
}

fn array2_grad_bug(W: &Array2<f64>, v: ArrayView1<f64>) -> (Array2<f64>, Vec<f64>) {
    let (mut gw, gv) = array2_grad(W, v);
    gw[[0, 2]] = gw[[1, 2]];
    (gw, gv)
}

fn half_norm<D: DualNum<Primitive = f64> + Copy>(W: &Array2<D>, v: ArrayView1<D>) -> D {
    let mut s = D::from(0.0);
    for row in W.rows() {
        let y = row.iter().zip(v.iter()).map(|(&w, &x)| w * x).sum::<D>();
        s += y * y * 0.5;
    }
    s
}

#[gradient_checked(dims(W = [2, 3], v = 3), samples = 6, grad = array2_grad)]
fn array2<D: DualNum<Primitive = f64> + Copy>(W: &Array2<D>, v: ArrayView1<D>) -> D {
    half_norm(W, v)
}

#[gradient_checked(dims(W = [2, 3], v = 3), samples = 6, grad = array2_grad_bug, allow(mismatch))]
fn array2_bug<D: DualNum<Primitive = f64> + Copy>(W: &Array2<D>, v: ArrayView1<D>) -> D {
    half_norm(W, v)
}

#[test]
fn w_0_2_is_named_at_its_row_major_index() {
    assert!(array2::gradient_report().passed());
    let bug = array2_bug::gradient_report();
    assert_eq!(mismatched(&bug), [(None, "W[0,2]".to_string())], "{bug}");
    let f = bug
        .findings()
        .iter()
        .find(|f| f.kind == Kind::Mismatch)
        .unwrap();
    assert_eq!(f.component, Some(2));
}

fn softmax_jac(z: ArrayView2<f64>) -> Array2<f64> {
    // Outputs: the row sums of exp(z); each depends on its own row only.
    let (r, c) = z.dim();
    let mut j = Array2::zeros((r, r * c));
    for i in 0..r {
        for k in 0..c {
            j[[i, i * c + k]] = z[[i, k]].exp();
        }
    }
    j
}

fn softmax_jac_bug(z: ArrayView2<f64>) -> Array2<f64> {
    let mut j = softmax_jac(z);
    j[[1, 3]] = 1.0;
    j
}

#[gradient_checked(dims(z = [2, 2]), samples = 6, grad = softmax_jac)]
fn row_sums<D: DualNum<Primitive = f64> + Copy>(z: ArrayView2<D>) -> Array1<D> {
    z.rows()
        .into_iter()
        .map(|r| r.iter().map(|v| v.exp()).sum::<D>())
        .collect()
}

#[gradient_checked(dims(z = [2, 2]), samples = 6, grad = softmax_jac_bug, allow(mismatch))]
fn row_sums_bug<D: DualNum<Primitive = f64> + Copy>(z: ArrayView2<D>) -> Array1<D> {
    z.rows()
        .into_iter()
        .map(|r| r.iter().map(|v| v.exp()).sum::<D>())
        .collect()
}

#[test]
fn an_array1_output_names_the_wrong_jacobian_entry() {
    assert!(row_sums::gradient_report().passed());
    let bug = row_sums_bug::gradient_report();
    assert_eq!(mismatched(&bug), [(Some(1), "z[1,1]".to_string())], "{bug}");
}

fn array1_grad(v: Array1<f64>) -> Array1<f64> {
    v.mapv(|x| x.cos())
}

fn array1_grad_bug(v: Array1<f64>) -> Array1<f64> {
    let mut g = array1_grad(v);
    g[3] = -g[3];
    g
}

#[gradient_checked(at(v = ndarray::array![0.1, 0.5, -1.0, 2.0]), samples = 4, domain = -2.0..2.0, grad = array1_grad)]
fn array1<D: DualNum<Primitive = f64> + Copy>(v: Array1<D>) -> D {
    v.iter().map(|x| x.sin()).sum()
}

#[gradient_checked(at(v = ndarray::array![0.1, 0.5, -1.0, 2.0]), samples = 4, domain = -2.0..2.0, grad = array1_grad_bug, allow(mismatch))]
fn array1_bug<D: DualNum<Primitive = f64> + Copy>(v: Array1<D>) -> D {
    v.iter().map(|x| x.sin()).sum()
}

#[test]
fn v_3_is_named_with_its_size_from_the_value_point() {
    let ok = array1::gradient_report();
    assert!(ok.passed(), "{ok}");
    // The `at(..)` point, 4 samples of its size, and the special points inside the box.
    assert!(ok.points_checked() >= 5, "{ok}");
    assert_eq!(
        mismatched(&array1_bug::gradient_report()),
        [(None, "v[3]".to_string())]
    );
}
