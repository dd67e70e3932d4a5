//! Unit tests of the nalgebra and ndarray forms: storage orders, names, outputs, Jacobians.

use super::tests::{names, seeded};
use super::*;
use crate::convert::{IntoOutputs, IntoRows, IntoValues};
use nalgebra::{DMatrix, DVector, SMatrix, SVector};
use num_dual::{Dual64, DualNum};

#[test]
fn svectors_are_vectors() {
    let v = SVector::<f64, 3>::new(1.0, 2.0, 3.0);
    assert_eq!(flatten(&v), [1.0, 2.0, 3.0]);
    assert_eq!(names("v", &v), ["v[0]", "v[1]", "v[2]"]);
    assert_eq!(v.select("[2]"), Some(2..3));
    assert_eq!(v.select("[2,0]"), None);
    let d: SVector<Dual64, 3> = rebuild(&v, &seeded(&flatten(&v), 2));
    assert_eq!((d[2].re, d[2].eps, d[1].eps), (3.0, 1.0, 0.0));
    assert_eq!(<SVector<f64, 3>>::template(), SVector::<f64, 3>::zeros());
    assert_eq!(<SVector<f64, 3>>::FIXED, Some(3));
}

#[test]
fn smatrices_are_column_major_named_row_then_column() {
    let w = SMatrix::<f64, 2, 3>::from_row_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(flatten(&w), [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    assert_eq!(
        names("W", &w),
        ["W[0,0]", "W[1,0]", "W[0,1]", "W[1,1]", "W[0,2]", "W[1,2]"]
    );
    assert_eq!(w.select("[1,0]"), Some(1..2));
    assert_eq!(w.select("[0,2]"), Some(4..5));
    assert_eq!(w.select("[2,0]"), None);
    assert_eq!(w.select("[1]"), None);
    let d: SMatrix<Dual64, 2, 3> = rebuild(&w, &seeded(&flatten(&w), 1));
    assert_eq!((d[(1, 0)].re, d[(1, 0)].eps), (4.0, 1.0));
    let mut paths = vec![];
    w.paths(&mut "W".into(), &mut paths);
    assert_eq!(paths, ["W", "W[0..2,0..3]"]);
}

#[test]
fn dynamic_vectors_and_matrices_keep_their_sizes() {
    let v = DVector::from_vec(vec![1.0, 2.0]);
    assert_eq!(names("v", &v), ["v[0]", "v[1]"]);
    let w = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(flatten(&w), [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    assert_eq!(names("W", &w)[4], "W[0,2]");
    let d: DMatrix<Dual64> = rebuild(&w, &seeded(&flatten(&w), 4));
    assert_eq!((d.nrows(), d.ncols(), d[(0, 2)].eps), (2, 3, 1.0));
    // A one-column DMatrix is still a matrix: its type says so.
    assert_eq!(
        names("W", &DMatrix::<f64>::zeros(2, 1)),
        ["W[0,0]", "W[1,0]"]
    );
    assert_eq!(
        DMatrix::<f64>::from_dims(&[2, 3]).unwrap(),
        DMatrix::zeros(2, 3)
    );
    assert_eq!(DVector::<f64>::from_dims(&[4]).unwrap().len(), 4);
    assert_eq!(DMatrix::<f64>::from_dims(&[6]).unwrap_err().rank, 2);
}

#[test]
fn slices_of_svectors_go_element_by_element() {
    let p = [
        SVector::<f64, 2>::new(1.0, 2.0),
        SVector::<f64, 2>::new(3.0, 4.0),
    ];
    assert_eq!(flatten(&p[..]), [1.0, 2.0, 3.0, 4.0]);
    assert_eq!(names("p", &p[..])[3], "p[1][1]");
    assert_eq!(<Vec<SVector<f64, 2>>>::from_dims(&[3]).unwrap().len(), 3);
}

#[test]
fn vector_outputs_and_matrix_jacobians_convert() {
    let y = SVector::<Dual64, 2>::new(Dual64::from(1.0), Dual64::from(2.0));
    assert_eq!(y.into_outputs().len(), 2);
    assert_eq!(DVector::from_vec(vec![1.0, 2.0]).into_values(), [1.0, 2.0]);
    assert_eq!(SVector::<f64, 2>::new(1.0, 2.0).into_values(), [1.0, 2.0]);
    let j = SMatrix::<f64, 2, 3>::from_row_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(j.into_rows(), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let j = DMatrix::from_row_slice(3, 2, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(j.into_rows(), [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    // As a gradient, an SVector is the parameter's own type: flattened, not rows.
    assert_eq!(
        IntoGradient::<f64>::into_gradient(SVector::<f64, 2>::new(1.0, 2.0)),
        [1.0, 2.0]
    );
}

/// `W`'s entry (1, 0) through a generic function: nalgebra's column-major component 1.
fn bilinear<D: DualNum<Primitive = f64> + Copy>(w: &SMatrix<D, 2, 2>, x: &[f64; 2]) -> D {
    (w[(1, 0)] * x[0] + w[(1, 1)] * x[1]).tanh() + w[(0, 1)]
}

#[test]
fn a_generic_function_over_an_smatrix_differentiates_w_1_0() {
    let w = SMatrix::<f64, 2, 2>::new(0.1, 0.2, 0.3, 0.4);
    let s = Layout::new().param("W", w);
    let i = s.select("W[1,0]").unwrap().start;
    assert_eq!(i, 1);
    let y = bilinear(&rebuild(&w, &seeded(&flatten(&w), i)), &[0.5, -1.2]);
    let t = (0.3 * 0.5 - 0.4 * 1.2_f64).tanh();
    assert!((y.eps - (1.0 - t * t) * 0.5).abs() < 1e-15);
}

#[cfg(feature = "ndarray")]
mod ndarray_forms {
    use super::*;
    use ndarray::{arr2, Array1, Array2};

    #[test]
    fn arrays_are_row_major_named_row_then_column() {
        let w = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        assert_eq!(flatten(&w), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(names("W", &w)[2], "W[0,2]");
        assert_eq!(names("W", &w)[3], "W[1,0]");
        assert_eq!(w.select("[0,2]"), Some(2..3));
        assert_eq!(w.select("[1,0]"), Some(3..4));
        let d: Array2<Dual64> = rebuild(&w, &seeded(&flatten(&w), 2));
        assert_eq!((d[[0, 2]].re, d[[0, 2]].eps), (3.0, 1.0));
        let v = Array1::from(vec![1.0, 2.0]);
        assert_eq!(names("v", &v), ["v[0]", "v[1]"]);
        assert_eq!(
            rebuild(&v, &[3.0_f32, 4.0]),
            Array1::from(vec![3.0_f32, 4.0])
        );
    }

    #[test]
    fn views_rebuild_owned_and_flatten_in_logical_order() {
        let w = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
        let t = w.t(); // a column-major view: logical order still row by row
        assert_eq!(flatten(&t), [1.0, 3.0, 2.0, 4.0]);
        let owned: Array2<f64> = rebuild(&t, &flatten(&t));
        assert_eq!(owned, t);
        let row = w.row(1);
        assert_eq!(flatten(&row), [3.0, 4.0]);
        let r: Array1<f64> = rebuild(&row, &[5.0, 6.0]);
        assert_eq!(r.to_vec(), [5.0, 6.0]);
    }

    #[test]
    fn dims_size_arrays_and_outputs_convert() {
        assert_eq!(Array2::<f64>::from_dims(&[2, 3]).unwrap().dim(), (2, 3));
        assert_eq!(Array1::<f64>::from_dims(&[4]).unwrap().len(), 4);
        assert_eq!(Array1::<f64>::from_dims(&[4, 1]).unwrap_err().rank, 1);
        assert_eq!(Array1::from(vec![1.0, 2.0]).into_outputs(), [1.0, 2.0]);
        assert_eq!(Array1::from(vec![1.0, 2.0]).into_values(), [1.0, 2.0]);
        let j = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        assert_eq!(j.into_rows(), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    }
}
