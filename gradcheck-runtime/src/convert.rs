//! Conversions between the shapes users write and the flat vectors the engine works on.
//!
//! The macro calls these on what the user's functions return, so each trait carries a
//! diagnostic that names the shapes it accepts when a function returns something else.

/// What a differentiable function may return: one scalar or a vector of them.
///
/// ```
/// use gradcheck_runtime::__private::IntoOutputs;
/// assert_eq!(2.0_f64.into_outputs(), vec![2.0]);
/// assert_eq!([1.0_f64, 2.0].into_outputs(), vec![1.0, 2.0]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a checked function must return `D`, `[D; M]`, `Vec<D>`, nalgebra's `SVector<D, M>` or `DVector<D>`, or ndarray's `Array1<D>` (feature `ndarray`), not `{Self}`",
    label = "this return type is not supported"
)]
pub trait IntoOutputs<D> {
    /// The returned scalars, in order.
    fn into_outputs(self) -> Vec<D>;
}

impl<D: num_dual::DualNum> IntoOutputs<D> for D {
    fn into_outputs(self) -> Vec<D> {
        vec![self]
    }
}

impl<D, const M: usize> IntoOutputs<D> for [D; M] {
    fn into_outputs(self) -> Vec<D> {
        self.into()
    }
}

impl<D> IntoOutputs<D> for Vec<D> {
    fn into_outputs(self) -> Vec<D> {
        self
    }
}

/// What a hand-written `grad` or `hessian` returns, as rows of a matrix.
///
/// A gradient is one row (`f64`, `[f64; N]`, `Vec<f64>` or a tuple of `f64`, flattened in
/// parameter order); a Jacobian or Hessian is one row per output (`[[f64; N]; M]`,
/// `Vec<Vec<f64>>`).
///
/// ```
/// use gradcheck_runtime::__private::IntoRows;
/// assert_eq!((1.0, 2.0).into_rows(), vec![vec![1.0, 2.0]]);
/// assert_eq!([[1.0, 0.0], [0.0, 1.0]].into_rows().len(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "a hand-written Jacobian or Hessian must return one row per output: `[[f64; N]; M]`, `Vec<Vec<f64>>`, nalgebra's `SMatrix<f64, M, N>` or `DMatrix<f64>`, or ndarray's `Array2<f64>` (feature `ndarray`), not `{Self}`",
    label = "this return type is not supported"
)]
pub trait IntoRows {
    /// The matrix, one `Vec` per row.
    fn into_rows(self) -> Vec<Vec<f64>>;
}

impl IntoRows for f64 {
    fn into_rows(self) -> Vec<Vec<f64>> {
        vec![vec![self]]
    }
}

impl<const N: usize> IntoRows for [f64; N] {
    fn into_rows(self) -> Vec<Vec<f64>> {
        vec![self.into()]
    }
}

impl IntoRows for Vec<f64> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        vec![self]
    }
}

impl<const N: usize, const M: usize> IntoRows for [[f64; N]; M] {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self.iter().map(|r| r.to_vec()).collect()
    }
}

impl<const N: usize> IntoRows for Vec<[f64; N]> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self.iter().map(|r| r.to_vec()).collect()
    }
}

impl IntoRows for Vec<Vec<f64>> {
    fn into_rows(self) -> Vec<Vec<f64>> {
        self
    }
}

macro_rules! f64_for {
    ($v:ident) => {
        f64
    };
}

macro_rules! tuple_rows {
    ($($v:ident),+) => {
        impl IntoRows for ($(f64_for!($v),)+) {
            fn into_rows(self) -> Vec<Vec<f64>> {
                let ($($v,)+) = self;
                vec![vec![$($v),+]]
            }
        }
    };
}
tuple_rows!(a);
tuple_rows!(a, b);
tuple_rows!(a, b, c);
tuple_rows!(a, b, c, d);
tuple_rows!(a, b, c, d, e);
tuple_rows!(a, b, c, d, e, f);
tuple_rows!(a, b, c, d, e, f, g);
tuple_rows!(a, b, c, d, e, f, g, h);

/// What a `reference` implementation returns: the function's value(s) at `f64`.
///
/// ```
/// use gradcheck_runtime::__private::IntoValues;
/// assert_eq!(vec![1.0, 2.0].into_values(), vec![1.0, 2.0]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a reference implementation must return the function's output type with `f64` for the dual type (`f64`, `[f64; M]`, `Vec<f64>`, `SVector<f64, M>`, `DVector<f64>`, `Array1<f64>`), not `{Self}`",
    label = "this return type is not supported"
)]
pub trait IntoValues {
    /// The values, in output order.
    fn into_values(self) -> Vec<f64>;
}

impl IntoValues for f64 {
    fn into_values(self) -> Vec<f64> {
        vec![self]
    }
}

impl<const M: usize> IntoValues for [f64; M] {
    fn into_values(self) -> Vec<f64> {
        self.into()
    }
}

impl IntoValues for Vec<f64> {
    fn into_values(self) -> Vec<f64> {
        self
    }
}
