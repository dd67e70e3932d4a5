//! Per-entry statistics over the points, folded one point at a time. Every update is a min,
//! a max, a count or an interval intersection, so the result does not depend on the order in
//! which parallel points arrive.

use super::{Seen, MAX_ENTRIES};
use crate::report::finding::Kind;

/// A closed interval of feasible values; empty when `lo > hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub(crate) const ALL: Interval = Interval {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };
    pub(crate) const EMPTY: Interval = Interval {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
    };

    pub(crate) fn is_empty(&self) -> bool {
        self.lo.is_nan() || self.hi.is_nan() || self.lo > self.hi
    }

    pub(crate) fn contains(&self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }

    /// Keeps only the part within [lo, hi] (either order); a NaN end empties it.
    pub(crate) fn meet(&mut self, lo: f64, hi: f64) {
        if lo.is_nan() || hi.is_nan() {
            *self = Self::EMPTY;
        } else {
            self.lo = self.lo.max(lo.min(hi));
            self.hi = self.hi.min(lo.max(hi));
        }
    }
}

/// The range of a signed quantity over the points: its extremes and its smallest magnitude.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spread {
    pub min: f64,
    pub max: f64,
    pub count: u32,
}

impl Default for Spread {
    fn default() -> Self {
        Spread {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            count: 0,
        }
    }
}

impl Spread {
    fn add(&mut self, v: f64) {
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.count += 1;
    }

    /// Whether every value had the same strict sign.
    pub(crate) fn one_sign(&self) -> bool {
        self.count > 0 && (self.min > 0.0 || self.max < 0.0)
    }

    /// The smallest and the largest magnitude (meaningful when [`Spread::one_sign`]).
    pub(crate) fn magnitudes(&self) -> (f64, f64) {
        let (a, b) = (self.min.abs(), self.max.abs());
        (a.min(b), a.max(b))
    }

    /// The largest magnitude whatever the signs.
    pub(crate) fn largest(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.min.abs().max(self.max.abs())
        }
    }
}

/// One entry over the points where both its values were finite.
#[derive(Clone, Debug)]
pub(crate) struct EntryStats {
    /// Points where the entry was compared.
    pub points: u32,
    /// Points where it disagreed beyond the comparison's tolerance.
    pub mismatched: u32,
    /// Whether the hand-written value was 0 (to the tolerance) at every point.
    pub zero: bool,
    /// The factors c with |hand − c·exact| within the tolerance at every point.
    pub scale: Interval,
    /// The constants b with |hand − exact − b| within the tolerance at every point.
    pub offset: Interval,
    /// Whether the entry matched the transposed exact entry at every point.
    pub transposed: bool,
    /// hand/exact − 1 where exact ≠ 0.
    pub ratio: Spread,
    /// Points where the exact value and the hand-written one were both 0 (no ratio there).
    pub at_zero: u32,
    /// Points where the two values were the same double (no ratio, no difference there): at
    /// a point where the entry is rounding noise (a minimum: both ~1e-17) equality is chance
    /// and says nothing of a factor or a constant seen everywhere else, and with the values
    /// ~1e-1 a wrong factor or constant cannot give the same double.
    pub same: u32,
    /// Of those, the points where the exact value was not 0.
    pub same_nonzero: u32,
    /// hand − exact.
    pub diff: Spread,
}

impl Default for EntryStats {
    fn default() -> Self {
        EntryStats {
            points: 0,
            mismatched: 0,
            zero: true,
            scale: Interval::ALL,
            offset: Interval::ALL,
            transposed: true,
            ratio: Spread::default(),
            at_zero: 0,
            same: 0,
            same_nonzero: 0,
            diff: Spread::default(),
        }
    }
}

/// The statistics of every entry of one check's matrices.
#[derive(Default)]
pub(crate) struct Analysis {
    kind: Option<Kind>,
    rows: usize,
    cols: usize,
    /// Row-major, `rows × cols`; empty when the matrices are too large to follow.
    entries: Vec<EntryStats>,
    /// Whether a transposed Jacobian can be recognised (square, several outputs).
    transposable: bool,
}

impl Analysis {
    /// Adds one point's matrices.
    pub(crate) fn fold(&mut self, seen: &Seen) {
        let rows = seen.exact.len();
        let cols = seen.exact.first().map_or(0, Vec::len);
        if self.kind.is_none() {
            self.kind = Some(seen.kind);
            self.rows = rows;
            self.cols = cols;
            if rows * cols <= MAX_ENTRIES {
                self.entries = vec![EntryStats::default(); rows * cols];
            }
            self.transposable = seen.kind == Kind::Mismatch && rows > 1 && rows == cols;
        }
        if self.entries.is_empty() || rows != self.rows || cols != self.cols {
            return;
        }
        for r in 0..rows {
            for c in 0..cols {
                if !seen.telling(r, c) {
                    continue;
                }
                let (d, h) = (seen.exact[r][c], seen.hand[r][c]);
                let a = seen.allowed(r, c);
                let transposed = self.transposable && {
                    let t = seen.exact[c][r];
                    (h - t).abs() <= seen.tol.allowed(t, h, seen.scale[r])
                };
                let e = &mut self.entries[r * cols + c];
                e.points += 1;
                if (h - d).abs() > a {
                    e.mismatched += 1;
                }
                e.zero &= h.abs() <= a;
                let same = h == d;
                e.same += u32::from(same);
                if d != 0.0 {
                    e.scale.meet((h - a) / d, (h + a) / d);
                    if same {
                        e.same_nonzero += 1;
                    } else {
                        e.ratio.add(h / d - 1.0);
                    }
                } else if h.abs() > a {
                    e.scale = Interval::EMPTY;
                } else {
                    // 0 where the exact value is 0: what any factor gives (a special point).
                    e.at_zero += 1;
                }
                e.offset.meet(h - d - a, h - d + a);
                e.transposed &= transposed;
                if !same {
                    e.diff.add(h - d);
                }
            }
        }
    }

    /// The kind of the check's matrix findings, once a point was folded.
    pub(crate) fn kind(&self) -> Option<Kind> {
        self.kind.filter(|_| !self.entries.is_empty())
    }

    /// The statistics of entry (r, c).
    pub(crate) fn entry(&self, r: usize, c: usize) -> Option<&EntryStats> {
        (r < self.rows && c < self.cols)
            .then(|| self.entries.get(r * self.cols + c))
            .flatten()
    }

    /// Every entry with its (row, column), row-major.
    pub(crate) fn cells(&self) -> impl Iterator<Item = ((usize, usize), &EntryStats)> {
        let cols = self.cols.max(1);
        self.entries
            .iter()
            .enumerate()
            .map(move |(k, e)| ((k / cols, k % cols), e))
    }

    /// The shape: (rows, columns).
    pub(crate) fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Whether a transposed Jacobian can be recognised.
    pub(crate) fn transposable(&self) -> bool {
        self.transposable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_meet_in_any_order() {
        let mut a = Interval::ALL;
        a.meet(2.0, 1.0);
        a.meet(1.5, 3.0);
        assert_eq!(a, Interval { lo: 1.5, hi: 2.0 });
        a.meet(2.5, 3.0);
        assert!(a.is_empty());
        let mut b = Interval::ALL;
        b.meet(f64::NAN, 1.0);
        assert!(b.is_empty());
    }

    #[test]
    fn spreads_know_their_sign() {
        let mut s = Spread::default();
        assert!(!s.one_sign());
        s.add(-2.0);
        s.add(-1.0);
        assert!(s.one_sign());
        assert_eq!(s.magnitudes(), (1.0, 2.0));
        s.add(0.0);
        assert!(!s.one_sign());
    }
}
