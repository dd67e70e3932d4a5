//! The report as people read it: a summary per entry, the worst rows with their evidence,
//! what each kind of finding means and what to do, and the line that reproduces the check.

use super::Report;
use crate::report::finding::{Diagnosis, Finding, Kind, Severity};
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
            self.fmt_across(f)?;
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
    pub(crate) fn sorted(&self) -> Vec<&Finding> {
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
            let diagnosis = self
                .findings
                .iter()
                .find(|r| r.kind == *kind && entry_name(r) == *at)
                .and_then(|r| r.diagnosis);
            if let Some(d) = diagnosis {
                let points = self
                    .across
                    .points
                    .iter()
                    .find(|(n, _)| n == at)
                    .map_or(self.points_checked, |(_, p)| *p);
                writeln!(f, "      {}", words(at, &d, points))?;
            }
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

/// A diagnosis in words: "w[2] is exactly 2.000 × the true value at all 16 points: a factor
/// of 2 too many".
pub(crate) fn words(entry: &str, d: &Diagnosis, points: usize) -> String {
    let all = format!("at all {points} point{}", plural(points));
    match *d {
        Diagnosis::Scaled { factor } => {
            let shown = if (factor - 1.0).abs() < 1e-3 {
                format!("{factor:.12}")
            } else {
                format!("{factor:.3}")
            };
            format!("{entry} is exactly {shown} × the true value {all}: {}", factor_words(factor))
        }
        Diagnosis::SignFlipped => {
            format!("{entry} is exactly −1 × the true value {all}: the sign is wrong (a sign slip)")
        }
        Diagnosis::Zero => format!(
            "{entry} is 0 {all}, where the true value is not: its term is missing"
        ),
        Diagnosis::Swapped { with, with_column } => {
            let other = match with_column {
                Some(c) => format!("entry (#{with}, #{c})"),
                None => format!("component #{with}"),
            };
            format!("{entry} carries the true value of {other} {all}: an index mix-up")
        }
        Diagnosis::Offset { by } => format!(
            "{entry} is the true value {} {:.6e} {all}: a constant term too many or too few",
            if by < 0.0 { "−" } else { "+" },
            by.abs()
        ),
        Diagnosis::Transposed => format!(
            "the hand-written Jacobian is the transpose of the true one {all} ({entry} holds its mirror entry): rows and columns swapped"
        ),
    }
}

/// What a constant factor usually means.
fn factor_words(c: f64) -> String {
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    let (sign, m) = if c < 0.0 {
        ("the wrong sign and ", -c)
    } else {
        ("", c)
    };
    if (m - 1.0).abs() < 1e-3 {
        return format!(
            "{sign}off by a relative {:.2e} everywhere: a constant with too few digits (a truncated 1/ln 2, π, √2?)",
            m - 1.0
        );
    }
    if m == 0.0 {
        return "its term is missing".into();
    }
    if near(m, m.round()) && m.round() >= 2.0 {
        return format!("{sign}a factor of {} too many", m.round());
    }
    let inv = 1.0 / m;
    if near(inv, inv.round()) && inv.round() >= 2.0 {
        return format!("{sign}a factor of {} missing", inv.round());
    }
    format!("{sign}a constant factor that does not belong")
}

/// The entry a finding is about: `w[2]`, `out 1, r`, `(2, 1)` for a Hessian.
pub(crate) fn entry_name(row: &Finding) -> String {
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

impl Report {
    /// What was said across points: the simplest failing point, the traced intermediates.
    fn fmt_across(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.across.simplest {
            writeln!(
                f,
                "  simplest failing point: {:?} ({} persists there: try it by hand; found in {} of a budget of {} evaluations)",
                s.point, s.what, s.evaluations, s.budget
            )?;
        }
        if let Some(t) = &self.across.trace {
            writeln!(
                f,
                "  traced at {}, derivatives along {} (in the order computed):",
                short_point(&t.point),
                t.along
            )?;
            for (name, value, slope) in &t.rows {
                writeln!(
                    f,
                    "    {name:<20} value {value:>17.10e}   d/d{} {}",
                    t.along,
                    num(*slope)
                )?;
            }
            if t.more > 0 {
                writeln!(f, "    ... and {} more", t.more)?;
            }
        }
        Ok(())
    }
}

/// A point for the table: 4 decimals, or 4 significant digits in scientific notation where
/// fixed decimals would show 300 digits (a domain of ±1e300) or `0.0000` (inputs near 1e-10).
fn short_point(p: &[f64]) -> String {
    let one = |v: &f64| {
        let a = v.abs();
        if a != 0.0 && a.is_finite() && !(1e-3..1e6).contains(&a) {
            format!("{v:.3e}")
        } else {
            format!("{v:.4}")
        }
    };
    let shown: Vec<String> = p.iter().take(4).map(one).collect();
    if p.len() > 4 {
        format!("[{}, ... {} more]", shown.join(", "), p.len() - 4)
    } else {
        format!("[{}]", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn points_read_at_every_magnitude() {
        assert_eq!(
            super::short_point(&[0.5, -0.0, 1e300]),
            "[0.5000, -0.0000, 1.000e300]"
        );
        assert_eq!(
            super::short_point(&[-2.5e-10, 123456.0]),
            "[-2.500e-10, 123456.0000]"
        );
        assert_eq!(
            super::short_point(&[1.0, 2.0, 3.0, 4.0, 5.0]),
            "[1.0000, 2.0000, 3.0000, 4.0000, ... 1 more]"
        );
    }
}
