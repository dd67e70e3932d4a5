//! ndarray's one- and two-dimensional arrays and views of scalars (feature `ndarray`):
//! parameters in logical row-major order (whatever the memory layout), outputs and
//! Jacobians. Views rebuild as owned arrays; the call site lends them with `.view()`.

use super::dims::{DimsError, FromDims};
use super::names::{
    matrix_paths, push_index, push_pair, select_matrix, select_vector, vector_paths,
};
use super::std_impls::take;
use super::{Differentiable, Element, Leaf, Shape};
use crate::convert::{IntoOutputs, IntoRows, IntoValues};
use crate::precision::Real;
use ndarray::{Array1, Array2, ArrayBase, Data, Ix1, Ix2};
use std::ops::Range;

impl<S: Data<Elem = L>, L: Leaf> Shape for ArrayBase<S, Ix1, L> {
    fn count(&self) -> usize {
        self.len()
    }
    fn name(&self, index: usize, out: &mut String) {
        push_index(out, index)
    }
    fn select(&self, path: &str) -> Option<Range<usize>> {
        select_vector(self.len(), path)
    }
    fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
        vector_paths(self.len(), prefix, out)
    }
}

impl<S: Data<Elem = L>, L: Leaf> Differentiable for ArrayBase<S, Ix1, L> {
    type Leaf = L;
    type With<U: Element> = Array1<L::Rebuilt<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<L>) {
        out.extend(self.iter().cloned())
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        take(flat, self.len())
            .iter()
            .map(|u| L::rebuilt(u.clone()))
            .collect()
    }
}

impl<S: Data<Elem = L>, L: Leaf> Shape for ArrayBase<S, Ix2, L> {
    fn count(&self) -> usize {
        self.len()
    }
    fn name(&self, index: usize, out: &mut String) {
        let cols = self.ncols().max(1);
        push_pair(out, index / cols, index % cols)
    }
    fn select(&self, path: &str) -> Option<Range<usize>> {
        let cols = self.ncols();
        select_matrix(self.dim(), path, |r, c| r * cols + c)
    }
    fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
        matrix_paths(self.nrows(), self.ncols(), prefix, out)
    }
}

impl<S: Data<Elem = L>, L: Leaf> Differentiable for ArrayBase<S, Ix2, L> {
    type Leaf = L;
    type With<U: Element> = Array2<L::Rebuilt<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<L>) {
        // `iter` walks in logical order: row-major even for a transposed view.
        out.extend(self.iter().cloned())
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        let values = take(flat, self.len())
            .iter()
            .map(|u| L::rebuilt(u.clone()))
            .collect();
        Array2::from_shape_vec(self.dim(), values).expect("as many values as the shape holds")
    }
}

impl<L: Leaf> FromDims for Array1<L> {
    const RANK: usize = 1;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        Ok(Array1::from_elem(dims[0], L::zero()))
    }
}

impl<L: Leaf> FromDims for Array2<L> {
    const RANK: usize = 2;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        Ok(Array2::from_elem((dims[0], dims[1]), L::zero()))
    }
}

/// A vector output `Array1<D>`.
impl<D> IntoOutputs<D> for Array1<D> {
    fn into_outputs(self) -> Vec<D> {
        self.into_iter().collect()
    }
}

/// A reference implementation of an `Array1` function, over the primitive `R`.
impl<R: Real> IntoValues<R> for Array1<R> {
    fn into_values(self) -> Vec<f64> {
        self.into_iter().map(R::widen).collect()
    }
}

/// A Jacobian (or Hessian) `Array2<R>`: one row per output.
impl<R: Real> IntoRows<R> for Array2<R> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self.rows()
            .into_iter()
            .map(|r| r.iter().map(|&v| v.widen()).collect())
            .collect()
    }
}

/// An `ArrayView1<D>` parameter: a view of the rebuilt `Array1<D>`.
impl<'a, L> super::Lend<ndarray::ArrayView1<'a, L>> for &'a mut Option<Array1<L>> {
    fn lend(self) -> ndarray::ArrayView1<'a, L> {
        self.as_ref()
            .expect("a rebuilt parameter is lent once")
            .view()
    }
}

/// An `ArrayView2<D>` parameter: a view of the rebuilt `Array2<D>`.
impl<'a, L> super::Lend<ndarray::ArrayView2<'a, L>> for &'a mut Option<Array2<L>> {
    fn lend(self) -> ndarray::ArrayView2<'a, L> {
        self.as_ref()
            .expect("a rebuilt parameter is lent once")
            .view()
    }
}
