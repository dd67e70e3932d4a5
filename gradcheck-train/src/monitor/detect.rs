//! The per-group detectors: a small state machine fed one L2 norm per step.

use super::config::MonitorConfig;
use super::event::EventKind;
use super::norms::GradNorms;

/// Detector state for one parameter group.
///
/// Every buffer is sized when the group is first seen, so observing a step
/// never allocates.
#[derive(Debug, Clone)]
pub(super) struct GroupDetector {
    /// Consecutive steps below the vanishing bound.
    vanish_run: usize,
    /// Whether the previous step was above the exploding bound.
    exploded: bool,
    /// Whether the previous step had non-finite entries.
    nonfinite: bool,
    /// Whether the previous step was a spike: a plateau of large norms is
    /// one excursion, reported once, not once per step until the median
    /// catches up.
    spiking: bool,
    /// The last `window` finite L2 norms, as a ring (order is irrelevant to a
    /// median, so only the write position is kept).
    window: Vec<f64>,
    next: usize,
    /// Reused space for the median's partial sort.
    scratch: Vec<f64>,
}

impl GroupDetector {
    pub(super) fn new(config: &MonitorConfig) -> Self {
        let cap = config.spike.map_or(0, |s| s.window);
        GroupDetector {
            vanish_run: 0,
            exploded: false,
            nonfinite: false,
            spiking: false,
            window: Vec::with_capacity(cap),
            next: 0,
            scratch: Vec::with_capacity(cap),
        }
    }

    /// Feeds one step's norms; calls `emit(kind, value, threshold)` for each
    /// event that begins at this step.
    pub(super) fn observe(
        &mut self,
        config: &MonitorConfig,
        norms: &GradNorms,
        mut emit: impl FnMut(EventKind, f64, f64),
    ) {
        if !norms.is_finite() {
            if !self.nonfinite {
                emit(EventKind::NonFiniteGradient, norms.l2, f64::NAN);
            }
            self.nonfinite = true;
            // A NaN says nothing about magnitude: it breaks a vanishing run
            // and must not poison the median, so nothing else is updated.
            self.vanish_run = 0;
            return;
        }
        self.nonfinite = false;
        let l2 = norms.l2;

        if let Some(v) = config.vanishing {
            if l2 < v.bound {
                self.vanish_run += 1;
                // `==` rather than `>=`: fire once per run, not every step.
                if self.vanish_run == v.steps {
                    emit(EventKind::Vanishing, l2, v.bound);
                }
            } else {
                self.vanish_run = 0;
            }
        }

        if let Some(bound) = config.exploding {
            let above = l2 > bound;
            if above && !self.exploded {
                emit(EventKind::Exploding, l2, bound);
            }
            self.exploded = above;
        }

        if let Some(s) = config.spike {
            let warmup = s.warmup.clamp(1, s.window.max(1));
            let mut spiking = false;
            if self.window.len() >= warmup {
                let threshold = s.factor * self.median();
                // A zero median (all-zero gradients) would make every
                // non-zero norm a "spike"; vanishing covers that regime.
                spiking = threshold > 0.0 && l2 > threshold;
                if spiking && !self.spiking {
                    emit(EventKind::Spike, l2, threshold);
                }
            }
            self.spiking = spiking;
            self.push_window(l2, s.window);
        }
    }

    fn push_window(&mut self, x: f64, cap: usize) {
        if cap == 0 {
            return;
        }
        if self.window.len() < cap {
            self.window.push(x);
        } else {
            self.window[self.next] = x;
            self.next = (self.next + 1) % cap;
        }
    }

    /// Median of the window, in O(window) with no allocation.
    fn median(&mut self) -> f64 {
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.window);
        let n = self.scratch.len();
        let mid = n / 2;
        let (lower, upper, _) = self.scratch.select_nth_unstable_by(mid, f64::total_cmp);
        if n % 2 == 1 {
            *upper
        } else {
            let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            0.5 * (below + *upper)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn median_of(xs: &[f64]) -> f64 {
        let mut d = GroupDetector::new(&MonitorConfig::default());
        d.window.extend_from_slice(xs);
        d.median()
    }

    #[test]
    fn median_of_odd_and_even_windows() {
        assert_eq!(median_of(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median_of(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn ring_keeps_only_the_last_window_values() {
        let mut d = GroupDetector::new(&MonitorConfig::default());
        for x in 0..7 {
            d.push_window(x as f64, 3);
        }
        let mut w = d.window.clone();
        w.sort_by(f64::total_cmp);
        assert_eq!(w, vec![4.0, 5.0, 6.0]);
    }
}
