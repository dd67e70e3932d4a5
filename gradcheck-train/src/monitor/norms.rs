//! Norms of one gradient vector, computed in a single pass.

use serde::Serialize;

/// The L1, L2 and max-abs norms of one gradient, plus how many of its
/// entries are NaN or infinite.
///
/// ```
/// use gradcheck_train::monitor::GradNorms;
///
/// let n = GradNorms::of(&[3.0, -4.0]);
/// assert_eq!((n.l1, n.l2, n.max_abs, n.nonfinite), (7.0, 5.0, 4.0, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradNorms {
    /// Sum of absolute values.
    pub l1: f64,
    /// Euclidean norm; finite whenever every entry is finite (no overflow).
    pub l2: f64,
    /// Largest absolute value (named `max` in the CSV and JSON exports).
    #[serde(rename = "max")]
    pub max_abs: f64,
    /// Number of NaN or infinite entries; when non-zero the norms are NaN or
    /// infinite too.
    pub nonfinite: usize,
}

/// Independent accumulators: they let the compiler keep four sums in flight
/// (the loop is bound by add latency, not by memory) and they halve the
/// rounding error of one long running sum.
const LANES: usize = 4;

impl GradNorms {
    /// Computes the norms of `grad`.
    ///
    /// The common case is one pass with no branch per element. Only when that
    /// pass yields a non-finite or overflowed result does a second, careful
    /// pass run, to count non-finite entries and to rescale the L2 norm so
    /// that a huge but finite gradient is reported as huge, not as infinite.
    ///
    /// ```
    /// use gradcheck_train::monitor::GradNorms;
    ///
    /// // 1e200² overflows f64, yet the L2 norm is still exact.
    /// let n = GradNorms::of(&[1e200, 1e200]);
    /// assert_eq!(n.nonfinite, 0);
    /// assert!((n.l2 / (1e200 * 2f64.sqrt()) - 1.0).abs() < 1e-15);
    ///
    /// let bad = GradNorms::of(&[1.0, f64::NAN, f64::INFINITY]);
    /// assert_eq!(bad.nonfinite, 2);
    /// ```
    pub fn of(grad: &[f64]) -> Self {
        let mut l1 = [0.0f64; LANES];
        let mut sq = [0.0f64; LANES];
        let mut mx = [0.0f64; LANES];
        let chunks = grad.chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for i in 0..LANES {
                let a = c[i].abs();
                l1[i] += a;
                sq[i] += a * a;
                mx[i] = mx[i].max(a);
            }
        }
        for (i, &x) in tail.iter().enumerate() {
            let a = x.abs();
            l1[i] += a;
            sq[i] += a * a;
            mx[i] = mx[i].max(a);
        }
        let l1 = (l1[0] + l1[1]) + (l1[2] + l1[3]);
        let sq = (sq[0] + sq[1]) + (sq[2] + sq[3]);
        let max_abs = mx[0].max(mx[1]).max(mx[2].max(mx[3]));

        // NaN and inf both propagate into the sum of squares (`f64::max`
        // swallows NaN, the sum does not), so one test covers every bad case.
        if sq.is_finite() {
            return GradNorms {
                l1,
                l2: sq.sqrt(),
                max_abs,
                nonfinite: 0,
            };
        }
        Self::careful(grad)
    }

    /// The slow path: exact non-finite count and an overflow-free L2 norm.
    #[cold]
    fn careful(grad: &[f64]) -> Self {
        let nonfinite = grad.iter().filter(|x| !x.is_finite()).count();
        if nonfinite > 0 {
            let any_nan = grad.iter().any(|x| x.is_nan());
            let bad = if any_nan { f64::NAN } else { f64::INFINITY };
            return GradNorms {
                l1: bad,
                l2: bad,
                max_abs: bad,
                nonfinite,
            };
        }
        // Finite entries whose squares overflow: scale by the largest entry.
        let max_abs = grad.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let scaled: f64 = grad.iter().map(|x| (x / max_abs) * (x / max_abs)).sum();
        GradNorms {
            l1: grad.iter().map(|x| x.abs()).sum(),
            l2: max_abs * scaled.sqrt(),
            max_abs,
            nonfinite: 0,
        }
    }

    /// Whether every entry was finite.
    ///
    /// ```
    /// use gradcheck_train::monitor::GradNorms;
    ///
    /// assert!(GradNorms::of(&[1.0]).is_finite());
    /// assert!(!GradNorms::of(&[f64::NAN]).is_finite());
    /// ```
    pub fn is_finite(&self) -> bool {
        self.nonfinite == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_norms_for_every_tail_length() {
        for n in 0..11 {
            let g: Vec<f64> = (0..n).map(|i| (i as f64 - 4.5) * 0.3).collect();
            let got = GradNorms::of(&g);
            let l1: f64 = g.iter().map(|x| x.abs()).sum();
            let l2 = g.iter().map(|x| x * x).sum::<f64>().sqrt();
            let mx = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            assert!((got.l1 - l1).abs() < 1e-12, "n={n}");
            assert!((got.l2 - l2).abs() < 1e-12, "n={n}");
            assert_eq!(got.max_abs, mx, "n={n}");
            assert_eq!(got.nonfinite, 0);
        }
    }

    #[test]
    fn empty_gradient_has_zero_norms() {
        let n = GradNorms::of(&[]);
        assert_eq!((n.l1, n.l2, n.max_abs, n.nonfinite), (0.0, 0.0, 0.0, 0));
    }

    #[test]
    fn nan_anywhere_is_counted_even_in_the_tail() {
        let mut g = vec![1.0; 7];
        g[6] = f64::NAN;
        let n = GradNorms::of(&g);
        assert_eq!(n.nonfinite, 1);
        assert!(n.l2.is_nan());
    }

    #[test]
    fn infinity_without_nan_reports_infinite_norms() {
        let n = GradNorms::of(&[1.0, f64::NEG_INFINITY]);
        assert_eq!(n.nonfinite, 1);
        assert_eq!(n.l2, f64::INFINITY);
    }
}
