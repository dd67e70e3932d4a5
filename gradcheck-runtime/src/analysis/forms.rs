//! The form of a wrong entry across its points: `zero`, `sign_flipped`, `transposed`,
//! `swapped`, `scaled`, `offset`, in that order of precedence (the more specific mistake
//! first: a forgotten term is `zero`, not `scaled` by 0; a transposed Jacobian is not a set
//! of swapped entries). A form is given only when every point where the entry was compared
//! agrees with it to the comparison's own tolerance, and only from [`MIN_POINTS`] points on.

use super::stats::{Analysis, Interval};
use super::Run;
use crate::report::finding::{Diagnosis, Finding, Kind};
use crate::report::Report;

/// Below this many points any two numbers are "a constant factor" apart: with 3 points a
/// chance fit of `scaled` or `offset` needs two coincidences.
pub(crate) const MIN_POINTS: u32 = 3;

/// At most this many wrong entries are searched for the entry they carry (each search
/// revisits every point once).
const MAX_SWAP_SEARCH: usize = 16;

/// Attaches a diagnosis to every `mismatch` / `hessian_mismatch` finding whose entry has a form.
pub(super) fn diagnose(a: &Analysis, run: &Run<'_>, report: &mut Report) {
    let Some(kind) = a.kind() else { return };
    let mut wrong: Vec<(usize, usize)> = report
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(Finding::cell)
        .collect();
    wrong.sort_unstable();
    wrong.dedup();
    wrong.retain(|&(r, c)| {
        a.entry(r, c)
            .is_some_and(|e| e.points >= MIN_POINTS && e.mismatched > 0)
    });
    if wrong.is_empty() {
        return;
    }
    let transposed = a.transposable() && a.cells().all(|(_, e)| e.transposed);
    let mut found: Vec<((usize, usize), Diagnosis)> = Vec::new();
    let mut open = Vec::new();
    for &(r, c) in &wrong {
        let e = a.entry(r, c).expect("kept above");
        let d = if e.zero {
            Some(Diagnosis::Zero)
        } else if e.scale.contains(-1.0) {
            Some(Diagnosis::SignFlipped)
        } else if transposed {
            Some(Diagnosis::Transposed)
        } else {
            None
        };
        match d {
            Some(d) => found.push(((r, c), d)),
            None => open.push((r, c)),
        }
    }
    let carried = swaps(a, kind, run, &open);
    for (k, &(r, c)) in open.iter().enumerate() {
        let e = a.entry(r, c).expect("kept above");
        let d = if let Some(with) = carried.get(k).copied().flatten() {
            Some(with)
        } else if !e.scale.is_empty() && !e.scale.contains(1.0) {
            Some(Diagnosis::Scaled {
                factor: simplest_in(e.scale),
            })
        } else if !e.offset.is_empty() && !e.offset.contains(0.0) {
            Some(Diagnosis::Offset {
                by: simplest_in(e.offset),
            })
        } else {
            None
        };
        if let Some(d) = d {
            found.push(((r, c), d));
        }
    }
    for ((r, c), d) in found {
        let points = a.entry(r, c).map_or(0, |e| e.points);
        report.diagnose(kind, (r, c), d, points as usize);
    }
}

/// For each of `open` (at most [`MAX_SWAP_SEARCH`]), the entry whose exact value it carries
/// at every point: another column of the same row (a gradient or Jacobian), any other entry
/// of the upper triangle (a Hessian). The points are revisited in order.
fn swaps(
    a: &Analysis,
    kind: Kind,
    run: &Run<'_>,
    open: &[(usize, usize)],
) -> Vec<Option<Diagnosis>> {
    let (rows, cols) = a.shape();
    let hessian = kind == Kind::HessianMismatch;
    let mut candidates: Vec<Vec<(usize, usize)>> = open
        .iter()
        .take(MAX_SWAP_SEARCH)
        .map(|&(r, c)| {
            if hessian {
                let (i, j) = (r.min(c), r.max(c));
                (0..rows)
                    .flat_map(|p| (p..cols).map(move |q| (p, q)))
                    .filter(|&pq| pq != (i, j))
                    .collect()
            } else {
                (0..cols).filter(|&q| q != c).map(|q| (r, q)).collect()
            }
        })
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    for k in 0..run.points.count() {
        if candidates.iter().all(Vec::is_empty) {
            break;
        }
        let Some((_, seen)) = run.observe(k) else {
            continue;
        };
        if seen.exact.len() != rows || seen.exact.iter().any(|row| row.len() != cols) {
            continue;
        }
        for (cands, &(r, c)) in candidates.iter_mut().zip(open) {
            if !seen.finite(r, c) {
                continue;
            }
            let (h, allowed) = (seen.hand[r][c], seen.allowed(r, c));
            cands.retain(|&(p, q)| (h - seen.exact[p][q]).abs() <= allowed);
        }
    }
    candidates
        .into_iter()
        .map(|cands| {
            cands.first().map(|&(p, q)| Diagnosis::Swapped {
                with: if hessian { p } else { q },
                with_column: hessian.then_some(q),
            })
        })
        .collect()
}

/// The simplest number in a non-empty interval: an integer, else a fraction with a small
/// denominator, else the fewest significant digits; so a doubled term reads 2, not
/// 2.0000000003.
pub(crate) fn simplest_in(i: Interval) -> f64 {
    let mid = if i.lo.is_finite() && i.hi.is_finite() {
        0.5 * (i.lo + i.hi)
    } else if i.lo.is_finite() {
        i.lo
    } else {
        i.hi
    };
    if i.contains(mid.round()) {
        return mid.round();
    }
    for q in 2..=12 {
        let v = (mid * q as f64).round() / q as f64;
        if i.contains(v) {
            return v;
        }
    }
    for digits in 1..17 {
        if let Ok(v) = format!("{mid:.digits$e}").parse::<f64>() {
            if i.contains(v) {
                return v;
            }
        }
    }
    mid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(lo: f64, hi: f64) -> f64 {
        simplest_in(Interval { lo, hi })
    }

    #[test]
    fn the_simplest_number_is_found() {
        assert_eq!(within(2.0 - 1e-9, 2.0 + 1e-9), 2.0);
        assert_eq!(within(0.5 - 1e-9, 0.5 + 1e-9), 0.5);
        assert_eq!(within(-1.0 / 3.0 - 1e-12, -1.0 / 3.0 + 1e-12), -1.0 / 3.0);
        assert_eq!(within(0.999_999_97, 0.999_999_971), 0.999_999_97);
        assert_eq!(within(1.234_567_8e-5, 1.234_567_9e-5), 1.234_567_9e-5);
    }
}
