//! Where a report goes: the JSON file in `GRADCHECK_REPORT_DIR`, the test's output, and the
//! panic message of a failed test.
//!
//! Each annotated function has several generated tests (gradient, Hessian, reference) but
//! one report file, `<function path>.json`. Each test merges its own results into that file
//! under a lock (the tests of one function may run in parallel threads or processes), and
//! drops results of checks the function no longer has.

use super::{regressions, target};
use crate::report::finding::Kind;
use crate::report::{CheckSummary, Report};
use crate::spec::Spec;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Serializes merges within one process; the file lock serializes processes (nextest).
static MERGE: Mutex<()> = Mutex::new(());

/// The line that reruns a check with the same points: the target (`--example fit`, `--test
/// forms`, `--lib`, with `-p` and `--features` when needed) and the generated test's name, or
/// for a `Check` its name and where it was run.
pub(crate) fn reproduce_line(spec: &Spec) -> String {
    let seed = spec.effective_seed();
    match spec.caller {
        Some(at) => {
            let krate = target::running_crate();
            let dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
            let facts = target::Facts {
                crate_name: krate.as_deref().unwrap_or(""),
                file: Some(at.file()),
                package_dir: dir.as_deref().filter(|_| krate.is_some()),
                integration: None,
                example_binary: target::running_an_example(),
            };
            format!(
                "GRADCHECK_SEED={seed} cargo test {}<the test that runs Check \"{}\" at {}:{}>",
                selector(&facts),
                spec.function(),
                at.file(),
                at.line()
            )
        }
        None => {
            let name = spec
                .function()
                .rsplit("::")
                .next()
                .unwrap_or(spec.function());
            let facts = target::Facts {
                crate_name: spec.function().split("::").next().unwrap_or(""),
                file: spec.source.as_ref().map(|(file, _)| file.as_str()),
                package_dir: spec.regressions.as_deref(),
                integration: spec.integration,
                example_binary: target::running_an_example(),
            };
            format!(
                "GRADCHECK_SEED={seed} cargo test {}{name}",
                selector(&facts)
            )
        }
    }
}

/// The target's arguments followed by a space, or nothing when the target is unknown.
fn selector(facts: &target::Facts) -> String {
    target::select(facts).map_or(String::new(), |s| format!("{s} "))
}

/// Writes `report` (the results of `check`) into the function's report file when
/// `GRADCHECK_REPORT_DIR` is set; a failure to write is said on stderr, never a panic.
pub(crate) fn write(spec: &Spec, check: &str, report: &Report) {
    if let Some(dir) = std::env::var_os("GRADCHECK_REPORT_DIR") {
        if let Err(e) = merge_into(Path::new(&dir), spec, check, report) {
            eprintln!(
                "gradcheck: could not write the report to {}: {e}",
                dir.to_string_lossy()
            );
        }
    }
}

/// Ends a generated test: writes the JSON when `GRADCHECK_REPORT_DIR` is set, prints the
/// report when it has findings, and panics with it when it failed.
#[track_caller]
pub(crate) fn finish(spec: &Spec, check: &str, report: Report) {
    write(spec, check, &report);
    if !report.passed() {
        remember(spec, &report);
        fail(&report, "");
    }
    if !report.findings.is_empty() || !report.notes.is_empty() {
        println!("{report}");
    }
}

/// Writes the failing run's simplest failing point (else its worst error's point) to the
/// function's regressions file, when the spec names one.
fn remember(spec: &Spec, report: &Report) {
    let Some(worst) = report.sorted().into_iter().find(|f| f.is_error()) else {
        return;
    };
    let what = format!(
        "{} at {}, seed {}",
        worst.kind,
        super::table::entry_name(worst),
        report.seed
    );
    let point = report
        .across
        .simplest
        .as_ref()
        .map_or(&worst.point, |s| &s.point);
    regressions::remember(spec, point, &what);
}

/// Whether the check called `check` can report a finding of `kind`: a Hessian check finds no
/// kink, a gradient check no `reference_mismatch`.
fn can_find(check: &str, kind: Kind) -> bool {
    match kind {
        Kind::NonfiniteValue | Kind::NonfiniteDerivative | Kind::Nondeterministic | Kind::Panic => {
            true
        }
        Kind::HessianMismatch => check == "hessian",
        Kind::ReferenceMismatch => check == "reference",
        _ => check == "gradient",
    }
}

/// Ends a generated test with `expect(..)`: when this check can report one of the `expected`
/// kinds, the test passes only if it found an error of one of them (the JSON report is the
/// same as without `expect`: `passed` stays false); otherwise it ends as [`finish`] does.
#[track_caller]
pub(crate) fn finish_expecting(spec: &Spec, check: &str, report: Report, expected: &[Kind]) {
    let mine: Vec<Kind> = expected
        .iter()
        .copied()
        .filter(|&k| can_find(check, k))
        .collect();
    if mine.is_empty() {
        return finish(spec, check, report);
    }
    write(spec, check, &report);
    let names: Vec<&str> = mine.iter().map(|k| k.name()).collect();
    let declared = format!("expect({})", names.join(", "));
    if report.errors().any(|f| mine.contains(&f.kind)) {
        println!("{report}  expected failure: `{declared}` declared it and the check found it, so the test passes");
        return;
    }
    let mut others: Vec<&str> = report.errors().map(|f| f.kind.name()).collect();
    others.sort_unstable();
    others.dedup();
    let found = if others.is_empty() {
        "no error at all".to_owned()
    } else {
        format!("only errors of other kinds ({})", others.join(", "))
    };
    fail(&report, &format!("  `{declared}` declares a known failure, but the check found {found}: if the bug was fixed, remove `expect`"))
}

/// Fails a generated test: on GitHub Actions one `::error` annotation on the function's file
/// and line, and a panic whose message starts with `file:line` (editors and CI logs link it),
/// then the report.
#[track_caller]
fn fail(report: &Report, after: &str) -> ! {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        if let Some(line) = annotation(report) {
            println!("{line}");
        }
    }
    match report.source() {
        Some(at) => panic!("{at}: {report}{after}"),
        None => panic!("\n{report}{after}"),
    }
}

/// The GitHub Actions workflow command for a failed report: one per function, on its source
/// line, titled with the function, saying the worst error.
pub(crate) fn annotation(report: &Report) -> Option<String> {
    let at = report.source()?;
    let worst = report.sorted().into_iter().find(|f| f.is_error())?;
    let message = format!(
        "{} at {} ({} error{} in all): {}",
        worst.kind,
        super::table::entry_name(worst),
        report.errors().count(),
        if report.errors().count() == 1 {
            ""
        } else {
            "s"
        },
        worst.message
    );
    Some(format!(
        "::error file={},line={},title={}::{}",
        property(&at.file),
        at.line,
        property(&format!("gradient check of {} failed", report.function())),
        data(&message)
    ))
}

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Merges `report` (the results of `check`) into the function's report file in `dir`.
pub(crate) fn merge_into(
    dir: &Path,
    spec: &Spec,
    check: &str,
    report: &Report,
) -> std::io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = dir.join(super::naming::report_file_name(spec.function()));
    let _guard = MERGE.lock().unwrap_or_else(|p| p.into_inner());
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    file.lock()?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let previous: Option<Report> = serde_json::from_str(&text).ok();
    let merged = merge(previous, spec, check, report);
    write_all(&mut file, merged.to_json_pretty().as_bytes())?;
    file.unlock()?;
    Ok(path)
}

fn write_all(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.flush()
}

/// The combined report: the other checks' results kept (when they still exist), this
/// check's replaced; totals recomputed. Whatever order the checks finish in (threads of one
/// process, or one process each under nextest), the result is the same: checks, their
/// findings and their notes in check-name order, each check's own in its own order; and
/// nothing of a check that no longer exists or of an earlier run stays.
pub(crate) fn merge(previous: Option<Report>, spec: &Spec, check: &str, report: &Report) -> Report {
    let live = |name: &str| name != check && spec.checks.iter().any(|c| c == name);
    let mut merged = Report::new(report.function.clone(), report.seed);
    merged.reproduce = report.reproduce.clone();
    merged.source = report.source.clone();
    merged.across = report.across.clone();
    merged.witness = report.witness;
    merged.set_source(report.source().cloned());
    if let Some(prev) = previous.filter(|p| p.function == report.function) {
        merged.checks = prev.checks.into_iter().filter(|c| live(&c.name)).collect();
        merged.findings = prev
            .findings
            .into_iter()
            .filter(|f| live(&f.check))
            .collect();
    }
    merged.checks.push(CheckSummary {
        name: check.to_owned(),
        passed: report.passed,
        points_checked: report.points_checked,
        evaluations: report.evaluations,
        notes: report.notes.clone(),
    });
    merged.checks.sort_by(|a, b| a.name.cmp(&b.name));
    let mut findings: Vec<_> = report
        .findings
        .iter()
        .cloned()
        .map(|mut f| {
            f.check = check.to_owned();
            f
        })
        .collect();
    merged.findings.append(&mut findings);
    // Stable: each check's findings keep their (point) order.
    merged.findings.sort_by(|a, b| a.check.cmp(&b.check));
    for c in &merged.checks {
        for n in &c.notes {
            if !merged.notes.contains(n) {
                merged.notes.push(n.clone());
            }
        }
    }
    merged.passed = merged.checks.iter().all(|c| c.passed);
    merged.points_checked = merged
        .checks
        .iter()
        .map(|c| c.points_checked)
        .max()
        .unwrap_or(0);
    merged.evaluations = merged.checks.iter().map(|c| c.evaluations).sum();
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_report_is_one_annotation_on_its_source_line() {
        let mut r = report("gradient", false);
        assert_eq!(annotation(&r), None, "no source, no annotation");
        r.set_source(Some(crate::report::Source {
            file: "src/loss.rs".into(),
            line: 42,
        }));
        let line = annotation(&r).unwrap();
        assert!(
            line.starts_with("::error file=src/loss.rs,line=42,title=gradient check of c%3A%3Af failed::hessian_mismatch"),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert_eq!(data("50%\nok"), "50%25%0Aok");
        assert_eq!(annotation(&report("gradient", true)), None);
    }
    use crate::{Finding, Kind, Layout};

    fn report(check: &str, passed: bool) -> Report {
        let mut r = Report::new("c::f", 1);
        r.points_checked = 4;
        r.evaluations = 10;
        if !passed {
            let mut f = Finding::new(Kind::HessianMismatch, &[1.0], "bad");
            f.check = check.into();
            r.push(f);
        }
        r
    }

    #[test]
    fn merging_keeps_other_checks_and_replaces_own() {
        let spec = Spec::new("c::f", Layout::flat(1)).checks(&["gradient", "hessian"]);
        let a = merge(None, &spec, "hessian", &report("hessian", false));
        let b = merge(Some(a), &spec, "gradient", &report("gradient", true));
        assert!(!b.passed);
        assert_eq!(b.evaluations, 20);
        assert_eq!(b.findings.len(), 1);
        let c = merge(Some(b), &spec, "hessian", &report("hessian", true));
        assert!(c.passed && c.findings.is_empty());
    }

    #[test]
    fn the_merged_file_is_the_same_whatever_order_the_checks_finish_in() {
        let spec = Spec::new("c::f", Layout::flat(1)).checks(&["gradient", "hessian"]);
        let at = crate::report::Source {
            file: "src/loss.rs".into(),
            line: 3,
        };
        let (mut g, mut h) = (report("gradient", false), report("hessian", false));
        g.note("points: 4 random");
        h.note("points: 4 random");
        h.note("hessian note");
        g.set_source(Some(at.clone()));
        h.set_source(Some(at.clone()));
        let gh = merge(
            Some(merge(None, &spec, "gradient", &g)),
            &spec,
            "hessian",
            &h,
        );
        let hg = merge(
            Some(merge(None, &spec, "hessian", &h)),
            &spec,
            "gradient",
            &g,
        );
        assert_eq!(gh.to_json(), hg.to_json());
        assert_eq!(gh.findings[0].check, "gradient");
        assert_eq!(
            gh.source(),
            Some(&at),
            "the file keeps where the function is"
        );
        // A later run's notes replace the earlier run's: nothing accumulates.
        let mut g2 = report("gradient", true);
        g2.note("points: 9 random");
        let later = merge(Some(gh), &spec, "gradient", &g2);
        assert_eq!(
            later.notes,
            ["points: 9 random", "points: 4 random", "hessian note"]
        );
    }

    #[test]
    fn a_report_read_back_from_its_file_is_the_same_to_the_bit() {
        // Merging reads the file back: 0.9685573257897411 came back as ...412 before
        // serde_json's `float_roundtrip`.
        let mut r = Report::new("c::f", 1);
        let values = [
            0.9685573257897411,
            0.9686541815223201,
            -0.9855835106314373,
            1.2497986511624681,
            -0.9239159623945183,
            5e-324,
        ];
        r.push(Finding::new(Kind::Mismatch, &values, "m"));
        let back: Report = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(back.findings[0].point, values);
        assert_eq!(back.to_json(), r.to_json());
    }

    #[test]
    fn merging_drops_checks_that_no_longer_exist() {
        let old = Spec::new("c::f", Layout::flat(1)).checks(&["gradient", "hessian"]);
        let a = merge(None, &old, "hessian", &report("hessian", false));
        let new = Spec::new("c::f", Layout::flat(1)).checks(&["gradient"]);
        let b = merge(Some(a), &new, "gradient", &report("gradient", true));
        assert!(b.passed && b.checks.len() == 1);
    }

    #[test]
    fn files_are_written_and_merged() {
        let dir = std::env::temp_dir().join(format!("gradcheck-out-{}", std::process::id()));
        let spec = Spec::new("c::f", Layout::flat(1)).checks(&["gradient", "hessian"]);
        merge_into(&dir, &spec, "gradient", &report("gradient", true)).unwrap();
        let path = merge_into(&dir, &spec, "hessian", &report("hessian", false)).unwrap();
        assert_eq!(path.file_name().unwrap(), "c.f.json");
        let back: Report = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert!(!back.passed && back.checks.len() == 2);
        let _ = fs::remove_dir_all(dir);
    }
}
