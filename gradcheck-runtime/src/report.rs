//! The result of a check: the contract's JSON and a compact table for people.

use crate::finding::{Finding, Kind, Severity};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most rows a table shows; a wide gradient shows its worst components first.
const MAX_ROWS: usize = 10;

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

    /// Adds the findings of one point of `check`: their severity under the spec's
    /// `allow(...)`, the check's name, and readable component names.
    pub(crate) fn record(
        &mut self,
        spec: &crate::Spec,
        check: &str,
        findings: impl IntoIterator<Item = Finding>,
    ) {
        for mut finding in findings {
            finding.severity = spec.severity(finding.kind);
            finding.check = check.to_owned();
            if let (Some(c), None) = (finding.component, &finding.name) {
                finding.name = Some(spec.layout().component_name(c));
            }
            self.push(finding);
        }
    }

    /// Sets the line printed under the table that reproduces the check.
    pub fn set_reproduce(&mut self, line: impl Into<String>) {
        self.reproduce = Some(line.into());
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{x:.10e}"),
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
            plural(errors),
            warnings,
            plural(warnings),
            self.points_checked,
            plural(self.points_checked),
            self.evaluations,
            self.seed
        )?;
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        if !self.findings.is_empty() {
            self.fmt_summary(f)?;
            self.fmt_table(f)?;
            // One explanation per kind: what was found and what to do.
            writeln!(f, "  what it means:")?;
            let mut seen: Vec<Kind> = Vec::new();
            for row in self.sorted() {
                if !seen.contains(&row.kind) {
                    seen.push(row.kind);
                    writeln!(f, "    {}: {}", row.kind, row.message)?;
                }
            }
            if let Some(worst) = self.sorted().first() {
                writeln!(f, "  worst point, full precision: {:?}", worst.point)?;
            }
        }
        if let Some(line) = &self.reproduce {
            writeln!(f, "  reproduce: {line}")?;
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Report {
    /// Errors first, then the largest relative errors: the rows that matter come first.
    fn sorted(&self) -> Vec<&Finding> {
        let mut rows: Vec<&Finding> = self.findings.iter().collect();
        rows.sort_by(|a, b| {
            a.severity.cmp(&b.severity).then(
                b.rel_error
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&a.rel_error.unwrap_or(f64::INFINITY)),
            )
        });
        rows
    }

    /// One line per kind and entry: where it happens, how often, how badly.
    fn fmt_summary(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut groups: Vec<(Kind, String, usize, f64)> = Vec::new();
        for row in self.sorted() {
            let at = entry_name(row);
            let rel = row.rel_error.unwrap_or(0.0);
            match groups.iter_mut().find(|g| g.0 == row.kind && g.1 == at) {
                Some(g) => {
                    g.2 += 1;
                    g.3 = g.3.max(rel);
                }
                None => groups.push((row.kind, at, 1, rel)),
            }
        }
        writeln!(f, "  summary:")?;
        for (kind, at, count, rel) in groups.iter().take(MAX_ROWS) {
            write!(
                f,
                "    {kind:<22} at {at:<14} {count} of {} point{}",
                self.points_checked,
                plural(self.points_checked)
            )?;
            if *rel > 0.0 {
                write!(f, ", worst relative error {rel:.2e}")?;
            }
            writeln!(f)?;
        }
        if groups.len() > MAX_ROWS {
            writeln!(f, "    ... and {} more", groups.len() - MAX_ROWS)?;
        }
        Ok(())
    }

    /// The worst findings with their evidence.
    fn fmt_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = self.sorted();
        writeln!(
            f,
            "  {:<22} {:<14} {:>17} {:>17} {:>17} {:>9} {:>9} {:>9}  point",
            "kind",
            "entry",
            "expected (dual)",
            "actual",
            "finite diff",
            "abs err",
            "rel err",
            "tol"
        )?;
        for row in rows.iter().take(MAX_ROWS) {
            let short =
                |v: Option<f64>| v.map(|v| format!("{v:.2e}")).unwrap_or_else(|| "-".into());
            writeln!(
                f,
                "  {:<22} {:<14} {:>17} {:>17} {:>17} {:>9} {:>9} {:>9}  {}",
                format!(
                    "{}{}",
                    row.kind,
                    if row.severity == Severity::Warning {
                        " (warn)"
                    } else {
                        ""
                    }
                ),
                entry_name(row),
                num(row.expected),
                num(row.actual),
                num(row.fd),
                short(row.abs_error),
                short(row.rel_error),
                short(row.tolerance),
                short_point(&row.point),
            )?;
        }
        if rows.len() > MAX_ROWS {
            writeln!(
                f,
                "  ... and {} more row(s); GRADCHECK_REPORT_DIR=dir writes them all as JSON",
                rows.len() - MAX_ROWS
            )?;
        }
        Ok(())
    }
}

/// The entry a finding is about: `w[2]`, `out 1, r`, `(2, 1)` for a Hessian.
fn entry_name(row: &Finding) -> String {
    let comp = match (&row.name, row.component) {
        (Some(n), _) => n.clone(),
        (None, Some(c)) => format!("#{c}"),
        (None, None) => "-".into(),
    };
    match (row.output, row.column) {
        (Some(o), _) => format!("out {o}, {comp}"),
        (None, Some(c)) => format!("({comp}, #{c})"),
        (None, None) => comp,
    }
}

fn short_point(p: &[f64]) -> String {
    let shown: Vec<String> = p.iter().take(4).map(|v| format!("{v:.4}")).collect();
    if p.len() > 4 {
        format!("[{}, ... {} more]", shown.join(", "), p.len() - 4)
    } else {
        format!("[{}]", shown.join(", "))
    }
}
