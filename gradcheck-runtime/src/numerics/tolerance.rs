//! How close a hand-written derivative must be to the exact dual derivative.
//!
//! Both are computed in floating point, so they differ by rounding that scales with the size
//! of the terms that were summed, not with the component itself (measured: correct
//! gradients agree with num-dual to ~1e-13 of the largest component, while a component that
//! is a sum of cancelling terms can differ by ~1e-10 of its own size). The default tolerance
//! is therefore relative to the component *and* to the largest component of the row, and a
//! component that still fails is re-examined at nearby points: rounding noise changes from
//! point to point, a wrong formula does not.

use crate::precision::Profile;
use crate::spec::Spec;

/// The tolerance in force for one check.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tolerance {
    pub rtol: f64,
    pub atol: f64,
    /// The tolerance relative to the largest entry of the row (0 for a user's tolerance).
    pub row_rtol: f64,
    /// Whether the user chose the tolerance (then it is applied exactly, with no noise probe).
    pub user: bool,
}

impl Tolerance {
    /// The spec's tolerance, or the profile's default.
    pub(crate) fn new(spec: &Spec, prof: &Profile) -> Self {
        let user = spec.rtol.is_some() || spec.atol.is_some();
        Tolerance {
            rtol: spec.rtol.unwrap_or(prof.rtol),
            atol: spec.atol.unwrap_or(0.0),
            row_rtol: if user { 0.0 } else { prof.row_rtol },
            user,
        }
    }

    /// The scale an error in entry (`exact`, `hand`) is measured against.
    pub(crate) fn scale(exact: f64, hand: f64) -> f64 {
        exact.abs().max(hand.abs())
    }

    /// The allowed |hand − exact| for one entry of a row whose largest entry is `row_max`.
    pub(crate) fn allowed(&self, exact: f64, hand: f64, row_max: f64) -> f64 {
        self.rtol * Self::scale(exact, hand) + self.atol + self.row_rtol * row_max
    }

    /// Whether `hand` agrees with `exact`; non-finite hand-written values never agree with
    /// finite exact ones.
    pub(crate) fn agrees(&self, exact: f64, hand: f64, row_max: f64) -> bool {
        if !hand.is_finite() {
            return hand.to_bits() == exact.to_bits() || (hand.is_nan() && exact.is_nan());
        }
        (hand - exact).abs() <= self.allowed(exact, hand, row_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::F64;
    use crate::Layout;

    fn default() -> Tolerance {
        Tolerance::new(&Spec::new("f", Layout::flat(1)), &F64)
    }

    #[test]
    fn catches_relative_errors_of_1e_8() {
        let t = default();
        for &c in &[1e-3, 0.7, 3.0, 1e6, 1e12] {
            assert!(!t.agrees(c, c * (1.0 + 1e-8), c), "c={c}");
            assert!(!t.agrees(-c, -c * (1.0 - 1e-7), c), "c={c}");
        }
    }

    #[test]
    fn passes_rounding_of_cancelling_sums() {
        let t = default();
        // A component 1e-3 of the largest, off by 1e-10 of itself: rounding, not a bug.
        assert!(t.agrees(1e-3, 1e-3 * (1.0 + 1e-10), 1.0));
        // A zero component computed as 1e-14 of the largest.
        assert!(t.agrees(0.0, 1e-14, 1.0));
    }

    #[test]
    fn user_tolerance_is_applied_exactly() {
        let t = Tolerance::new(&Spec::new("f", Layout::flat(1)).rtol(1e-3), &F64);
        assert!(t.agrees(1.0, 1.0009, 1.0));
        assert!(!t.agrees(1.0, 1.0011, 1.0));
        assert!(!t.agrees(0.0, 1e-14, 1.0));
    }

    #[test]
    fn nan_never_agrees_with_a_number() {
        assert!(!default().agrees(1.0, f64::NAN, 1.0));
        assert!(!default().agrees(1.0, f64::INFINITY, 1.0));
    }

    #[test]
    fn the_same_infinity_or_nan_agrees() {
        assert!(default().agrees(f64::INFINITY, f64::INFINITY, 1.0));
        assert!(!default().agrees(f64::NEG_INFINITY, f64::INFINITY, 1.0));
        assert!(default().agrees(f64::NAN, f64::NAN, 1.0));
    }

    #[test]
    fn a_user_atol_adds_to_the_allowance() {
        let t = Tolerance::new(&Spec::new("f", Layout::flat(1)).atol(1e-6), &F64);
        assert!(t.agrees(0.0, 9e-7, 1.0));
        assert!(!t.agrees(0.0, 1.1e-6, 1.0));
        // rtol stays the profile's when only atol is given: 1e-9 of 1e3 is 1e-6 more.
        assert!(t.agrees(1e3, 1e3 + 1.9e-6, 1e3));
        assert!(!t.agrees(1e3, 1e3 + 2.1e-6, 1e3));
    }
}
