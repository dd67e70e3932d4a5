//! Detector settings and the builder that produces a [`Monitor`].

use super::Monitor;

/// What the detectors look for. Build it with [`Monitor::builder`].
///
/// Defaults: NaN/inf detection is always on; the vanishing and exploding
/// bounds are off (no norm is "too small" or "too large" for every model);
/// the spike detector is on, firing when a group's L2 norm exceeds 10× the
/// median of its previous 20 finite norms, once 20 have been seen.
///
/// ```
/// use gradcheck_train::monitor::{Monitor, MonitorConfig};
///
/// let config = MonitorConfig::default();
/// assert_eq!(config.vanishing, None);
/// assert_eq!(config.exploding, None);
/// assert_eq!(config.spike.map(|s| s.factor), Some(10.0));
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
            log: true,
        }
    }
}

/// Builds a [`Monitor`]; start from [`Monitor::builder`].
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let monitor = Monitor::builder()
///     .vanishing(1e-7, 5)
///     .exploding(1e4)
///     .spike(5.0, 50)
///     .build();
/// assert_eq!(monitor.config().exploding, Some(1e4));
/// ```
#[derive(Debug, Clone, Default)]
pub struct MonitorBuilder {
    config: MonitorConfig,
}

impl MonitorBuilder {
    /// Fires when a group's L2 norm stays below `bound` for `steps`
    /// consecutive steps.
    ///
    /// # Panics
    /// If `bound` is not positive and finite or `steps` is 0.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().vanishing(1e-8, 3).build();
    /// assert_eq!(m.config().vanishing.unwrap().steps, 3);
    /// ```
    pub fn vanishing(mut self, bound: f64, steps: usize) -> Self {
        assert!(
            bound > 0.0 && bound.is_finite(),
            "vanishing bound must be positive and finite, got {bound}"
        );
        assert!(steps > 0, "vanishing needs at least one step");
        self.config.vanishing = Some(Vanishing { bound, steps });
        self
    }

    /// Fires when a group's L2 norm goes above `bound`.
    ///
    /// # Panics
    /// If `bound` is not positive.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().exploding(1e3).build();
    /// assert_eq!(m.config().exploding, Some(1e3));
    /// ```
    pub fn exploding(mut self, bound: f64) -> Self {
        assert!(bound > 0.0, "exploding bound must be positive, got {bound}");
        self.config.exploding = Some(bound);
        self
    }

    /// Fires when a group's L2 norm exceeds `factor` × the median of its last
    /// `window` finite norms; the warm-up is set to `window`.
    ///
    /// # Panics
    /// If `factor <= 1` or `window` is 0.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().spike(4.0, 8).build();
    /// assert_eq!(m.config().spike.unwrap().warmup, 8);
    /// ```
    pub fn spike(mut self, factor: f64, window: usize) -> Self {
        assert!(factor > 1.0, "spike factor must exceed 1, got {factor}");
        assert!(window > 0, "spike window must hold at least one norm");
        self.config.spike = Some(Spike {
            factor,
            window,
            warmup: window,
        });
        self
    }

    /// Sets how many finite norms the spike detector waits for (clamped to
    /// `1..=window`).
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().spike(10.0, 20).warmup(5).build();
    /// assert_eq!(m.config().spike.unwrap().warmup, 5);
    /// ```
    pub fn warmup(mut self, steps: usize) -> Self {
        if let Some(s) = &mut self.config.spike {
            s.warmup = steps.clamp(1, s.window);
        }
        self
    }

    /// Turns the spike detector off.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().no_spike().build();
    /// assert!(m.config().spike.is_none());
    /// ```
    pub fn no_spike(mut self) -> Self {
        self.config.spike = None;
        self
    }

    /// Whether events are also sent to `log::warn!` (default `true`).
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().log(false).build();
    /// assert!(!m.config().log);
    /// ```
    pub fn log(mut self, on: bool) -> Self {
        self.config.log = on;
        self
    }

    /// Finishes the configuration.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().build();
    /// assert!(m.events().is_empty());
    /// ```
    pub fn build(self) -> Monitor {
        Monitor::new(self.config)
    }
}
