//! Reading a report directory: every `*.json` report and every `*.jsonl` monitor history.
//!
//! A file that does not parse is listed as unreadable with the reason, never a crash: the
//! page of a run whose one report was cut short by a killed test is still worth having.

use crate::history::MonitorStep;
use crate::model::Report;
use std::fs;
use std::io;
use std::path::Path;

/// Everything a directory holds.
#[derive(Debug, Default)]
pub struct Run {
    /// The reports, by function path.
    pub reports: Vec<Loaded>,
    /// The training monitors' histories, by file name.
    pub monitors: Vec<MonitorRun>,
    /// Files that were meant to be read but could not be.
    pub unreadable: Vec<Unreadable>,
}

/// A report and the file it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The file name.
    pub file: String,
    /// Its contents.
    pub report: Report,
}

/// One monitor history (`*.jsonl`).
#[derive(Debug)]
pub struct MonitorRun {
    /// The file name.
    pub file: String,
    /// The steps, in file order.
    pub steps: Vec<MonitorStep>,
    /// Lines that did not parse (skipped).
    pub bad_lines: usize,
}

/// A file that could not be read, and why.
#[derive(Debug, PartialEq)]
pub struct Unreadable {
    /// The file name.
    pub file: String,
    /// What went wrong.
    pub reason: String,
}

/// Reads every `*.json` and `*.jsonl` file directly in `dir` (not below it). Fails only
/// when the directory itself cannot be listed.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("gradcheck-report-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("c.f.json"), r#"{"function": "c::f", "passed": true}"#).unwrap();
/// std::fs::write(dir.join("cut.json"), r#"{"function": "c::g", "pas"#).unwrap();
/// let run = gradcheck_report::load_dir(&dir).unwrap();
/// assert_eq!(run.reports[0].report.function, "c::f");
/// assert_eq!(run.unreadable[0].file, "cut.json");
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn load_dir(dir: &Path) -> io::Result<Run> {
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") || n.ends_with(".jsonl"))
        .collect();
    names.sort();
    let mut run = Run::default();
    for file in names {
        let text = match fs::read(dir.join(&file)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    run.unreadable.push(Unreadable {
                        file,
                        reason: "not UTF-8 text".into(),
                    });
                    continue;
                }
            },
            Err(e) => {
                run.unreadable.push(Unreadable {
                    file,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if file.ends_with(".jsonl") {
            match parse_monitor(&text) {
                Ok((steps, bad_lines)) => run.monitors.push(MonitorRun {
                    file,
                    steps,
                    bad_lines,
                }),
                Err(reason) => run.unreadable.push(Unreadable { file, reason }),
            }
        } else {
            match parse_report(&text) {
                Ok(report) => run.reports.push(Loaded { file, report }),
                Err(reason) => run.unreadable.push(Unreadable { file, reason }),
            }
        }
    }
    run.reports
        .sort_by(|a, b| a.report.function.cmp(&b.report.function));
    Ok(run)
}

/// Parses one report; the error says what is wrong in words.
///
/// ```
/// assert!(gradcheck_report::parse_report(r#"{"function": "c::f"}"#).is_ok());
/// assert!(gradcheck_report::parse_report(r#"{"kind": "kink"}"#).unwrap_err().contains("function"));
/// ```
pub fn parse_report(text: &str) -> Result<Report, String> {
    let report: Report = serde_json::from_str(text).map_err(|e| format!("not a report: {e}"))?;
    if report.function.is_empty() {
        return Err("not a gradient-check report: no `function`".into());
    }
    Ok(report)
}

/// Parses a monitor history, one JSON object per line; blank lines are skipped and lines
/// that do not parse are counted. An error when no line parses.
///
/// ```
/// let (steps, bad) = gradcheck_report::parse_monitor("{\"step\": 0, \"loss\": 1.0}\noops\n").unwrap();
/// assert_eq!((steps.len(), bad), (1, 1));
/// ```
pub fn parse_monitor(text: &str) -> Result<(Vec<MonitorStep>, usize), String> {
    let mut steps = Vec::new();
    let mut bad = 0;
    let mut first_error = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<MonitorStep>(line) {
            Ok(s) => steps.push(s),
            Err(e) => {
                bad += 1;
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    if steps.is_empty() {
        return Err(match first_error {
            Some(e) => format!("no monitor step could be read: {e}"),
            None => "empty".into(),
        });
    }
    Ok((steps, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract's first example, before source locations and diagnoses existed.
    const OLD: &str = r#"{"function": "my_crate::losses::beale", "passed": false, "seed": 7,
        "points_checked": 34, "evaluations": 612, "findings": [
        {"kind": "mismatch", "severity": "error", "point": [1.3, 0.7], "component": 1,
         "expected": -12.5, "actual": -12.0, "abs_error": 0.5, "rel_error": 0.04,
         "message": "hand-written gradient disagrees"}]}"#;

    /// A report with every field announced for later versions, and one nobody announced.
    const NEW: &str = r#"{"function": "c::f", "passed": false, "seed": 1,
        "points_checked": 3, "evaluations": 9, "source": {"file": "tests/l.rs", "line": 42},
        "mode": "full", "findings": [
        {"kind": "mismatch", "severity": "error", "point": [1.0], "component": 0,
         "origin": "special", "diagnosis": {"form": "scaled", "factor": 2.0},
         "digits_lost": 3.5, "steps": [{"h": 0.01, "fd": 1.5}, {"h": 0.001, "fd": null}],
         "step": 0.001, "future_field": [1, 2], "message": "m"}]}"#;

    #[test]
    fn old_reports_load() {
        let r = parse_report(OLD).unwrap();
        assert_eq!(r.findings[0].component, Some(1));
        assert!(r.source.is_none() && r.findings[0].steps.is_empty());
    }

    #[test]
    fn new_reports_load_with_their_new_fields() {
        let r = parse_report(NEW).unwrap();
        let s = r.source.as_ref().unwrap();
        assert_eq!((s.file.as_str(), s.line), ("tests/l.rs", Some(42)));
        let f = &r.findings[0];
        assert_eq!(f.origin.as_deref(), Some("special"));
        assert_eq!(f.digits_lost, Some(3.5));
        assert_eq!(f.steps.len(), 2);
        assert_eq!(f.steps[1].fd, None);
        assert_eq!(f.step, Some(0.001));
        assert!(f.diagnosis_words().unwrap().contains("2 ×"));
    }

    #[test]
    fn malformed_files_are_listed_not_fatal() {
        let dir =
            std::env::temp_dir().join(format!("gradcheck-report-load-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.good.json"), OLD).unwrap();
        fs::write(dir.join("b.cut.json"), &OLD[..40]).unwrap();
        fs::write(dir.join("c.array.json"), "[1, 2]").unwrap();
        fs::write(dir.join("d.other.json"), r#"{"name": "not a report"}"#).unwrap();
        fs::write(dir.join("e.binary.json"), [0xff, 0xfe, 0x00]).unwrap();
        fs::write(
            dir.join("f.wrong_type.json"),
            r#"{"function": "c::g", "findings": 3}"#,
        )
        .unwrap();
        fs::write(dir.join("g.empty.jsonl"), "\n").unwrap();
        fs::write(dir.join("h.run.jsonl"), "{\"step\":0,\"loss\":1}\n{bad\n").unwrap();
        fs::write(dir.join("notes.txt"), "ignored").unwrap();
        fs::create_dir_all(dir.join("sub.json")).unwrap();
        let run = load_dir(&dir).unwrap();
        let bad: Vec<&str> = run.unreadable.iter().map(|u| u.file.as_str()).collect();
        assert_eq!(
            bad,
            [
                "b.cut.json",
                "c.array.json",
                "d.other.json",
                "e.binary.json",
                "f.wrong_type.json",
                "g.empty.jsonl"
            ]
        );
        assert_eq!(run.reports.len(), 1);
        assert_eq!(run.monitors.len(), 1);
        assert_eq!(run.monitors[0].bad_lines, 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(load_dir(Path::new("/nonexistent/gradcheck-report")).is_err());
    }
}
