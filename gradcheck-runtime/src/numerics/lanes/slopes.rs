//! [`Slopes`]: the derivative part of a [`DualLanes`](super::DualLanes) number, every lane always
//! present, with the operations num-dual's implementation macros apply to a derivative part.
//! Each is one loop over the lanes, marked `#[inline]` so that a pass of a user's function
//! keeps the lanes in registers.

use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, OVector, Scalar};
use num_dual::DualNum;
use std::ops::{Add, AddAssign, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// The derivative lanes of a [`DualLanes`](super::DualLanes) number: one value per direction, all
/// stored (a lane with no derivative holds zero).
///
/// ```
/// use gradcheck_runtime::lanes::DualLanes64;
/// let x = DualLanes64::<4>::from_re(2.0).derivative(1);
/// assert_eq!(x.eps.as_slice(), &[0.0, 1.0, 0.0, 0.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Slopes<T: Scalar, D: Dim>(pub OVector<T, D>)
where
    DefaultAllocator: Allocator<D>;

impl<T: Scalar + Copy, const N: usize> Copy for Slopes<T, nalgebra::Const<N>> {}

impl<T: DualNum, D: Dim> Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    /// The lanes in order.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        self.0.as_slice()
    }

    /// The lanes in order, to set.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.0.as_mut_slice()
    }

    /// `self·s + other·t`, lane by lane: the product and quotient rules in one loop.
    #[inline]
    pub(super) fn combine(&self, s: &T, other: &Self, t: &T) -> Self {
        let mut out = self.clone();
        for (o, b) in out.as_mut_slice().iter_mut().zip(other.as_slice()) {
            *o = o.clone() * s + b.clone() * t;
        }
        out
    }

    #[inline]
    fn each(mut self, f: impl Fn(&mut T)) -> Self {
        self.as_mut_slice().iter_mut().for_each(f);
        self
    }

    #[inline]
    fn each_with(&mut self, other: &Self, f: impl Fn(&mut T, &T)) {
        for (a, b) in self.as_mut_slice().iter_mut().zip(other.as_slice()) {
            f(a, b);
        }
    }
}

impl<T: DualNum, D: Dim> Add<&Slopes<T, D>> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = Self;
    #[inline]
    fn add(mut self, other: &Self) -> Self {
        self.each_with(other, |a, b| *a += b.clone());
        self
    }
}

impl<T: DualNum, D: Dim> Sub<&Slopes<T, D>> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = Self;
    #[inline]
    fn sub(mut self, other: &Self) -> Self {
        self.each_with(other, |a, b| *a -= b.clone());
        self
    }
}

impl<T: DualNum, D: Dim> AddAssign for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    #[inline]
    fn add_assign(&mut self, other: Self) {
        self.each_with(&other, |a, b| *a += b.clone());
    }
}

impl<T: DualNum, D: Dim> SubAssign for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    #[inline]
    fn sub_assign(&mut self, other: Self) {
        self.each_with(&other, |a, b| *a -= b.clone());
    }
}

impl<T: DualNum, D: Dim> Neg for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        self.each(|a| *a = -a.clone())
    }
}

impl<T: DualNum, D: Dim> Mul<&T> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = Self;
    #[inline]
    fn mul(self, s: &T) -> Self {
        self.each(|a| *a *= s.clone())
    }
}

impl<T: DualNum, D: Dim> Mul<T> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    type Output = Self;
    #[inline]
    fn mul(self, s: T) -> Self {
        self * &s
    }
}

impl<T: DualNum, D: Dim> MulAssign<T> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    #[inline]
    fn mul_assign(&mut self, s: T) {
        self.as_mut_slice().iter_mut().for_each(|a| *a *= s.clone());
    }
}

impl<T: DualNum, D: Dim> DivAssign<T> for Slopes<T, D>
where
    DefaultAllocator: Allocator<D>,
{
    #[inline]
    fn div_assign(&mut self, s: T) {
        self.as_mut_slice().iter_mut().for_each(|a| *a /= s.clone());
    }
}
