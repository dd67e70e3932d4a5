//! The data the page shows: lenient mirrors of the gradient-check report and of the
//! training monitor's JSON lines.
//!
//! Every field but a report's `function` has a default, unknown fields are ignored and
//! `null` numbers (JSON's NaN and infinity) load as missing, so that reports written by
//! older and newer versions of the checker both load. Kinds, severities and origins stay
//! strings: a kind this page does not know yet is still shown.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// One function's report, as `<function path>.json` holds it.
///
/// ```
/// let r: gradcheck_report::Report = serde_json::from_str(r#"{"function": "c::f", "passed": true}"#).unwrap();
/// assert!(r.passed && r.findings.is_empty());
/// // Missing fields take defaults; `passed` defaults to false: a page never claims a pass
/// // that the file does not state.
/// let r: gradcheck_report::Report = serde_json::from_str(r#"{"function": "c::f"}"#).unwrap();
/// assert!(!r.passed);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Report {
    /// The function's full path, with `::`; [`parse_report`](crate::parse_report) rejects a file without one.
    pub function: String,
    /// Whether no finding is an error.
    pub passed: bool,
    /// The seed the random points came from.
    pub seed: Option<u64>,
    /// How many points were checked.
    pub points_checked: Option<u64>,
    /// How many times the function was evaluated.
    pub evaluations: Option<u64>,
    /// What was found.
    pub findings: Vec<Finding>,
    /// Per-check summaries (`gradient`, `hessian`, `reference`).
    pub checks: Vec<CheckSummary>,
    /// Notes for people (the mode, what was skipped).
    pub notes: Vec<String>,
    /// Where the annotated function (or the `Check`) is, when the report says.
    pub source: Option<Source>,
}

/// One check's share of a report.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CheckSummary {
    /// `gradient`, `hessian` or `reference`.
    pub name: String,
    /// Whether this check found no error.
    pub passed: bool,
    /// Points this check visited.
    pub points_checked: Option<u64>,
    /// Evaluations this check made.
    pub evaluations: Option<u64>,
}

/// A place in the user's code: the file relative to its package and the line.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Source {
    /// The file, as `file!()` gives it.
    pub file: String,
    /// The 1-based line.
    pub line: Option<u64>,
}

/// One thing found at one point.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default)]
pub struct Finding {
    /// `mismatch`, `kink`, ...: kept as written, so unknown kinds still show.
    pub kind: String,
    /// `error` or `warning`.
    pub severity: String,
    /// The point, flattened (a `null` component loads as NaN).
    #[serde(deserialize_with = "nums")]
    pub point: Vec<f64>,
    /// The flattened component index.
    pub component: Option<u64>,
    /// The Hessian column.
    pub column: Option<u64>,
    /// The Jacobian row.
    pub output: Option<u64>,
    /// The trusted value (dual derivative or reference value).
    pub expected: Option<f64>,
    /// The value under test (hand-written derivative or the function's value).
    pub actual: Option<f64>,
    /// The finite-difference estimate.
    pub fd: Option<f64>,
    /// The finite difference's own error estimate.
    pub fd_error: Option<f64>,
    /// `|actual - expected|`.
    pub abs_error: Option<f64>,
    /// The relative error.
    pub rel_error: Option<f64>,
    /// The tolerance the error was compared with.
    pub tolerance: Option<f64>,
    /// The left one-sided slope (kinks, jumps).
    pub left: Option<f64>,
    /// The right one-sided slope.
    pub right: Option<f64>,
    /// The readable entry name (`w[2]`).
    pub name: Option<String>,
    /// The check that found it.
    pub check: Option<String>,
    /// What was found and what to do.
    pub message: String,
    /// Which kind of point found it: `random`, `special`, `explore`, `explicit`, `regression`.
    pub origin: Option<String>,
    /// The form of a wrong derivative across points (`{"form": "scaled", "factor": 2.0}`).
    pub diagnosis: Option<Value>,
    /// Decimal digits lost to rounding.
    pub digits_lost: Option<f64>,
    /// The finite-difference estimates the witness took, one per step.
    pub steps: Vec<Step>,
    /// The step the witness chose.
    pub step: Option<f64>,
}

impl Default for Finding {
    fn default() -> Self {
        Finding {
            kind: String::new(),
            // A finding without a severity is an error: every kind is, by default.
            severity: "error".into(),
            point: Vec::new(),
            component: None,
            column: None,
            output: None,
            expected: None,
            actual: None,
            fd: None,
            fd_error: None,
            abs_error: None,
            rel_error: None,
            tolerance: None,
            left: None,
            right: None,
            name: None,
            check: None,
            message: String::new(),
            origin: None,
            diagnosis: None,
            digits_lost: None,
            steps: Vec::new(),
            step: None,
        }
    }
}

/// One finite-difference estimate: the step and the estimate it gave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Step {
    /// The step.
    pub h: f64,
    /// The estimate (missing when it was not finite).
    pub fd: Option<f64>,
}

/// A vector of numbers where `null` stands for a non-finite value.
fn nums<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let v: Vec<Option<f64>> = Deserialize::deserialize(d)?;
    Ok(v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
}

impl Finding {
    /// Whether the finding fails its check.
    ///
    /// ```
    /// let f: gradcheck_report::Finding = serde_json::from_str(r#"{"kind": "unstable", "severity": "warning"}"#).unwrap();
    /// assert!(!f.is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.severity != "warning"
    }

    /// The entry the finding is about: `w[2]`, `out 1, t`, `(x, #1)` for a Hessian, `-`.
    ///
    /// ```
    /// let f: gradcheck_report::Finding = serde_json::from_str(r#"{"component": 1, "name": "t", "output": 1}"#).unwrap();
    /// assert_eq!(f.entry(), "out 1, t");
    /// ```
    pub fn entry(&self) -> String {
        let comp = match (&self.name, self.component) {
            (Some(n), _) => n.clone(),
            (None, Some(c)) => format!("#{c}"),
            (None, None) => "-".into(),
        };
        match (self.output, self.column) {
            (Some(o), _) => format!("out {o}, {comp}"),
            (None, Some(c)) => format!("({comp}, #{c})"),
            (None, None) => comp,
        }
    }

    /// What `expected` and `actual` hold for this kind, in words: the trusted value and
    /// the value under test.
    ///
    /// ```
    /// let f: gradcheck_report::Finding = serde_json::from_str(r#"{"kind": "ad_mismatch"}"#).unwrap();
    /// assert_eq!(f.roles(), ("finite differences", "the dual derivative"));
    /// ```
    pub fn roles(&self) -> (&'static str, &'static str) {
        match self.kind.as_str() {
            // The dual derivative is what is under test: finite differences are trusted.
            "ad_mismatch" => ("finite differences", "the dual derivative"),
            "reference_mismatch" => ("the reference value", "the function's value"),
            "nonfinite_value" | "panic" | "nondeterministic" => ("–", "the function's value"),
            _ => ("the dual derivative", "the hand-written derivative"),
        }
    }
}

/// How a function came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// At least one error.
    Failed,
    /// No error, some warnings.
    Warned,
    /// Nothing found.
    Passed,
}

impl Verdict {
    /// The word the page shows.
    ///
    /// ```
    /// assert_eq!(gradcheck_report::Verdict::Warned.word(), "passed, with warnings");
    /// ```
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Failed => "failed",
            Verdict::Warned => "passed, with warnings",
            Verdict::Passed => "passed",
        }
    }
}

impl Report {
    /// The verdict: the report's own `passed`, refined by whether it has warnings.
    ///
    /// ```
    /// use gradcheck_report::{Report, Verdict};
    /// let r: Report = serde_json::from_str(r#"{"function": "c::f", "passed": false}"#).unwrap();
    /// assert_eq!(r.verdict(), Verdict::Failed);
    /// ```
    pub fn verdict(&self) -> Verdict {
        if !self.passed {
            Verdict::Failed
        } else if self.findings.is_empty() {
            Verdict::Passed
        } else {
            Verdict::Warned
        }
    }

    /// The findings, the ones that matter first: errors, then the largest relative error
    /// (a finding without one, such as a kink, counts as infinitely large).
    ///
    /// ```
    /// let r: gradcheck_report::Report = serde_json::from_str(r#"{"function": "c::f", "findings": [
    ///     {"kind": "unstable", "severity": "warning"},
    ///     {"kind": "mismatch", "rel_error": 0.1},
    ///     {"kind": "mismatch", "rel_error": 0.9}]}"#).unwrap();
    /// let worst: Vec<f64> = r.sorted().iter().filter_map(|f| f.rel_error).collect();
    /// assert_eq!(worst, [0.9, 0.1]);
    /// ```
    pub fn sorted(&self) -> Vec<&Finding> {
        let mut rows: Vec<&Finding> = self.findings.iter().collect();
        rows.sort_by(|a, b| {
            b.is_error().cmp(&a.is_error()).then(
                b.rel_error
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&a.rel_error.unwrap_or(f64::INFINITY)),
            )
        });
        rows
    }

    /// The finding that matters most, if any.
    pub fn worst(&self) -> Option<&Finding> {
        self.sorted().into_iter().next()
    }

    /// The findings grouped by kind and entry, in [`Report::sorted`] order: each group's
    /// first finding is its worst.
    ///
    /// ```
    /// let r: gradcheck_report::Report = serde_json::from_str(r#"{"function": "c::f", "findings": [
    ///     {"kind": "mismatch", "name": "y", "rel_error": 0.1},
    ///     {"kind": "mismatch", "name": "y", "rel_error": 0.9}]}"#).unwrap();
    /// let groups = r.groups();
    /// assert_eq!(groups.len(), 1);
    /// assert_eq!(groups[0].len(), 2);
    /// assert_eq!(groups[0][0].rel_error, Some(0.9));
    /// ```
    pub fn groups(&self) -> Vec<Vec<&Finding>> {
        let mut groups: Vec<Vec<&Finding>> = Vec::new();
        for f in self.sorted() {
            let entry = f.entry();
            match groups
                .iter_mut()
                .find(|g| g[0].kind == f.kind && g[0].entry() == entry)
            {
                Some(g) => g.push(f),
                None => groups.push(vec![f]),
            }
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(json: &str) -> Finding {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn null_numbers_load_as_missing_or_nan() {
        let f = finding(r#"{"point":[1.0,null],"actual":null}"#);
        assert!(f.point[1].is_nan() && f.actual.is_none());
    }

    #[test]
    fn verdicts() {
        let r = |j: &str| serde_json::from_str::<Report>(j).unwrap().verdict();
        assert_eq!(r(r#"{"function":"f","passed":true}"#), Verdict::Passed);
        assert_eq!(
            r(r#"{"function":"f","passed":true,"findings":[{"severity":"warning"}]}"#),
            Verdict::Warned
        );
        assert_eq!(r(r#"{"function":"f"}"#), Verdict::Failed);
    }
}
