//! Arithmetic that reads like the `f64` code: the functions real formulas need and
//! `DualNum` lacks, generic over any `DualNum` (so over `f64` and `f32` too), with the exact
//! derivative wherever the function is smooth.
//!
//! As methods ([`DualMath`]: `a.max(b)`, `x.hypot(y)`, `x.clamp(lo, hi)`, `x.sigmoid()`),
//! so that `f64` code using `f64`'s methods compiles over `D` unchanged, and as functions
//! (`max(a, b)`, `log_sum_exp(&xs)`).
//!
//! At their non-smooth points (`max`, `min` and `clamp` at a tie, `hypot` at the origin) the
//! derivative is one of the one-sided derivatives, component by component — the derivative of
//! one branch, never an average of both, which finite differences would call wrong on either
//! side — so a checker sees a kink there, not a broken derivative. Ties go to the receiver
//! (`a.max(b)` with `a == b` is `a`, with `a`'s derivative), as `f64::max` returns `a`.
//!
//! ```
//! use gradcheck_runtime::math::DualMath;
//! use num_dual::{Dual64, DualNum};
//!
//! fn relu_hinge<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
//!     x.max(0.0) + x.hypot(y) + y.sigmoid()
//! }
//! let y = relu_hinge(Dual64::from(3.0).derivative(), Dual64::from(4.0));
//! assert_eq!(y.re, 3.0 + 5.0 + 1.0 / (1.0 + (-4.0_f64).exp()));
//! assert!((y.eps - (1.0 + 3.0 / 5.0)).abs() < 1e-15);
//! ```
//!
//! # Porting `f64` code: constants on the right
//!
//! A `D` combines with an `f64` when the `D` comes first (`x * 2.0`, `x + 1.0`, `x / c`);
//! `2.0 * x` does not compile for a generic `D`, and cannot be made to: Rust's orphan rule
//! lets only the crate of `f64` or of `D` write `impl Mul<D> for f64`, and num-dual writes
//! none. The rewrites: `2.0 * x` → `x * 2.0`; `1.0 / x` → `x.recip()`; `c / x` →
//! `x.recip() * c`; `2.0 - x` → `-x + 2.0` or `D::from(2.0) - x`; `xs[i] * w` (data times
//! `D`) → `w * xs[i]`; `0.0` as a start → `D::from(0.0)`.
//!
//! ```
//! use num_dual::{Dual64, DualNum};
//! // f64: 1.0 / (1.0 + (-d2 / (2.0 * l * l)).exp())
//! fn f<D: DualNum<Primitive = f64> + Copy>(l: D, d2: f64) -> D {
//!     ((D::from(-d2) / (l * l * 2.0)).exp() + 1.0).recip()
//! }
//! let original = |l: f64, d2: f64| 1.0 / (1.0 + (-d2 / (2.0 * l * l)).exp());
//! assert_eq!(f(0.8, 0.3), original(0.8, 0.3));
//! ```

use num_dual::DualNum;
use num_traits::{Float, One, Zero};

/// The methods `f64` code uses that `DualNum` lacks, for every `DualNum` (`f64` included: on a
/// concrete `f64`, its inherent methods of the same names win, with the same results).
///
/// The other operand may be a `D` or a constant of the primitive type: `x.max(0.0)`,
/// `x.max(y)`.
pub trait DualMath: DualNum {
    /// `√(x² + y²)`, without overflow for large components; at the origin `|x| + |y|`
    /// (value 0, a one-sided slope along each component).
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// let h = Dual64::from(3.0).derivative().hypot(4.0);
    /// assert_eq!(h.re, 5.0);
    /// assert!((h.eps - 0.6).abs() < 1e-15);
    /// assert_eq!(DualMath::hypot(&1e300, 1e300), 1e300 * 2.0_f64.sqrt());
    /// ```
    fn hypot(&self, other: impl Into<Self>) -> Self {
        hypot(self.clone(), other.into())
    }

    /// The larger of the two; `self` at a tie; the other when one is NaN (as `f64::max`).
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// assert_eq!(Dual64::from(-2.0).derivative().max(0.0).eps, 0.0);
    /// assert_eq!(Dual64::from(0.0).derivative().max(0.0).eps, 1.0); // a tie: self's slope
    /// ```
    fn max(&self, other: impl Into<Self>) -> Self {
        max(self.clone(), other.into())
    }

    /// The smaller of the two; `self` at a tie; the other when one is NaN (as `f64::min`).
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// assert_eq!(Dual64::from(-2.0).derivative().min(0.0).eps, 1.0);
    /// ```
    fn min(&self, other: impl Into<Self>) -> Self {
        min(self.clone(), other.into())
    }

    /// `self` restricted to `[lo, hi]`; `self` at either bound.
    ///
    /// # Panics
    /// If `lo > hi` or either is NaN, as `f64::clamp`.
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// let x = Dual64::from(2.0).derivative();
    /// assert_eq!((x.clamp(-1.0, 1.0).re, x.clamp(-1.0, 1.0).eps), (1.0, 0.0));
    /// ```
    fn clamp(&self, lo: impl Into<Self>, hi: impl Into<Self>) -> Self {
        clamp(self.clone(), lo.into(), hi.into())
    }

    /// The logistic function `1 / (1 + e^-x)`, without overflow on either side.
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// let s = Dual64::from(0.0).derivative().sigmoid();
    /// assert_eq!((s.re, s.eps), (0.5, 0.25));
    /// ```
    fn sigmoid(&self) -> Self {
        sigmoid(self.clone())
    }

    /// `ln(1 + e^x)`, the same as [`log1p_exp`](DualMath::log1p_exp).
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// assert_eq!(DualMath::softplus(&1000.0_f64), 1000.0);
    /// ```
    fn softplus(&self) -> Self {
        log1p_exp(self.clone())
    }

    /// `ln(1 + e^x)` without overflow (`x + ln(1 + e^-x)` for positive `x`).
    ///
    /// ```
    /// use gradcheck_runtime::math::DualMath;
    /// use num_dual::Dual64;
    /// let y = Dual64::from(800.0).derivative().log1p_exp();
    /// assert_eq!((y.re, y.eps), (800.0, 1.0));
    /// ```
    fn log1p_exp(&self) -> Self {
        log1p_exp(self.clone())
    }
}

impl<D: DualNum> DualMath for D {}

/// `√(x² + y²)` without overflow; `|x| + |y|` at the origin. See [`DualMath::hypot`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::hypot(3.0, -4.0), 5.0);
/// ```
pub fn hypot<D: DualNum>(x: D, y: D) -> D {
    // The value is f64's own (correctly handled NaN and infinities, and within an ulp where
    // the scaled formula below is not): the formula gives the derivative parts, then its real
    // part is swapped for f64's, a constant shift that leaves every derivative as it was.
    let exact = x.re().hypot(y.re());
    let (a, b) = (x.abs(), y.abs());
    let (big, small) = if b.re() > a.re() { (b, a) } else { (a, b) };
    if big.re() == D::Primitive::zero() {
        // The origin, a cone: |x| + |y| keeps each component's slope one-sided (±1), where
        // the scaled formula would divide 0 by 0.
        return big + small;
    }
    if !big.re().is_finite() {
        return D::from(exact);
    }
    let r = small / big.clone();
    let h = big * (r.clone() * r + D::Primitive::one()).sqrt();
    let re = h.re();
    h - re + exact
}

/// The larger of `a` and `b`; `a` at a tie; the other when one is NaN. See [`DualMath::max`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::max(1.0, f64::NAN), 1.0);
/// ```
pub fn max<D: DualNum>(a: D, b: D) -> D {
    if a.re().is_nan() || b.re() > a.re() {
        b
    } else {
        a
    }
}

/// The smaller of `a` and `b`; `a` at a tie; the other when one is NaN. See [`DualMath::min`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::min(1.0, 2.0), 1.0);
/// ```
pub fn min<D: DualNum>(a: D, b: D) -> D {
    if a.re().is_nan() || b.re() < a.re() {
        b
    } else {
        a
    }
}

/// `x` restricted to `[lo, hi]`. See [`DualMath::clamp`].
///
/// # Panics
/// If `lo > hi` or either is NaN.
///
/// ```
/// assert_eq!(gradcheck_runtime::math::clamp(5.0, 0.0, 1.0), 1.0);
/// ```
pub fn clamp<D: DualNum>(x: D, lo: D, hi: D) -> D {
    assert!(
        lo.re() <= hi.re(),
        "clamp: lo {} must not exceed hi {} (nor be NaN)",
        lo.re(),
        hi.re()
    );
    if x.re() < lo.re() {
        lo
    } else if x.re() > hi.re() {
        hi
    } else {
        x
    }
}

/// The logistic function `1 / (1 + e^-x)`, stable on both sides. See [`DualMath::sigmoid`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::sigmoid(-800.0), 0.0);
/// ```
pub fn sigmoid<D: DualNum>(x: D) -> D {
    // Both branches are the same analytic function: the derivative is exact on either; the
    // branch only keeps the exponential's argument non-positive.
    if x.re() >= D::Primitive::zero() {
        ((-x).exp() + D::Primitive::one()).recip()
    } else {
        let e = x.exp();
        e.clone() / (e + D::Primitive::one())
    }
}

/// `ln(1 + e^x)`, stable for any `x`. See [`DualMath::log1p_exp`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::softplus(-800.0), 0.0);
/// ```
pub fn softplus<D: DualNum>(x: D) -> D {
    log1p_exp(x)
}

/// `ln(1 + e^x)`, stable for any `x`. See [`DualMath::log1p_exp`].
///
/// ```
/// assert_eq!(gradcheck_runtime::math::log1p_exp(0.0), 2.0_f64.ln());
/// ```
pub fn log1p_exp<D: DualNum>(x: D) -> D {
    if x.re() > D::Primitive::zero() {
        x.clone() + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// `ln Σ e^xᵢ`, shifted by the largest real part so no exponential overflows (the shift is a
/// constant: the derivative, the softmax weights, stays exact). `-∞` for an empty slice.
///
/// ```
/// use gradcheck_runtime::math::log_sum_exp;
/// use num_dual::Dual64;
/// let y = log_sum_exp(&[Dual64::from(1000.0).derivative(), Dual64::from(1000.0)]);
/// assert_eq!((y.re, y.eps), (1000.0 + 2.0_f64.ln(), 0.5));
/// ```
pub fn log_sum_exp<D: DualNum>(xs: &[D]) -> D {
    let m = xs
        .iter()
        .map(|x| x.re())
        .fold(D::Primitive::neg_infinity(), Float::max);
    if m.is_infinite() {
        // All -∞ (or none): -∞. Some +∞: +∞.
        return D::from(m);
    }
    let s: D = xs.iter().map(|x| (x.clone() - m).exp()).sum();
    s.ln() + m
}

#[cfg(test)]
mod tests;
