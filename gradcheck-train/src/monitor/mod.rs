//! A training monitor: per-step loss and gradient norms per parameter group,
//! with detectors for non-finite values, vanishing, exploding and spiking
//! gradients, and export to CSV, JSON lines and an SVG plot.
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

mod config;
mod detect;
mod event;
mod export;
mod norms;
mod plot;

pub use config::{MonitorBuilder, MonitorConfig, Spike, Vanishing};
pub use event::{Event, EventKind};
pub use norms::GradNorms;
pub use plot::PlotError;

use detect::GroupDetector;
use serde::Serialize;

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

/// The norms of one group at one step.
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let mut m = Monitor::default();
/// m.record(0, 1.0, &[("w", &[3.0, 4.0][..])]);
/// let s = m.group("w").unwrap().samples()[0];
/// assert_eq!((s.step, s.norms.l2), (0, 5.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSample {
    /// The step number.
    pub step: u64,
    /// The gradient norms of the group at that step.
    pub norms: GradNorms,
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
}

/// Records loss and gradient norms per step and detects trouble.
///
/// Recording a step computes each group's norms in one pass, updates
/// fixed-size detector state and pushes onto the history; it allocates only
/// when a group is seen for the first time, when the history vectors grow
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

    /// Records one step: the loss and, for each `(name, gradient)` pair, the
    /// gradient's norms. Returns the events that began at this step (also
    /// kept in [`Monitor::events`] and, unless turned off, logged with
    /// `log::warn!` under the target `gradcheck::monitor`).
    ///
    /// Groups are matched by name, so they may come in any order and appear
    /// or disappear between steps; keeping the same order is fastest. A name
    /// should appear at most once per step.
    ///
    /// ```
    /// use gradcheck_train::monitor::{EventKind, Monitor};
    ///
    /// let mut m = Monitor::builder().log(false).build();
    /// let events = m.record(0, f64::NAN, &[("w", &[1.0, 2.0][..])]);
    /// assert_eq!(events.len(), 1);
    /// assert_eq!(events[0].kind, EventKind::NonFiniteLoss);
    /// assert_eq!(events[0].group, None);
    /// ```
    pub fn record(&mut self, step: u64, loss: f64, groups: &[(&str, &[f64])]) -> &[Event] {
        let first_new = self.events.len();
        let row = self.steps.len();
        self.steps.push(StepRecord { step, loss });

        if loss.is_finite() {
            self.loss_nonfinite = false;
        } else if !self.loss_nonfinite {
            self.loss_nonfinite = true;
            self.push_event(row, step, None, EventKind::NonFiniteLoss, loss, f64::NAN);
        }

        for (hint, &(name, grad)) in groups.iter().enumerate() {
            let norms = GradNorms::of(grad);
            let g = self.group_index(hint, name);
            let group = &mut self.groups[g];
            group.samples.push(GroupSample { step, norms, row });
            // Collect into locals first: the detector borrows the group
            // mutably while events need the monitor. At most four events
            // fit (non-finite excludes the other three), so no allocation.
            let mut fired: [Option<(EventKind, f64, f64)>; 4] = [None; 4];
            let mut n = 0;
            group.detector.observe(&self.config, &norms, |k, v, t| {
                fired[n] = Some((k, v, t));
                n += 1;
            });
            for (kind, value, threshold) in fired.into_iter().flatten() {
                let name = Some(self.groups[g].name.clone());
                self.push_event(row, step, name, kind, value, threshold);
            }
        }

        let new = &self.events[first_new..];
        if self.config.log {
            for e in new {
                log::warn!(target: "gradcheck::monitor", "{e}");
            }
        }
        new
    }

    fn push_event(
        &mut self,
        row: usize,
        step: u64,
        group: Option<String>,
        kind: EventKind,
        value: f64,
        threshold: f64,
    ) {
        self.events.push(Event {
            step,
            group,
            kind,
            value,
            threshold,
        });
        self.event_rows.push(row);
    }

    /// Finds or creates the group called `name`, trying position `hint`
    /// first because callers usually pass groups in the same order.
    fn group_index(&mut self, hint: usize, name: &str) -> usize {
        if self.groups.get(hint).is_some_and(|g| g.name == name) {
            return hint;
        }
        if let Some(i) = self.groups.iter().position(|g| g.name == name) {
            return i;
        }
        self.groups.push(Group {
            name: name.to_owned(),
            samples: Vec::new(),
            detector: GroupDetector::new(&self.config),
        });
        self.groups.len() - 1
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
