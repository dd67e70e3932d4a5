//! Templates without a value: from the type alone ([`FixedShape`]) or from the numbers of
//! `dims(v = 1000)`, `dims(W = [3, 4])` ([`FromDims`]).

use super::Differentiable;
use std::fmt;
use std::marker::PhantomData;

/// A type whose shape the type itself fixes (`f64`, `[[f64; 3]; 2]`, `SVector<f64, 3>`,
/// `SMatrix`, tuples of them, derived structs whose fields all are), so the engine can make
/// its template with no hint: zeros, and `Default` for a derived struct's non-differentiated
/// fields.
///
/// ```
/// use gradcheck_runtime::params::FixedShape;
/// assert_eq!(<[[f64; 2]; 2]>::template(), [[0.0; 2]; 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "the size of `{Self}` is not in its type",
    label = "this parameter needs a shape",
    note = "give `shape(name = ...)`, `dims(name = ...)` or an `at(name = ...)` value for this parameter"
)]
pub trait FixedShape: Sized {
    /// The zero value of the type (non-differentiated struct fields: their `Default`).
    ///
    /// ```
    /// use gradcheck_runtime::params::FixedShape;
    /// assert_eq!(<(f64, [f32; 2])>::template(), (0.0, [0.0, 0.0]));
    /// ```
    fn template() -> Self;
}

impl<E: FixedShape, const N: usize> FixedShape for [E; N] {
    fn template() -> Self {
        std::array::from_fn(|_| E::template())
    }
}

impl<T> FixedShape for PhantomData<T> {
    fn template() -> Self {
        PhantomData
    }
}

macro_rules! tuple {
    ($($t:ident),+) => {
        impl<$($t: FixedShape),+> FixedShape for ($($t,)+) {
            fn template() -> Self {
                ($($t::template(),)+)
            }
        }
    };
}
tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, E);
tuple!(A, B, C, E, F);
tuple!(A, B, C, E, F, G);
tuple!(A, B, C, E, F, G, H);
tuple!(A, B, C, E, F, G, H, I);

/// A template made from the numbers of `dims(..)`: one length for a vector or `Vec`
/// (`dims(v = 1000)`), `[rows, columns]` for a matrix (`dims(W = [3, 4])`), one length per
/// level for nested `Vec`s (`[3, 4]` for a rectangular `Vec<Vec<D>>`), none for what
/// [`FixedShape`] already sizes (`Vec<[D; 2]>` takes one length).
///
/// ```
/// use gradcheck_runtime::params::FromDims;
/// let w = Vec::<[f64; 2]>::from_dims(&[3]).unwrap();
/// assert_eq!(w, vec![[0.0; 2]; 3]);
/// assert_eq!(<Vec<Vec<f64>>>::RANK, 2);
/// let err = Vec::<Vec<f64>>::from_dims(&[3]).unwrap_err();
/// assert!(err.to_string().contains("takes 2 numbers"), "{err}");
/// ```
#[diagnostic::on_unimplemented(
    message = "`dims(..)` cannot size `{Self}`",
    label = "`dims` sizes `Vec`s, `DVector`, `DMatrix`, `Array1`, `Array2` and what they hold",
    note = "give `shape(name = ...)` with an example value, or an `at(name = ...)` value"
)]
pub trait FromDims: Differentiable + Sized {
    /// How many numbers `dims` must give.
    const RANK: usize;

    /// The zero template of these dimensions.
    ///
    /// # Errors
    /// When `dims` does not hold [`RANK`](FromDims::RANK) numbers.
    ///
    /// ```
    /// use gradcheck_runtime::params::FromDims;
    /// assert_eq!(Vec::<f64>::from_dims(&[2]).unwrap(), vec![0.0, 0.0]);
    /// ```
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError>;

    /// The zero template of `count` scalars, for a type sized by one length (a vector, a `Vec`
    /// of fixed-size elements) or by nothing: what a flat `at = [[..]]` point leaves for the
    /// one parameter without a size. `None` when the type takes more than one number or
    /// `count` is no whole number of its elements.
    ///
    /// ```
    /// use gradcheck_runtime::params::FromDims;
    /// assert_eq!(Vec::<[f64; 2]>::from_count(6), Some(vec![[0.0; 2]; 3]));
    /// assert_eq!(Vec::<[f64; 2]>::from_count(5), None);
    /// assert_eq!(Vec::<Vec<f64>>::from_count(6), None); // which rows? give `dims` or `shape`
    /// ```
    fn from_count(count: usize) -> Option<Self> {
        let fits = |t: Self| (t.count() == count).then_some(t);
        match Self::RANK {
            0 => Self::from_dims(&[]).ok().and_then(fits),
            1 => {
                let per = Self::from_dims(&[1]).ok()?.count();
                if per == 0 || !count.is_multiple_of(per) {
                    return None;
                }
                Self::from_dims(&[count / per]).ok().and_then(fits)
            }
            _ => None,
        }
    }
}

impl<T: FixedShape + Differentiable> FromDims for T {
    const RANK: usize = 0;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        Ok(T::template())
    }
}

impl<E: FromDims> FromDims for Vec<E> {
    const RANK: usize = 1 + E::RANK;
    fn from_dims(dims: &[usize]) -> Result<Self, DimsError> {
        DimsError::check::<Self>(dims)?;
        (0..dims[0]).map(|_| E::from_dims(&dims[1..])).collect()
    }
}

/// `dims(..)` gave the wrong number of numbers for the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DimsError {
    /// The type that was to be sized.
    pub ty: &'static str,
    /// The numbers it takes.
    pub rank: usize,
    /// The numbers given.
    pub dims: Vec<usize>,
}

impl DimsError {
    /// `Ok` when `dims` has `T::RANK` numbers.
    ///
    /// ```
    /// use gradcheck_runtime::params::DimsError;
    /// assert!(DimsError::check::<Vec<f64>>(&[4]).is_ok());
    /// assert_eq!(DimsError::check::<Vec<f64>>(&[4, 2]).unwrap_err().rank, 1);
    /// ```
    pub fn check<T: FromDims>(dims: &[usize]) -> Result<(), DimsError> {
        if dims.len() == T::RANK {
            Ok(())
        } else {
            Err(DimsError {
                ty: std::any::type_name::<T>(),
                rank: T::RANK,
                dims: dims.to_vec(),
            })
        }
    }
}

impl fmt::Display for DimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.rank {
            0 => "none: its type fixes its size, drop the `dims`",
            1 => "one length",
            _ => "[rows, columns] for a matrix, one length per level for nested `Vec`s",
        };
        let numbers = if self.rank == 1 { "number" } else { "numbers" };
        write!(
            f,
            "dims {:?} do not fit `{}`: it takes {} {numbers} ({what})",
            self.dims, self.ty, self.rank
        )
    }
}

impl std::error::Error for DimsError {}
