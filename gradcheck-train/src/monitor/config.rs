//! Detector settings. Build them with [`Monitor::builder`](super::Monitor::builder).

/// What the monitor measures and what its detectors look for. Build it with
/// [`Monitor::builder`](super::Monitor::builder).
///
/// Defaults: NaN/inf detection is always on; the vanishing and exploding bounds are off (no
/// norm is "too small" or "too large" for every model); the spike detector is on, firing when
/// a group's L2 norm exceeds 10× the median of its previous 20 finite norms, once 20 have been
/// seen. Direction is tracked (cosines with the previous gradient and with a running mean,
/// β = 0.9) but its two detectors are off; the update-ratio band is on (1e-4 to 1e-2 for 20
/// steps) wherever the caller passes the parameters; a histogram of gradient values is taken
/// every 10 steps and at most 128 are kept per group.
///
/// ```
/// use gradcheck_train::monitor::{Monitor, MonitorConfig};
///
/// let config = MonitorConfig::default();
/// assert_eq!(config.vanishing, None);
/// assert_eq!(config.exploding, None);
/// assert_eq!(config.spike.map(|s| s.factor), Some(10.0));
/// assert_eq!(config.direction.map(|d| d.beta), Some(0.9));
/// assert_eq!(config.oscillation, None);
/// assert_eq!(config.histogram.map(|h| h.every), Some(10));
/// let _monitor = Monitor::new(config);
/// ```
// Non-exhaustive so that a new detector is not a breaking change; build one
// with the builder or by changing fields of `MonitorConfig::default()`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MonitorConfig {
    /// L2 norm below `bound` for `steps` consecutive steps of one group.
    pub vanishing: Option<Vanishing>,
    /// L2 norm above this bound.
    pub exploding: Option<f64>,
    /// L2 norm more than `factor` × the running median.
    pub spike: Option<Spike>,
    /// Cosines of each gradient with the previous one and with a running mean; `None` keeps
    /// no copy of the gradients (and turns `oscillation` and `aligned` off).
    pub direction: Option<Direction>,
    /// Cosine with the previous gradient below a bound for consecutive steps.
    pub oscillation: Option<Oscillation>,
    /// Cosine with the running mean above a bound for consecutive steps.
    pub aligned: Option<Aligned>,
    /// ‖update‖ / ‖weights‖ outside a band for consecutive steps (only for groups recorded
    /// with their parameters).
    pub update_band: Option<UpdateBand>,
    /// A histogram of gradient values every few steps.
    pub histogram: Option<Histograms>,
    /// Also emit every event through `log::warn!` (default `true`).
    pub log: bool,
}

/// Settings of the vanishing-gradient detector.
///
/// ```
/// use gradcheck_train::monitor::Vanishing;
///
/// let v = Vanishing { bound: 1e-8, steps: 5 };
/// assert!(v.bound > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vanishing {
    /// Norms strictly below this count as vanished.
    pub bound: f64,
    /// How many consecutive vanished steps before the event fires; one small
    /// norm is often just a lucky batch.
    pub steps: usize,
}

/// Settings of the spike detector.
///
/// ```
/// use gradcheck_train::monitor::Spike;
///
/// let s = Spike { factor: 10.0, window: 20, warmup: 20 };
/// assert!(s.warmup <= s.window);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spike {
    /// Fire when the norm exceeds `factor` × the median.
    pub factor: f64,
    /// How many previous finite norms the median is taken over.
    pub window: usize,
    /// How many finite norms must have been seen before the detector fires;
    /// early training is noisy and a median of three values means little.
    /// At most `window`.
    pub warmup: usize,
}

/// How direction is tracked.
///
/// ```
/// use gradcheck_train::monitor::Direction;
///
/// let d = Direction { beta: 0.9 };
/// assert!(d.beta < 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Direction {
    /// Decay of the running mean m ← β·m + (1 − β)·g; 0.9 averages about the last 10
    /// gradients, as momentum does.
    pub beta: f64,
}

/// Settings of the oscillation detector: the gradient keeps reversing, which is what a
/// learning rate too large for the curvature does.
///
/// ```
/// use gradcheck_train::monitor::Oscillation;
///
/// let o = Oscillation { below: -0.5, steps: 5 };
/// assert!(o.below < 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Oscillation {
    /// Cosines with the previous gradient strictly below this count as a reversal.
    pub below: f64,
    /// How many consecutive reversals before the event fires.
    pub steps: usize,
}

/// Settings of the aligned-gradient detector: the gradient points the same way for a long
/// time, a plateau that a larger learning rate or momentum would cross faster.
///
/// ```
/// use gradcheck_train::monitor::Aligned;
///
/// let a = Aligned { above: 0.9, steps: 200 };
/// assert!(a.above > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aligned {
    /// Cosines with the running mean strictly above this count as aligned.
    pub above: f64,
    /// How many consecutive aligned steps before the event fires.
    pub steps: usize,
}

/// The healthy band of ‖update‖ / ‖weights‖ per step.
///
/// ```
/// use gradcheck_train::monitor::UpdateBand;
///
/// let b = UpdateBand { low: 1e-4, high: 1e-2, steps: 20 };
/// assert!(b.low < 1e-3 && 1e-3 < b.high);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdateBand {
    /// Ratios strictly below this are too small: the group barely learns.
    pub low: f64,
    /// Ratios strictly above this are too large: the weights are rewritten every step.
    pub high: f64,
    /// How many consecutive steps outside before the event fires; the first updates of a
    /// freshly initialised layer are often outside for a few steps.
    pub steps: usize,
}

/// How histograms of gradient values are taken and kept.
///
/// ```
/// use gradcheck_train::monitor::Histograms;
///
/// let h = Histograms { every: 10, columns: 128 };
/// assert!(h.columns >= 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Histograms {
    /// One histogram every `every` recordings of a group, at first.
    pub every: u64,
    /// At most this many histograms are kept per group. When they are all used, every
    /// second one is dropped and `every` doubles, so the kept ones stay evenly spread over
    /// the whole run and memory stays bounded (`columns` × 432 bytes per group).
    pub columns: usize,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        MonitorConfig {
            vanishing: None,
            exploding: None,
            spike: Some(Spike {
                factor: 10.0,
                window: 20,
                warmup: 20,
            }),
            direction: Some(Direction { beta: 0.9 }),
            oscillation: None,
            aligned: None,
            update_band: Some(UpdateBand {
                low: 1e-4,
                high: 1e-2,
                steps: 20,
            }),
            histogram: Some(Histograms {
                every: 10,
                columns: 128,
            }),
            log: true,
        }
    }
}
