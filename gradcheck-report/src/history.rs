//! The training monitor's history, one JSON object per line, read by field names only:
//! `{"step": 0, "loss": 0.5, "groups": [{"group": "w", "l2": 5.0, ...}], "events": [...]}`.

use serde::{Deserialize, Deserializer};

/// One step of a training run as the monitor's JSON lines hold it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MonitorStep {
    /// The training step.
    pub step: u64,
    /// The loss (NaN when the file says `null`).
    #[serde(deserialize_with = "num")]
    pub loss: f64,
    /// The norms of each parameter group recorded at this step.
    pub groups: Vec<GroupNorms>,
    /// The events raised at this step.
    pub events: Vec<MonitorEvent>,
}

/// The gradient norms of one parameter group at one step.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GroupNorms {
    /// The group's name.
    pub group: String,
    /// The L2 norm (NaN when `null`).
    #[serde(deserialize_with = "num")]
    pub l2: f64,
}

/// A problem the monitor saw.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MonitorEvent {
    /// The step.
    pub step: u64,
    /// The group, or none for a loss event.
    pub group: Option<String>,
    /// `exploding_gradient`, `gradient_spike`, ...
    pub kind: String,
    /// The offending value.
    pub value: Option<f64>,
    /// The bound it crossed.
    pub threshold: Option<f64>,
}

/// A number where `null` stands for a non-finite value.
fn num<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v: Option<f64> = Deserialize::deserialize(d)?;
    Ok(v.unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_numbers_load_as_nan_and_unknown_fields_are_ignored() {
        let s: MonitorStep = serde_json::from_str(
            r#"{"step":3,"loss":null,"groups":[{"group":"w","l2":null,"l1":1,"max":2,"nonfinite":1}],"lr":0.1}"#,
        )
        .unwrap();
        assert!(s.loss.is_nan() && s.groups[0].l2.is_nan());
        assert!(s.events.is_empty());
    }
}
