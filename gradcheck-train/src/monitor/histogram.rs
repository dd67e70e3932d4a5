//! Histograms of gradient values: fixed log-spaced magnitude bins with sign, taken every few
//! steps and thinned so that a group keeps a bounded number over any length of run.

use super::config::Histograms;

/// Magnitudes below 2^MIN_OCTAVE (≈ 9.1e-13) count as zero.
const MIN_OCTAVE: i32 = -40;
/// Magnitudes from 2^MAX_OCTAVE (1024) up share the outermost bin.
const MAX_OCTAVE: i32 = 10;
/// One bin per octave [2^k, 2^(k+1)) for k in MIN_OCTAVE..MAX_OCTAVE, per sign.
const OCTAVES: usize = (MAX_OCTAVE - MIN_OCTAVE) as usize;
/// The bin of |g| < 2^MIN_OCTAVE, exact zeros (dead units) included.
const ZERO: usize = OCTAVES + 1;

/// A histogram of one group's gradient values at one step.
///
/// Bins are octaves of magnitude with a sign, the same for every group and step so that
/// columns can be compared: from the most negative up, `(−∞, −1024]`, then `(−2^(k+1), −2^k]`
/// for k from 9 down to −40, then the zero bin `(−2^−40, 2^−40)`, then the mirror image.
/// Octaves rather than decades because the bin is read off the floating-point exponent
/// without a logarithm: 1 ns per value instead of 5.
///
/// ```
/// use gradcheck_train::monitor::Histogram;
///
/// let h = Histogram::of(3, &[0.0, 1e-20, 0.3, -0.3, 5000.0, f64::NAN]);
/// assert_eq!(h.step, 3);
/// assert_eq!(h.counts()[Histogram::zero_bin()], 2);
/// assert_eq!(h.counts()[Histogram::bin_of(0.3).unwrap()], 1);
/// assert_eq!(Histogram::bin_range(Histogram::bin_of(0.3).unwrap()), (0.25, 0.5));
/// assert_eq!(h.counts()[Histogram::BINS - 1], 1);
/// assert_eq!(h.nonfinite, 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The step it was taken at.
    pub step: u64,
    counts: [u32; Histogram::BINS],
    /// NaN and infinite values, which have no bin.
    pub nonfinite: u32,
}

impl Histogram {
    /// The number of bins: 50 octaves and an overflow bin per sign, and the zero bin.
    pub const BINS: usize = 2 * (OCTAVES + 1) + 1;

    /// Counts `values` (saturating at `u32::MAX` per bin).
    ///
    /// ```
    /// let h = gradcheck_train::monitor::Histogram::of(0, &[1.0, 1.5, -1.0]);
    /// assert_eq!(h.counts().iter().sum::<u32>(), 3);
    /// ```
    pub fn of(step: u64, values: &[f64]) -> Self {
        let mut counts = [0u32; Self::BINS];
        let mut nonfinite = 0u32;
        for &v in values {
            match Self::bin_of(v) {
                Some(b) => counts[b] = counts[b].saturating_add(1),
                None => nonfinite = nonfinite.saturating_add(1),
            }
        }
        Histogram {
            step,
            counts,
            nonfinite,
        }
    }

    /// The count of each bin, most negative first.
    ///
    /// ```
    /// use gradcheck_train::monitor::Histogram;
    /// assert_eq!(Histogram::of(0, &[]).counts().len(), Histogram::BINS);
    /// ```
    pub fn counts(&self) -> &[u32; Histogram::BINS] {
        &self.counts
    }

    /// The index of the zero bin, in the middle.
    ///
    /// ```
    /// use gradcheck_train::monitor::Histogram;
    /// assert_eq!(Histogram::bin_of(-0.0), Some(Histogram::zero_bin()));
    /// ```
    pub const fn zero_bin() -> usize {
        ZERO
    }

    /// The bin of `v`, `None` for NaN and ±∞.
    ///
    /// ```
    /// use gradcheck_train::monitor::Histogram;
    /// let z = Histogram::zero_bin();
    /// assert_eq!(Histogram::bin_of(1.0), Some(z + 41)); // [1, 2) is octave 0
    /// assert_eq!(Histogram::bin_of(-1.0), Some(z - 41));
    /// assert_eq!(Histogram::bin_of(f64::INFINITY), None);
    /// ```
    #[inline]
    pub fn bin_of(v: f64) -> Option<usize> {
        let bits = v.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i32;
        if biased == 0x7ff {
            return None;
        }
        // floor(log2 |v|) for normal numbers; subnormals (biased 0) land in the zero bin.
        let octave = biased - 1023 - MIN_OCTAVE;
        if octave < 0 {
            return Some(ZERO);
        }
        let m = (octave as usize).min(OCTAVES);
        Some(if bits >> 63 == 1 {
            ZERO - 1 - m
        } else {
            ZERO + 1 + m
        })
    }

    /// The values bin `i` holds, as `(low, high)` with `low < high`; the outermost bins reach
    /// ±∞. A positive bin holds `low ≤ v < high`, a negative one `low < v ≤ high`.
    ///
    /// ```
    /// use gradcheck_train::monitor::Histogram;
    /// let z = Histogram::zero_bin();
    /// assert_eq!(Histogram::bin_range(z + 1), (2f64.powi(-40), 2f64.powi(-39)));
    /// assert_eq!(Histogram::bin_range(0), (f64::NEG_INFINITY, -1024.0));
    /// ```
    pub fn bin_range(i: usize) -> (f64, f64) {
        assert!(i < Self::BINS, "bin {i} out of range");
        let edge = |m: usize| {
            if m > OCTAVES {
                f64::INFINITY
            } else {
                2f64.powi(MIN_OCTAVE + m as i32)
            }
        };
        if i == ZERO {
            (-edge(0), edge(0))
        } else if i > ZERO {
            let m = i - ZERO - 1;
            (edge(m), edge(m + 1))
        } else {
            let m = ZERO - 1 - i;
            (-edge(m + 1), -edge(m))
        }
    }
}

/// Where `v` sits on the continuous axis of the heat strip, on which bin `i` spans
/// `[i, i + 1)`: linear in log |v| within each half, the zero bin in the middle.
pub(super) fn axis_position(v: f64) -> f64 {
    let octaves = v.abs().log2() - f64::from(MIN_OCTAVE);
    if octaves <= 0.0 {
        ZERO as f64 + 0.5
    } else if v > 0.0 {
        ZERO as f64 + 1.0 + octaves.min(OCTAVES as f64 + 1.0)
    } else {
        ZERO as f64 - octaves.min(OCTAVES as f64 + 1.0)
    }
}

/// The histograms one group keeps.
#[derive(Debug, Clone)]
pub(super) struct HistogramHistory {
    /// Take one every `stride` recordings; doubles on each thinning.
    stride: u64,
    /// Recordings of the group so far.
    seen: u64,
    /// With the step row each was taken at, for the JSON-lines join.
    kept: Vec<(usize, Histogram)>,
}

impl HistogramHistory {
    /// Reserves room for every column up front (432 bytes each), so that taking a
    /// histogram never allocates.
    pub(super) fn new(config: Option<Histograms>) -> Self {
        HistogramHistory {
            stride: config.map_or(1, |h| h.every),
            seen: 0,
            kept: Vec::with_capacity(config.map_or(0, |h| h.columns)),
        }
    }

    pub(super) fn observe(
        &mut self,
        config: Option<Histograms>,
        row: usize,
        step: u64,
        grad: &[f64],
    ) {
        let Some(h) = config else { return };
        let due = self.seen.is_multiple_of(self.stride);
        self.seen += 1;
        if !due {
            return;
        }
        if self.kept.len() >= h.columns {
            // Kept columns were taken at recordings 0, s, 2s, ...: keeping the even ones
            // leaves 0, 2s, 4s, ..., exactly the columns a stride of 2s would have taken.
            let mut i = 0;
            self.kept.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.stride *= 2;
            if !(self.seen - 1).is_multiple_of(self.stride) {
                return;
            }
        }
        self.kept.push((row, Histogram::of(step, grad)));
    }

    pub(super) fn kept(&self) -> &[(usize, Histogram)] {
        &self.kept
    }

    /// Recordings between two kept histograms now.
    pub(super) fn stride(&self) -> u64 {
        self.stride
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finite_value_lands_in_the_bin_whose_range_holds_it() {
        let mut v = 1e-300f64;
        while v < 1e300 {
            for x in [v, -v, 1.5 * v, -1.5 * v] {
                let (lo, hi) = Histogram::bin_range(Histogram::bin_of(x).unwrap());
                let inside = if x > 0.0 && lo >= 0.0 {
                    lo <= x && x < hi
                } else if x < 0.0 && hi <= 0.0 {
                    lo < x && x <= hi
                } else {
                    lo < x && x < hi // the zero bin
                };
                assert!(inside, "{x} not in [{lo}, {hi})");
            }
            v *= 3.7;
        }
    }

    #[test]
    fn axis_position_falls_inside_the_bin_of_the_value() {
        for v in [1e-20, 3e-9, -3e-9, 0.7, -0.7, 1.0, -1.0, 5e5, -5e5] {
            let bin = Histogram::bin_of(v).unwrap() as f64;
            let y = axis_position(v);
            assert!(bin <= y && y <= bin + 1.0, "{v}: {y} not in bin {bin}");
        }
    }

    #[test]
    fn bins_are_ordered_and_contiguous() {
        for i in 1..Histogram::BINS {
            assert_eq!(
                Histogram::bin_range(i - 1).1,
                Histogram::bin_range(i).0,
                "bin {i}"
            );
        }
    }

    #[test]
    fn a_kept_column_is_432_bytes_as_documented() {
        assert_eq!(std::mem::size_of::<(usize, Histogram)>(), 432);
    }

    #[test]
    fn memory_is_bounded_and_the_kept_columns_span_the_run_evenly() {
        let config = Some(Histograms {
            every: 3,
            columns: 16,
        });
        let mut h = HistogramHistory::new(config);
        let cap = h.kept.capacity();
        for step in 0..100_000u64 {
            h.observe(config, step as usize, step, &[1.0]);
            assert!(h.kept.len() <= 16);
        }
        // Never grew past the room reserved at creation: the bound is the configuration's.
        assert_eq!(h.kept.capacity(), cap);
        let steps: Vec<u64> = h.kept.iter().map(|(_, k)| k.step).collect();
        assert_eq!(steps[0], 0);
        let gap = steps[1] - steps[0];
        assert!(steps.windows(2).all(|w| w[1] - w[0] == gap), "{steps:?}");
        assert_eq!(gap % 3, 0);
        // The last column is within one gap of the end of the run.
        assert!(100_000 - steps.last().unwrap() <= gap, "{steps:?}");
        assert!(h.kept.len() > 8, "{steps:?}");
    }
}
