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

/// What a hand-written `grad` or `hessian` returns, as rows of a matrix, over the function's
/// primitive `R` (`f64` or `f32`) and widened to `f64` (exact), the engine's type.
///
/// A gradient is one row (`R`, `[R; N]`, `Vec<R>` or a tuple of `R`, flattened in parameter
/// order); a Jacobian or Hessian is one row per output (`[[R; N]; M]`, `Vec<Vec<R>>`).
///
/// ```
/// use gradcheck_runtime::__private::IntoRows;
/// assert_eq!(IntoRows::<f64>::into_rows((1.0, 2.0)), vec![vec![1.0, 2.0]]);
/// assert_eq!(IntoRows::<f64>::into_rows([[1.0, 0.0], [0.0, 1.0]]).len(), 2);
/// assert_eq!(IntoRows::<f32>::into_rows(vec![0.1_f32]), vec![vec![0.1_f32 as f64]]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a hand-written Jacobian or Hessian must return one row per output: `[[{R}; N]; M]`, `Vec<Vec<{R}>>`, nalgebra's `SMatrix<{R}, M, N>` or `DMatrix<{R}>`, or ndarray's `Array2<{R}>` (feature `ndarray`), not `{Self}`",
    label = "this return type is not supported"
)]
pub trait IntoRows<R = f64> {
    /// The matrix, one `Vec` per row, in `f64`.
    fn into_rows(self) -> Vec<Vec<f64>>;
}

/// What a `reference` implementation returns: the function's value(s) over its primitive `R`,
/// widened to `f64`.
///
/// ```
/// use gradcheck_runtime::__private::IntoValues;
/// assert_eq!(IntoValues::<f64>::into_values(vec![1.0, 2.0]), vec![1.0, 2.0]);
/// assert_eq!(IntoValues::<f32>::into_values(0.5_f32), vec![0.5]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a reference implementation must return the function's output type with `{R}` for the dual type (`{R}`, `[{R}; M]`, `Vec<{R}>`, `SVector<{R}, M>`, `DVector<{R}>`, `Array1<{R}>`), not `{Self}`",
    label = "this return type is not supported"
)]
pub trait IntoValues<R = f64> {
    /// The values, in output order, in `f64`.
    fn into_values(self) -> Vec<f64>;
}

/// `v` in `f64`: the same vector for `f64` (no copy), each value widened for `f32`.
pub(crate) fn widen_vec<R: crate::precision::Real>(v: Vec<R>) -> Vec<f64> {
    let any: Box<dyn std::any::Any> = Box::new(v);
    match any.downcast::<Vec<f64>>() {
        Ok(same) => *same,
        Err(other) => match other.downcast::<Vec<R>>() {
            Ok(narrow) => narrow.into_iter().map(R::widen).collect(),
            Err(_) => unreachable!("a Vec<R> is a Vec<R>"),
        },
    }
}

/// The shapes a hand-written derivative or a reference returns, for one primitive type.
macro_rules! shapes_over {
    ($r:ident) => {
        impl IntoRows<$r> for $r {
            fn into_rows(self) -> Vec<Vec<f64>> {
                vec![vec![f64::from(self)]]
            }
        }

        impl<const N: usize> IntoRows<$r> for [$r; N] {
            fn into_rows(self) -> Vec<Vec<f64>> {
                vec![self.iter().map(|&v| f64::from(v)).collect()]
            }
        }

        impl IntoRows<$r> for Vec<$r> {
            fn into_rows(self) -> Vec<Vec<f64>> {
                vec![widen_vec(self)]
            }
        }

        impl<const N: usize, const M: usize> IntoRows<$r> for [[$r; N]; M] {
            fn into_rows(self) -> Vec<Vec<f64>> {
                self.iter()
                    .map(|r| r.iter().map(|&v| f64::from(v)).collect())
                    .collect()
            }
        }

        impl<const N: usize> IntoRows<$r> for Vec<[$r; N]> {
            fn into_rows(self) -> Vec<Vec<f64>> {
                self.iter()
                    .map(|r| r.iter().map(|&v| f64::from(v)).collect())
                    .collect()
            }
        }

        impl IntoRows<$r> for Vec<Vec<$r>> {
            fn into_rows(self) -> Vec<Vec<f64>> {
                self.into_iter().map(widen_vec).collect()
            }
        }

        tuple_rows!($r; a);
        tuple_rows!($r; a, b);
        tuple_rows!($r; a, b, c);
        tuple_rows!($r; a, b, c, d);
        tuple_rows!($r; a, b, c, d, e);
        tuple_rows!($r; a, b, c, d, e, f);
        tuple_rows!($r; a, b, c, d, e, f, g);
        tuple_rows!($r; a, b, c, d, e, f, g, h);

        impl IntoValues<$r> for $r {
            fn into_values(self) -> Vec<f64> {
                vec![f64::from(self)]
            }
        }

        impl<const M: usize> IntoValues<$r> for [$r; M] {
            fn into_values(self) -> Vec<f64> {
                self.iter().map(|&v| f64::from(v)).collect()
            }
        }

        impl IntoValues<$r> for Vec<$r> {
            fn into_values(self) -> Vec<f64> {
                widen_vec(self)
            }
        }
    };
}

macro_rules! same_for {
    ($v:ident, $r:ident) => {
        $r
    };
}

macro_rules! tuple_rows {
    ($r:ident; $($v:ident),+) => {
        impl IntoRows<$r> for ($(same_for!($v, $r),)+) {
            fn into_rows(self) -> Vec<Vec<f64>> {
                let ($($v,)+) = self;
                vec![vec![$(f64::from($v)),+]]
            }
        }
    };
}

shapes_over!(f64);
shapes_over!(f32);
