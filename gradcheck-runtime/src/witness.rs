//! The finite-difference witness for one derivative, and what it says about the point.
//!
//! The cheap estimate settles almost every entry; where it does not, Ridders' extrapolation
//! is tried, and where that still disagrees with the dual derivative the point itself is
//! examined: a jump that does not shrink with the step, a slope that grows without bound,
//! one-sided slopes that differ. Only a point that looks smooth from every side can convict
//! the dual chain.

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

/// Whether `value` lies within the estimate's error, padded because Ridders' estimate can
/// underestimate (NUMERICS.md).
pub(crate) fn confirms(e: &Estimate, value: f64) -> bool {
    (e.value - value).abs() <= 3.0 * e.error + 1e-12 * value.abs().max(e.value.abs())
}

/// Whether an estimate is sharp enough to judge by: its error is small against the
/// derivative, or against the function's own scale `f0 / max(|s0|, 1)` where the derivative
/// is near zero. A witness with an error of the size of its value confirms anything.
pub(crate) fn sharp(e: &Estimate, value: f64, s0: f64, f0: f64) -> bool {
    let slope_scale = f0.abs() / s0.abs().max(1.0);
    e.error <= 1e-3 * value.abs().max(e.value.abs()) + 1e-6 * slope_scale + 1e-12
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

/// The cheap witness: Richardson on two central differences (4 evaluations).
pub(crate) fn cheap(line: &mut impl Line, s0: f64, f0: f64) -> Option<Estimate> {
    fd::richardson(line, s0, f0)
}

/// The full witness, run when the cheap one did not settle the entry.
pub(crate) fn examine(line: &mut impl Line, s0: f64, f0: f64, exact: f64) -> Verdict {
    let scale = s0.abs().max(1.0);
    let ridders = fd::ridders(line, s0, f0, 1e-2 * scale);
    if let Some(r) = ridders {
        if settles(&r, exact, s0, f0) {
            return Verdict::Smooth(r);
        }
    }
    // Near a domain edge one side cannot be evaluated: use the side that can.
    let h1 = 1e-3 * scale;
    let right = fd::one_sided(line, s0, f0, h1, Side::Right);
    let left = fd::one_sided(line, s0, f0, h1, Side::Left);
    let Some(r) = ridders else {
        let estimate = right.or(left);
        return Verdict::Edge {
            estimate,
            detail: "the function cannot be evaluated on both sides of the point within the finite-difference step".into(),
        };
    };
    if let Some(kind) = jump_or_pole(line, s0, f0, scale) {
        let detail = match kind {
            Kind::Discontinuity => {
                "the value jumps: the gap f(x+h) - f(x-h) does not shrink as h does"
            }
            _ => "the slope grows without bound as the step shrinks (a cusp or a vertical tangent)",
        };
        return Verdict::Singular {
            kind,
            left,
            right,
            detail: detail.into(),
        };
    }
    if let (Some(l), Some(rt)) = (left, right) {
        let gap = (l.value - rt.value).abs();
        if gap > 3.0 * (l.error + rt.error) + 1e-9 * l.value.abs().max(rt.value.abs()) {
            return Verdict::Singular {
                kind: Kind::Kink,
                left,
                right,
                detail: format!(
                    "left slope {:.6e} and right slope {:.6e} differ",
                    l.value, rt.value
                ),
            };
        }
        // Smooth from every side: all three estimates agree, and sharply.
        if sharp(&r, exact, s0, f0) && confirms(&l, r.value) && confirms(&rt, r.value) {
            return Verdict::Smooth(r);
        }
    }
    Verdict::Undecided {
        estimate: Some(r),
        detail: format!(
            "finite differences give {:.6e} ± {:.1e} and do not settle",
            r.value, r.error
        ),
    }
}

/// Looks for a jump (the gap across the point does not shrink with the step) or a pole of
/// the slope (the central slope keeps growing as the step shrinks).
fn jump_or_pole(line: &mut impl Line, s0: f64, f0: f64, scale: f64) -> Option<Kind> {
    let gaps = fd::gaps(line, s0, 1e-2 * scale, 5)?;
    if gaps.len() < 3 {
        return None;
    }
    let last = gaps.len() - 1;
    let (h_last, g_last) = gaps[last];
    let (_, g_prev) = gaps[last - 1];
    let noise = 1e3 * EPS * (f0.abs() + g_last);
    // A jump's gap tends to the jump; a power |x|^a's shrinks by 100^a per step.
    if g_last > noise && g_last >= 0.7 * g_prev {
        return Some(Kind::Discontinuity);
    }
    let slopes: Vec<f64> = gaps.iter().map(|&(h, g)| g / h).collect();
    let growing = slopes.windows(2).skip(1).all(|w| w[1] > 3.0 * w[0]);
    if growing
        && g_last > noise
        && slopes[last] > 1e3 * (slopes[0] + f0.abs() / scale).max(EPS)
        && h_last > 0.0
    {
        return Some(Kind::UnboundedDerivative);
    }
    None
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
        let v = examine_fn(f64::ln, 1e-300, 1e300);
        assert!(matches!(v, Verdict::Edge { .. }), "{v:?}");
    }
}
