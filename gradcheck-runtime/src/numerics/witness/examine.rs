//! The full witness, run where the cheap one did not settle an entry: smooth at some scale,
//! or singular, or undecided.

use super::Verdict;
use crate::numerics::fd::{self, Estimate, Line, Side, Site};
use crate::Kind;

/// The full witness, run when the cheap one did not settle the entry.
///
/// 1. Is the function smooth at the usual scale? Ridders' extrapolation from 1e-2·scale,
///    trusted only when the cheap estimate saw no kink-like second differences.
/// 2. Is it smooth at a smaller scale? Richardson at steps 10, 100, ... times smaller: a point
///    within the step of a kink, a jump, a domain edge or a panic is smooth once the step is
///    below the distance to it, and then nothing is wrong at the point.
/// 3. Otherwise the point itself is examined: a jump, a slope that grows without bound,
///    one-sided slopes that differ; and only where it looks smooth from every side can the
///    finite differences convict the derivative under test.
pub(crate) fn examine(line: &mut impl Line, site: &Site, exact: f64) -> Verdict {
    if let Some(v) = smooth_near(line, site, exact) {
        return v;
    }
    classify(line, site, exact)
}

/// Steps 1 and 2 of [`examine`]: a settling estimate at some scale, if there is one.
fn smooth_near(line: &mut impl Line, site: &Site, exact: f64) -> Option<Verdict> {
    let scale = site.scale;
    let cheap = fd::richardson(line, site);
    if let Some(c) = cheap {
        if site.settles(&c, exact) {
            return Some(Verdict::Smooth(c));
        }
    }
    // The sharpest estimate so far: a blunter one that happens to reach `exact` must not
    // overrule it (see `outweighed`).
    let sharpest = cheap.filter(|c| site.sharp(c, exact));
    // Ridders sees central differences only, blind to a symmetric kink: run it only when the
    // cheap estimate's second differences look smooth (or could not be taken).
    let kinked = cheap.is_some_and(|c| !site.sharp(&c, exact) && curvature_suspect(line, site));
    if !kinked {
        if let Some(r) = fd::ridders(line, site, 1e-2 * scale) {
            if site.settles(&r, exact) && !outweighed(site, &r, sharpest.as_ref(), exact) {
                return Some(Verdict::Smooth(r));
            }
        }
    }
    let mut h = site.central_step();
    for _ in 0..site.prof.zoom_levels {
        h /= 10.0;
        // Below this step rounding alone (4 × noise / h) is too coarse to settle anything
        // (the subnormal floor aside: a value of exactly 0 rounds by nothing).
        let rounding = 4.0 * (site.rounding(site.f0.abs()) - site.prof.tiny) / h;
        if rounding > 1e-3 * exact.abs() + site.prof.slope_floor * site.slope_scale() {
            break;
        }
        if let Some(z) = fd::richardson_at(line, site, h) {
            if site.settles(&z, exact) && !outweighed(site, &z, sharpest.as_ref(), exact) {
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
/// (error estimates run low); an estimate that disagrees with `e` misjudged its own error
/// (noise beyond the rounding model, a feature within its step), and `e` stands.
pub(super) fn outweighed(
    site: &Site,
    e: &Estimate,
    sharper: Option<&Estimate>,
    value: f64,
) -> bool {
    sharper.is_some_and(|s| {
        s.error < e.error
            && (s.value - e.value).abs() <= 3.0 * (s.error + e.error)
            && (s.value - value).abs() > 10.0 * s.error + site.prof.resolution * value.abs()
    })
}

/// Whether the cheap estimate's error comes from second differences a smooth function cannot
/// produce (see `fd::richardson_at`), rather than from rounding or truncation.
fn curvature_suspect(line: &mut impl Line, site: &Site) -> bool {
    let f0 = site.f0;
    let h = site.central_step();
    let (Some(c1), Some(c2)) = (fd::central(line, site, h), fd::central(line, site, 2.0 * h))
    else {
        return false;
    };
    let s1 = c1.second - 2.0 * f0;
    let s2 = c2.second - 2.0 * f0;
    let fmax = c1.fmax.max(c2.fmax).max(f0.abs());
    let irregular = (s2 - 4.0 * s1).abs() / (2.0 * h);
    let gap = (c1.slope - c2.slope).abs();
    irregular > 64.0 * site.rounding(fmax) / h && irregular > gap
}

/// Step 3 of [`examine`]: what the point is, when no scale shows it smooth.
fn classify(line: &mut impl Line, site: &Site, exact: f64) -> Verdict {
    let scale = site.scale;
    let h1 = site.prof.one_sided_step * scale;
    let right = fd::one_sided(line, site, h1, Side::Right);
    let left = fd::one_sided(line, site, h1, Side::Left);
    if let Some((kind, detail)) = jump_or_pole(line, site, scale) {
        return Verdict::Singular {
            kind,
            left,
            right,
            detail,
        };
    }
    let ridders = fd::ridders(line, site, 1e-2 * scale);
    let (Some(l), Some(rt)) = (left, right) else {
        return Verdict::Edge {
            estimate: right.or(left).or(ridders),
            detail: "the function cannot be evaluated on both sides of the point within the finite-difference step (a domain edge?)".into(),
        };
    };
    let differ = |l: &Estimate, r: &Estimate| {
        (l.value - r.value).abs()
            > 3.0 * (l.error + r.error) + site.prof.padding * l.value.abs().max(r.value.abs())
    };
    // A kink's one-sided slopes keep their difference as the steps shrink; slopes that differ
    // at the coarse steps but agree a thousand times closer belong to a function that varies
    // between the two scales (an oscillation, a feature away from the point): no kink here.
    let mut finer = || {
        let h = 1e-3 * h1;
        let l2 = fd::one_sided(line, site, h, Side::Left)?;
        let r2 = fd::one_sided(line, site, h, Side::Right)?;
        Some(!differ(&l2, &r2))
    };
    if differ(&l, &rt) && finer() == Some(true) {
        return Verdict::Undecided {
            estimate: ridders.or(Some(l)),
            detail: format!(
                "one-sided slopes differ at steps of {h1:.0e} ({:.6e} and {:.6e}) but agree at steps a thousand times smaller: the function varies on a scale in between",
                l.value, rt.value
            ),
        };
    }
    if differ(&l, &rt) {
        return Verdict::Singular {
            kind: Kind::Kink,
            left,
            right,
            detail: format!(
                "left slope {:.6e} and right slope {:.6e} differ (a kink at or within {:.0e} of the point)",
                l.value,
                rt.value,
                site.central_step() * 10f64.powi(-site.prof.zoom_levels)
            ),
        };
    }
    // Smooth from every side: the three estimates agree, sharply, and with the estimate at
    // the balanced step (a function that varies on a finer scale than the larger steps, a
    // Fourier series of 2e4 terms, looks smooth and wrong from afar). Whether that is enough
    // to blame the derivative under test is the caller's call (`convicts`).
    if let Some(r) = ridders {
        let agrees = |c: &Estimate| {
            (c.value - r.value).abs()
                <= 3.0 * (c.error + r.error) + site.prof.padding * r.value.abs()
        };
        let zoomed = zoomed(line, site);
        // A verdict against `exact` needs a finer scale that sees it too: estimates too blunt
        // to tell `r` from `exact` (values noisier than their size, measured) leave it resting
        // on Ridders' error estimate alone, which an oscillation within its steps fools.
        let decisive = site.settles(&r, exact)
            || exact.is_nan()
            || zoomed.iter().any(|z| !site.confirms(z, exact));
        let consistent = fd::richardson(line, site).is_none_or(|c| agrees(&c))
            && zoomed.iter().all(agrees)
            && decisive;
        if consistent
            && site.sharp(&r, exact)
            && site.confirms(&l, r.value)
            && site.confirms(&rt, r.value)
        {
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

/// The estimates at the zoom's steps (the balanced step divided by 10, 100, ... as in
/// [`smooth_near`]; its evaluations are cached). Ridders' verdict in [`classify`] must agree
/// with every one of them (beyond both errors they saw the function vary between their scale
/// and Ridders' 1e-2·scale: not smooth at every scale), and one of them must tell it from the
/// value under test. Measured on the `f32` corpus (`2·sin(x)` near 1e3, value noise measured
/// at 1.76e-5): Ridders from steps of 16.7 (2.6 periods) gave 7.83e-3 ± 1.6e-5 at x = 1669.68
/// next to -0.156142 ± 1.4e-3 at a step of 0.082 (the true -0.156142), and -1.32e-4 (an
/// error estimate below a tenth of its gap) at x = 526.22, where the true 9.09e-4 lies within
/// the finer estimates' rounding (2.6e-4 at a step of 0.26): both convicted a correct dual
/// derivative (13 of 70 000 points at seeds 1-7).
fn zoomed(line: &mut impl Line, site: &Site) -> Vec<Estimate> {
    let mut h = site.central_step();
    (0..site.prof.zoom_levels)
        .filter_map(|_| {
            h /= 10.0;
            fd::richardson_at(line, site, h)
        })
        .collect()
}

/// Looks, side by side, for a jump (the gap |f(s0 ± h) - f(s0)| does not shrink with the
/// step) or a pole of the slope (the one-sided slope keeps growing as the step shrinks). Side
/// by side, because a symmetric cusp (√|x|) has f(s0 + h) = f(s0 - h) at every step.
fn jump_or_pole(line: &mut impl Line, site: &Site, scale: f64) -> Option<(Kind, String)> {
    let f0 = site.f0;
    for side in [Side::Left, Side::Right] {
        let gaps = fd::side_gaps(line, site, 1e-2 * scale, side, 6);
        if gaps.len() < 4 {
            continue;
        }
        let n = gaps.len();
        let last = gaps[n - 1].1;
        // Far above the values' rounding: a pessimistic bound times a safety factor.
        let noise = 1e3 * site.rounding(f0.abs() + last);
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
        if growing && slopes[n - 1] > 1e3 * (slopes[0] + site.slope_scale()) {
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

/// What the finite differences see at a point where the derivative under test is not
/// finite: the same classification, for the message.
pub(crate) fn describe(line: &mut impl Line, site: &Site) -> String {
    match classify(line, site, f64::NAN) {
        Verdict::Singular { detail, .. } | Verdict::Edge { detail, .. } => detail,
        Verdict::Smooth(e)
        | Verdict::Undecided {
            estimate: Some(e), ..
        } => format!("finite differences give {:.6e} ± {:.1e}", e.value, e.error),
        Verdict::Undecided { detail, .. } => detail,
    }
}
