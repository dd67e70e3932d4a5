//! What the detectors report.

use serde::Serialize;
use std::fmt;

/// The kind of problem a detector saw. Serialized in snake_case, matching the
/// report's `vanishing_gradient` / `exploding_gradient` kinds.
///
/// ```
/// use gradcheck_train::monitor::EventKind;
///
/// assert_eq!(EventKind::Exploding.as_str(), "exploding_gradient");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum EventKind {
    /// The loss is NaN or infinite.
    #[serde(rename = "nonfinite_loss")]
    NonFiniteLoss,
    /// At least one gradient entry of the group is NaN or infinite.
    #[serde(rename = "nonfinite_gradient")]
    NonFiniteGradient,
    /// The L2 norm stayed below the vanishing bound for the configured steps.
    #[serde(rename = "vanishing_gradient")]
    Vanishing,
    /// The L2 norm went above the exploding bound.
    #[serde(rename = "exploding_gradient")]
    Exploding,
    /// The L2 norm jumped above `factor` × its running median.
    #[serde(rename = "gradient_spike")]
    Spike,
    /// The cosine with the previous gradient stayed below the bound for the configured
    /// steps: the gradient keeps reversing.
    #[serde(rename = "gradient_oscillation")]
    Oscillation,
    /// The cosine with the running mean stayed above the bound for the configured steps.
    #[serde(rename = "aligned_gradients")]
    Aligned,
    /// ‖update‖ / ‖weights‖ stayed below the band for the configured steps.
    #[serde(rename = "update_ratio_low")]
    UpdateTooSmall,
    /// ‖update‖ / ‖weights‖ stayed above the band for the configured steps.
    #[serde(rename = "update_ratio_high")]
    UpdateTooLarge,
}

impl EventKind {
    /// The stable snake_case name used in logs, CSV and JSON.
    ///
    /// ```
    /// use gradcheck_train::monitor::EventKind;
    ///
    /// assert_eq!(EventKind::NonFiniteLoss.as_str(), "nonfinite_loss");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::NonFiniteLoss => "nonfinite_loss",
            EventKind::NonFiniteGradient => "nonfinite_gradient",
            EventKind::Vanishing => "vanishing_gradient",
            EventKind::Exploding => "exploding_gradient",
            EventKind::Spike => "gradient_spike",
            EventKind::Oscillation => "gradient_oscillation",
            EventKind::Aligned => "aligned_gradients",
            EventKind::UpdateTooSmall => "update_ratio_low",
            EventKind::UpdateTooLarge => "update_ratio_high",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One detected problem.
///
/// Every kind is reported once when the condition begins, and again only
/// after the group has recovered: a diverged run would otherwise log the same
/// event on every step. (A spike that lasts several steps is one event.)
///
/// ```
/// use gradcheck_train::monitor::{EventKind, Monitor};
///
/// let mut m = Monitor::builder().exploding(10.0).log(false).build();
/// let events = m.record(3, 0.5, &[("w", &[100.0][..])]);
/// assert_eq!(events[0].kind, EventKind::Exploding);
/// assert_eq!(events[0].step, 3);
/// assert_eq!(events[0].group.as_deref(), Some("w"));
/// assert_eq!(events[0].to_string(),
///            "step 3: exploding_gradient in group `w`: L2 norm 100 above bound 10");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The step passed to [`Monitor::record`](super::Monitor::record).
    pub step: u64,
    /// The parameter group, or `None` for an event about the loss.
    pub group: Option<String>,
    /// What was detected.
    pub kind: EventKind,
    /// The offending value: the loss, the group's L2 norm, the cosine (oscillation,
    /// aligned) or the update ratio, at the step the event fired.
    pub value: f64,
    /// The bound it crossed (for a spike: `factor` × median); NaN for
    /// non-finite events, which have no bound.
    pub threshold: f64,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}: {}", self.step, self.kind)?;
        if let Some(g) = &self.group {
            write!(f, " in group `{g}`")?;
        }
        match self.kind {
            EventKind::NonFiniteLoss => write!(f, ": loss is {}", self.value),
            EventKind::NonFiniteGradient => write!(f, ": gradient has NaN or infinite entries"),
            EventKind::Vanishing => write!(
                f,
                ": L2 norm {} below bound {} for consecutive steps",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::Exploding => write!(
                f,
                ": L2 norm {} above bound {}",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::Spike => write!(
                f,
                ": L2 norm {} above {} (factor × running median)",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::Oscillation => write!(
                f,
                ": cosine with the previous gradient {} below {} for consecutive steps \
                 (the gradient keeps reversing: learning rate too large?)",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::Aligned => write!(
                f,
                ": cosine with the running mean {} above {} for consecutive steps \
                 (a long stretch in one direction: a larger step or momentum would cross it)",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::UpdateTooSmall => write!(
                f,
                ": update / weights {} below {} for consecutive steps (the group barely learns)",
                Num(self.value),
                Num(self.threshold)
            ),
            EventKind::UpdateTooLarge => write!(
                f,
                ": update / weights {} above {} for consecutive steps \
                 (the weights are rewritten every step)",
                Num(self.value),
                Num(self.threshold)
            ),
        }
    }
}

/// Formats a number for people: 4 significant digits, in scientific notation
/// outside [1e-3, 1e5) so that 2.8e-8 does not print as 0.0000000284.
pub(super) struct Num(pub(super) f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let a = v.abs();
        if !v.is_finite() || v == 0.0 {
            write!(f, "{v}")
        } else if (1e-3..1e5).contains(&a) {
            // Four significant digits, trailing zeros dropped.
            let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
            let s = format!("{v:.decimals$}");
            let s = if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.')
            } else {
                &s
            };
            f.write_str(s)
        } else {
            let s = format!("{v:.3e}");
            // `1.500e-8` -> `1.5e-8`
            match s.split_once('e') {
                Some((m, e)) if m.contains('.') => {
                    let m = m.trim_end_matches('0').trim_end_matches('.');
                    write!(f, "{m}e{e}")
                }
                _ => f.write_str(&s),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn numbers_print_with_four_significant_digits() {
        let shown = |v: f64| Num(v).to_string();
        assert_eq!(shown(100.0), "100");
        assert_eq!(shown(0.25), "0.25");
        assert_eq!(shown(74.30719486), "74.31");
        assert_eq!(shown(2.8439e-8), "2.844e-8");
        assert_eq!(shown(1e-6), "1e-6");
        assert_eq!(shown(10823.1389), "10823");
        assert_eq!(shown(1.5e7), "1.5e7");
        assert_eq!(shown(f64::NAN), "NaN");
        assert_eq!(shown(-0.5), "-0.5");
    }
}
