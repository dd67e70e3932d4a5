//! nalgebra's `SMatrix` (so `SVector`), `DVector` and `DMatrix` of scalars: parameters in
//! nalgebra's storage order (column-major), outputs and Jacobians (rows = outputs).

use super::dims::{DimsError, FixedShape, FromDims};
use super::names::{
    matrix_paths, push_index, push_pair, select_matrix, select_vector, vector_paths,
};
use super::std_impls::take;
use super::{Differentiable, Element, Leaf, Shape};
use crate::convert::{IntoOutputs, IntoRows, IntoValues};
use crate::precision::Real;
use nalgebra::{DMatrix, DVector, SMatrix, SVector};
use std::ops::Range;

/// Names entry `index` of a column-major `rows × cols` matrix, `[i]` for a column vector.
fn matrix_name(rows: usize, column_vector: bool, index: usize, out: &mut String) {
    if column_vector {
        push_index(out, index);
    } else {
        push_pair(out, index % rows, index / rows);
    }
}

fn matrix_select(
    rows: usize,
    cols: usize,
    column_vector: bool,
    path: &str,
) -> Option<Range<usize>> {
    if column_vector {
        select_vector(rows, path)
    } else {
        select_matrix((rows, cols), path, |r, c| c * rows + r)
    }
}

fn matrix_paths_of(
    rows: usize,
    cols: usize,
    column_vector: bool,
    prefix: &mut String,
    out: &mut Vec<String>,
) {
    if column_vector {
        vector_paths(rows, prefix, out)
    } else {
        matrix_paths(rows, cols, prefix, out)
    }
}

/// `Shape` for a matrix type whose column-vector-ness is known from the type.
macro_rules! matrix_shape {
    ([$($generics:tt)*] $ty:ty, $column_vector:expr) => {
        impl<$($generics)*> Shape for $ty {
            fn count(&self) -> usize {
                self.len()
            }
            fn name(&self, index: usize, out: &mut String) {
                matrix_name(self.nrows(), $column_vector, index, out)
            }
            fn select(&self, path: &str) -> Option<Range<usize>> {
                matrix_select(self.nrows(), self.ncols(), $column_vector, path)
            }
            fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
                matrix_paths_of(self.nrows(), self.ncols(), $column_vector, prefix, out)
            }
        }
    };
}

matrix_shape!([L: Leaf, const R: usize, const C: usize] SMatrix<L, R, C>, C == 1);
matrix_shape!([L: Leaf] DVector<L>, true);
matrix_shape!([L: Leaf] DMatrix<L>, false);

/// The next `n` scalars of `flat` as `L`'s rebuilt scalars over `U`, in order.
fn scalars<'a, L: Leaf, U: Element>(
    flat: &mut &'a [U],
    n: usize,
) -> impl Iterator<Item = L::Rebuilt<U>> + 'a {
    take(flat, n).iter().map(|u| L::rebuilt(u.clone()))
}

impl<L: Leaf, const R: usize, const C: usize> Differentiable for SMatrix<L, R, C> {
    type Leaf = L;
    type With<U: Element> = SMatrix<L::Rebuilt<U>, R, C>;
    const FIXED: Option<usize> = Some(R * C);

    fn flatten_into(&self, out: &mut Vec<L>) {
        out.extend_from_slice(self.as_slice());
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        SMatrix::from_iterator(scalars::<L, U>(flat, R * C))
    }
}

impl<L: Leaf> Differentiable for DVector<L> {
    type Leaf = L;
    type With<U: Element> = DVector<L::Rebuilt<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<L>) {
        out.extend_from_slice(self.as_slice());
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        DVector::from_iterator(self.len(), scalars::<L, U>(flat, self.len()))
    }
}

impl<L: Leaf> Differentiable for DMatrix<L> {
    type Leaf = L;
    type With<U: Element> = DMatrix<L::Rebuilt<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<L>) {
        out.extend_from_slice(self.as_slice());
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        // Column-major, as nalgebra stores it and as `from_iterator` fills it.
        DMatrix::from_iterator(
            self.nrows(),
            self.ncols(),
            scalars::<L, U>(flat, self.len()),
        )
    }
}

impl<L: Leaf, const R: usize, const C: usize> FixedShape for SMatrix<L, R, C> {
    fn template() -> Self {
        SMatrix::zeros()
    }
}

impl<L: Leaf> FromDims for DVector<L> {
    const RANK: usize = 1;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        Ok(DVector::zeros(dims[0]))
    }
}

impl<L: Leaf> FromDims for DMatrix<L> {
    const RANK: usize = 2;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        Ok(DMatrix::zeros(dims[0], dims[1]))
    }
}

/// A vector output `SVector<D, M>`.
impl<D: Element, const M: usize> IntoOutputs<D> for SVector<D, M> {
    fn into_outputs(self) -> Vec<D> {
        self.as_slice().to_vec()
    }
}

/// A vector output `DVector<D>`.
impl<D: Element> IntoOutputs<D> for DVector<D> {
    fn into_outputs(self) -> Vec<D> {
        self.data.into()
    }
}

/// A reference implementation of an `SVector` function, over the primitive `R`.
impl<R: Real, const M: usize> IntoValues<R> for SVector<R, M> {
    fn into_values(self) -> Vec<f64> {
        self.iter().map(|&v| v.widen()).collect()
    }
}

/// A reference implementation of a `DVector` function, over the primitive `R`.
impl<R: Real> IntoValues<R> for DVector<R> {
    fn into_values(self) -> Vec<f64> {
        self.iter().map(|&v| v.widen()).collect()
    }
}

/// A Jacobian (or Hessian) `SMatrix<R, M, N>`: one row per output.
impl<R: Real, const M: usize, const N: usize> IntoRows<R> for SMatrix<R, M, N> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self.row_iter()
            .map(|r| r.iter().map(|&v| v.widen()).collect())
            .collect()
    }
}

/// A Jacobian (or Hessian) `DMatrix<R>`: one row per output.
impl<R: Real> IntoRows<R> for DMatrix<R> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self.row_iter()
            .map(|r| r.iter().map(|&v| v.widen()).collect())
            .collect()
    }
}
