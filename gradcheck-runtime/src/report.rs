//! The result of a check: the contract's JSON and a compact table for people.

use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most rows a table shows; a wide gradient shows its worst components first.
const MAX_ROWS: usize = 12;

/// The result of one or more checks of one function.
///
/// ```
/// use gradcheck_runtime::{Finding, Kind, Report};
/// let mut r = Report::new("crate::loss", 7);
/// r.push(Finding::new(Kind::Mismatch, &[1.0], "wrong").component(0).values(2.0, 2.1, 2.0));
/// assert!(!r.passed());
/// assert!(r.to_json().contains("\"kind\":\"mismatch\""));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The function's full path, with `::`.
    pub function: String,
    /// Whether no finding is an error.
    pub passed: bool,
    /// The seed the random points and directions came from.
    pub seed: u64,
    /// How many points were checked.
    pub points_checked: usize,
    /// How many times the function was evaluated, at any number type.
    pub evaluations: usize,
    /// What was found, errors and warnings.
    pub findings: Vec<Finding>,
    /// Per-check summaries when several checks share this report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckSummary>,
    /// Notes for people: the mode, what fast mode could miss, what was skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Component names, for the table (not part of the JSON).
    #[serde(skip)]
    pub(crate) reproduce: Option<String>,
}

/// One check's share of a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckSummary {
    /// `gradient`, `hessian` or `reference`.
    pub name: String,
    /// Whether this check found no error.
    pub passed: bool,
    /// Points this check visited.
    pub points_checked: usize,
    /// Evaluations this check made.
    pub evaluations: usize,
}

impl Report {
    /// An empty, passing report.
    pub fn new(function: impl Into<String>, seed: u64) -> Self {
        Report {
            function: function.into(),
            passed: true,
            seed,
            points_checked: 0,
            evaluations: 0,
            findings: Vec::new(),
            checks: Vec::new(),
            notes: Vec::new(),
            reproduce: None,
        }
    }

    /// Adds a finding; an error fails the report.
    pub fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Error {
            self.passed = false;
        }
        self.findings.push(finding);
    }

    /// Whether no finding is an error.
    pub fn passed(&self) -> bool {
        self.passed
    }

    /// The findings that fail the check.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The findings that only warn.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// The report as the contract's JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
    }

    /// The report as indented JSON, for files people read.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// Sets the line printed under the table that reproduces the check.
    pub fn set_reproduce(&mut self, line: impl Into<String>) {
        self.reproduce = Some(line.into());
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{x:.6e}"),
        None => "-".into(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        writeln!(
            f,
            "gradient check of `{}`: {} ({} error{}, {} warning{}; {} point{}, {} evaluations, seed {})",
            self.function,
            if self.passed { "PASSED" } else { "FAILED" },
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" },
            self.points_checked,
            if self.points_checked == 1 { "" } else { "s" },
            self.evaluations,
            self.seed
        )?;
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        if !self.findings.is_empty() {
            // Errors first, then the largest relative errors: the rows that matter come first.
            let mut rows: Vec<&Finding> = self.findings.iter().collect();
            rows.sort_by(|a, b| {
                a.severity.cmp(&b.severity).then(
                    b.rel_error
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&a.rel_error.unwrap_or(f64::INFINITY)),
                )
            });
            writeln!(
                f,
                "  {:<20} {:<12} {:<14} {:>14} {:>14} {:>14} {:>10} {:>10} {:>10}",
                "kind",
                "component",
                "point",
                "expected",
                "actual",
                "finite diff",
                "abs err",
                "rel err",
                "tolerance"
            )?;
            for row in rows.iter().take(MAX_ROWS) {
                let component = match (row.output, row.component, row.column, &row.name) {
                    (_, _, _, Some(n)) if row.output.is_none() && row.column.is_none() => n.clone(),
                    (Some(o), Some(c), _, _) => format!("out {o}, {c}"),
                    (_, Some(c), Some(k), _) => format!("({c}, {k})"),
                    (_, Some(c), None, _) => format!("{c}"),
                    _ => "-".into(),
                };
                writeln!(
                    f,
                    "  {:<20} {:<12} {:<14} {:>14} {:>14} {:>14} {:>10} {:>10} {:>10}",
                    format!(
                        "{}{}",
                        row.kind,
                        if row.severity == Severity::Warning {
                            " (warn)"
                        } else {
                            ""
                        }
                    ),
                    component,
                    short_point(&row.point),
                    num(row.expected),
                    num(row.actual),
                    num(row.fd),
                    row.abs_error
                        .map(|v| format!("{v:.2e}"))
                        .unwrap_or("-".into()),
                    row.rel_error
                        .map(|v| format!("{v:.2e}"))
                        .unwrap_or("-".into()),
                    row.tolerance
                        .map(|v| format!("{v:.2e}"))
                        .unwrap_or("-".into()),
                )?;
            }
            if rows.len() > MAX_ROWS {
                writeln!(f, "  ... and {} more finding(s) (set GRADCHECK_REPORT_DIR for all of them as JSON)", rows.len() - MAX_ROWS)?;
            }
            // Each distinct message once: what was found and what to do.
            let mut seen: Vec<&str> = Vec::new();
            for row in rows {
                if !seen.contains(&row.message.as_str()) {
                    seen.push(&row.message);
                }
            }
            for (i, m) in seen.iter().enumerate().take(MAX_ROWS) {
                writeln!(f, "  [{}] {m}", i + 1)?;
            }
            if let Some(first) = self.errors().next().or(self.findings.first()) {
                writeln!(f, "  first point: {:?}", first.point)?;
            }
        }
        if let Some(line) = &self.reproduce {
            writeln!(f, "  reproduce: {line}")?;
        }
        Ok(())
    }
}

fn short_point(p: &[f64]) -> String {
    match p.len() {
        0 => "[]".into(),
        1 => format!("[{:.4}]", p[0]),
        2 => format!("[{:.3}, {:.3}]", p[0], p[1]),
        n => format!("[{:.3}, .. {} more]", p[0], n - 1),
    }
}
