//! The components fast mode also checks in full at every point, because random directions
//! see a wrong component only through e·v_j (about e/√n) and so miss small ones: the first
//! and last few (where off-by-one loops and forgotten bias terms live) and those whose
//! hand-written gradient is smallest relative to the rest (a component left at 0 while its
//! true value is 1.5e-11 is below what the directions resolve at n = 10^5, and is exactly the
//! smallest one). Their exact values come from vector-dual passes of a few columns each; only
//! one that disagrees with the exact value under full mode's tolerance (relative to the row's largest entry)
//! goes on to the full check of its component, which gives the verdict. The ends are the
//! same components at every point, so they are checked at the first points only (a wrong
//! bias term is wrong everywhere); the smallest change from point to point. At n = 10^5 in a
//! debug build all six at every point made `tests/fast_mode.rs` take 14 s instead of 9.5 s.

use super::{Fast, Sizes, Tally};
use crate::engine::subject::Matrix;
use crate::engine::Outcome;

/// How many components at each end of the input.
const ENDS: usize = 2;
/// At how many points (the first ones) the ends are checked.
const ENDS_AT: usize = 2;
/// How many of the smallest components (relative to the row's rms).
const SMALLEST: usize = 2;

/// The components to check in full at point `index` with hand-written gradient `h`: both
/// ends (at the first points), then the smallest, without repeats.
pub(super) fn choose(h: &Matrix, rows: &[Sizes], n: usize, index: usize) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let ends = if index < ENDS_AT { ENDS.min(n) } else { 0 };
    for j in (0..ends).chain(n.saturating_sub(ends)..n) {
        if !chosen.contains(&j) {
            chosen.push(j);
        }
    }
    // 1/rms of each row: a product per component where a division cost 4 evaluations of
    // Rosenbrock at n = 10^5.
    let inv: Vec<f64> = rows
        .iter()
        .map(|r| {
            let rms = (r.squares / n.max(1) as f64).sqrt();
            1.0 / rms.max(f64::MIN_POSITIVE)
        })
        .collect();
    // The smallest relative size over the rows, by a partial selection in a local array (n may
    // be 10^6; a loop that asked `chosen` about every component cost 10 evaluations of
    // Rosenbrock, one that kept the selection in a `Vec` 2.7).
    let mut smallest = [(f64::INFINITY, usize::MAX); SMALLEST];
    let inner = ends..n.saturating_sub(ends).max(ends);
    let over_rows = |j: usize| -> f64 {
        h.iter()
            .zip(&inv)
            .map(|(r, s)| r[j].abs() * s)
            .fold(f64::INFINITY, f64::min)
    };
    let mut keep = |size: f64, j: usize| {
        // Strictly smaller: the first of equal sizes is kept, as a stable sort would.
        if size < smallest[SMALLEST - 1].0 {
            let at = smallest.partition_point(|(s, _)| *s <= size);
            smallest.copy_within(at..SMALLEST - 1, at + 1);
            smallest[at] = (size, j);
        }
    };
    match h.as_slice() {
        // One row: its scale does not change the order.
        [r] => r[inner.clone()]
            .iter()
            .zip(inner)
            .for_each(|(a, j)| keep(a.abs(), j)),
        _ => inner.for_each(|j| keep(over_rows(j), j)),
    }
    let smallest = smallest.into_iter().filter(|&(_, j)| j != usize::MAX);
    chosen.extend(smallest.map(|(_, j)| j));
    chosen
}

impl Fast<'_> {
    /// Checks the chosen components at `x` against their exact values, and in full those
    /// that disagree (and were not localised already by a direction).
    pub(super) fn chosen(
        &self,
        x: &[f64],
        index: usize,
        h: &Matrix,
        rows: &[Sizes],
        tally: &mut Tally,
        out: &mut Outcome,
    ) {
        let n = x.len();
        let Some(ex) = self.subject.exact() else {
            // Without dual numbers there is no cheap exact value to compare with: the full
            // check of the component (a few evaluations) decides alone.
            for j in choose(h, rows, n, index) {
                if !tally.localised.iter().any(|c| c.component == j) {
                    self.full_check(x, j, out);
                }
            }
            return;
        };
        let row_max: Vec<f64> = rows.iter().map(|r| r.max).collect();
        let chosen: Vec<usize> = choose(h, rows, n, index)
            .into_iter()
            .filter(|&j| !tally.localised.iter().any(|c| c.component == j))
            .collect();
        if chosen.is_empty() {
            return;
        }
        // Their exact values by vector-dual passes, a few columns each (at n = 10^5, 6 `Dual`
        // passes cost 19 evaluations of Rosenbrock, 3 passes of two columns 7).
        let Ok((_, exact)) = ex.columns(x, &chosen) else {
            return;
        };
        for (k, &j) in chosen.iter().enumerate() {
            let wrong = exact
                .iter()
                .zip(h)
                .zip(&row_max)
                .position(|((d, r), &m)| d[k].is_finite() && !self.tol.agrees(d[k], r[j], m));
            if let Some(row) = wrong {
                tally.localised.push(super::Localised {
                    row,
                    component: j,
                    error: h[row][j] - exact[row][k],
                });
                self.full_check(x, j, out);
            }
        }
    }

    /// The full check of component `j`; its findings count only when it confirms an error
    /// (a chosen component that passes says nothing worth a note).
    fn full_check(&self, x: &[f64], j: usize, out: &mut Outcome) {
        let (findings, confirmed) =
            super::localise::localise(self.spec, self.subject, self.grad_rows(), x, j);
        if confirmed {
            out.findings.extend(findings.into_iter().map(|mut f| {
                f.message = f.message.replace(
                    "found along a random direction in fast mode",
                    "chosen in fast mode as an end of the input or one of its smallest components",
                );
                f
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ends_and_the_smallest_are_chosen_once() {
        let choose = |h: &Matrix, n, index| {
            let rows: Vec<Sizes> = h.iter().map(|r| super::super::sizes(r)).collect();
            super::choose(h, &rows, n, index)
        };
        let h = vec![vec![1.0, 2.0, 1e-9, 3.0, 0.0, 2.0, 5.0, 4.0]];
        assert_eq!(choose(&h, 8, 0), vec![0, 1, 6, 7, 4, 2]);
        assert_eq!(choose(&h, 8, 5), vec![4, 2]);
        assert_eq!(choose(&vec![vec![1.0, 2.0]], 2, 0), vec![0, 1]);
        assert_eq!(choose(&vec![vec![1.0]], 1, 0), vec![0]);
    }
}
