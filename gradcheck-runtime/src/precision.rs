//! One precision profile per primitive type: every threshold that depends on how finely the
//! type resolves numbers lives here, so that a second primitive (`f32`) is one more profile
//! and not a copy of the engine.
//!
//! The engine itself works in `f64` (points, values, derivatives and reports); only the
//! evaluation of the user's function happens in the primitive type, and the profile says how
//! much of what comes back is rounding.

use num_dual::{DualNum, DualNumFloat};
use std::fmt;

/// The thresholds of one primitive type. Read them to see what a check can resolve.
///
/// ```
/// use gradcheck_runtime::Real;
/// let p = <f64 as Real>::PROFILE;
/// assert_eq!(p.eps, f64::EPSILON);
/// assert!(p.rtol < 1e-8); // a relative error of 1e-8 in one component is caught
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Profile {
    /// The type's name, for messages.
    pub name: &'static str,
    /// Machine epsilon: the spacing of numbers near 1.
    pub eps: f64,
    /// The spacing of subnormal numbers: below the smallest normal number rounding is
    /// absolute, so every noise model has this floor.
    pub tiny: f64,
    /// Default relative tolerance of a hand-written derivative against the exact one, of the
    /// larger of the two. In `f64` 1e-9: relative errors of 1e-8 and above are caught (the
    /// bar), the ~1e-10 of correct sums of cancelling terms pass (measured on the corpus).
    pub rtol: f64,
    /// Default tolerance relative to the largest entry of the same row: a component that is a
    /// small difference of large terms rounds with the terms (measured: correct gradients
    /// agree with the dual derivative to ~1e-13 of the largest component).
    pub row_rtol: f64,
    /// How closely one central difference must agree with the dual derivative for the cheap
    /// glance to settle an entry (beyond its rounding noise).
    pub glance_rtol: f64,
    /// The relative resolution of a finite-difference verdict: error estimates of Ridders and
    /// Richardson run low, and agreement to this fraction of the value is agreement.
    pub resolution: f64,
    /// Agreement padding of a sharp estimate: a broken dual chain is off by whole terms, so
    /// agreement to this fraction of the derivative is agreement.
    pub padding: f64,
    /// How many times the zoom divides the balanced step by 10 looking for a smooth scale.
    pub zoom_levels: i32,
    /// A derivative error below this fraction of the function's own slope scale (|f| over the
    /// length scale) is not worth a verdict: about 2.5·10⁴ times what a central difference
    /// resolves at its balanced step (ε^(2/3)).
    pub slope_floor: f64,
    /// Agreement padding against the slope scale (a quarter of ε^(2/3)).
    pub padding_slope: f64,
    /// One-sided slopes along a random direction that agree to this fraction are one smooth
    /// slope, not a kink (one-sided differences resolve about √ε).
    pub kink_rtol: f64,
    /// The first step of one-sided differences, relative to the scale (they resolve √ε at
    /// their best step, and halve six times from this one).
    pub one_sided_step: f64,
    /// Values at dual numbers and at the primitive that differ by less than this fraction are
    /// the same value computed by two formulas (num-dual's `powi`, `tanh`).
    pub value_rtol: f64,
    /// How far the rounding probe moves the inputs (relative): thousands of ulps, so that the
    /// rounding of every intermediate changes while a formula error stays.
    pub probe: f64,
    /// Default relative tolerance between the value and a `reference` implementation.
    pub reference_rtol: f64,
    /// Rounds an `f64` to the nearest number of the type (the identity for `f64`).
    pub round: fn(f64) -> f64,
}

impl Profile {
    /// The central-difference step that balances truncation and rounding at `s0`:
    /// ε^(1/3)·max(|s0|, 1).
    ///
    /// ```
    /// use gradcheck_runtime::Real;
    /// let h = <f64 as Real>::PROFILE.central_step(2.0);
    /// assert!((h - 2.0 * f64::EPSILON.cbrt()).abs() < 1e-20);
    /// ```
    pub fn central_step(&self, s0: f64) -> f64 {
        self.eps.cbrt() * s0.abs().max(1.0)
    }
}

/// The `f64` profile.
pub static F64: Profile = Profile {
    name: "f64",
    eps: f64::EPSILON,
    tiny: f64::MIN_POSITIVE * f64::EPSILON, // 2^-1074
    rtol: 1e-9,
    row_rtol: 1e-13,
    glance_rtol: 1e-8,
    resolution: 1e-10,
    padding: 1e-9,
    zoom_levels: 5,
    slope_floor: 1e-6,
    padding_slope: 1e-11,
    kink_rtol: 1e-6,
    one_sided_step: 1e-3,
    value_rtol: 1e-9,
    probe: 1e-12,
    reference_rtol: 1e-9,
    round: |v| v,
};

/// The `f32` profile. ε = 1.19e-7: a central difference resolves ε^(2/3) ≈ 2.4e-5 at its best
/// step (4.9e-3 of the scale), one-sided differences √ε ≈ 3.5e-4. Each threshold keeps the
/// ratio to those that the `f64` one has, except the hand-written comparison: `rtol` 2e-6
/// (17 ε) catches a relative error of 1e-4 in one component with a margin of 50 and 1e-5
/// where the function rounds little; the row floor 1e-6 of the largest entry (8 ε) keeps
/// components down to 1e-2 of it held to that. Rounding beyond it is measured, not assumed
/// (`Dual<Rounded<f32>>`): on the f32 corpus correct gradients differ from the `f32` dual
/// derivative by up to 33 ε of the entry (a shifted softmax against an unshifted
/// log-sum-exp) and 8 300 ε where an LSTM gate's terms cancel, which the measured bound covers.
/// The rounding probe moves inputs by 1e-4 (840 ε): enough to change the rounding of every
/// intermediate, little enough that a wrong formula's error stays (at 1e-3 an input near 1e3
/// moves by a radian, and a 1% error in sin's derivative went unseen at 210 of 377 points).
pub static F32: Profile = Profile {
    name: "f32",
    eps: f32::EPSILON as f64,
    tiny: f32::MIN_POSITIVE as f64 * f32::EPSILON as f64, // 2^-149
    rtol: 2e-6,
    row_rtol: 1e-6,
    glance_rtol: 6e-3,
    resolution: 1e-4,
    padding: 1e-3,
    zoom_levels: 2,
    slope_floor: 1e-2,
    padding_slope: 6e-6,
    kink_rtol: 1e-3,
    one_sided_step: 1e-2,
    value_rtol: 1e-5,
    probe: 1e-4,
    reference_rtol: 1e-5,
    round: |v| v as f32 as f64,
};

mod sealed {
    /// Only `f64` and `f32` are primitives the engine knows.
    pub trait Sealed {}
    impl Sealed for f64 {}
    impl Sealed for f32 {}
}

/// A primitive type user functions are evaluated in: `f64` or `f32`.
///
/// ```
/// use gradcheck_runtime::Real;
/// assert_eq!(<f32 as Real>::of(0.1).widen(), 0.1f32 as f64);
/// assert_eq!(<f32 as Real>::PROFILE.name, "f32");
/// ```
pub trait Real:
    DualNumFloat
    + DualNum<Primitive = Self>
    + Send
    + Sync
    + fmt::Debug
    + fmt::Display
    + sealed::Sealed
    + 'static
{
    /// The type's thresholds.
    const PROFILE: &'static Profile;
    /// The nearest number of the type.
    fn of(v: f64) -> Self;
    /// The number as an `f64` (exact).
    fn widen(self) -> f64;
}

impl Real for f64 {
    const PROFILE: &'static Profile = &F64;
    fn of(v: f64) -> Self {
        v
    }
    fn widen(self) -> f64 {
        self
    }
}

impl Real for f32 {
    const PROFILE: &'static Profile = &F32;
    fn of(v: f64) -> Self {
        v as f32
    }
    fn widen(self) -> f64 {
        self as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_the_type() {
        assert_eq!((F64.round)(0.1), 0.1);
        assert_eq!((F32.round)(0.1), 0.1f32 as f64);
        assert_eq!(F64.tiny, f64::from_bits(1));
        assert_eq!(F32.tiny, f32::from_bits(1) as f64);
    }
}
