//! Report files stay in `GRADCHECK_REPORT_DIR` whatever a `Check` is called, a folder that
//! cannot be written is said (never a panic), and processes writing one function's report at
//! once (nextest runs each generated test in a process of its own) lose nothing.
//!
//! `GRADCHECK_REPORT_DIR` is read from the environment, which one test cannot set for itself
//! alone: each case runs this test binary again as a child process (`child` below, which does
//! nothing unless `GRADCHECK_REPORTS_CHILD` says what to do).

use gradcheck_runtime::__private::{finish, Report};
use gradcheck_runtime::{Check, Layout, Spec};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CHILD: &str = "GRADCHECK_REPORTS_CHILD";

/// Names no file may be made from as they are: parent folders, absolute paths, both
/// separators, NUL, a control character, Windows' reserved characters, 300 characters.
fn hostile_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "..",
        "../../escaped",
        "../escaped::f",
        "/tmp/gradcheck-escaped",
        "a/b/c",
        "a\\..\\..\\b",
        "nul\0byte",
        "new\nline",
        "C:\\x",
        "<>:\"|?*",
        ".hidden",
        "",
        "ok::name",
    ]
    .map(str::to_owned)
    .to_vec();
    names.push("x".repeat(300));
    names.push("é".repeat(300));
    names
}

/// A fresh folder under the system's temporary one.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradcheck-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_child(role: &str, envs: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CHILD, role)
        .env_remove("GRADCHECK_REPORT_DIR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the test binary runs again");
    assert!(
        out.status.success(),
        "child {role}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// What a child does: `names` runs a `Check` under each hostile name; `writer:K:M` merges
/// M checks of its own (`w{K}_{i}`) into one function's report, one at a time.
#[test]
fn child() {
    let Ok(role) = std::env::var(CHILD) else {
        return;
    };
    if role == "names" {
        for name in hostile_names() {
            let r = Check::new(name.clone(), |x: &[f64]| x[0] * x[0])
                .gradient(|x: &[f64]| vec![2.0 * x[0]])
                .at(&[0.5])
                .run();
            assert!(r.passed(), "{name:?}: {r}");
        }
        return;
    }
    let parts: Vec<usize> = role
        .strip_prefix("writer:")
        .expect("a role")
        .split(':')
        .map(|n| n.parse().unwrap())
        .collect();
    let (k, m, writers) = (parts[0], parts[1], parts[2]);
    let all: Vec<String> = (0..writers)
        .flat_map(|w| (0..m).map(move |i| format!("w{w}_{i}")))
        .collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let spec = Spec::new("reports::shared", Layout::flat(1)).checks(&all);
    for i in 0..m {
        let report = gradcheck_runtime::check_gradient(
            &Spec::new("reports::shared", Layout::flat(1)).at(&[i as f64]),
            &Square,
            None,
        );
        finish(&spec, &format!("w{k}_{i}"), report);
    }
}

struct Square;
impl gradcheck_runtime::Function for Square {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x[0] * x[0]]
    }
}

#[test]
fn reports_stay_in_their_folder_whatever_the_name() {
    let root = scratch("contain");
    let dir = root.join("a").join("b").join("reports");
    run_child("names", &[("GRADCHECK_REPORT_DIR", &dir)]);
    let written = files(&root);
    let names = hostile_names();
    assert_eq!(
        written.len(),
        names.len(),
        "one file per name: {written:#?}"
    );
    let mut functions = Vec::new();
    for path in &written {
        assert_eq!(
            path.parent(),
            Some(dir.as_path()),
            "{path:?} left its folder"
        );
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= 255 && name.ends_with(".json"), "{name}");
        let text = std::fs::read_to_string(path).unwrap();
        let report: Report = serde_json::from_str(&text).unwrap();
        functions.push(report.function().to_owned());
    }
    functions.sort();
    let mut want = names;
    want.sort();
    assert_eq!(
        functions, want,
        "each file keeps its function's name as given"
    );
    assert!(!Path::new("/tmp/gradcheck-escaped.json").exists());
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_folder_that_cannot_be_written_is_said_not_panicked() {
    let root = scratch("unwritable");
    let file = root.join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = run_child("names", &[("GRADCHECK_REPORT_DIR", &file)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gradcheck: could not write the report to")
            && stderr.contains("not-a-folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn processes_writing_one_report_at_once_lose_nothing() {
    const WRITERS: usize = 6;
    const EACH: usize = 25;
    let dir = scratch("concurrent");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..WRITERS)
        .map(|k| {
            Command::new(&exe)
                .args(["--exact", "child", "--test-threads=1"])
                .env(CHILD, format!("writer:{k}:{EACH}:{WRITERS}"))
                .env("GRADCHECK_REPORT_DIR", &dir)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(dir.join("reports.shared.json")).unwrap();
    let report: Report = serde_json::from_str(&text).unwrap();
    let mut names: Vec<&str> = report.checks().iter().map(|c| c.name.as_str()).collect();
    names.sort();
    let mut want: Vec<String> = (0..WRITERS)
        .flat_map(|w| (0..EACH).map(move |i| format!("w{w}_{i}")))
        .collect();
    want.sort();
    assert_eq!(names, want, "every write of every process is in the file");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let _ = std::fs::remove_dir_all(dir);
}
