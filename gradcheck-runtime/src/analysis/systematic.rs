//! Errors below the per-point tolerance that only the set of points shows: a hand-written
//! entry that differs from the dual derivative by a relative error of the same sign and
//! nearly the same size at every point (a constant truncated to 10 digits is off by the same
//! 1e-10 everywhere, under the per-point tolerance of 1e-9), while rounding noise changes
//! sign and size from point to point and stays within its bound.
//!
//! Screening uses the statistics folded during the run (no evaluation). A candidate is then
//! confirmed by revisiting every point: one `Dual<Rounded>` pass along the entry's component
//! bounds the rounding of the dual derivative there, and the difference must exceed
//! [`MARGIN`] times a noise allowance built from that bound at *every* point, and the
//! differences of the other entries [`MARGIN`] times over.

use super::forms::simplest_in;
use super::stats::{Analysis, EntryStats, Interval};
use super::Run;
use crate::report::finding::{Diagnosis, Finding, Kind};
use crate::report::Report;

/// Fewer points than this prove nothing about a sign (rounding of random sign keeps one sign
/// over 8 points once in 128).
const MIN_POINTS: u32 = 8;
/// "Nearly constant size": the largest difference at most this many times the smallest. A
/// truncated constant that multiplies a whole entry gives a ratio of 1; one that multiplies
/// a term making up 10% to 100% of the entry, 10.
const SIZE_RATIO: f64 = 10.0;
/// How far above the noise allowance the difference must be at every point. The allowance
/// is already pessimistic (the dual's rounding bound, as large again for the hand-written
/// formula's own rounding, plus two roundings of the result): the bound itself runs 3–100×
/// above the actual rounding error (median 12 on random expressions).
const MARGIN: f64 = 4.0;
/// At most this many candidate entries are confirmed per check (each costs one
/// `Dual<Rounded>` pass per point).
const MAX_CANDIDATES: usize = 8;

/// Which statistic makes the entry a candidate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Measure {
    /// hand / exact − 1: a factor.
    Ratio,
    /// hand − exact: a constant.
    Difference,
}

/// Adds a `mismatch` for every entry whose sub-tolerance error is systematic.
pub(super) fn detect(a: &Analysis, run: &Run<'_>, report: &mut Report) {
    if a.kind() != Some(Kind::Mismatch) {
        return;
    }
    let Some(exact) = run.subject.exact() else {
        return;
    };
    let candidates = screen(a);
    if candidates.is_empty() {
        return;
    }
    let eps = run.subject.profile().eps;
    for ((r, c), measure, others) in candidates {
        // The smallest relative error seen: where the exact value is too small for it to rise
        // above the rounding (near a zero of the entry, at a special point), the point can
        // show nothing and is passed over rather than held against the error.
        let smallest_ratio = a.entry(r, c).map_or(0.0, |e| e.ratio.magnitudes().0);
        // The point where the error is largest: (point, exact, hand, size, allowance).
        let mut worst: Option<(usize, f64, f64, f64, f64)> = None;
        let mut factor = Interval::ALL;
        let mut offset = Interval::ALL;
        let mut bound_rel = 0.0f64;
        let mut held = 0u32;
        let mut broken = false;
        for k in 0..run.points.count() {
            let Some((point, seen)) = run.observe(k) else {
                continue;
            };
            if !seen.telling(r, c) {
                continue;
            }
            let (d, h) = (seen.exact[r][c], seen.hand[r][c]);
            let mut v = vec![0.0; point.x.len()];
            v[c] = 1.0;
            let Ok(rounding) = exact.rounding(&point.x, &v) else {
                broken = true;
                break;
            };
            let (Some(&slope), Some(&bound)) =
                (rounding.slopes.get(r), rounding.slope_bounds.get(r))
            else {
                broken = true;
                break;
            };
            // The dual's rounding, as much again for the hand-written formula, and the two
            // values' last roundings; a vector-dual value that differs from the `Dual` one
            // adds the difference.
            let noise = 2.0 * bound + 2.0 * eps * d.abs() + (slope - d).abs();
            let gap = h - d;
            if measure == Measure::Ratio && smallest_ratio * d.abs() <= MARGIN * noise {
                continue;
            }
            let size = match measure {
                Measure::Ratio => (gap / d).abs(),
                Measure::Difference => gap.abs(),
            };
            if !(gap.abs() > MARGIN * noise && size > MARGIN * others) {
                broken = true;
                break;
            }
            held += 1;
            bound_rel = bound_rel.max(noise / d.abs().max(f64::MIN_POSITIVE));
            let allowance = MARGIN * noise;
            if d != 0.0 {
                factor.meet((h - allowance) / d, (h + allowance) / d);
            } else {
                factor = Interval::EMPTY;
            }
            offset.meet(gap - allowance, gap + allowance);
            if worst.is_none_or(|w| size > w.3) {
                worst = Some((k, d, h, size, allowance));
            }
        }
        let Some((k, d, h, _, allowance)) = worst.filter(|_| !broken && held >= MIN_POINTS) else {
            continue;
        };
        let diagnosis = if !factor.is_empty() && !factor.contains(1.0) {
            Some(Diagnosis::Scaled {
                factor: simplest_in(factor),
            })
        } else if !offset.is_empty() && !offset.contains(0.0) {
            Some(Diagnosis::Offset {
                by: simplest_in(offset),
            })
        } else {
            None
        };
        let e = a.entry(r, c).expect("screened");
        let point = run.points.get(k);
        let mut f = finding(
            run,
            &point.x,
            (r, c),
            a.shape().0,
            e,
            measure,
            held,
            bound_rel,
            others,
        )
        .values(d, h, d.abs().max(h.abs()));
        f.tolerance = Some(allowance);
        f.origin = Some(point.origin);
        f.diagnosis = diagnosis;
        report.record(run.spec, run.check.name(), [f]);
        if let Some(d) = diagnosis {
            report.diagnose(Kind::Mismatch, (r, c), d, held as usize);
        }
    }
}

/// The finding's words: what was seen across the points and why it is not rounding.
#[allow(clippy::too_many_arguments)]
fn finding(
    run: &Run<'_>,
    x: &[f64],
    (r, c): (usize, usize),
    rows: usize,
    e: &EntryStats,
    measure: Measure,
    held: u32,
    bound_rel: f64,
    others: f64,
) -> Finding {
    let name = run.spec.layout().component_name(c);
    let entry = if rows > 1 {
        format!("output {r}, {name}")
    } else {
        name.clone()
    };
    let (spread, what) = match measure {
        Measure::Ratio => (e.ratio, "a relative error"),
        Measure::Difference => (e.diff, "a difference"),
    };
    let (lo, hi) = spread.magnitudes();
    let sign = if spread.min > 0.0 { "above" } else { "below" };
    let size = if hi <= lo * (1.0 + 1e-3) {
        format!("{hi:.2e}")
    } else {
        format!("{lo:.2e} to {hi:.2e}")
    };
    let message = format!(
        "the hand-written derivative of {entry} is {sign} the exact one by {what} of {size} at all {held} points: each point alone is within the per-point tolerance, the set of points is not. Rounding changes sign and size from point to point; this does not, and it is at least {MARGIN} times the rounding allowance of the exact derivative at every point (at most {bound_rel:.1e} relative){}. A systematic error in the hand-written derivative: a constant with too few digits (1/ln 2 = 1.4426950408889634, π, √2?) or a slightly different formula; fix the hand-written derivative of {entry}",
        if others > 0.0 {
            format!(" and above the other entries' differences (at most {others:.1e})")
        } else {
            String::new()
        }
    );
    let mut f = Finding::new(Kind::Mismatch, x, message).component(c);
    if rows > 1 {
        f.output = Some(r);
    }
    f
}

/// The candidates, most regular first: entries whose ratio or difference kept one sign and
/// nearly one size at every point, far above the other entries' (typical) differences. Each
/// comes with the level the other entries reach, which it must exceed [`MARGIN`] times.
fn screen(a: &Analysis) -> Vec<((usize, usize), Measure, f64)> {
    let regular = |e: &EntryStats, m: Measure| {
        let (s, neutral) = match m {
            Measure::Ratio => (e.ratio, e.at_zero + e.same_nonzero),
            Measure::Difference => (e.diff, e.same),
        };
        let (lo, hi) = s.magnitudes();
        // Points where the two values were the same double are neutral, but they show no
        // error either: the error must be seen, with one sign, at MIN_POINTS points of its own
        // (a correct gradient that rounds to the exact one at most points and off it at a
        // few would otherwise be revisited, a dual pass per point, for nothing).
        e.mismatched == 0
            && s.count >= MIN_POINTS
            && s.count + neutral == e.points
            && s.one_sign()
            && hi <= SIZE_RATIO * lo
    };
    let mut out = Vec::new();
    for m in [Measure::Ratio, Measure::Difference] {
        // The other entries' level: the median of their largest magnitudes, so that a few
        // wrong entries do not hide each other.
        let mut levels: Vec<f64> = a
            .cells()
            .filter(|(_, e)| e.points > 0 && !regular(e, m))
            .map(|(_, e)| match m {
                Measure::Ratio => e.ratio.largest(),
                Measure::Difference => e.diff.largest(),
            })
            .collect();
        levels.sort_by(f64::total_cmp);
        let others = levels.get(levels.len() / 2).copied().unwrap_or(0.0);
        for (cell, e) in a.cells() {
            let done = out.iter().any(|(c, _, _)| *c == cell);
            if !done && regular(e, m) {
                out.push((cell, m, others));
            }
        }
    }
    out.truncate(MAX_CANDIDATES);
    out
}
