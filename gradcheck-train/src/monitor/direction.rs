//! Direction: the cosine of each gradient with the previous one and with a running mean of
//! the past ones, and the detectors for sustained reversal and sustained alignment.

use super::config::MonitorConfig;
use super::event::EventKind;

/// Lanes of independent accumulators, as in the norms: four sums in flight.
const LANES: usize = 4;

/// Direction state of one group: a copy of the previous gradient and the running mean.
///
/// Both buffers are sized when the group is first seen (and again only if its length
/// changes), so a step never allocates.
#[derive(Debug, Clone, Default)]
pub(super) struct DirectionState {
    prev: Vec<f64>,
    mean: Vec<f64>,
    /// ‖prev‖², kept from the previous step's norm.
    prev_sq: f64,
    /// ‖mean‖², accumulated while the mean is updated.
    mean_sq: f64,
    /// Consecutive reversals and consecutive aligned steps.
    flip_run: usize,
    align_run: usize,
}

/// The two cosines of one step; `None` on a group's first step, after a change of length,
/// and wherever a norm is zero or a value non-finite.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Cosines {
    pub(super) prev: Option<f64>,
    pub(super) mean: Option<f64>,
}

impl DirectionState {
    /// Feeds one finite gradient of L2 norm `l2`: returns its cosines and moves the state on.
    pub(super) fn observe(&mut self, beta: f64, grad: &[f64], l2: f64) -> Cosines {
        if self.prev.len() != grad.len() || self.prev.is_empty() {
            // First step, or the group changed shape: no direction to compare with.
            self.prev.clear();
            self.prev.extend_from_slice(grad);
            self.mean.clear();
            self.mean.extend_from_slice(grad);
            self.prev_sq = l2 * l2;
            self.mean_sq = l2 * l2;
            return Cosines::default();
        }
        let (dot_prev, dot_mean, mean_sq) = fused(&mut self.prev, &mut self.mean, grad, beta);
        let cosines = Cosines {
            prev: cosine(dot_prev, l2, self.prev_sq),
            mean: cosine(dot_mean, l2, self.mean_sq),
        };
        self.prev_sq = l2 * l2;
        self.mean_sq = mean_sq;
        cosines
    }

    /// A non-finite gradient says nothing about direction: it breaks both runs and leaves the
    /// state alone, so one NaN step does not poison the mean.
    pub(super) fn skip(&mut self) {
        self.flip_run = 0;
        self.align_run = 0;
    }

    /// Runs the oscillation and aligned detectors on this step's cosines; calls
    /// `emit(kind, value, threshold)` for each event that begins here.
    pub(super) fn detect(
        &mut self,
        config: &MonitorConfig,
        cos: Cosines,
        mut emit: impl FnMut(EventKind, f64, f64),
    ) {
        if let Some(o) = config.oscillation {
            match cos.prev {
                Some(c) if c < o.below => {
                    self.flip_run += 1;
                    // `==`: once per run, as for vanishing.
                    if self.flip_run == o.steps {
                        emit(EventKind::Oscillation, c, o.below);
                    }
                }
                _ => self.flip_run = 0,
            }
        }
        if let Some(a) = config.aligned {
            match cos.mean {
                Some(c) if c > a.above => {
                    self.align_run += 1;
                    if self.align_run == a.steps {
                        emit(EventKind::Aligned, c, a.above);
                    }
                }
                _ => self.align_run = 0,
            }
        }
    }
}

/// `dot / (‖g‖·√sq)` clamped to [−1, 1] against rounding; `None` when undefined.
fn cosine(dot: f64, l2: f64, other_sq: f64) -> Option<f64> {
    let denom = l2 * other_sq.sqrt();
    let c = dot / denom;
    (denom > 0.0 && c.is_finite()).then(|| c.clamp(-1.0, 1.0))
}

/// One pass over the gradient: g·prev and g·mean with the old buffers, then prev ← g and
/// mean ← β·mean + (1 − β)·g, returning ‖new mean‖² as well.
fn fused(prev: &mut [f64], mean: &mut [f64], g: &[f64], beta: f64) -> (f64, f64, f64) {
    let mut dp = [0.0f64; LANES];
    let mut dm = [0.0f64; LANES];
    let mut sq = [0.0f64; LANES];
    let keep = 1.0 - beta;
    let mut pc = prev.chunks_exact_mut(LANES);
    let mut mc = mean.chunks_exact_mut(LANES);
    let mut gc = g.chunks_exact(LANES);
    for ((p, m), g) in (&mut pc).zip(&mut mc).zip(&mut gc) {
        for i in 0..LANES {
            dp[i] += g[i] * p[i];
            dm[i] += g[i] * m[i];
            let new = beta * m[i] + keep * g[i];
            sq[i] += new * new;
            m[i] = new;
            p[i] = g[i];
        }
    }
    let tail = pc
        .into_remainder()
        .iter_mut()
        .zip(mc.into_remainder())
        .zip(gc.remainder());
    for (i, ((p, m), &g)) in tail.enumerate() {
        dp[i] += g * *p;
        dm[i] += g * *m;
        let new = beta * *m + keep * g;
        sq[i] += new * new;
        *m = new;
        *p = g;
    }
    let sum = |a: [f64; LANES]| (a[0] + a[1]) + (a[2] + a[3]);
    (sum(dp), sum(dm), sum(sq))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l2(g: &[f64]) -> f64 {
        g.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    #[test]
    fn cosines_match_the_definition_for_every_tail_length() {
        for n in 1..11 {
            let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7 + 0.3).sin()).collect();
            let b: Vec<f64> = (0..n).map(|i| (i as f64 * 1.3 + 0.4).cos()).collect();
            let mut d = DirectionState::default();
            assert_eq!(d.observe(0.5, &a, l2(&a)), Cosines::default());
            let c = d.observe(0.5, &b, l2(&b));
            let dot: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            let want = dot / (l2(&a) * l2(&b));
            assert!((c.prev.unwrap() - want).abs() < 1e-12, "n={n}");
            // The mean after one step is `a` itself.
            assert!((c.mean.unwrap() - want).abs() < 1e-12, "n={n}");
            // Now mean = (a + b) / 2.
            let m: Vec<f64> = a.iter().zip(&b).map(|(x, y)| 0.5 * (x + y)).collect();
            let c = d.observe(0.5, &a, l2(&a));
            let dot: f64 = a.iter().zip(&m).map(|(x, y)| x * y).sum();
            assert!((c.mean.unwrap() - dot / (l2(&a) * l2(&m))).abs() < 1e-12);
        }
    }

    #[test]
    fn zero_gradient_and_change_of_length_have_no_cosine() {
        let mut d = DirectionState::default();
        d.observe(0.9, &[1.0, 2.0], 5f64.sqrt());
        assert_eq!(d.observe(0.9, &[0.0, 0.0], 0.0).prev, None);
        assert_eq!(
            d.observe(0.9, &[1.0, 2.0, 3.0], 14f64.sqrt()),
            Cosines::default()
        );
        let c = d.observe(0.9, &[-1.0, -2.0, -3.0], 14f64.sqrt());
        assert_eq!(c.prev, Some(-1.0));
    }
}
