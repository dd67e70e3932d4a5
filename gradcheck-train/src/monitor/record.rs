//! Recording a step: what the caller passes per group, and the per-group pipeline (norms,
//! direction, update ratio, histogram, detectors).

use super::{DirectionState, GroupDetector, HistogramHistory, UpdateState};
use super::{Event, EventKind, GradNorms, Group, GroupSample, Monitor, StepRecord};

/// One parameter group at one step: its name and gradient and, for the update ratio, its
/// parameters (and optionally the update about to be applied to them).
///
/// ```
/// use gradcheck_train::monitor::{Monitor, Observation};
///
/// let mut m = Monitor::builder().log(false).build();
/// let (mut w, g) = (vec![1.0, 2.0], vec![0.5, -0.5]);
/// for step in 0..3 {
///     m.observe(step, 0.1, &[Observation::new("w", &g).params(&w)]);
///     for (wi, gi) in w.iter_mut().zip(&g) {
///         *wi -= 1e-3 * gi;
///     }
/// }
/// let r = m.group("w").unwrap().samples()[2].update_ratio.unwrap();
/// // ‖Δw‖ / ‖w‖ = 1e-3·‖g‖ / ‖w‖ ≈ 1e-3·√0.5 / √5.
/// assert!((r / (1e-3 * 0.1f64.sqrt()) - 1.0).abs() < 1e-3, "{r}");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    name: &'a str,
    grad: &'a [f64],
    params: Option<&'a [f64]>,
    update: Option<&'a [f64]>,
}

impl<'a> Observation<'a> {
    /// The group `name` with gradient `grad`.
    ///
    /// ```
    /// let o = gradcheck_train::monitor::Observation::new("bias", &[0.1]);
    /// assert_eq!(o.name(), "bias");
    /// ```
    pub fn new(name: &'a str, grad: &'a [f64]) -> Self {
        Observation {
            name,
            grad,
            params: None,
            update: None,
        }
    }

    /// The group's parameters at this step. The monitor keeps a copy and reports
    /// ‖params − previous params‖ / ‖previous params‖ at the next recording: the update
    /// applied in between, whatever the optimizer.
    ///
    /// ```
    /// use gradcheck_train::monitor::{Monitor, Observation};
    /// let mut m = Monitor::default();
    /// m.observe(0, 1.0, &[Observation::new("w", &[1.0]).params(&[2.0])]);
    /// m.observe(1, 1.0, &[Observation::new("w", &[1.0]).params(&[2.002])]);
    /// let r = m.group("w").unwrap().samples()[1].update_ratio.unwrap();
    /// assert!((r - 1e-3).abs() < 1e-12);
    /// ```
    pub fn params(mut self, params: &'a [f64]) -> Self {
        self.params = Some(params);
        self
    }

    /// The group's parameters and the update about to be added to them: the ratio
    /// ‖update‖ / ‖params‖ is reported at this step and no copy is kept.
    ///
    /// # Panics
    /// At recording, if the two lengths differ.
    ///
    /// ```
    /// use gradcheck_train::monitor::{Monitor, Observation};
    /// let mut m = Monitor::default();
    /// m.observe(0, 1.0, &[Observation::new("w", &[1.0]).update(&[4.0], &[-0.04])]);
    /// assert_eq!(m.group("w").unwrap().samples()[0].update_ratio, Some(0.01));
    /// ```
    pub fn update(mut self, params: &'a [f64], update: &'a [f64]) -> Self {
        self.params = Some(params);
        self.update = Some(update);
        self
    }

    /// The group's name.
    ///
    /// ```
    /// assert_eq!(gradcheck_train::monitor::Observation::new("w", &[]).name(), "w");
    /// ```
    pub fn name(&self) -> &'a str {
        self.name
    }
}

impl<'a> From<(&'a str, &'a [f64])> for Observation<'a> {
    fn from((name, grad): (&'a str, &'a [f64])) -> Self {
        Observation::new(name, grad)
    }
}

/// At most one event per detector fits: non-finite excludes the magnitude and direction
/// detectors, so eight slots never overflow and recording does not allocate for them.
const MAX_EVENTS_PER_GROUP: usize = 8;

impl Monitor {
    /// Records one step: the loss and, for each `(name, gradient)` pair, the
    /// gradient's norms, direction and (every few steps) histogram. Returns the events that
    /// began at this step (also kept in [`Monitor::events`] and, unless turned off, logged
    /// with `log::warn!` under the target `gradcheck::monitor`).
    ///
    /// Groups are matched by name, so they may come in any order and appear
    /// or disappear between steps; keeping the same order is fastest. A name
    /// should appear at most once per step. [`Monitor::observe`] also takes parameters.
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
        let (first_new, row) = self.begin_step(step, loss);
        for (hint, &group) in groups.iter().enumerate() {
            self.record_group(row, step, hint, group.into());
        }
        self.end_step(first_new)
    }

    /// Records one step like [`Monitor::record`], with groups given as [`Observation`]s,
    /// which may carry the parameters for the update ratio.
    ///
    /// ```
    /// use gradcheck_train::monitor::{EventKind, Monitor, Observation};
    ///
    /// let mut m = Monitor::builder().update_band(1e-4, 1e-2, 2).log(false).build();
    /// let g = [1.0, 1.0];
    /// m.observe(0, 1.0, &[Observation::new("w", &g).params(&[1.0, 1.0])]);
    /// m.observe(1, 1.0, &[Observation::new("w", &g).params(&[2.0, 2.0])]);
    /// let events = m.observe(2, 1.0, &[Observation::new("w", &g).params(&[4.0, 4.0])]);
    /// assert_eq!(events[0].kind, EventKind::UpdateTooLarge);
    /// ```
    pub fn observe(&mut self, step: u64, loss: f64, groups: &[Observation<'_>]) -> &[Event] {
        let (first_new, row) = self.begin_step(step, loss);
        for (hint, &group) in groups.iter().enumerate() {
            self.record_group(row, step, hint, group);
        }
        self.end_step(first_new)
    }

    fn begin_step(&mut self, step: u64, loss: f64) -> (usize, usize) {
        let first_new = self.events.len();
        let row = self.steps.len();
        self.steps.push(StepRecord { step, loss });
        if loss.is_finite() {
            self.loss_nonfinite = false;
        } else if !self.loss_nonfinite {
            self.loss_nonfinite = true;
            self.push_event(row, step, None, EventKind::NonFiniteLoss, loss, f64::NAN);
        }
        (first_new, row)
    }

    fn end_step(&self, first_new: usize) -> &[Event] {
        let new = &self.events[first_new..];
        if self.config.log {
            for e in new {
                log::warn!(target: "gradcheck::monitor", "{e}");
            }
        }
        new
    }

    fn record_group(&mut self, row: usize, step: u64, hint: usize, obs: Observation<'_>) {
        let norms = GradNorms::of(obs.grad);
        let g = self.group_index(hint, obs.name);
        let config = &self.config;
        let group = &mut self.groups[g];
        // Collect into locals first: the detectors borrow the group mutably while events
        // need the monitor.
        let mut fired: [Option<(EventKind, f64, f64)>; MAX_EVENTS_PER_GROUP] =
            [None; MAX_EVENTS_PER_GROUP];
        let mut n = 0;
        let mut emit = |k, v, t| {
            fired[n] = Some((k, v, t));
            n += 1;
        };
        group.detector.observe(config, &norms, &mut emit);

        let mut cos = Default::default();
        if let Some(d) = config.direction {
            if norms.is_finite() {
                cos = group.direction.observe(d.beta, obs.grad, norms.l2);
                group.direction.detect(config, cos, &mut emit);
            } else {
                group.direction.skip();
            }
        }
        let update_ratio = obs.params.and_then(|p| group.update.ratio(p, obs.update));
        if obs.params.is_some() {
            group.update.detect(config, update_ratio, &mut emit);
        }
        group
            .histograms
            .observe(config.histogram, row, step, obs.grad);
        group.samples.push(GroupSample {
            step,
            norms,
            cos_prev: cos.prev,
            cos_mean: cos.mean,
            update_ratio,
            row,
        });
        for (kind, value, threshold) in fired.into_iter().flatten() {
            let name = Some(self.groups[g].name.clone());
            self.push_event(row, step, name, kind, value, threshold);
        }
    }

    pub(super) fn push_event(
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
            direction: DirectionState::default(),
            update: UpdateState::default(),
            histograms: HistogramHistory::new(self.config.histogram),
        });
        self.groups.len() - 1
    }
}
