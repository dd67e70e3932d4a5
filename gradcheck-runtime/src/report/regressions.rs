//! Remembered failures: a point where a generated test failed is written to
//! `<package>/gradcheck-regressions/<function path>.txt` (one point per line, as proptest keeps
//! its `proptest-regressions`), and every later run checks those points first, with origin
//! `regression`, so that a bug found once by a random seed is not lost when the seed or the
//! sampling changes. Users commit the file; deleting a line forgets its point.

use crate::spec::Spec;
use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Mutex;

/// Serializes writers within one process; the file lock serializes processes.
static WRITE: Mutex<()> = Mutex::new(());

const HEADER: &str = "\
# Points where this function failed a check, remembered by gradcheck: every run checks them
# first (origin `regression`), whatever the seed. Commit this file; delete a line to forget
# its point. One point per line: every differentiable scalar, flat, in parameter order.
";

/// The remembered points of `spec`'s function with `n` values each; lines of another length
/// (the signature changed) and lines that do not parse are skipped.
pub(crate) fn load(spec: &Spec, n: usize) -> Vec<Vec<f64>> {
    let Some(path) = spec.regressions_file() else {
        return Vec::new();
    };
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut points: Vec<Vec<f64>> = Vec::new();
    for p in text.lines().filter_map(parse) {
        if p.len() == n && !points.contains(&p) {
            points.push(p);
        }
    }
    points
}

/// One line: `[1.5, -0.25] # what failed there`; `None` for comments, blanks and garbage.
fn parse(line: &str) -> Option<Vec<f64>> {
    let body = line.split('#').next()?.trim();
    let inner = body.strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split(',')
        .map(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect()
}

/// The line for `point`: full precision (`{:?}` of an `f64` reads back bit for bit).
fn line(point: &[f64], what: &str) -> String {
    let values: Vec<String> = point.iter().map(|v| format!("{v:?}")).collect();
    format!("[{}] # {what}\n", values.join(", "))
}

/// Adds `point` to `spec`'s file unless it is there already; says on stderr where it went
/// (a failure to write is said too, never a panic: the test's own failure matters more).
pub(crate) fn remember(spec: &Spec, point: &[f64], what: &str) {
    let Some(path) = spec.regressions_file() else {
        return;
    };
    match append(&path, point, what) {
        Ok(true) => eprintln!(
            "gradcheck: remembered the failing point in {} (commit it: later runs check it first)",
            path.display()
        ),
        Ok(false) => {}
        Err(e) => eprintln!(
            "gradcheck: could not remember the failing point in {}: {e}",
            path.display()
        ),
    }
}

/// Appends `point` to the file at `path`; `Ok(false)` when it was already there.
fn append(path: &Path, point: &[f64], what: &str) -> std::io::Result<bool> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let _guard = WRITE.lock().unwrap_or_else(|p| p.into_inner());
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)?;
    file.lock()?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let known = text.lines().filter_map(parse).any(|p| p == point);
    if !known {
        let mut out = String::new();
        if text.is_empty() {
            out.push_str(HEADER);
        }
        out.push_str(&line(point, what));
        file.write_all(out.as_bytes())?;
    }
    file.unlock()?;
    Ok(!known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn lines_read_back_bit_for_bit() {
        let p = [0.1 + 0.2, -0.0, 1e-300, 3.0];
        assert_eq!(parse(&line(&p, "mismatch at x[0]")).unwrap(), p);
        assert_eq!(parse("# a comment"), None);
        assert_eq!(parse("[1.0, nan]"), None);
        assert_eq!(parse("  [2.5] # trailing words"), Some(vec![2.5]));
    }

    #[test]
    fn points_are_remembered_once_and_loaded_by_length() {
        let dir = std::env::temp_dir().join(format!("gradcheck-regr-{}", std::process::id()));
        let spec = Spec::new("c::f", Layout::flat(2)).regressions_in(&dir);
        assert!(load(&spec, 2).is_empty());
        remember(&spec, &[1.0, 2.0], "mismatch");
        remember(&spec, &[1.0, 2.0], "mismatch again");
        remember(&spec, &[0.5, -0.5], "kink");
        let path = spec.regressions_file().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Points where"), "{text}");
        assert_eq!(load(&spec, 2), vec![vec![1.0, 2.0], vec![0.5, -0.5]]);
        assert!(
            load(&spec, 3).is_empty(),
            "a point of another length is skipped"
        );
        let _ = fs::remove_dir_all(dir);
    }
}
