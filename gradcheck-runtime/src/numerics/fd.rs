//! Finite differences along one line through the point, with error estimates.
//!
//! Everything here works on a function of one real variable `s` (the coordinate being
//! perturbed), so the same code serves single components and random directions. The engine
//! spends the cheap estimate first (a central difference at two steps and its Richardson
//! extrapolation: 4 evaluations) and escalates to Ridders' extrapolation only where the cheap
//! estimate does not settle the question.

use crate::precision::{Profile, F64};

/// A finite-difference estimate of a derivative and an estimate of its error.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Estimate {
    /// The estimated derivative.
    pub value: f64,
    /// An estimate of `|value - true derivative|`, rounding included.
    pub error: f64,
    /// |f''| seen by the same differences (0 where they did not measure it): the scale on
    /// which the slope changes, against which an error is small where the slope itself is 0
    /// (at a minimum).
    pub curvature: f64,
}

impl Estimate {
    /// An estimate with no curvature measured.
    pub(crate) fn new(value: f64, error: f64) -> Self {
        Estimate {
            value,
            error,
            curvature: 0.0,
        }
    }
}

/// A line through the point: the function's value(s) at coordinate `s`, `None` where the
/// evaluation failed (a panic, or a non-finite value), in the precision of the function's
/// primitive type.
pub(crate) trait Line {
    fn at(&mut self, s: f64) -> Option<f64>;
    /// The precision the function computes in (steps and rounding noise follow from it).
    fn profile(&self) -> &'static Profile;
}

/// A plain `f64` closure is a line in `f64`.
impl<F: FnMut(f64) -> Option<f64>> Line for F {
    fn at(&mut self, s: f64) -> Option<f64> {
        self(s)
    }
    fn profile(&self) -> &'static Profile {
        &F64
    }
}

/// Where a derivative is taken: coordinate `s0` on the line, the value `f0` there, the
/// rounding noise of values near it, and the length scale of the coordinate.
///
/// The noise is what the values' rounding actually is, not ε·|f|: a value that is a small
/// difference of large terms (a confident cross-entropy, `sqrt(1 + r²) - 1`) rounds with its
/// terms, up to 10⁹ times more than with itself, and a value that is exactly 0 in floating
/// point still carries the rounding of the terms it came from. The engine measures it with
/// a rounding-bound evaluation of the function where the cheap path does not settle; until
/// then it is ε·|f|.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Site {
    pub s0: f64,
    pub f0: f64,
    /// Absolute rounding noise of the function's values near `s0` (0: only ε·|f| is known).
    pub noise: f64,
    /// The length scale steps are relative to: |s0|, or the coordinate's typical size where
    /// `s0` is smaller (a point at 1e-10 metres gets steps of its own size, not of 1).
    pub scale: f64,
    pub prof: &'static Profile,
}

impl Site {
    /// The site of `line` at `s0`, where it takes the value `f0`, with steps relative to
    /// max(|s0|, 1) and noise ε·|f| until measured.
    pub(crate) fn new(line: &impl Line, s0: f64, f0: f64) -> Self {
        Site {
            s0,
            f0,
            noise: 0.0,
            scale: s0.abs().max(1.0),
            prof: line.profile(),
        }
    }

    /// The same site with steps relative to max(|s0|, `typical`).
    pub(crate) fn typical(mut self, typical: f64) -> Self {
        self.scale = self.s0.abs().max(typical);
        self
    }

    /// The same site with the measured rounding noise of the values.
    pub(crate) fn with_noise(mut self, noise: f64) -> Self {
        self.noise = noise;
        self
    }

    /// The rounding noise of values of size up to `fmax` near the site: ε·|f| or the measured
    /// noise, whichever is larger, and never below the spacing of subnormal numbers.
    pub(crate) fn rounding(&self, fmax: f64) -> f64 {
        (self.prof.eps * fmax).max(self.noise).max(self.prof.tiny)
    }

    /// The central-difference step that balances truncation and rounding: ε^(1/3)·scale.
    pub(crate) fn central_step(&self) -> f64 {
        self.prof.eps.cbrt() * self.scale
    }

    /// The step actually taken: `(s0 + h) - s0` rounded to the line's type is exactly
    /// representable, `h` may not be.
    fn realized(&self, h: f64) -> f64 {
        (self.prof.round)(self.s0 + h) - self.s0
    }
}

/// One central difference: the slope, the largest |f| seen (it sets the rounding noise) and
/// the second difference `f(s0 + h) + f(s0 - h) - 2 f(s0)` (it tests the smooth model).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Central {
    pub slope: f64,
    pub fmax: f64,
    pub second: f64,
}

/// A central difference at step `h`, divided by the realized step.
pub(crate) fn central(line: &mut impl Line, site: &Site, h: f64) -> Option<Central> {
    let s0 = site.s0;
    let hp = site.realized(h);
    let hm = -site.realized(-h);
    if hp == 0.0 || hm == 0.0 {
        return None;
    }
    let fp = line.at(s0 + hp)?;
    let fm = line.at(s0 - hm)?;
    Some(Central {
        slope: (fp - fm) / (hp + hm),
        fmax: fp.abs().max(fm.abs()),
        second: fp + fm,
    })
}

/// The cheap estimate at the balanced step: see [`richardson_at`]. Four evaluations.
pub(crate) fn richardson(line: &mut impl Line, site: &Site) -> Option<Estimate> {
    richardson_at(line, site, site.central_step())
}

/// Central differences at `h` and `2h` and their Richardson extrapolation (error O(h⁴)).
///
/// The error estimate adds three things: the gap between the two steps (it bounds the O(h²)
/// term the extrapolation removes), the rounding noise ε·|f|/h, and whatever the smooth model
/// cannot explain in the second differences. For a smooth f, `s(2h) = 4·s(h) + O(h⁴)`; at a
/// kink with slopes a and b, `|s(2h) - 4·s(h)| / 2h = |b - a|`. Without that term a symmetric
/// kink or cusp (|x|, √|x| behind a guard) gives a central difference of exactly 0 with no
/// error at all, and passes for smooth.
pub(crate) fn richardson_at(line: &mut impl Line, site: &Site, h: f64) -> Option<Estimate> {
    let (s0, f0) = (site.s0, site.f0);
    let c1 = central(line, site, h)?;
    let c2 = central(line, site, 2.0 * h)?;
    let fmax = c1.fmax.max(c2.fmax).max(f0.abs());
    let (d1, d2) = (c1.slope, c2.slope);
    let noise = site.rounding(fmax);
    let rounding = 4.0 * noise / h;
    let s1 = c1.second - 2.0 * f0;
    let s2 = c2.second - 2.0 * f0;
    // Rounding in the five values, and the realized steps' asymmetry times the slope.
    let asymmetry = 8.0 * site.prof.eps * d1.abs() * s0.abs().max(h);
    let curvature_noise = (32.0 * noise + asymmetry) / h;
    let irregular = ((s2 - 4.0 * s1).abs() / (2.0 * h) - curvature_noise).max(0.0);
    Some(Estimate {
        value: d1 + (d1 - d2) / 3.0,
        error: (d1 - d2).abs() + rounding + irregular,
        curvature: curvature(s1, s2, noise, h),
    })
}

/// |f''| from the second differences at h and 2h, where they behave as a smooth function's
/// (s(2h) = 4·s(h) to a quarter) and rise above their own rounding; else 0: a kink's second
/// differences grow as 1/h, a jump's as 1/h², a staircase of rounded values' are noise, and
/// none of those is a curvature.
fn curvature(s1: f64, s2: f64, noise: f64, h: f64) -> f64 {
    let smooth = (s2 - 4.0 * s1).abs() <= 0.25 * s1.abs();
    if smooth {
        (s1.abs() - 32.0 * noise).max(0.0) / (h * h)
    } else {
        0.0
    }
}

/// Ridders' method (Numerical Recipes `dfridr`): central differences at a geometric sequence
/// of shrinking steps, extrapolated in a Neville tableau; stops when the error grows. The
/// returned error is the tableau's estimate, never below the rounding noise at the step used.
/// At most `2·MAX_ROWS` evaluations.
pub(crate) fn ridders(line: &mut impl Line, site: &Site, h0: f64) -> Option<Estimate> {
    let f0 = site.f0;
    const MAX_ROWS: usize = 10;
    const SHRINK: f64 = 1.4;
    const SHRINK2: f64 = SHRINK * SHRINK;
    let mut table = [[0.0f64; MAX_ROWS]; MAX_ROWS];
    let mut h = h0;
    let c = central(line, site, h)?;
    let mut fmax = c.fmax.max(f0.abs());
    table[0][0] = c.slope;
    let mut best = Estimate::new(c.slope, f64::INFINITY);
    for i in 1..MAX_ROWS {
        h /= SHRINK;
        let c = central(line, site, h)?;
        fmax = fmax.max(c.fmax);
        table[0][i] = c.slope;
        let mut fac = SHRINK2;
        for j in 1..=i {
            table[j][i] = (table[j - 1][i] * fac - table[j - 1][i - 1]) / (fac - 1.0);
            fac *= SHRINK2;
            let err = (table[j][i] - table[j - 1][i])
                .abs()
                .max((table[j][i] - table[j - 1][i - 1]).abs());
            if err <= best.error {
                best = Estimate::new(table[j][i], err);
            }
        }
        // Higher order got worse by a factor: rounding has taken over, stop.
        if (table[i][i] - table[i - 1][i - 1]).abs() >= 2.0 * best.error {
            break;
        }
    }
    let rounding = 2.0 * site.rounding(fmax) / h;
    best.error = best.error.max(rounding);
    Some(best)
}

/// Which side of the point a one-sided difference looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Left,
    Right,
}

/// A one-sided derivative by Richardson extrapolation of one-sided differences at steps
/// h0, h0/2, h0/4, ... (orders 1, 2, 3, ... removed); the error is the last correction plus the
/// rounding noise. Used to tell a kink's two slopes apart and to step away from a domain edge.
pub(crate) fn one_sided(
    line: &mut impl Line,
    site: &Site,
    h0: f64,
    side: Side,
) -> Option<Estimate> {
    let (s0, f0) = (site.s0, site.f0);
    const ROWS: usize = 6;
    let sign = match side {
        Side::Right => 1.0,
        Side::Left => -1.0,
    };
    let mut table = [[0.0f64; ROWS]; ROWS];
    let mut best = Estimate::new(f64::NAN, f64::INFINITY);
    let mut h = h0;
    let mut fmax = f0.abs();
    for i in 0..ROWS {
        let hr = site.realized(sign * h);
        let f = line.at(s0 + hr)?;
        fmax = fmax.max(f.abs());
        table[0][i] = (f - f0) / hr;
        let mut fac = 2.0;
        for j in 1..=i {
            table[j][i] = (table[j - 1][i] * fac - table[j - 1][i - 1]) / (fac - 1.0);
            fac *= 2.0;
        }
        if i >= 2 {
            let err = (table[i][i] - table[i - 1][i])
                .abs()
                .max((table[i - 1][i] - table[i - 1][i - 1]).abs());
            if err <= best.error {
                best = Estimate::new(table[i][i], err);
            }
        }
        h /= 2.0;
    }
    best.error = best.error.max(4.0 * site.rounding(fmax) / (2.0 * h));
    Some(best)
}

/// `(h, |f(s0 ± h) - f(s0)|)` on one side at steps shrinking by 100 from `h0`, the smallest
/// steps last: a smooth function's gap shrinks with the step, a jump's tends to the jump and
/// a cusp's shrinks slower than the step. Steps where the function cannot be evaluated (a
/// domain edge, a panic) end the profile at the large-step end: only the run of smallest steps
/// that all evaluate is kept.
pub(crate) fn side_gaps(
    line: &mut impl Line,
    site: &Site,
    h0: f64,
    side: Side,
    count: usize,
) -> Vec<(f64, f64)> {
    let (s0, f0) = (site.s0, site.f0);
    let sign = match side {
        Side::Right => 1.0,
        Side::Left => -1.0,
    };
    let mut out = Vec::with_capacity(count);
    let mut h = h0;
    for _ in 0..count {
        let hr = site.realized(sign * h);
        match (hr != 0.0).then(|| line.at(s0 + hr)).flatten() {
            Some(f) => out.push((hr.abs(), (f - f0).abs())),
            None => out.clear(),
        }
        h /= 100.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(s0: f64, f0: f64) -> Site {
        Site {
            s0,
            f0,
            noise: 0.0,
            scale: s0.abs().max(1.0),
            prof: &F64,
        }
    }

    fn line(f: impl Fn(f64) -> f64) -> impl FnMut(f64) -> Option<f64> {
        move |s| Some(f(s))
    }

    #[test]
    fn richardson_is_accurate_on_smooth_functions() {
        for &x in &[-3.0, -0.5, 0.1, 1.0, 7.5, 1e4] {
            let e = richardson(&mut line(f64::sin), &site(x, x.sin())).unwrap();
            assert!(
                (e.value - x.cos()).abs() <= e.error,
                "x={x}: {e:?} vs {}",
                x.cos()
            );
            assert!(
                (e.value - x.cos()).abs() < 1e-9 * x.abs().max(1.0),
                "x={x}: {e:?}"
            );
        }
    }

    #[test]
    fn ridders_reaches_near_machine_precision() {
        let x = 1.0f64;
        let e = ridders(&mut line(f64::exp), &site(x, x.exp()), 0.1).unwrap();
        assert!((e.value - x.exp()).abs() < 1e-12, "{e:?}");
        assert!((e.value - x.exp()).abs() <= e.error, "{e:?}");
    }

    #[test]
    fn one_sided_slopes_see_both_sides_of_a_kink() {
        let mut l = line(|s: f64| s.abs() + 0.5 * s);
        let r = one_sided(&mut l, &site(0.0, 0.0), 1e-3, Side::Right).unwrap();
        let lft = one_sided(&mut l, &site(0.0, 0.0), 1e-3, Side::Left).unwrap();
        assert!(
            (r.value - 1.5).abs() < 1e-9 && (lft.value + 0.5).abs() < 1e-9,
            "{r:?} {lft:?}"
        );
    }

    #[test]
    fn one_sided_matches_central_on_smooth_function() {
        let mut l = line(|s: f64| (2.0 * s).sin());
        let r = one_sided(&mut l, &site(0.3, 0.6f64.sin()), 1e-3, Side::Right).unwrap();
        assert!((r.value - 2.0 * 0.6f64.cos()).abs() < 1e-8, "{r:?}");
    }

    #[test]
    fn side_gaps_do_not_shrink_at_a_jump() {
        let mut step = line(|s: f64| if s >= 0.0 { 1.0 } else { 0.0 });
        let left = side_gaps(&mut step, &site(0.0, 1.0), 1e-2, Side::Left, 4);
        assert!(left.iter().all(|&(_, gap)| gap == 1.0), "{left:?}");
        let right = side_gaps(&mut step, &site(0.0, 1.0), 1e-2, Side::Right, 4);
        assert!(right.iter().all(|&(_, gap)| gap == 0.0), "{right:?}");
        let g = side_gaps(
            &mut line(|s: f64| s * 3.0),
            &site(0.0, 0.0),
            1e-2,
            Side::Right,
            4,
        );
        assert!(g.windows(2).all(|w| w[1].1 < w[0].1 / 50.0));
    }

    #[test]
    fn side_gaps_keep_the_small_steps_inside_the_domain() {
        let mut l = |s: f64| Some(s.ln()).filter(|v| v.is_finite());
        let g = side_gaps(&mut l, &site(1e-5, 1e-5f64.ln()), 1e-2, Side::Left, 5);
        assert_eq!(g.len(), 3, "{g:?}");
    }

    #[test]
    fn a_symmetric_kink_is_not_a_sharp_zero() {
        // The central difference of |x| at 0 is exactly 0; its error must not be.
        let e = richardson(&mut line(f64::abs), &site(0.0, 0.0)).unwrap();
        assert_eq!(e.value, 0.0);
        assert!(e.error >= 1.0, "{e:?}");
        // Smooth functions keep a tight error.
        let e = richardson(
            &mut line(|s: f64| (20.0 * s).exp()),
            &site(0.5, 10f64.exp()),
        )
        .unwrap();
        assert!(e.error < 1e-8 * e.value, "{e:?}");
    }

    #[test]
    fn failures_propagate_as_none() {
        let mut l = |s: f64| if s > 0.0 { Some(s.ln()) } else { None };
        assert!(richardson(&mut l, &site(0.0, f64::NEG_INFINITY)).is_none());
    }
}
