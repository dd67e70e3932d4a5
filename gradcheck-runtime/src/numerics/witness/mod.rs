//! The finite-difference witness for one derivative, and what it says about the point.
//!
//! The cheap estimate settles almost every entry; where it does not, Ridders' extrapolation
//! is tried, then smaller steps (a point within the step of a kink, jump, domain edge or panic
//! is smooth below that distance), and where nothing settles the point itself is examined
//! (`examine`): a jump that does not shrink with the step, a slope that grows without bound,
//! one-sided slopes that differ. Only a point that looks smooth from every side can convict
//! the derivative under test, and only by a wide margin (`convicts`).
//!
//! Every threshold is measured against the site's rounding noise (`Site::rounding`): where the
//! values are a small difference of large terms, the witness is as blunt as those terms make
//! it, and says so instead of convicting anything.

mod examine;

pub(crate) use examine::{describe, examine};

use super::fd::{self, Estimate, Line, Site};

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

impl Site {
    /// The slope the function's own size suggests: |f| over the length scale. (Its value,
    /// not the size of the terms it came from: where those cancel, a derivative the values
    /// cannot resolve stays undecided rather than being waved through as small.)
    pub(crate) fn slope_scale(&self) -> f64 {
        self.f0.abs() / self.scale
    }

    /// The smallest slope finite differences can resolve here: the rounding of the values over
    /// the balanced step.
    pub(crate) fn resolvable_slope(&self) -> f64 {
        self.rounding(self.f0.abs()) / self.central_step()
    }

    /// The error a difference of values at the subnormal spacing makes at the finest step
    /// the witness takes: below it an estimate is as sharp as the type allows (a value of
    /// exactly 0 has no rounding of its own but underflow's).
    fn subnormal_slope(&self) -> f64 {
        let finest = self.central_step() * 10f64.powi(-self.prof.zoom_levels);
        4.0 * self.prof.tiny / finest
    }

    /// Whether `value` lies within the estimate's error, padded because error estimates run
    /// low: 3× the error, plus the profile's resolution of the value, below which the rounding
    /// model itself is not trusted.
    pub(crate) fn confirms(&self, e: &Estimate, value: f64) -> bool {
        (e.value - value).abs()
            <= 3.0 * e.error + self.prof.resolution * value.abs().max(e.value.abs())
    }

    /// Whether an estimate is sharp enough to agree by: its error is small against the
    /// derivative, or against the function's own slope scale where the derivative is near
    /// zero (a derivative error below the profile's `slope_floor` of the function's scale, a
    /// millionth in `f64`, is not worth a verdict). A witness with an error of the size of its value confirms anything.
    pub(crate) fn sharp(&self, e: &Estimate, value: f64) -> bool {
        e.error
            <= 1e-3 * value.abs().max(e.value.abs())
                + self.prof.slope_floor * self.slope_scale_of(e)
                + self.subnormal_slope()
    }

    /// The slope scale, or the change of the slope over the length scale where the estimate
    /// measured it (at a minimum the value and the slope are 0, the curvature is not).
    fn slope_scale_of(&self, e: &Estimate) -> f64 {
        self.slope_scale().max(e.curvature * self.scale)
    }

    /// Whether an estimate is sharp on its own terms, whatever the value under test: a huge
    /// wrong derivative must not make a blunt estimate look sharp (differences that straddle a
    /// pole give 1e10 ± 1e10 next to a true 1e20).
    fn sharp_alone(&self, e: &Estimate) -> bool {
        e.error
            <= 1e-3 * e.value.abs()
                + self.prof.slope_floor * self.slope_scale_of(e)
                + self.subnormal_slope()
    }

    /// The witness settles the entry: sharp, and agreeing with `value`. Where the values'
    /// rounding leaves the witness blunter than the derivative (a confident cross-entropy is
    /// exactly 0 in floating point, with a derivative of 1e-18), nothing is settled: the
    /// entry is undecided, a warning, never convicted.
    pub(crate) fn settles(&self, e: &Estimate, value: f64) -> bool {
        self.sharp(e, value) && (self.confirms(e, value) || self.within_padding(e, value))
    }

    /// Ridders' and Richardson's error estimates can underestimate (measured here: 2.9e-14
    /// off with an estimate of 7.6e-15 on a derivative of 4e-3 of an O(1) function). A broken
    /// dual chain is off by whole terms, so agreement to the profile's padding of the
    /// derivative, or to 1e-11 of the function's own slope scale, is agreement.
    fn within_padding(&self, e: &Estimate, value: f64) -> bool {
        (e.value - value).abs()
            <= self.prof.padding * value.abs().max(e.value.abs())
                + self.prof.padding_slope * self.slope_scale()
    }

    /// The witness convicts `value` of being wrong: sharp on its own terms, and away from
    /// `value` by far more than its error (10×, not 3×: Ridders' error estimate can
    /// underestimate), by more than a millionth of the derivative's scale, and by more than
    /// the values can resolve. A broken dual chain is off by O(1) of the derivative; anything
    /// closer is left undecided rather than blamed.
    pub(crate) fn convicts(&self, e: &Estimate, value: f64) -> bool {
        let gap = (e.value - value).abs();
        self.sharp_alone(e)
            && gap > 10.0 * e.error
            && gap
                > self.prof.slope_floor * (value.abs().max(e.value.abs()) + self.slope_scale_of(e))
            && gap > 64.0 * self.resolvable_slope()
    }
}

/// The glance: one central difference (2 evaluations) that agrees with `exact` within its
/// rounding noise plus the profile's `glance_rtol`: its truncation error, h²·f‴/6 at the
/// balanced step, is below that for all but strongly curved functions, and those escalate
/// (cost, not verdict). It settles the common case at random points; it cannot see a
/// symmetric kink exactly at the point (its second step is what does), which is why explicit
/// points always get [`cheap`] or more. A broken dual chain off by less than `glance_rtol`
/// passes a glance; one off by whole terms does not.
pub(crate) fn glance(line: &mut impl Line, site: &Site, exact: f64) -> bool {
    glance_gap(line, site, exact).is_some_and(|g| g.gap <= g.allowed)
}

/// What a glance saw: how far its central difference is from the value under test, and how
/// far it may be.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Glance {
    pub gap: f64,
    pub allowed: f64,
}

/// The glance's central difference against `exact` ([`glance`]), `None` where it could not be
/// taken.
pub(crate) fn glance_gap(line: &mut impl Line, site: &Site, exact: f64) -> Option<Glance> {
    let h = site.central_step();
    let c = fd::central(line, site, h)?;
    let rounding = 8.0 * site.rounding(c.fmax.max(site.f0.abs())) / h;
    Some(Glance {
        gap: (c.slope - exact).abs(),
        allowed: rounding
            + site.prof.glance_rtol * (exact.abs().max(c.slope.abs()) + 0.1 * site.slope_scale()),
    })
}

/// The cheap witness: Richardson on two central differences (4 evaluations).
pub(crate) fn cheap(line: &mut impl Line, site: &Site) -> Option<Estimate> {
    fd::richardson(line, site)
}

#[cfg(test)]
mod tests;
