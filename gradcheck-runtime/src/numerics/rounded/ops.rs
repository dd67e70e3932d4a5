//! Arithmetic (`+ − × ÷ %`, with `Rounded`, `&Rounded` or a plain `F` on the right), the assign
//! forms, comparisons on the value only, and the `num-traits` / `num-dual` plumbing traits
//! `DualNum` requires.

use super::propagate::{round_off, through, unit};
use super::Rounded;
use num_dual::{DualNumFloat, DualStruct, Mappable};
use num_traits::{FromPrimitive, Inv, Num, One, Signed, Zero};
use std::cmp::Ordering;
use std::iter::{Product, Sum};
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

impl<F: DualNumFloat> Rounded<F> {
    /// `a + b`: `e = e_a + e_b + u|v|`. No η: a sum that lands in the subnormal range is exact.
    #[inline]
    pub(super) fn add_r(self, o: Self) -> Self {
        let v = self.v + o.v;
        Self {
            v,
            e: self.e + o.e + unit::<F>() * v.abs(),
        }
    }

    /// `a − b`, as `a + (−b)`.
    #[inline]
    pub(super) fn sub_r(self, o: Self) -> Self {
        let v = self.v - o.v;
        Self {
            v,
            e: self.e + o.e + unit::<F>() * v.abs(),
        }
    }

    /// `a · b`: `e = |a|e_b + |b|e_a + e_a·e_b + u|v| + η`, exact in the inputs' errors.
    /// Branch-free (a 0·∞ here means the value is not finite either), so that loops of
    /// products can vectorize.
    #[inline]
    pub(super) fn mul_r(self, o: Self) -> Self {
        let v = self.v * o.v;
        let prop = self.v.abs() * o.e + o.v.abs() * self.e + self.e * o.e;
        Self {
            v,
            e: prop + round_off(F::one(), v),
        }
    }

    /// `a / b`: `|(a+α)/(b+β) − a/b| = |α − (a/b)β| / |b+β| ≤ (e_a + |v|e_b)/(|b| − e_b)`;
    /// unbounded when `e_b ≥ |b|` (the exact divisor may be 0).
    #[inline]
    pub(super) fn div_r(self, o: Self) -> Self {
        let v = self.v / o.v;
        let room = o.v.abs() - o.e;
        let prop = if o.e == F::zero() {
            self.e / o.v.abs() // 0/0 only where the value is not finite either
        } else if room > F::zero() {
            (self.e + v.abs() * o.e) / room
        } else {
            F::infinity()
        };
        Self {
            v,
            e: prop + round_off(F::one(), v),
        }
    }

    /// `a % b` (fmod, exact in floating point): `a − n·b` with `n = trunc(a/b)` moves by
    /// `e_a + |n|·e_b` while `n` stays; a change of `n` (a jump) is not covered.
    #[inline]
    pub(super) fn rem_r(self, o: Self) -> Self {
        let v = self.v % o.v;
        let n = ((self.v - v) / o.v).abs();
        Self {
            v,
            e: self.e + through(n, o.e),
        }
    }
}

/// The four ways to combine operands (`Self`/`&Self` on the left, `Self`/`&Self`/`F` on the
/// right) and the assign forms, all through one rule.
macro_rules! binop {
    ($trt:ident, $mth:ident, $atrt:ident, $amth:ident, $rule:ident) => {
        impl<F: DualNumFloat> $trt for Rounded<F> {
            type Output = Self;
            #[inline]
            fn $mth(self, o: Self) -> Self {
                self.$rule(o)
            }
        }
        impl<F: DualNumFloat> $trt<&Rounded<F>> for Rounded<F> {
            type Output = Self;
            #[inline]
            fn $mth(self, o: &Self) -> Self {
                self.$rule(*o)
            }
        }
        impl<F: DualNumFloat> $trt<Rounded<F>> for &Rounded<F> {
            type Output = Rounded<F>;
            #[inline]
            fn $mth(self, o: Rounded<F>) -> Rounded<F> {
                (*self).$rule(o)
            }
        }
        impl<F: DualNumFloat> $trt<&Rounded<F>> for &Rounded<F> {
            type Output = Rounded<F>;
            #[inline]
            fn $mth(self, o: &Rounded<F>) -> Rounded<F> {
                (*self).$rule(*o)
            }
        }
        /// A plain `F` operand is an exact constant (bound 0).
        impl<F: DualNumFloat> $trt<F> for Rounded<F> {
            type Output = Self;
            #[inline]
            fn $mth(self, o: F) -> Self {
                self.$rule(Self::new(o))
            }
        }
        impl<F: DualNumFloat> $atrt for Rounded<F> {
            #[inline]
            fn $amth(&mut self, o: Self) {
                *self = self.$rule(o);
            }
        }
        impl<F: DualNumFloat> $atrt<&Rounded<F>> for Rounded<F> {
            #[inline]
            fn $amth(&mut self, o: &Self) {
                *self = self.$rule(*o);
            }
        }
        impl<F: DualNumFloat> $atrt<F> for Rounded<F> {
            #[inline]
            fn $amth(&mut self, o: F) {
                *self = self.$rule(Self::new(o));
            }
        }
    };
}

binop!(Add, add, AddAssign, add_assign, add_r);
binop!(Sub, sub, SubAssign, sub_assign, sub_r);
binop!(Mul, mul, MulAssign, mul_assign, mul_r);
binop!(Div, div, DivAssign, div_assign, div_r);
binop!(Rem, rem, RemAssign, rem_assign, rem_r);

impl<F: DualNumFloat> Neg for Rounded<F> {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        Self {
            v: -self.v,
            e: self.e,
        }
    }
}

impl<F: DualNumFloat> Neg for &Rounded<F> {
    type Output = Rounded<F>;
    #[inline]
    fn neg(self) -> Rounded<F> {
        -*self
    }
}

/// Comparisons look at the value only, so that branches follow the plain-`F` path.
impl<F: DualNumFloat> PartialEq for Rounded<F> {
    #[inline]
    fn eq(&self, o: &Self) -> bool {
        self.v == o.v
    }
}

impl<F: DualNumFloat> PartialEq<F> for Rounded<F> {
    #[inline]
    fn eq(&self, o: &F) -> bool {
        self.v == *o
    }
}

impl<F: DualNumFloat> PartialOrd for Rounded<F> {
    #[inline]
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        self.v.partial_cmp(&o.v)
    }
}

impl<F: DualNumFloat> PartialOrd<F> for Rounded<F> {
    #[inline]
    fn partial_cmp(&self, o: &F) -> Option<Ordering> {
        self.v.partial_cmp(o)
    }
}

impl<F: DualNumFloat> Zero for Rounded<F> {
    #[inline]
    fn zero() -> Self {
        Self::new(F::zero())
    }
    #[inline]
    fn is_zero(&self) -> bool {
        self.v.is_zero()
    }
}

impl<F: DualNumFloat> One for Rounded<F> {
    #[inline]
    fn one() -> Self {
        Self::new(F::one())
    }
    #[inline]
    fn is_one(&self) -> bool {
        self.v.is_one()
    }
}

impl<F: DualNumFloat> Num for Rounded<F> {
    type FromStrRadixErr = F::FromStrRadixErr;
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        F::from_str_radix(s, radix).map(Self::new)
    }
}

/// As `F`'s own `Signed`: `abs` and `is_positive` look at the sign bit (so `−0.0` is negative,
/// as num-dual's `abs` of a dual relies on). `abs` and `signum` add no rounding; a sign change
/// inside the bound (a kink) is not covered.
impl<F: DualNumFloat> Signed for Rounded<F> {
    #[inline]
    fn abs(&self) -> Self {
        Self {
            v: Signed::abs(&self.v),
            e: self.e,
        }
    }
    #[inline]
    fn abs_sub(&self, o: &Self) -> Self {
        if self.v <= o.v {
            Self::zero()
        } else {
            *self - *o
        }
    }
    #[inline]
    fn signum(&self) -> Self {
        Self::new(Signed::signum(&self.v))
    }
    #[inline]
    fn is_positive(&self) -> bool {
        Signed::is_positive(&self.v)
    }
    #[inline]
    fn is_negative(&self) -> bool {
        Signed::is_negative(&self.v)
    }
}

impl<F: DualNumFloat> Inv for Rounded<F> {
    type Output = Self;
    #[inline]
    fn inv(self) -> Self {
        num_dual::DualNum::recip(&self)
    }
}

/// Starts from `−0.0`, as the standard library's float `Sum` does (so an empty or all-`−0.0`
/// sum keeps the same sign bit as plain `F`).
impl<F: DualNumFloat> Sum for Rounded<F> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::new(-F::zero()), |acc, x| acc + x)
    }
}

impl<'a, F: DualNumFloat> Sum<&'a Rounded<F>> for Rounded<F> {
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Self::new(-F::zero()), |acc, x| acc + x)
    }
}

impl<F: DualNumFloat> Product for Rounded<F> {
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::one(), |acc, x| acc * x)
    }
}

impl<'a, F: DualNumFloat> Product<&'a Rounded<F>> for Rounded<F> {
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Self::one(), |acc, x| acc * x)
    }
}

/// Conversions are exact inputs (bound 0), even where `F::from_*` itself rounds (an `f64`
/// constant into `f32`): the value the program works with is the converted one.
impl<F: DualNumFloat> FromPrimitive for Rounded<F> {
    fn from_i64(n: i64) -> Option<Self> {
        F::from_i64(n).map(Self::new)
    }
    fn from_u64(n: u64) -> Option<Self> {
        F::from_u64(n).map(Self::new)
    }
    fn from_i32(n: i32) -> Option<Self> {
        F::from_i32(n).map(Self::new)
    }
    fn from_u32(n: u32) -> Option<Self> {
        F::from_u32(n).map(Self::new)
    }
    fn from_isize(n: isize) -> Option<Self> {
        F::from_isize(n).map(Self::new)
    }
    fn from_usize(n: usize) -> Option<Self> {
        F::from_usize(n).map(Self::new)
    }
    fn from_f32(n: f32) -> Option<Self> {
        F::from_f32(n).map(Self::new)
    }
    fn from_f64(n: f64) -> Option<Self> {
        F::from_f64(n).map(Self::new)
    }
}

/// A leaf of num-dual's nesting, like `f64` itself: its real part is the value.
impl<F: DualNumFloat> DualStruct for Rounded<F> {
    type Real = F;
    type Inner = Self;
    #[inline]
    fn re(&self) -> F {
        self.v
    }
    #[inline]
    fn from_inner(inner: &Self) -> Self {
        *inner
    }
}

impl<F: DualNumFloat> Mappable<Self> for Rounded<F> {
    type Output<O> = O;
    #[inline]
    fn map_dual<M: Fn(Self) -> O, O>(self, f: M) -> O {
        f(self)
    }
}
