//! When the function is the approximation: a tiny mismatch confined to one region of the
//! inputs, whose edge is a jump of the function's value, is a function that follows another
//! formula past the edge (smartcore's `ln(1 + eˣ) ≈ x` for x > 15: a 3e-7 jump, a 2e-7
//! relative mismatch beyond it) checked against a derivative written for the exact formula.
//! It is rightly a mismatch, but "fix the hand-written derivative" points the wrong way; the
//! finding says so instead, and names the edge.
//!
//! The edge is found by bisection between a wrong point and the nearest right one (along the
//! one coordinate that separates the wrong points from the right ones, where one does); the
//! jump is the value's change across the last interval beyond what the slope explains.

use super::stats::Analysis;
use super::{Run, Seen};
use crate::engine::points::Point;
use crate::report::finding::{Kind, Origin};
use crate::report::Report;

/// A mismatch this small (relative) is what a shortcut branch gives; larger ones are a wrong
/// derivative wherever they are.
const TINY: f64 = 1e-4;
/// At most this many entries are examined.
const MAX_ENTRIES: usize = 4;
/// Bisection steps: the interval shrinks to 2^-60 of the first one (below an ulp).
const STEPS: usize = 60;
/// A jump is this many ulps of the value or more, beyond what the slope explains.
const JUMP_ULPS: f64 = 64.0;

/// Rewrites the advice of mismatches that are the function's approximation.
pub(super) fn explain(a: &Analysis, kind: Kind, run: &Run<'_>, report: &mut Report) {
    if kind != Kind::Mismatch {
        return;
    }
    let mut cells: Vec<(usize, usize)> = Vec::new();
    for f in report.errors().filter(|f| f.kind == kind) {
        if let Some(c) = f.cell() {
            if !cells.contains(&c) {
                cells.push(c);
            }
        }
    }
    cells.retain(|&(r, c)| {
        let tiny = report
            .errors()
            .filter(|f| f.kind == kind && f.cell() == Some((r, c)))
            .all(|f| f.rel_error.is_some_and(|e| e <= TINY));
        let confined = a
            .entry(r, c)
            .is_some_and(|e| e.mismatched > 0 && e.mismatched < e.points);
        tiny && confined
    });
    for (r, c) in cells.into_iter().take(MAX_ENTRIES) {
        if let Some(words) = edge(run, (r, c)) {
            for f in report.findings_mut() {
                if f.kind == kind && f.cell() == Some((r, c)) {
                    f.message = words.clone();
                }
            }
        }
    }
}

/// Whether entry `cell` is wrong at `x` (`None` where it cannot be compared).
fn wrong_at(run: &Run<'_>, x: &[f64], (r, c): (usize, usize)) -> Option<(bool, Seen)> {
    let point = Point {
        index: run.points.count(),
        origin: Origin::Random,
        x: x.to_vec(),
    };
    let seen = run.check.observe(&point)?;
    if !seen.finite(r, c) {
        return None;
    }
    let wrong = (seen.hand[r][c] - seen.exact[r][c]).abs() > seen.allowed(r, c);
    Some((wrong, seen))
}

/// The words for a mismatch confined beyond a jump of the function, if that is what it is.
fn edge(run: &Run<'_>, cell: (usize, usize)) -> Option<String> {
    // The points again: one wrong point, the nearest right one, and per coordinate the
    // ranges of the wrong and of the right points (a threshold separates them when the
    // ranges do not overlap).
    let mut wrong: Option<Vec<f64>> = None;
    let mut right: Vec<Vec<f64>> = Vec::new();
    let mut wrong_range: Vec<(f64, f64)> = Vec::new();
    let mut right_range: Vec<(f64, f64)> = Vec::new();
    for k in 0..run.points.count() {
        let Some((point, seen)) = run.observe(k) else {
            continue;
        };
        let (r, c) = cell;
        if !seen.finite(r, c) {
            continue;
        }
        let bad = (seen.hand[r][c] - seen.exact[r][c]).abs() > seen.allowed(r, c);
        let ranges = if bad {
            &mut wrong_range
        } else {
            &mut right_range
        };
        if ranges.is_empty() {
            *ranges = point.x.iter().map(|&v| (v, v)).collect();
        }
        for (range, &v) in ranges.iter_mut().zip(&point.x) {
            *range = (range.0.min(v), range.1.max(v));
        }
        if bad {
            wrong.get_or_insert(point.x);
        } else {
            right.push(point.x);
        }
    }
    let xf = wrong?;
    let distance =
        |p: &Vec<f64>| -> f64 { p.iter().zip(&xf).map(|(a, b)| (a - b) * (a - b)).sum() };
    let xp = right
        .iter()
        .min_by(|p, q| distance(p).total_cmp(&distance(q)))?
        .clone();
    // A coordinate whose threshold separates the wrong points from the right ones.
    let separating = (0..xf.len()).find_map(|j| {
        let (w, g) = (wrong_range.get(j)?, right_range.get(j)?);
        if g.1 < w.0 {
            Some((j, g.1, true))
        } else if w.1 < g.0 {
            Some((j, g.0, false))
        } else {
            None
        }
    });
    // Bisect along that coordinate from the wrong point when its far end is right there too,
    // else along the segment to the nearest right point.
    let start = match separating {
        Some((j, v, _)) => {
            let mut y = xf.clone();
            y[j] = v;
            match wrong_at(run, &y, cell) {
                Some((false, _)) => y,
                _ => xp,
            }
        }
        None => xp,
    };
    let at = |t: f64| -> Vec<f64> {
        start
            .iter()
            .zip(&xf)
            .map(|(a, b)| a + t * (b - a))
            .collect()
    };
    let (mut lo, mut hi) = (0.0f64, 1.0f64); // right at lo, wrong at hi
    for _ in 0..STEPS {
        let mid = 0.5 * (lo + hi);
        let (a, b) = (at(lo), at(mid));
        if a == b || b == at(hi) {
            break;
        }
        match wrong_at(run, &b, cell) {
            Some((true, _)) => hi = mid,
            Some((false, _)) => lo = mid,
            None => return None,
        }
    }
    let (a, b) = (at(lo), at(hi));
    let (_, seen) = wrong_at(run, &a, cell)?;
    let fa = *run.subject.value(&a).ok()?.get(cell.0)?;
    let fb = *run.subject.value(&b).ok()?.get(cell.0)?;
    let slope: f64 = seen.exact[cell.0]
        .iter()
        .zip(a.iter().zip(&b))
        .map(|(d, (p, q))| d * (q - p))
        .sum();
    let jump = fb - fa - slope;
    let ulp = run.subject.profile().eps * fa.abs().max(fb.abs()).max(f64::MIN_POSITIVE);
    if jump.is_nan() || jump.abs() <= JUMP_ULPS * ulp {
        return None;
    }
    let layout = run.spec.layout();
    let region = match separating {
        Some((j, _, above)) => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            let edge = if diff == [j] {
                0.5 * (a[j] + b[j])
            } else {
                b[j]
            };
            format!(
                "where {} {} {edge:.10}",
                layout.component_name(j),
                if above { ">" } else { "<" }
            )
        }
        None => format!("on one side of an edge between {a:?} and {b:?}"),
    };
    let name = layout.component_name(cell.1);
    Some(format!(
        "the hand-written derivative of {name} disagrees with the function only {region}, by a tiny relative error, and the function's value jumps by {jump:.2e} at that edge: past it the function follows another formula (a shortcut such as ln(1 + eˣ) ≈ x for large x) than the one its derivative was written for. The hand-written derivative is probably right for the exact formula: the function is the approximation. Make the shortcut continuous (or drop it), or `allow(mismatch)` if the approximation is intended"
    ))
}
