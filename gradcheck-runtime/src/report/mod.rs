//! The result of a check: the JSON report, the table people read (`table`), and where both
//! go (`output`).

pub(crate) mod finding;
mod manifest;
pub(crate) mod naming;
pub(crate) mod output;
pub(crate) mod regressions;
pub(crate) mod table;
mod target;

use finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// The result of one or more checks of one function: what was found, how many points and
/// evaluations it took, and the seed that reproduces it. `Display` is the table a failing
/// generated test prints; [`Report::to_json`] is the JSON written to `GRADCHECK_REPORT_DIR`.
///
/// ```
/// use gradcheck_runtime::{Check, Kind};
/// let report = Check::new("doc::square", |x: &[f64]| x[0] * x[0])
///     .gradient(|x: &[f64]| vec![2.0 * x[0] + 1e-3])
///     .at(&[1.5])
///     .run();
/// assert!(!report.passed());
/// assert_eq!(report.errors().next().unwrap().kind, Kind::Mismatch);
/// assert!(report.to_json().contains("\"kind\":\"mismatch\""));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    function: String,
    passed: bool,
    seed: u64,
    points_checked: usize,
    evaluations: usize,
    findings: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    checks: Vec<CheckSummary>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
    /// The line printed under the table that reruns the check (not part of the JSON).
    #[serde(skip)]
    reproduce: Option<String>,
    /// What the `expected` column holds (not part of the JSON).
    #[serde(skip)]
    witness: Witness,
    /// Said across points (not part of the JSON, whose findings carry `diagnosis`): per
    /// diagnosed entry, the points it was checked at; the simplest failing point; the traced
    /// intermediates.
    #[serde(skip)]
    pub(crate) across: Across,
}

/// What the table says about the run as a whole, beyond its findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Across {
    /// Per diagnosed entry (its name in the table), the number of points it was checked at.
    pub points: Vec<(String, usize)>,
    /// The simplest point found where the worst finding persists.
    pub simplest: Option<Simplest>,
    /// What `trace!` recorded at the worst point.
    pub trace: Option<Trace>,
}

/// The simplest failing point and what finding it took.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Simplest {
    pub point: Vec<f64>,
    /// The finding that persists there, in words (`mismatch at w[2]`).
    pub what: String,
    pub evaluations: usize,
    pub budget: usize,
}

/// The intermediates `trace!` recorded at the worst point, in computation order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Trace {
    pub point: Vec<f64>,
    /// The component the derivatives are along (`w[2]`).
    pub along: String,
    /// Name, value and derivative (`None` for a value that carries none).
    pub rows: Vec<(String, f64, Option<f64>)>,
    /// Records left out beyond the table's limit.
    pub more: usize,
}

/// What a report's `expected` values are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Witness {
    /// The exact derivative by dual numbers (generic functions).
    #[default]
    Dual,
    /// Finite differences alone (`Check`: the function is a plain closure).
    FiniteDifferences,
}

impl Witness {
    fn describe(self) -> &'static str {
        match self {
            Witness::Dual => "the exact derivative by dual numbers (forward-mode AD); `finite diff` is the independent witness",
            Witness::FiniteDifferences => "finite differences (the function is a plain closure: no dual numbers); `actual` is the derivative under test",
        }
    }
}

/// Where the checked function is written (or where a `Check` was run): the file as `file!()`
/// gives it, relative to its package, and the line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Source {
    /// The file, relative to the package.
    pub file: String,
    /// The 1-based line.
    pub line: u32,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One check's share of a report, when several checks of one function share its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckSummary {
    /// `gradient`, `hessian` or `reference`.
    pub name: String,
    /// Whether this check found no error.
    pub passed: bool,
    /// Points this check visited.
    pub points_checked: usize,
    /// Evaluations this check made.
    pub evaluations: usize,
    /// This check's notes (the report's `notes` are those of every check, in name order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Report {
    /// An empty, passing report.
    pub(crate) fn new(function: impl Into<String>, seed: u64) -> Self {
        Report {
            function: function.into(),
            passed: true,
            seed,
            points_checked: 0,
            evaluations: 0,
            findings: Vec::new(),
            checks: Vec::new(),
            notes: Vec::new(),
            source: None,
            reproduce: None,
            witness: Witness::Dual,
            across: Across::default(),
        }
    }

    /// The function's full path, with `::`.
    pub fn function(&self) -> &str {
        &self.function
    }

    /// Whether no finding is an error.
    pub fn passed(&self) -> bool {
        self.passed
    }

    /// The seed the random points and directions came from (`GRADCHECK_SEED` reruns it).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many points were checked.
    pub fn points_checked(&self) -> usize {
        self.points_checked
    }

    /// How many times the function was evaluated, at any number type.
    pub fn evaluations(&self) -> usize {
        self.evaluations
    }

    /// Everything found, errors and warnings, in point order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
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

    /// Notes for people: the mode, what fast mode could miss, what was skipped.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where the checked function is written, or where a `Check` was run.
    pub fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }

    /// Per-check summaries when several checks of one function share the report file.
    pub fn checks(&self) -> &[CheckSummary] {
        &self.checks
    }

    /// The report as JSON, as written to `GRADCHECK_REPORT_DIR`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
    }

    /// The report as indented JSON, for files people read.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// A report read back from its JSON.
    ///
    /// ```
    /// use gradcheck_runtime::{Check, Report};
    /// let r = Check::new("doc::sq", |x: &[f64]| x[0] * x[0]).at(&[1.0]).run();
    /// let back = Report::from_json(&r.to_json()).unwrap();
    /// assert_eq!(back.function(), "doc::sq");
    /// ```
    pub fn from_json(json: &str) -> Result<Report, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// The findings, to be completed by what is said across points.
    pub(crate) fn findings_mut(&mut self) -> &mut Vec<Finding> {
        &mut self.findings
    }

    /// Gives every `kind` finding at `cell` (row, column of the check's matrices) the
    /// diagnosis `d`, the form its error has at all `points` where it was checked.
    pub(crate) fn diagnose(
        &mut self,
        kind: finding::Kind,
        cell: (usize, usize),
        d: finding::Diagnosis,
        points: usize,
    ) {
        let mut name = None;
        for f in &mut self.findings {
            if f.kind == kind && f.cell() == Some(cell) {
                f.diagnosis = Some(d);
                name = Some(table::entry_name(f));
            }
        }
        if let Some(name) = name {
            self.across.points.retain(|(n, _)| *n != name);
            self.across.points.push((name, points));
        }
    }

    /// Adds a finding; an error fails the report.
    pub(crate) fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Error {
            self.passed = false;
        }
        self.findings.push(finding);
    }

    /// Adds a note once.
    pub(crate) fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Sets where the checked function is written.
    pub(crate) fn set_source(&mut self, source: Option<Source>) {
        self.source = source;
    }

    /// Puts a note before the others (what decided the mode comes first).
    pub(crate) fn note_first(&mut self, note: impl Into<String>) {
        self.notes.insert(0, note.into());
    }

    /// Fails the report without a finding (the check could not start).
    pub(crate) fn fail(&mut self) {
        self.passed = false;
    }

    /// Counts one more point.
    pub(crate) fn count_point(&mut self) {
        self.points_checked += 1;
    }

    /// Sets the evaluations made.
    pub(crate) fn set_evaluations(&mut self, n: usize) {
        self.evaluations = n;
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

    /// Says what the `expected` values are.
    pub(crate) fn set_witness(&mut self, witness: Witness) {
        self.witness = witness;
    }

    /// Sets the line printed under the table that reruns the check.
    pub(crate) fn set_reproduce(&mut self, line: impl Into<String>) {
        self.reproduce = Some(line.into());
    }
}
