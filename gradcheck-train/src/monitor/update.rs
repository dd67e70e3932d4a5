//! The update ratio ‖update‖ / ‖weights‖ of one group and the band detector.

use super::config::MonitorConfig;
use super::event::EventKind;

/// Update-ratio state of one group: the parameters seen last (when the caller passes
/// parameters without the update) and the runs outside the band.
#[derive(Debug, Clone, Default)]
pub(super) struct UpdateState {
    last: Vec<f64>,
    low_run: usize,
    high_run: usize,
}

impl UpdateState {
    /// The ratio for this step: ‖update‖ / ‖params‖ when the update is given, else
    /// ‖params − last params‖ / ‖last params‖ (the update applied since the previous
    /// recording), `None` on the first recording or when the weights' norm is zero.
    ///
    /// Allocates only on the first recording with parameters and when their length changes.
    pub(super) fn ratio(&mut self, params: &[f64], update: Option<&[f64]>) -> Option<f64> {
        let ratio = match update {
            Some(u) => {
                assert_eq!(
                    u.len(),
                    params.len(),
                    "update has {} entries, the parameters {}",
                    u.len(),
                    params.len()
                );
                let (w, u) = (sum_sq(params), sum_sq(u));
                (u / w).sqrt()
            }
            None if self.last.len() == params.len() && !params.is_empty() => {
                let (diff_sq, last_sq) = step_and_store(params, &mut self.last);
                (diff_sq / last_sq).sqrt()
            }
            None => {
                self.last.clear();
                self.last.extend_from_slice(params);
                return None;
            }
        };
        ratio.is_finite().then_some(ratio)
    }

    /// Runs the band detector on this step's ratio (`None` breaks both runs).
    pub(super) fn detect(
        &mut self,
        config: &MonitorConfig,
        ratio: Option<f64>,
        mut emit: impl FnMut(EventKind, f64, f64),
    ) {
        let Some(band) = config.update_band else {
            return;
        };
        let (low, high) = match ratio {
            Some(r) => (r < band.low, r > band.high),
            None => (false, false),
        };
        self.low_run = if low { self.low_run + 1 } else { 0 };
        self.high_run = if high { self.high_run + 1 } else { 0 };
        if let Some(r) = ratio {
            if self.low_run == band.steps {
                emit(EventKind::UpdateTooSmall, r, band.low);
            }
            if self.high_run == band.steps {
                emit(EventKind::UpdateTooLarge, r, band.high);
            }
        }
    }
}

/// Σ x², with four independent accumulators (see the norms: the loop is bound by add
/// latency, and four sums in flight run about four times faster than one).
fn sum_sq(xs: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = xs.chunks_exact(4);
    for (i, &x) in chunks.remainder().iter().enumerate() {
        acc[i] += x * x;
    }
    for c in chunks {
        for i in 0..4 {
            acc[i] += c[i] * c[i];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// One pass: Σ (p − last)² and Σ last², then last ← p.
fn step_and_store(params: &[f64], last: &mut [f64]) -> (f64, f64) {
    let (mut d, mut l) = ([0.0f64; 4], [0.0f64; 4]);
    let mut pc = params.chunks_exact(4);
    let mut lc = last.chunks_exact_mut(4);
    for (p, q) in (&mut pc).zip(&mut lc) {
        let lanes = d.iter_mut().zip(l.iter_mut());
        for ((p, q), (d, l)) in p.iter().zip(q.iter_mut()).zip(lanes) {
            let diff = p - *q;
            *d += diff * diff;
            *l += *q * *q;
            *q = *p;
        }
    }
    for (i, (p, q)) in pc.remainder().iter().zip(lc.into_remainder()).enumerate() {
        let diff = p - *q;
        d[i] += diff * diff;
        l[i] += *q * *q;
        *q = *p;
    }
    let sum = |a: [f64; 4]| (a[0] + a[1]) + (a[2] + a[3]);
    (sum(d), sum(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_from_consecutive_parameters_and_from_an_explicit_update() {
        let mut u = UpdateState::default();
        assert_eq!(u.ratio(&[3.0, 4.0], None), None);
        // Moved by (0.003, 0.004): ‖Δ‖ = 0.005, ‖w‖ = 5.
        let r = u.ratio(&[3.003, 4.004], None).unwrap();
        assert!((r - 1e-3).abs() < 1e-12, "{r}");
        let r = u.ratio(&[3.0, 4.0], Some(&[0.0, 0.05])).unwrap();
        assert!((r - 1e-2).abs() < 1e-15);
        // Zero weights: no ratio.
        assert_eq!(u.ratio(&[0.0, 0.0], Some(&[1.0, 1.0])), None);
    }

    #[test]
    #[should_panic(expected = "update has 1 entries, the parameters 2")]
    fn update_of_another_length_panics() {
        UpdateState::default().ratio(&[1.0, 2.0], Some(&[1.0]));
    }
}
