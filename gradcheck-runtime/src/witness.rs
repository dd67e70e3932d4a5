//! The finite-difference witness for one derivative, and what it says about the point.
//!
//! The cheap estimate settles almost every entry; where it does not, Ridders' extrapolation
//! is tried, then smaller steps (a point within the step of a kink, jump, domain edge or panic
//! is smooth below that distance), and where nothing settles the point itself is examined: a
//! jump that does not shrink with the step, a slope that grows without bound, one-sided slopes
//! that differ. Only a point that looks smooth from every side can convict the dual chain,
//! and only by a wide margin (`convicts`).

use crate::fd::{self, Estimate, Line, Side, EPS};
use crate::finding::Kind;

/// What the finite differences say about one derivative.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Verdict {
    /// The function is smooth here and its derivative is `estimate`.
    Smooth(Estimate),
    /// The point is singular: `kind` is kink, discontinuity or unbounded_derivative.
    Singular {
        kind: Kind,
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

/// Whether `value` lies within the estimate's error, padded because error estimates run low
/// (NUMERICS.md): 3× the error, plus 1e-10 of the value, the resolution below which the
/// rounding model itself is not trusted (a sum of many terms rounds with the size of its
/// terms, which can be far above ε·|f|; measured on the sweep's sums of 20 and 100 terms).
pub(crate) fn confirms(e: &Estimate, value: f64) -> bool {
    (e.value - value).abs() <= 3.0 * e.error + RESOLUTION * value.abs().max(e.value.abs())
}

/// The relative resolution of a finite-difference verdict (see [`confirms`]).
const RESOLUTION: f64 = 1e-10;

/// Whether an estimate is sharp enough to judge by: its error is small against the
/// derivative, or against the function's own scale `f0 / max(|s0|, 1)` where the derivative
/// is near zero (rounding noise ε·|f|/h is then all finite differences can resolve, and a
/// derivative error below a millionth of the function's scale is not worth a verdict). A
/// witness with an error of the size of its value confirms anything.
pub(crate) fn sharp(e: &Estimate, value: f64, s0: f64, f0: f64) -> bool {
    e.error <= 1e-3 * value.abs().max(e.value.abs()) + 1e-6 * slope_scale(s0, f0)
}

/// The slope the function's own size suggests: |f| over the length scale of the point.
fn slope_scale(s0: f64, f0: f64) -> f64 {
    f0.abs() / s0.abs().max(1.0)
}

/// The witness settles the entry: sharp, and agreeing with `value`.
pub(crate) fn settles(e: &Estimate, value: f64, s0: f64, f0: f64) -> bool {
    sharp(e, value, s0, f0) && (confirms(e, value) || within_padding(e, value, s0, f0))
}

/// Ridders' and Richardson's error estimates can underestimate (NUMERICS.md; measured here:
/// 2.9e-14 off with an estimate of 7.6e-15 on a derivative of 4e-3 of an O(1) function).
/// A broken dual chain is off by whole terms, so agreement to 1e-9 of the derivative, or to
/// 1e-11 of the function's own slope scale, is agreement.
fn within_padding(e: &Estimate, value: f64, s0: f64, f0: f64) -> bool {
    let slope_scale = f0.abs() / s0.abs().max(1.0);
    (e.value - value).abs() <= 1e-9 * value.abs().max(e.value.abs()) + 1e-11 * slope_scale
}

/// The witness convicts `value` of being wrong: sharp, and away from `value` by far more than
/// its error (10×, not 3×: Ridders' error estimate can underestimate) and by more than a
/// millionth of the derivative's scale. A broken dual chain is off by O(1) of the derivative;
/// anything closer is left undecided rather than blamed.
pub(crate) fn convicts(e: &Estimate, value: f64, s0: f64, f0: f64) -> bool {
    let gap = (e.value - value).abs();
    sharp(e, value, s0, f0)
        && gap > 10.0 * e.error
        && gap > 1e-6 * (value.abs().max(e.value.abs()) + slope_scale(s0, f0))
}

/// How closely a single central difference must agree with the dual derivative for the
/// glance to settle an entry: its truncation error, h²·f‴/6 at h = ε^(1/3)·max(|s|, 1), is
/// below this for all but strongly curved functions, and those escalate (cost, not verdict).
pub(crate) const GLANCE_RTOL: f64 = 1e-8;

/// The glance: one central difference (2 evaluations) that agrees with `exact` within its
/// rounding noise plus [`GLANCE_RTOL`]. It settles the common case at random points; it
/// cannot see a symmetric kink exactly at the point (its second step is what does), which is
/// why explicit points always get [`cheap`] or more. A broken dual chain off by less than
/// 1e-8 passes a glance; one off by whole terms does not.
pub(crate) fn glance(line: &mut impl Line, s0: f64, f0: f64, exact: f64) -> bool {
    let h = fd::central_step(s0);
    let Some(c) = fd::central(line, s0, h) else {
        return false;
    };
    let rounding = 8.0 * EPS * c.fmax.max(f0.abs()) / h;
    (c.slope - exact).abs()
        <= rounding + GLANCE_RTOL * (exact.abs().max(c.slope.abs()) + 0.1 * slope_scale(s0, f0))
}

/// The cheap witness: Richardson on two central differences (4 evaluations).
pub(crate) fn cheap(line: &mut impl Line, s0: f64, f0: f64) -> Option<Estimate> {
    fd::richardson(line, s0, f0)
}

/// How many times the zoom divides the balanced step by 10 (down to ~6e-11 of the scale).
const ZOOM_LEVELS: i32 = 5;

/// The full witness, run when the cheap one did not settle the entry.
///
/// 1. Is the function smooth at the usual scale? Ridders' extrapolation from 1e-2·scale,
///    trusted only when the cheap estimate saw no kink-like second differences.
/// 2. Is it smooth at a smaller scale? Richardson at steps 10, 100, ... times smaller: a point
///    within the step of a kink, a jump, a domain edge or a panic is smooth once the step is
///    below the distance to it, and then nothing is wrong at the point.
/// 3. Otherwise the point itself is examined: a jump, a slope that grows without bound,
///    one-sided slopes that differ; and only where it looks smooth from every side can the
///    finite differences convict the dual derivative.
pub(crate) fn examine(line: &mut impl Line, s0: f64, f0: f64, exact: f64) -> Verdict {
    if let Some(v) = smooth_near(line, s0, f0, exact) {
        return v;
    }
    classify(line, s0, f0, exact)
}

/// Steps 1 and 2 of [`examine`]: a settling estimate at some scale, if there is one.
fn smooth_near(line: &mut impl Line, s0: f64, f0: f64, exact: f64) -> Option<Verdict> {
    let scale = s0.abs().max(1.0);
    let cheap = fd::richardson(line, s0, f0);
    if let Some(c) = cheap {
        if settles(&c, exact, s0, f0) {
            return Some(Verdict::Smooth(c));
        }
    }
    // The sharpest estimate so far: a blunter one that happens to reach `exact` must not
    // overrule it (see `outweighed`).
    let sharpest = cheap.filter(|c| sharp(c, exact, s0, f0));
    // Ridders sees central differences only, blind to a symmetric kink: run it only when the
    // cheap estimate's second differences look smooth (or could not be taken).
    let kinked =
        cheap.is_some_and(|c| !sharp(&c, exact, s0, f0) && curvature_suspect(line, s0, f0));
    if !kinked {
        if let Some(r) = fd::ridders(line, s0, f0, 1e-2 * scale) {
            if settles(&r, exact, s0, f0) && !outweighed(&r, sharpest.as_ref(), exact) {
                return Some(Verdict::Smooth(r));
            }
        }
    }
    let mut h = fd::central_step(s0);
    for _ in 0..ZOOM_LEVELS {
        h /= 10.0;
        // Below this step rounding alone (4ε|f|/h) is too coarse to settle anything.
        if 4.0 * EPS * f0.abs() / h > 1e-3 * exact.abs() + 1e-6 * slope_scale(s0, f0) {
            break;
        }
        if let Some(z) = fd::richardson_at(line, s0, f0, h) {
            if settles(&z, exact, s0, f0) && !outweighed(&z, sharpest.as_ref(), exact) {
                return Some(Verdict::Smooth(z));
            }
        }
    }
    None
}

/// Whether `sharper`, an estimate with a smaller error, outweighs `e`, which reaches `value`:
/// it does when it agrees with `e` and still misses `value` by ten times its own error (then
/// the value lies outside what both say together; the FD-only `Check` relies on this to see
/// a 1e-7 error that a blunt Ridders estimate would let through). A near miss proves nothing
/// (error estimates run low, NUMERICS.md); an estimate that disagrees with `e` misjudged its
/// own error (noise beyond the rounding model, a feature within its step), and `e` stands.
fn outweighed(e: &Estimate, sharper: Option<&Estimate>, value: f64) -> bool {
    sharper.is_some_and(|s| {
        s.error < e.error
            && (s.value - e.value).abs() <= 3.0 * (s.error + e.error)
            && (s.value - value).abs() > 10.0 * s.error + RESOLUTION * value.abs()
    })
}

/// Whether the cheap estimate's error comes from second differences a smooth function cannot
/// produce (see `fd::richardson_at`), rather than from rounding or truncation.
fn curvature_suspect(line: &mut impl Line, s0: f64, f0: f64) -> bool {
    let h = fd::central_step(s0);
    let (Some(c1), Some(c2)) = (fd::central(line, s0, h), fd::central(line, s0, 2.0 * h)) else {
        return false;
    };
    let s1 = c1.second - 2.0 * f0;
    let s2 = c2.second - 2.0 * f0;
    let fmax = c1.fmax.max(c2.fmax).max(f0.abs());
    let irregular = (s2 - 4.0 * s1).abs() / (2.0 * h);
    let gap = (c1.slope - c2.slope).abs();
    irregular > 64.0 * EPS * fmax / h && irregular > gap
}

/// Step 3 of [`examine`]: what the point is, when no scale shows it smooth.
fn classify(line: &mut impl Line, s0: f64, f0: f64, exact: f64) -> Verdict {
    let scale = s0.abs().max(1.0);
    let h1 = 1e-3 * scale;
    let right = fd::one_sided(line, s0, f0, h1, Side::Right);
    let left = fd::one_sided(line, s0, f0, h1, Side::Left);
    if let Some((kind, detail)) = jump_or_pole(line, s0, f0, scale) {
        return Verdict::Singular {
            kind,
            left,
            right,
            detail,
        };
    }
    let ridders = fd::ridders(line, s0, f0, 1e-2 * scale);
    let (Some(l), Some(rt)) = (left, right) else {
        return Verdict::Edge {
            estimate: right.or(left).or(ridders),
            detail: "the function cannot be evaluated on both sides of the point within the finite-difference step (a domain edge?)".into(),
        };
    };
    let gap = (l.value - rt.value).abs();
    if gap > 3.0 * (l.error + rt.error) + 1e-9 * l.value.abs().max(rt.value.abs()) {
        return Verdict::Singular {
            kind: Kind::Kink,
            left,
            right,
            detail: format!(
                "left slope {:.6e} and right slope {:.6e} differ (a kink at or within {:.0e} of the point)",
                l.value,
                rt.value,
                fd::central_step(s0) * 10f64.powi(-ZOOM_LEVELS)
            ),
        };
    }
    // Smooth from every side: the three estimates agree, sharply. Whether that is enough to
    // blame the derivative under test is the caller's call (`convicts` for the dual chain).
    if let Some(r) = ridders {
        if sharp(&r, exact, s0, f0) && confirms(&l, r.value) && confirms(&rt, r.value) {
            return Verdict::Smooth(r);
        }
    }
    let estimate = ridders.or(Some(l));
    let detail = match estimate {
        Some(e) => format!(
            "finite differences give {:.6e} ± {:.1e} at every step tried and do not settle",
            e.value, e.error
        ),
        None => "finite differences could not be taken".into(),
    };
    Verdict::Undecided { estimate, detail }
}

/// Looks, side by side, for a jump (the gap |f(s0 ± h) - f(s0)| does not shrink with the
/// step) or a pole of the slope (the one-sided slope keeps growing as the step shrinks). Side
/// by side, because a symmetric cusp (√|x|) has f(s0 + h) = f(s0 - h) at every step.
fn jump_or_pole(line: &mut impl Line, s0: f64, f0: f64, scale: f64) -> Option<(Kind, String)> {
    for side in [Side::Left, Side::Right] {
        let gaps = fd::side_gaps(line, s0, f0, 1e-2 * scale, side, 6);
        if gaps.len() < 4 {
            continue;
        }
        let n = gaps.len();
        let last = gaps[n - 1].1;
        let noise = 1e3 * EPS * (f0.abs() + last);
        if last <= noise {
            continue;
        }
        let name = match side {
            Side::Left => "left",
            Side::Right => "right",
        };
        // A jump's gap tends to the jump J, J + O(h), so its changes shrink with the step; a
        // power |x|^a's gap shrinks by 100^a per step, a logarithm's changes stay constant.
        let settled = |k: usize| {
            let (a, b, c) = (gaps[k - 2].1, gaps[k - 1].1, gaps[k].1);
            (c - b).abs() <= 0.1 * (b - a).abs() + noise && c >= 0.7 * b
        };
        if settled(n - 1) && settled(n - 2) {
            return Some((
                Kind::Discontinuity,
                format!(
                    "the value jumps by {last:.3e} on the {name}: |f(x±h) - f(x)| does not shrink as h does (down to h = {:.0e})",
                    gaps[n - 1].0
                ),
            ));
        }
        let slopes: Vec<f64> = gaps.iter().map(|&(h, g)| g / h).collect();
        let growing = slopes[n - 4..].windows(2).all(|w| w[1] > 3.0 * w[0]);
        if growing && slopes[n - 1] > 1e3 * (slopes[0] + f0.abs() / scale) {
            return Some((
                Kind::UnboundedDerivative,
                format!(
                    "the {name} slope grows without bound as the step shrinks ({:.2e} at h = {:.0e}, {:.2e} at h = {:.0e}): a cusp or a vertical tangent",
                    slopes[0], gaps[0].0, slopes[n - 1], gaps[n - 1].0
                ),
            ));
        }
    }
    None
}

/// What the finite differences see at a point where the dual derivative is not finite: the
/// same classification, for the message.
pub(crate) fn describe(line: &mut impl Line, s0: f64, f0: f64) -> String {
    match classify(line, s0, f0, f64::NAN) {
        Verdict::Singular { detail, .. } | Verdict::Edge { detail, .. } => detail,
        Verdict::Smooth(e)
        | Verdict::Undecided {
            estimate: Some(e), ..
        } => format!("finite differences give {:.6e} ± {:.1e}", e.value, e.error),
        Verdict::Undecided { detail, .. } => detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examine_fn(f: impl Fn(f64) -> f64, s0: f64, exact: f64) -> Verdict {
        let mut line = |s: f64| Some(f(s)).filter(|v| v.is_finite());
        examine(&mut line, s0, f(s0), exact)
    }

    #[test]
    fn smooth_functions_are_smooth() {
        assert!(matches!(
            examine_fn(f64::sin, 0.4, 0.4f64.cos()),
            Verdict::Smooth(_)
        ));
        assert!(matches!(
            examine_fn(|x| x * x * x, 2.0, 12.0),
            Verdict::Smooth(_)
        ));
    }

    #[test]
    fn a_wrong_derivative_at_a_smooth_point_is_not_singular() {
        // The dual says 0 (a detached chain); the function is x² and smooth.
        match examine_fn(|x| x * x, 1.5, 0.0) {
            Verdict::Undecided { .. } | Verdict::Singular { .. } | Verdict::Edge { .. } => {
                panic!("should be smooth")
            }
            Verdict::Smooth(e) => assert!((e.value - 3.0).abs() < 1e-8),
        }
    }

    #[test]
    fn kinks_are_named_with_both_slopes() {
        for (f, l, r) in [
            (
                Box::new(|x: f64| x.abs()) as Box<dyn Fn(f64) -> f64>,
                -1.0,
                1.0,
            ),
            (Box::new(|x: f64| x.max(0.0)), 0.0, 1.0),
            (Box::new(|x: f64| (2.0 * x).max(-x)), -1.0, 2.0),
        ] {
            match examine_fn(f, 0.0, r) {
                Verdict::Singular {
                    kind: Kind::Kink,
                    left: Some(a),
                    right: Some(b),
                    ..
                } => {
                    assert!((a.value - l).abs() < 1e-8 && (b.value - r).abs() < 1e-8);
                }
                v => panic!("{v:?}"),
            }
        }
    }

    #[test]
    fn jumps_are_discontinuities() {
        for f in [
            |x: f64| x.signum(),
            |x: f64| if x >= 0.0 { x + 1.0 } else { x },
            |x: f64| x.floor(),
        ] {
            let v = examine_fn(f, 0.0, 1.0);
            assert!(
                matches!(
                    v,
                    Verdict::Singular {
                        kind: Kind::Discontinuity,
                        ..
                    }
                ),
                "{v:?}"
            );
        }
    }

    #[test]
    fn cusps_are_unbounded() {
        for f in [
            |x: f64| x.abs().sqrt() * x.signum(),
            |x: f64| x.cbrt(),
            |x: f64| x.cbrt() + x * x,
        ] {
            let v = examine_fn(f, 0.0, 0.0);
            assert!(
                matches!(
                    v,
                    Verdict::Singular {
                        kind: Kind::UnboundedDerivative,
                        ..
                    }
                ),
                "{v:?}"
            );
        }
    }

    #[test]
    fn domain_edges_are_edges() {
        // Defined on one side only, and smooth there: an edge, not a singularity.
        let mut half = |s: f64| (s >= 0.0).then_some(2.0 * s);
        let v = examine(&mut half, 0.0, 0.0, 5.0);
        assert!(matches!(v, Verdict::Edge { .. }), "{v:?}");
        // ln 1e-300 away from its pole: the right slope grows without bound at every step.
        let v = examine_fn(f64::ln, 1e-300, 1e300);
        assert!(
            matches!(
                v,
                Verdict::Singular {
                    kind: Kind::UnboundedDerivative,
                    ..
                }
            ),
            "{v:?}"
        );
    }

    #[test]
    fn near_a_kink_or_a_jump_the_step_shrinks_to_the_smooth_side() {
        for d in [4e-6, -1e-6, 2e-8] {
            let slope = if d > 0.0 { 1.0 } else { 0.0 };
            let v = examine_fn(|x| x.max(0.0), d, slope);
            assert!(matches!(v, Verdict::Smooth(_)), "{d}: {v:?}");
            let v = examine_fn(|x| x.floor() + x, d, 1.0);
            assert!(matches!(v, Verdict::Smooth(_)), "{d}: {v:?}");
        }
    }

    #[test]
    fn a_staircase_does_not_convict_the_dual_derivative() {
        // (x + 1e13) - 1e13 rounds to multiples of 2^-9: flat at small steps, slope 1 at large.
        match examine_fn(|x| (x + 1e13) - 1e13, 0.3, 1.0) {
            Verdict::Undecided { .. } => {}
            Verdict::Smooth(e) => assert!(!convicts(&e, 1.0, 0.3, 0.3), "{e:?}"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_blunt_estimate_does_not_overrule_a_sharp_one_that_agrees_with_it() {
        let sharp = Estimate {
            value: 1.0,
            error: 1e-12,
        };
        let blunt = Estimate {
            value: 1.0 + 1e-9,
            error: 1e-8,
        };
        // 1 + 2e-8 is within the blunt error, 2e4 sharp errors away: outweighed.
        assert!(outweighed(&blunt, Some(&sharp), 1.0 + 2e-8));
        // A near miss of the sharp one proves nothing.
        assert!(!outweighed(&blunt, Some(&sharp), 1.0 + 5e-12));
        // A "sharp" estimate that disagrees with the blunt one misjudged its error.
        let off = Estimate {
            value: 1.0 + 1e-6,
            error: 1e-12,
        };
        assert!(!outweighed(&blunt, Some(&off), 1.0 + 2e-8));
    }

    #[test]
    fn convicting_needs_a_large_gap_and_a_sharp_estimate() {
        let e = Estimate {
            value: 3.0,
            error: 1e-9,
        };
        assert!(convicts(&e, 1.5, 1.0, 1.0));
        assert!(!convicts(&e, 3.0 + 1e-8, 1.0, 1.0));
        let blunt = Estimate {
            value: 3.0,
            error: 0.1,
        };
        assert!(!convicts(&blunt, 1.5, 1.0, 1.0));
    }

    #[test]
    fn a_glance_settles_smooth_entries_and_nothing_else() {
        let glance_fn = |f: &dyn Fn(f64) -> f64, s0: f64, exact: f64| {
            let mut line = |s: f64| Some(f(s)).filter(|v| v.is_finite());
            glance(&mut line, s0, f(s0), exact)
        };
        assert!(glance_fn(&f64::sin, 0.7, 0.7f64.cos()));
        assert!(glance_fn(&|x: f64| 1e8 * x.exp(), 3.0, 1e8 * 3f64.exp()));
        // A dual chain off by a whole term, or by 1e-6 of the slope: not settled.
        assert!(!glance_fn(&|x: f64| x * x, 1.5, 1.5));
        assert!(!glance_fn(&f64::sin, 0.7, 0.7f64.cos() * (1.0 + 1e-6)));
        // A kink inside the step: the central difference straddles it.
        assert!(!glance_fn(&|x: f64| x.abs(), 1e-7, 1.0));
    }
}
