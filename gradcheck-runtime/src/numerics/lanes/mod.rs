//! [`DualLanes<T, D>`]: a vector dual number whose derivative lanes are always present — a real
//! part and `D` derivatives along `D` directions, computed in one pass of a generic function.
//!
//! num-dual's own `DualVec` holds its derivative part as an `Option` (absent = all zero).
//! That saves work where most inputs carry no derivative, but every operation then branches on
//! the option, and at four lanes rustc stops inlining the derivative's arithmetic (calls to
//! `Derivative::sub` with 48-byte values through the stack, seen with perf on extended
//! Rosenbrock): a `DualSVec64<4>` pass cost about four times a `DualSVec64<2>` pass. Here the
//! lanes are a plain array (an `nalgebra` static vector) and every operation one loop over it.
//!
//! The arithmetic is num-dual's: the type supplies the product, quotient and chain rules and
//! invokes num-dual's exported implementation macros (`impl_first_derivatives!`,
//! `impl_dual!`), the ones its `DualVec` is built with, so every function's derivative is the
//! same formula as `DualVec`'s (tested lane by lane against `DualSVec64`).
//!
//! ```
//! use gradcheck_runtime::lanes::DualLanes64;
//! use num_dual::DualNum;
//! // d/dx and d/dy of x²y at (5, 3), one pass.
//! let x = DualLanes64::<2>::from_re(5.0).derivative(0);
//! let y = DualLanes64::<2>::from_re(3.0).derivative(1);
//! let z = x * x * y;
//! assert_eq!(z.re, 75.0);
//! assert_eq!(z.eps.as_slice(), &[30.0, 25.0]);
//! ```

mod slopes;
#[cfg(test)]
mod tests;

pub use slopes::Slopes;

use nalgebra::allocator::Allocator;
use nalgebra::{Const, DefaultAllocator, Dim, OVector, Scalar, U1};
use num_dual::{
    chain_rule, first, forward_binop, impl_add_sub_rem, impl_assign_ops, impl_comparisons,
    impl_derivatives, impl_dual, impl_dual_struct, impl_first_derivatives, impl_float_const,
    impl_from_f, impl_from_primitive, impl_inv, impl_iterator, impl_neg, impl_num, impl_scalar_op,
    impl_signed, impl_zero_one, second, third, zeroth, DualNum, DualNumFloat, DualStruct,
};
use num_traits::{FloatConst, FromPrimitive, Inv, Num, One, Signed, Zero};
use std::fmt;
use std::iter::{Product, Sum};
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

/// A vector dual number with every derivative lane stored: `re` and `D` derivatives. Named
/// like num-dual's types (`Dual…`): code that tells dual numbers from plain ones by the type's
/// name treats it as the dual number it is.
///
/// ```
/// use gradcheck_runtime::lanes::DualLanes64;
/// use num_dual::DualNum;
/// let x = DualLanes64::<4>::from_re(0.5).derivative(2);
/// let y = x.sin() * 2.0;
/// assert_eq!(y.eps.as_slice()[2], 2.0 * 0.5f64.cos());
/// assert_eq!(y.eps.as_slice()[0], 0.0);
/// ```
#[derive(Clone, Debug)]
pub struct DualLanes<T: Scalar, D: Dim>
where
    DefaultAllocator: Allocator<D>,
{
    /// The real part.
    pub re: T,
    /// The derivative lanes.
    pub eps: Slopes<T, D>,
}

impl<T: Scalar + Copy, const N: usize> Copy for DualLanes<T, Const<N>> {}

/// `N` lanes over `f64`.
pub type DualLanes64<const N: usize> = DualLanes<f64, Const<N>>;
/// `N` lanes over `f32`.
pub type DualLanes32<const N: usize> = DualLanes<f32, Const<N>>;
/// `N` lanes over the primitive `T`.
pub type DualSLanes<T, const N: usize> = DualLanes<T, Const<N>>;

#[cfg(feature = "ndarray")]
impl<T: Scalar, D: Dim> ndarray::ScalarOperand for DualLanes<T, D> where
    DefaultAllocator: Allocator<D>
{
}

impl<T: DualNum, D: Dim> DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    /// The number from its parts.
    ///
    /// ```
    /// use gradcheck_runtime::lanes::{DualLanes64, Slopes};
    /// let x = DualLanes64::<2>::new(1.0, Slopes([0.5, -0.5].into()));
    /// assert_eq!(x.eps.as_slice(), &[0.5, -0.5]);
    /// ```
    #[inline]
    pub fn new(re: T, eps: Slopes<T, D>) -> Self {
        DualLanes { re, eps }
    }
}

impl<T: DualNum, D: Dim> DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    /// The constant `re`: every lane zero. (A static number of lanes: `Dyn` gets none.)
    ///
    /// ```
    /// use gradcheck_runtime::lanes::DualLanes64;
    /// assert_eq!(DualLanes64::<3>::from_re(2.0).eps.as_slice(), &[0.0; 3]);
    /// ```
    #[inline]
    pub fn from_re(re: T) -> Self {
        let lanes = D::from_usize(D::try_to_usize().unwrap_or(0));
        DualLanes::new(re, Slopes(OVector::zeros_generic(lanes, U1)))
    }

    /// The same number with lane `index` set to 1 (the others unchanged): the input whose
    /// derivative that lane carries.
    ///
    /// ```
    /// use gradcheck_runtime::lanes::DualLanes64;
    /// let x = DualLanes64::<2>::from_re(3.0).derivative(0);
    /// assert_eq!((x * x).eps.as_slice(), &[6.0, 0.0]);
    /// ```
    #[inline]
    pub fn derivative(mut self, index: usize) -> Self {
        self.eps.0[index] = T::one();
        self
    }
}

impl<T: DualNum, D: Dim> DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    /// `f(re)` with derivative lanes `f'(re)·eps`.
    #[inline]
    fn chain_rule(&self, f0: T, f1: T) -> Self {
        Self::new(f0, self.eps.clone() * f1)
    }
}

/* product rule */
impl<T: DualNum, D: Dim> Mul<&DualLanes<T, D>> for &DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = DualLanes<T, D>;
    #[inline]
    fn mul(self, other: &DualLanes<T, D>) -> DualLanes<T, D> {
        DualLanes::new(
            self.re.clone() * other.re.clone(),
            self.eps.combine(&other.re, &other.eps, &self.re),
        )
    }
}

/* quotient rule */
impl<T: DualNum, D: Dim> Div<&DualLanes<T, D>> for &DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = DualLanes<T, D>;
    #[inline]
    fn div(self, other: &DualLanes<T, D>) -> DualLanes<T, D> {
        // num-dual's order of operations, so that the lanes equal `DualVec`'s bit for bit.
        let inv = other.re.recip();
        let eps = self.eps.combine(&other.re, &other.eps, &-self.re.clone());
        DualLanes::new(self.re.clone() * inv.clone(), eps * inv.clone() * inv)
    }
}

impl<T: DualNum, D: Dim> fmt::Display for DualLanes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} + {:?}ε", self.re, self.eps.as_slice())
    }
}

impl_first_derivatives!(DualLanes, [eps], [D], [D]);
impl_dual!(DualLanes, [eps], [D], [D]);
