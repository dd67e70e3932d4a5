//! [`Rounded<F>`]: a float that carries a running bound on its own rounding error, usable
//! wherever num-dual's [`DualNum`](num_dual::DualNum) is: alone, or inside `Dual`, `DualVec`,
//! `HyperDual`, ... so that the bound travels with the value *and* with each derivative part.
//!
//! DESIGN RECORD (placeholder, completed below).
#![allow(clippy::suspicious_arithmetic_impl, clippy::suspicious_op_assign_impl)]

use num_dual::DualNumFloat;
use std::fmt;

mod functions;
mod ops;
mod propagate;
#[cfg(test)]
mod tests;

/// A float `v` computed exactly as plain `F` arithmetic computes it, with a bound `e` on
/// `|v − exact|`, where *exact* is the real-number result of the same expression on the same
/// (exact) inputs.
///
/// ```
/// use gradcheck_runtime::rounded::Rounded;
/// use num_dual::DualNum;
///
/// let t = Rounded::new(1e-5_f64);
/// let r = t - t.sin(); // t³/6 ≈ 1.7e-16, from terms of 1e-5
/// assert_eq!(r.value(), 1e-5_f64 - 1e-5_f64.sin()); // bit-identical to plain f64
/// let exact = 1e-15 / 6.0 - 1e-25 / 120.0;
/// assert!((r.value() - exact).abs() <= r.bound());
/// assert!(r.bound() < 1e-20); // a few ε·t, not ε·|r|
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Rounded<F> {
    pub(crate) v: F,
    pub(crate) e: F,
}

impl<F: DualNumFloat> Rounded<F> {
    /// An exact input: the value `v` with bound 0.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::new(0.1_f64);
    /// assert_eq!((x.value(), x.bound()), (0.1, 0.0));
    /// ```
    #[inline]
    pub fn new(v: F) -> Self {
        Self { v, e: F::zero() }
    }

    /// A value already carrying an error bound, e.g. a measured or previously computed input.
    /// A negative `bound` is taken by magnitude.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::with_bound(2.0_f64, 1e-10);
    /// let y = x * x;
    /// assert!(y.bound() >= 4e-10);
    /// ```
    #[inline]
    pub fn with_bound(v: F, bound: F) -> Self {
        Self { v, e: bound.abs() }
    }

    /// The value, bit-identical to what plain `F` arithmetic gives for the same expression.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::new(3.0_f64);
    /// assert_eq!((x / 7.0).value(), 3.0 / 7.0);
    /// ```
    #[inline]
    pub fn value(&self) -> F {
        self.v
    }

    /// The bound on `|value − exact|`; `inf` or NaN means "unknown" (see the module docs).
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let third = Rounded::new(1.0_f64) / 3.0;
    /// assert!(third.bound() >= (third.value() - 1.0 / 3.0).abs());
    /// assert!(third.bound() <= f64::EPSILON);
    /// ```
    #[inline]
    pub fn bound(&self) -> F {
        self.e
    }
}

impl<F: DualNumFloat> From<F> for Rounded<F> {
    /// An exact input (bound 0), as [`Rounded::new`].
    #[inline]
    fn from(v: F) -> Self {
        Self::new(v)
    }
}

impl<F: DualNumFloat> Default for Rounded<F> {
    fn default() -> Self {
        Self::new(F::zero())
    }
}

/// `value (±bound)`; the format options (precision, exponent) apply to the value.
impl<F: DualNumFloat> fmt::Display for Rounded<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.v, f)?;
        write!(f, " (±{:.1e})", self.e.to_f64().unwrap_or(f64::NAN))
    }
}
