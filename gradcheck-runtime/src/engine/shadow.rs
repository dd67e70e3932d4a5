//! What `f32` loses, measured against the subject's `f64` shadow ([`Subject::shadow`]): a
//! function written over any primitive and checked in `f32` is evaluated in `f64` too, at
//! the same (`f32`) point, and the `f64` results are the truth the `f32` ones are held to.
//!
//! Per point, one pass: the values and the exact (dual) gradient of both precisions. Where
//! `f32` is further from `f64` than the check's own tolerance, a `precision_loss` warning
//! names the entry and how many decimal digits `f32` lost (`digits_lost`: 0 for a correctly
//! rounded result, `log10(1/ε)` ≈ 6.9 when nothing is left). And a `mismatch` the `f32`
//! comparison found is a `precision_loss` instead when the hand-written value agrees with the
//! `f64` derivative to within the tolerance plus the rounding `f32` shows at that entry: the
//! formula is right, `f32` cannot carry it more closely.

use super::noise::PointNoise;
use super::subject::{Matrix, Subject};
use crate::numerics::tolerance::Tolerance;
use crate::precision::Profile;
use crate::report::finding::{Finding, Kind, Severity};

/// The `f32` results at one point against the shadow's `f64` ones: adds `precision_loss`
/// warnings to `findings` and turns the mismatches that are `f32` rounding into them. Does
/// nothing without a shadow, or where the shadow cannot be evaluated (the `f32` check's own
/// findings stand).
pub(crate) fn precision_loss(
    subject: &dyn Subject,
    x: &[f64],
    values: &[f64],
    exact: Option<&Matrix>,
    hand: Option<&Matrix>,
    tol: &Tolerance,
    findings: &mut Vec<Finding>,
) {
    let Some(shadow) = subject.shadow() else {
        return;
    };
    let prof = subject.profile();
    let rows = values.len();
    let Ok(truth) = shadow.value(x) else {
        return;
    };
    if truth.len() != rows {
        return;
    }
    for (row, (&v32, &v64)) in values.iter().zip(&truth).enumerate() {
        let allowed = prof.reference_rtol * v64.abs() + 16.0 * prof.tiny;
        if v64.is_finite() && v32.is_finite() && (v32 - v64).abs() > allowed {
            let mut f = Finding::new(
                Kind::PrecisionLoss,
                x,
                format!(
                    "the {} value loses {:.1} of its {:.1} significant digits against the same function computed in f64 ({v32:.8e} against {v64:.8e}): the rounding of its terms accumulates beyond what the tolerance allows (compute this part in f64, or rescale it); a warning",
                    prof.name,
                    digits_lost(v32, v64, prof),
                    digits(prof),
                ),
            )
            .values(v64, v32, v64.abs());
            f.output = (rows > 1).then_some(row);
            f.tolerance = Some(allowed);
            f.digits_lost = Some(digits_lost(v32, v64, prof));
            findings.push(f);
        }
    }
    let (Some(exact), Some(ex64)) = (exact, shadow.exact()) else {
        return;
    };
    let Ok((_, truth)) = ex64.jacobian(x) else {
        return;
    };
    let shaped =
        truth.len() == exact.len() && truth.iter().zip(exact).all(|(a, b)| a.len() == b.len());
    if !shaped {
        return;
    }
    let row_max: Vec<f64> = truth
        .iter()
        .map(|r| r.iter().fold(0.0f64, |a, v| a.max(v.abs())))
        .collect();
    let entry = |f: &mut Finding, row: usize, i: usize| {
        f.component = Some(i);
        f.output = (rows > 1).then_some(row);
    };
    let noise = PointNoise::new(subject, x);
    // The entries whose mismatch became a precision loss: that finding says it all there.
    let mut explained: Vec<(usize, usize)> = Vec::new();
    // Mismatches first: they read the findings before the warnings below are added.
    if let Some(hand) = hand {
        for f in findings.iter_mut() {
            let (Kind::Mismatch, Some(i)) = (f.kind, f.component) else {
                continue;
            };
            let row = f.output.unwrap_or(0);
            let (g, d32, d64) = (hand[row][i], exact[row][i], truth[row][i]);
            if !(g.is_finite() && d64.is_finite()) {
                continue;
            }
            // The rounding f32 shows at this entry: the dual chain's bound, or what its f32
            // result is actually off by, whichever is larger; the hand-written value rounds
            // too (twice, as in the f32 comparison).
            let rounding = if tol.user {
                0.0
            } else {
                let d = if d32.is_finite() {
                    (d32 - d64).abs()
                } else {
                    0.0
                };
                2.0 * noise.column(i, row).max(d)
            };
            if (g - d64).abs() > tol.allowed(d64, g, row_max[row]) + rounding {
                continue;
            }
            // What f32 loses at this entry: the hand-written value's digits, or the dual
            // derivative's, whichever lost more.
            let lost = digits_lost(g, d64, prof).max(digits_lost(d32, d64, prof));
            explained.push((row, i));
            *f = Finding::new(
                Kind::PrecisionLoss,
                x,
                format!(
                    "the hand-written {0} derivative differs from the {0} dual derivative {d32:.8e}, but agrees with the derivative computed in f64 to within the tolerance and the {0} rounding at this entry ({rounding:.1e}): it is right, {0} cannot carry it more closely ({lost:.1} of {1:.1} digits lost); a warning",
                    prof.name,
                    digits(prof),
                ),
            )
            .values(d64, g, d64.abs().max(g.abs()));
            entry(f, row, i);
            f.tolerance = Some(tol.allowed(d64, g, row_max[row]) + rounding);
            f.digits_lost = Some(lost);
            f.severity = Severity::Warning;
        }
    }
    for (row, (r32, r64)) in exact.iter().zip(&truth).enumerate() {
        for (i, (&d32, &d64)) in r32.iter().zip(r64).enumerate() {
            if !(d32.is_finite() && d64.is_finite()) || explained.contains(&(row, i)) {
                continue;
            }
            let allowed = tol.allowed(d64, d32, row_max[row]) + 16.0 * prof.tiny;
            if (d32 - d64).abs() <= allowed {
                continue;
            }
            let lost = digits_lost(d32, d64, prof);
            let mut f = Finding::new(
                Kind::PrecisionLoss,
                x,
                format!(
                    "the {0} dual derivative loses {lost:.1} of its {1:.1} significant digits against the same derivative computed in f64 ({d32:.8e} against {d64:.8e}): a hand-written {0} gradient can only be checked to this accuracy here; a warning",
                    prof.name,
                    digits(prof),
                ),
            )
            .values(d64, d32, d64.abs().max(d32.abs()));
            entry(&mut f, row, i);
            f.tolerance = Some(allowed);
            f.digits_lost = Some(lost);
            findings.push(f);
        }
    }
}

/// The significant decimal digits of the type: log10(1/ε), 6.9 for `f32`.
fn digits(prof: &Profile) -> f64 {
    -prof.eps.log10()
}

/// How many decimal digits `approx` loses against `truth`, beyond the rounding of the result
/// itself: log10(|approx − truth| / (ε·|truth|)), from 0 (within ε) to all of them.
pub(crate) fn digits_lost(approx: f64, truth: f64, prof: &Profile) -> f64 {
    let err = (approx - truth).abs();
    let all = digits(prof);
    if err == 0.0 {
        return 0.0;
    }
    if truth == 0.0 || !err.is_finite() {
        return all;
    }
    (err / (prof.eps * truth.abs())).log10().clamp(0.0, all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::F32;

    #[test]
    fn digits_lost_counts_from_the_type_s_own_rounding() {
        assert_eq!(digits_lost(1.0, 1.0, &F32), 0.0);
        // Half an ulp off: nothing lost beyond the rounding of the result.
        assert_eq!(digits_lost(1.0 + 0.5 * F32.eps, 1.0, &F32), 0.0);
        // 1e-3 relative: 1e-3/1.19e-7 ≈ 8.4e3, 3.9 digits.
        let d = digits_lost(1.001, 1.0, &F32);
        assert!((d - 3.92).abs() < 0.01, "{d}");
        // Nothing left.
        assert!((digits_lost(1e-3, 0.0, &F32) - 6.92).abs() < 0.01);
        assert!((digits_lost(2.0, -1.0, &F32) - 6.92).abs() < 0.01);
    }
}
