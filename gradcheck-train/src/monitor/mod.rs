//! A training monitor: per-step loss and, per parameter group, the gradient's norms, its
//! direction (cosine with the previous gradient and with a running mean), the update ratio
//! ‖update‖ / ‖weights‖ and histograms of its values; detectors for non-finite values,
//! vanishing, exploding, spiking, oscillating and long-aligned gradients and for updates
//! outside a healthy band; export to CSV, JSON lines and an SVG plot.
//!
//! ```
//! use gradcheck_train::monitor::{EventKind, Monitor};
//!
//! let mut monitor = Monitor::builder().exploding(1e3).log(false).build();
//! let (w1, w2) = (vec![0.1; 8], vec![0.2; 4]);
//! for step in 0..10 {
//!     let events = monitor.record(step, 1.0 / (step as f64 + 1.0),
//!                                 &[("layer1", &w1[..]), ("layer2", &w2[..])]);
//!     assert!(events.is_empty());
//! }
//! let bad = [f64::NAN, 1.0];
//! let events = monitor.record(10, 0.1, &[("layer1", &bad[..])]);
//! assert_eq!(events[0].kind, EventKind::NonFiniteGradient);
//! assert_eq!(monitor.events().len(), 1);
//! assert_eq!(monitor.steps().len(), 11);
//! ```

#![deny(missing_docs)]

mod builder;
mod config;
mod detect;
mod direction;
mod event;
mod export;
mod histogram;
mod norms;
mod plot;
mod record;
mod update;

pub use builder::MonitorBuilder;
pub use config::{
    Aligned, Direction, Histograms, MonitorConfig, Oscillation, Spike, UpdateBand, Vanishing,
};
pub use event::{Event, EventKind};
pub use histogram::Histogram;
pub use norms::GradNorms;
pub use plot::PlotError;
pub use record::Observation;

use detect::GroupDetector;
use direction::DirectionState;
use histogram::HistogramHistory;
use serde::Serialize;
use update::UpdateState;

/// The loss recorded at one step.
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let mut m = Monitor::default();
/// m.record(7, 0.25, &[]);
/// assert_eq!((m.steps()[0].step, m.steps()[0].loss), (7, 0.25));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepRecord {
    /// The step number given to [`Monitor::record`].
    pub step: u64,
    /// The loss given to [`Monitor::record`].
    pub loss: f64,
}

/// What was measured of one group at one step.
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let mut m = Monitor::default();
/// m.record(0, 1.0, &[("w", &[3.0, 4.0][..])]);
/// m.record(1, 1.0, &[("w", &[-3.0, -4.0][..])]);
/// let s = m.group("w").unwrap().samples()[1];
/// assert_eq!((s.step, s.norms.l2), (1, 5.0));
/// assert_eq!(s.cos_prev, Some(-1.0));
/// assert_eq!(s.update_ratio, None); // recorded without parameters
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSample {
    /// The step number.
    pub step: u64,
    /// The gradient norms of the group at that step.
    pub norms: GradNorms,
    /// Cosine between this gradient and the group's previous one: near 1 the descent goes
    /// on in the same direction, near −1 it reverses. `None` on the group's first step,
    /// with direction tracking off, and where a gradient is zero or non-finite.
    pub cos_prev: Option<f64>,
    /// Cosine between this gradient and the running mean of the previous ones (see
    /// [`Direction`]); `None` as for `cos_prev`.
    pub cos_mean: Option<f64>,
    /// ‖update‖ / ‖weights‖, for groups recorded with their parameters (see
    /// [`Observation::params`]).
    pub update_ratio: Option<f64>,
    /// Index into [`Monitor::steps`], used to join groups with the loss even
    /// when a step number is recorded twice.
    row: usize,
}

/// The history of one named parameter group.
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let mut m = Monitor::default();
/// m.record(0, 1.0, &[("bias", &[1.0][..])]);
/// let g = m.groups().next().unwrap();
/// assert_eq!(g.name(), "bias");
/// assert_eq!(g.samples().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Group {
    name: String,
    samples: Vec<GroupSample>,
    detector: GroupDetector,
    direction: DirectionState,
    update: UpdateState,
    histograms: HistogramHistory,
}

impl Group {
    /// The group's name as given to [`Monitor::record`].
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 1.0, &[("emb", &[1.0][..])]);
    /// assert_eq!(m.group("emb").unwrap().name(), "emb");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One sample per step at which the group was recorded, in order.
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 1.0, &[("w", &[2.0][..])]);
    /// m.record(1, 0.5, &[]);
    /// assert_eq!(m.group("w").unwrap().samples().len(), 1);
    /// ```
    pub fn samples(&self) -> &[GroupSample] {
        &self.samples
    }

    /// The histograms of gradient values kept for this group, oldest first: one every
    /// [`Histograms::every`] recordings, thinned to at most [`Histograms::columns`].
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::builder().histogram(2, 8).build();
    /// for step in 0..5 {
    ///     m.record(step, 1.0, &[("w", &[0.5, -0.5, 0.0][..])]);
    /// }
    /// let steps: Vec<u64> = m.group("w").unwrap().histograms().map(|h| h.step).collect();
    /// assert_eq!(steps, [0, 2, 4]);
    /// ```
    pub fn histograms(&self) -> impl ExactSizeIterator<Item = &Histogram> {
        self.histograms.kept().iter().map(|(_, h)| h)
    }
}

/// Records loss and gradient norms per step and detects trouble.
///
/// Recording a step computes each group's norms in one pass and its direction in a second
/// (against a copy of the previous gradient and a running mean), takes a histogram every few
/// steps, updates fixed-size detector state and pushes onto the history; it allocates only
/// when a group is seen for the first time (its buffers: two copies of the gradient, one of
/// the parameters if given, the histogram columns), when the history vectors grow
/// (amortised), and when an event fires.
///
/// ```
/// use gradcheck_train::monitor::{EventKind, Monitor};
///
/// let mut m = Monitor::builder().vanishing(1e-6, 3).log(false).build();
/// let tiny = [1e-9; 5];
/// assert!(m.record(0, 1.0, &[("w", &tiny[..])]).is_empty());
/// assert!(m.record(1, 1.0, &[("w", &tiny[..])]).is_empty());
/// let events = m.record(2, 1.0, &[("w", &tiny[..])]);
/// assert_eq!(events[0].kind, EventKind::Vanishing);
/// ```
#[derive(Debug, Clone)]
pub struct Monitor {
    config: MonitorConfig,
    steps: Vec<StepRecord>,
    groups: Vec<Group>,
    events: Vec<Event>,
    /// For each event, the index of the step row it was raised at.
    event_rows: Vec<usize>,
    loss_nonfinite: bool,
}

impl Default for Monitor {
    fn default() -> Self {
        Monitor::new(MonitorConfig::default())
    }
}

impl Monitor {
    /// A monitor with the given configuration; see also [`Monitor::builder`].
    ///
    /// ```
    /// use gradcheck_train::monitor::{Monitor, MonitorConfig};
    ///
    /// let mut config = MonitorConfig::default();
    /// config.exploding = Some(1e6);
    /// let m = Monitor::new(config);
    /// assert_eq!(m.config().exploding, Some(1e6));
    /// ```
    pub fn new(config: MonitorConfig) -> Self {
        Monitor {
            config,
            steps: Vec::new(),
            groups: Vec::new(),
            events: Vec::new(),
            event_rows: Vec::new(),
            loss_nonfinite: false,
        }
    }

    /// Starts a [`MonitorBuilder`] with the default configuration.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::builder().exploding(1e2).build();
    /// assert_eq!(m.config().exploding, Some(1e2));
    /// ```
    pub fn builder() -> MonitorBuilder {
        MonitorBuilder::default()
    }

    /// The configuration in force.
    ///
    /// ```
    /// let m = gradcheck_train::monitor::Monitor::default();
    /// assert!(m.config().log);
    /// ```
    pub fn config(&self) -> &MonitorConfig {
        &self.config
    }

    /// Reserves room for `additional` more steps in the loss history and in
    /// the history of every group seen so far, so that recording them does
    /// not reallocate (groups first seen later still allocate once).
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 1.0, &[("w", &[1.0][..])]);
    /// m.reserve(10_000);
    /// assert!(m.steps().len() == 1);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        self.steps.reserve(additional);
        for g in &mut self.groups {
            g.samples.reserve(additional);
        }
    }

    /// Every recorded step, in recording order.
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 2.0, &[]);
    /// m.record(1, 1.0, &[]);
    /// assert_eq!(m.steps().iter().map(|s| s.loss).collect::<Vec<_>>(), [2.0, 1.0]);
    /// ```
    pub fn steps(&self) -> &[StepRecord] {
        &self.steps
    }

    /// The groups in the order they were first seen.
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 1.0, &[("a", &[1.0][..]), ("b", &[1.0][..])]);
    /// let names: Vec<&str> = m.groups().map(|g| g.name()).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn groups(&self) -> impl ExactSizeIterator<Item = &Group> {
        self.groups.iter()
    }

    /// The group called `name`, if it was ever recorded.
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::default();
    /// m.record(0, 1.0, &[("a", &[1.0][..])]);
    /// assert!(m.group("a").is_some());
    /// assert!(m.group("z").is_none());
    /// ```
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Every event so far, in the order detected.
    ///
    /// ```
    /// let mut m = gradcheck_train::monitor::Monitor::builder().log(false).build();
    /// m.record(0, f64::INFINITY, &[]);
    /// assert_eq!(m.events().len(), 1);
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_shape;
