//! The finite-difference witness for one derivative, and what it says about the point.
//!
//! The cheap estimate settles almost every entry; where it does not, Ridders' extrapolation
//! is tried, then smaller steps (a point within the step of a kink, jump, domain edge or panic
//! is smooth below that distance), and where nothing settles the point itself is examined
//! (`examine`): a jump that does not shrink with the step, a slope that grows without bound,
//! one-sided slopes that differ. Only a point that looks smooth from every side can convict
//! the derivative under test, and only by a wide margin (`convicts`).

mod examine;

pub(crate) use examine::{describe, examine};

use super::fd::{self, Estimate, Line};
use crate::precision::Profile;

/// What the finite differences say about one derivative.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Verdict {
    /// The function is smooth here and its derivative is `estimate`.
    Smooth(Estimate),
    /// The point is singular: `kind` is kink, discontinuity or unbounded_derivative.
    Singular {
        kind: crate::Kind,
        left: Option<Estimate>,
        right: Option<Estimate>,
        detail: String,
    },
    /// Finite differences cannot decide: the error estimate is too large or inconsistent.
    Undecided {
        estimate: Option<Estimate>,
        detail: String,
    },
    /// The function cannot be evaluated on both sides near the point (a domain edge).
    Edge {
        estimate: Option<Estimate>,
        detail: String,
    },
}

/// Where a derivative is judged: coordinate `s0` on the line, the value `f0` there, and the
/// precision the function computes in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Site {
    pub s0: f64,
    pub f0: f64,
    pub prof: &'static Profile,
}

impl Site {
    /// The site of `line` at `s0`, where it takes the value `f0`.
    pub(crate) fn new(line: &impl Line, s0: f64, f0: f64) -> Self {
        Site {
            s0,
            f0,
            prof: line.profile(),
        }
    }

    /// The slope the function's own size suggests: |f| over the length scale of the point.
    pub(crate) fn slope_scale(&self) -> f64 {
        self.f0.abs() / self.s0.abs().max(1.0)
    }

    /// Whether `value` lies within the estimate's error, padded because error estimates run
    /// low: 3× the error, plus the profile's resolution of the value, below which the rounding
    /// model itself is not trusted (a sum of many terms rounds with the size of its terms,
    /// which can be far above ε·|f|; measured on the sweep's sums of 20 and 100 terms).
    pub(crate) fn confirms(&self, e: &Estimate, value: f64) -> bool {
        (e.value - value).abs()
            <= 3.0 * e.error + self.prof.resolution * value.abs().max(e.value.abs())
    }

    /// Whether an estimate is sharp enough to judge by: its error is small against the
    /// derivative, or against the function's own slope scale where the derivative is near
    /// zero (rounding noise ε·|f|/h is then all finite differences can resolve, and a
    /// derivative error below a millionth of the function's scale is not worth a verdict). A
    /// witness with an error of the size of its value confirms anything.
    pub(crate) fn sharp(&self, e: &Estimate, value: f64) -> bool {
        e.error <= 1e-3 * value.abs().max(e.value.abs()) + 1e-6 * self.slope_scale()
    }

    /// The witness settles the entry: sharp, and agreeing with `value`.
    pub(crate) fn settles(&self, e: &Estimate, value: f64) -> bool {
        self.sharp(e, value) && (self.confirms(e, value) || self.within_padding(e, value))
    }

    /// Ridders' and Richardson's error estimates can underestimate (measured here: 2.9e-14
    /// off with an estimate of 7.6e-15 on a derivative of 4e-3 of an O(1) function). A broken
    /// dual chain is off by whole terms, so agreement to the profile's padding of the
    /// derivative, or to 1e-11 of the function's own slope scale, is agreement.
    fn within_padding(&self, e: &Estimate, value: f64) -> bool {
        (e.value - value).abs()
            <= self.prof.padding * value.abs().max(e.value.abs()) + 1e-11 * self.slope_scale()
    }

    /// The witness convicts `value` of being wrong: sharp, and away from `value` by far more
    /// than its error (10×, not 3×: Ridders' error estimate can underestimate) and by more
    /// than a millionth of the derivative's scale. A broken dual chain is off by O(1) of the
    /// derivative; anything closer is left undecided rather than blamed.
    pub(crate) fn convicts(&self, e: &Estimate, value: f64) -> bool {
        let gap = (e.value - value).abs();
        self.sharp(e, value)
            && gap > 10.0 * e.error
            && gap > 1e-6 * (value.abs().max(e.value.abs()) + self.slope_scale())
    }
}

/// The glance: one central difference (2 evaluations) that agrees with `exact` within its
/// rounding noise plus the profile's `glance_rtol`: its truncation error, h²·f‴/6 at
/// h = ε^(1/3)·max(|s|, 1), is below that for all but strongly curved functions, and those
/// escalate (cost, not verdict). It settles the common case at random points; it cannot see
/// a symmetric kink exactly at the point (its second step is what does), which is why
/// explicit points always get [`cheap`] or more. A broken dual chain off by less than
/// `glance_rtol` passes a glance; one off by whole terms does not.
pub(crate) fn glance(line: &mut impl Line, site: &Site, exact: f64) -> bool {
    let h = fd::central_step(line, site.s0);
    let Some(c) = fd::central(line, site.s0, h) else {
        return false;
    };
    let rounding = 8.0 * site.prof.eps * c.fmax.max(site.f0.abs()) / h;
    (c.slope - exact).abs()
        <= rounding
            + site.prof.glance_rtol * (exact.abs().max(c.slope.abs()) + 0.1 * site.slope_scale())
}

/// The cheap witness: Richardson on two central differences (4 evaluations).
pub(crate) fn cheap(line: &mut impl Line, site: &Site) -> Option<Estimate> {
    fd::richardson(line, site.s0, site.f0)
}

#[cfg(test)]
mod tests;
