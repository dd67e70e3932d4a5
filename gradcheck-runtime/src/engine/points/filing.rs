//! Where a finding is filed: the severity rule of the kinds of points. At exploration and
//! stationary points only a wrong hand-written derivative fails the check, at special points
//! the function's own singularities only warn (`lenient`); `Report::record` learns
//! it from a copy of the spec that allows those kinds, and the message says why.

use crate::report::finding::{Finding, Kind, Origin, Severity};
use crate::spec::Spec;

/// The findings that fail the check wherever they are found: a hand-written derivative that
/// is wrong (or a value, against a reference), and a function that is not deterministic.
/// `ad_mismatch` is not among them: it rests on the finite differences alone, which are at
/// their weakest this far out (softplus written as ln(1 + eˣ) at x = −92 has the value 0
/// exactly, 1 + e⁻⁹² being 1, so the differences see a flat function where the dual
/// derivative, 7.6e-41, is right).
const WRONG: [Kind; 4] = [
    Kind::Mismatch,
    Kind::HessianMismatch,
    Kind::ReferenceMismatch,
    Kind::Nondeterministic,
];

/// The singularities a chosen point can sit on exactly where a random point never does:
/// relu and |x| have a kink at 0, |a − b| where all components are equal, ‖w‖ a non-finite
/// derivative at the all-zero point, floor a jump at every integer; descent converges onto
/// the kink of an L1 term. They are the function's, not its derivative's, and say nothing
/// a user can fix but `allow(...)`.
const SINGULAR: [Kind; 4] = [
    Kind::Kink,
    Kind::Discontinuity,
    Kind::UnboundedDerivative,
    Kind::NonfiniteDerivative,
];

/// Whether a finding of `kind` at a point of `origin` only warns although it would fail the
/// check at a random point: at exploration and stationary points everything but a wrong
/// derivative, at special points the function's own singularities.
pub(crate) fn lenient(origin: Origin, kind: Kind) -> bool {
    match origin {
        Origin::Explore | Origin::Stationary => !WRONG.contains(&kind),
        Origin::Special => SINGULAR.contains(&kind),
        _ => false,
    }
}

/// Why a finding of `origin` only warns, appended to its message.
pub(crate) fn why_lenient(origin: Origin) -> &'static str {
    match origin {
        Origin::Explore => " (found at an exploration point beyond the default box −1..1: only a wrong hand-written derivative fails the check there, the function may not be defined this far out and finite differences are at their weakest; give `domain` to say where it is defined)",
        Origin::Stationary => " (found at a stationary point reached by descent: only a wrong hand-written derivative fails the check there)",
        _ => " (found at a special point, where the function's own singularities, such as relu's or |x|'s kink at 0 or floor's jump at an integer, are expected: a warning)",
    }
}

/// Where a finding is filed: at exploration, stationary and special points some kinds only
/// warn (`lenient`), which `Report::record` learns from a spec that allows them.
pub(crate) struct Filing<'s> {
    spec: &'s Spec,
    explore: Spec,
    special: Spec,
}

impl<'s> Filing<'s> {
    pub(crate) fn new(spec: &'s Spec) -> Self {
        let widen = |origin: Origin| {
            let mut s = spec.clone();
            s.explicit.clear();
            for kind in Kind::ALL {
                if lenient(origin, *kind) {
                    s.allowed.push(*kind);
                }
            }
            s
        };
        Filing {
            spec,
            explore: widen(Origin::Explore),
            special: widen(Origin::Special),
        }
    }

    /// The spec whose `allow(...)` gives the severity of findings at points of `origin`.
    pub(crate) fn spec(&self, origin: Origin) -> &Spec {
        match origin {
            Origin::Explore | Origin::Stationary => &self.explore,
            Origin::Special => &self.special,
            _ => self.spec,
        }
    }

    /// Whether a finding at a point of its origin is worth reporting. At a stationary point
    /// the gradient is zero by construction and both derivatives are rounding noise (~1e-17
    /// beside terms of ~1): a hand-written value within the rounding of the dual derivative
    /// there is exactly what a right gradient gives, not a point that could not be checked.
    /// Reported, it was one warning per component at every minimum the descent reached.
    pub(crate) fn keeps(&self, f: &Finding) -> bool {
        !(f.origin == Some(Origin::Stationary)
            && f.kind == Kind::Unstable
            && f.message
                .starts_with(crate::engine::judge::BELOW_RESOLUTION))
    }

    /// Says in the message why a finding that would fail the check elsewhere only warns.
    pub(crate) fn explain(&self, f: &mut Finding) {
        let origin = f.origin.unwrap_or(Origin::Random);
        if lenient(origin, f.kind) && self.spec.severity(f.kind) == Severity::Error {
            f.message.push_str(why_lenient(origin));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_wrong_derivative_fails_out_there() {
        assert!(!lenient(Origin::Explore, Kind::Mismatch));
        assert!(lenient(Origin::Explore, Kind::AdMismatch));
        assert!(lenient(Origin::Explore, Kind::NonfiniteValue));
        assert!(lenient(Origin::Explore, Kind::Panic));
        assert!(lenient(Origin::Special, Kind::Kink));
        assert!(!lenient(Origin::Special, Kind::NonfiniteValue));
        assert!(!lenient(Origin::Random, Kind::Kink));
    }
}
