//! The report as people read it: a summary per entry, the worst rows with their evidence,
//! what each kind of finding means and what to do, and the line that reproduces the check.

use super::Report;
use crate::report::finding::{Finding, Kind, Severity};
use std::fmt;

/// The most rows a table shows; a wide gradient shows its worst components first.
const MAX_ROWS: usize = 10;

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
            writeln!(f, "  expected: {}", self.witness.describe())?;
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
            "  {:<22} {:<14} {:>17} {:>17} {:>17} {:>9} {:>9} {:>9}  {:<10} point",
            "kind",
            "entry",
            "expected",
            "actual",
            "finite diff",
            "abs err",
            "rel err",
            "tol",
            "origin"
        )?;
        for row in rows.iter().take(MAX_ROWS) {
            let short =
                |v: Option<f64>| v.map(|v| format!("{v:.2e}")).unwrap_or_else(|| "-".into());
            writeln!(
                f,
                "  {:<22} {:<14} {:>17} {:>17} {:>17} {:>9} {:>9} {:>9}  {:<10} {}",
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
                row.origin.map_or("-", |o| o.name()),
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
