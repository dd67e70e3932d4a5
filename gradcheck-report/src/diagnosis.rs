//! A wrong derivative's diagnosis (`{"form": "scaled", "factor": 2.0}`) in words.

use crate::model::Finding;
use serde_json::Value;

impl Finding {
    /// The diagnosis in words, when the finding carries one.
    ///
    /// ```
    /// let f: gradcheck_report::Finding = serde_json::from_str(
    ///     r#"{"name": "w[2]", "diagnosis": {"form": "scaled", "factor": 2.0}}"#).unwrap();
    /// assert_eq!(f.diagnosis_words().unwrap(),
    ///            "w[2] is 2 × the true value at every point checked");
    /// ```
    pub fn diagnosis_words(&self) -> Option<String> {
        let d = self.diagnosis.as_ref()?.as_object()?;
        let num = |k: &str| d.get(k).and_then(Value::as_f64);
        let entry = self.entry();
        let form = d.get("form").and_then(Value::as_str).unwrap_or("");
        Some(match form {
            "scaled" => match num("factor") {
                Some(c) => format!(
                    "{entry} is {} × the true value at every point checked",
                    short(c)
                ),
                None => format!("{entry} is a constant multiple of the true value"),
            },
            "sign_flipped" => format!(
                "{entry} is minus the true value at every point checked: the sign is flipped"
            ),
            "zero" => format!("{entry} is 0 where the true value is not"),
            "swapped" => {
                let with = d
                    .get("with")
                    .map(Value::to_string)
                    .unwrap_or_else(|| "?".into());
                match d.get("with_column") {
                    Some(c) => format!("{entry} carries the true value of entry ({with}, {c}): two entries are swapped"),
                    None => format!("{entry} carries the true value of component #{with}: two entries are swapped"),
                }
            }
            "offset" => match num("by") {
                Some(b) => format!(
                    "{entry} is the true value plus {} at every point checked: a constant offset",
                    short(b)
                ),
                None => format!("{entry} is off by a constant"),
            },
            "transposed" => "the hand-written matrix is the transpose of the true one".into(),
            _ => {
                // A form this page does not know: say what the report says.
                let rest: Vec<String> = d
                    .iter()
                    .filter(|(k, _)| k.as_str() != "form")
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                if rest.is_empty() {
                    format!("{entry}: {form}")
                } else {
                    format!("{entry}: {form} ({})", rest.join(", "))
                }
            }
        })
    }
}

/// A number in few characters: `2`, `0.5`, `1.5e-7`.
fn short(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e6 {
        format!("{v}")
    } else if (1e-3..1e6).contains(&v.abs()) {
        format!("{}", (v * 1e4).round() / 1e4)
    } else {
        format!("{v:.3e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(json: &str) -> Finding {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_diagnosis_form_reads_as_words() {
        let cases = [
            (r#"{"form":"sign_flipped"}"#, "sign is flipped"),
            (r#"{"form":"zero"}"#, "is 0 where"),
            (r#"{"form":"swapped","with":3}"#, "component #3"),
            (
                r#"{"form":"swapped","with":1,"with_column":2}"#,
                "entry (1, 2)",
            ),
            (r#"{"form":"offset","by":0.25}"#, "plus 0.25"),
            (r#"{"form":"transposed"}"#, "transpose"),
            (r#"{"form":"scaled","factor":-0.5}"#, "-0.5 ×"),
            (r#"{"form":"rotated","angle":90}"#, "rotated (angle = 90)"),
        ];
        for (d, want) in cases {
            let f = finding(&format!(r#"{{"name":"w","diagnosis":{d}}}"#));
            let words = f.diagnosis_words().unwrap();
            assert!(words.contains(want), "{d}: {words}");
        }
        assert_eq!(finding(r#"{"diagnosis":null}"#).diagnosis_words(), None);
        assert_eq!(finding("{}").diagnosis_words(), None);
    }
}
