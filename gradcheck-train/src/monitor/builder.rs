//! The builder that produces a [`Monitor`].

use super::config::{
    Aligned, Direction, Histograms, MonitorConfig, Oscillation, Spike, UpdateBand, Vanishing,
};
use super::Monitor;

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

    /// Tracks direction with a running mean of decay `beta` (default 0.9): the cosine of each
    /// gradient with the previous one and with the mean of the past ones. Costs one pass over
    /// the gradient and two copies of it per group.
    ///
    /// # Panics
    /// If `beta` is not in `[0, 1)`.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().direction(0.99).build();
    /// assert_eq!(m.config().direction.unwrap().beta, 0.99);
    /// ```
    pub fn direction(mut self, beta: f64) -> Self {
        assert!(
            (0.0..1.0).contains(&beta),
            "direction beta must be in [0, 1), got {beta}"
        );
        self.config.direction = Some(Direction { beta });
        self
    }

    /// Turns direction tracking off, and with it the oscillation and aligned detectors: no
    /// copy of the gradients is kept.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().oscillation(-0.5, 5).no_direction().build();
    /// assert!(m.config().direction.is_none() && m.config().oscillation.is_none());
    /// ```
    pub fn no_direction(mut self) -> Self {
        self.config.direction = None;
        self.config.oscillation = None;
        self.config.aligned = None;
        self
    }

    /// Fires when a group's gradient has a cosine below `below` with the previous step's for
    /// `steps` consecutive steps: it keeps reversing, as it does when the learning rate is too
    /// large for the curvature. Turns direction tracking on if it was off.
    ///
    /// Off by default: in a group of one or two entries under minibatch noise the cosine is
    /// ±1 at random, and five reversals in a row then come every 62 steps on average.
    ///
    /// # Panics
    /// If `below` is not in `[-1, 1)` or `steps` is 0.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().oscillation(-0.5, 5).build();
    /// assert_eq!(m.config().oscillation.unwrap().steps, 5);
    /// ```
    pub fn oscillation(mut self, below: f64, steps: usize) -> Self {
        assert!(
            (-1.0..1.0).contains(&below),
            "oscillation bound must be a cosine in [-1, 1), got {below}"
        );
        assert!(steps > 0, "oscillation needs at least one step");
        self.config.oscillation = Some(Oscillation { below, steps });
        self.config.direction.get_or_insert(Direction { beta: 0.9 });
        self
    }

    /// Fires when a group's gradient has a cosine above `above` with the running mean for
    /// `steps` consecutive steps: a long stretch in one direction, which a larger step or
    /// momentum would cover faster. Turns direction tracking on if it was off.
    ///
    /// Off by default: full-batch gradient descent on a smooth loss is aligned most of the
    /// time, healthy or not.
    ///
    /// # Panics
    /// If `above` is not in `(-1, 1)` or `steps` is 0.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().aligned(0.9, 200).build();
    /// assert_eq!(m.config().aligned.unwrap().above, 0.9);
    /// ```
    pub fn aligned(mut self, above: f64, steps: usize) -> Self {
        assert!(
            above > -1.0 && above < 1.0,
            "aligned bound must be a cosine in (-1, 1), got {above}"
        );
        assert!(steps > 0, "aligned needs at least one step");
        self.config.aligned = Some(Aligned { above, steps });
        self.config.direction.get_or_insert(Direction { beta: 0.9 });
        self
    }

    /// Fires when a group's ‖update‖ / ‖weights‖ stays below `low` or above `high` for `steps`
    /// consecutive steps (default 1e-4, 1e-2, 20; the common rule of thumb is about 1e-3).
    /// Only groups recorded with their parameters have a ratio; see
    /// [`Observation::params`](super::Observation::params).
    ///
    /// # Panics
    /// Unless `0 < low < high` and `steps > 0`.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().update_band(1e-5, 1e-1, 5).build();
    /// assert_eq!(m.config().update_band.unwrap().high, 1e-1);
    /// ```
    pub fn update_band(mut self, low: f64, high: f64, steps: usize) -> Self {
        assert!(
            low > 0.0 && low < high && high.is_finite(),
            "update band needs 0 < low < high, got {low}..{high}"
        );
        assert!(steps > 0, "update band needs at least one step");
        self.config.update_band = Some(UpdateBand { low, high, steps });
        self
    }

    /// Turns the update-ratio detector off (ratios are still recorded and drawn).
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().no_update_band().build();
    /// assert!(m.config().update_band.is_none());
    /// ```
    pub fn no_update_band(mut self) -> Self {
        self.config.update_band = None;
        self
    }

    /// Takes a histogram of each group's gradient values every `every` recordings and keeps at
    /// most `columns` per group (default 10 and 128); see [`Histograms`].
    ///
    /// # Panics
    /// If `every` is 0 or `columns` is below 2.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().histogram(1, 64).build();
    /// assert_eq!(m.config().histogram.unwrap().columns, 64);
    /// ```
    pub fn histogram(mut self, every: u64, columns: usize) -> Self {
        assert!(every > 0, "histogram interval must be at least one step");
        assert!(
            columns >= 2,
            "histogram needs at least two columns, got {columns}"
        );
        self.config.histogram = Some(Histograms { every, columns });
        self
    }

    /// Takes no histograms.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().no_histogram().build();
    /// assert!(m.config().histogram.is_none());
    /// ```
    pub fn no_histogram(mut self) -> Self {
        self.config.histogram = None;
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
