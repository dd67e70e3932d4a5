//! Compile-error tests for `#[gradient_checked]`: each case must fail to compile with exactly
//! its checked-in `.stderr` (regenerate with `TRYBUILD=overwrite`, then read every file: the
//! message must say what to do, the span must be on the offending token).
//!
//! - `tests/ui/`: mistakes the macro itself reports, run by trybuild.
//! - `tests/ui-cfg-test/`: mistakes only the compiler can find, in the generated test module
//!   (a `grad` with the wrong signature, a `data` value of the wrong type). That module exists
//!   under `cfg(test)` alone, and trybuild builds its cases as plain binaries, so these cases
//!   are compiled here with `rustc --test`, against the facade this very test was linked with.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
fn ui_under_cfg_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let facade = newest_rlib(&deps, "libgradient_checked-");
    let out_dir =
        std::env::temp_dir().join(format!("gradcheck-ui-cfg-test-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let overwrite = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/ui-cfg-test"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut wrong = Vec::new();
    for case in &cases {
        let relative = case.strip_prefix(root).unwrap();
        let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .current_dir(root)
            .args([
                "--edition=2021",
                "--test",
                "--emit=metadata",
                "--color=never",
                "--diagnostic-width=140",
            ])
            .args(["-A", "dead_code", "--crate-name", "ui_case"])
            .arg("-L")
            .arg(format!("dependency={}", deps.display()))
            .arg("--extern")
            .arg(format!("gradient_checked={}", facade.display()))
            .arg("--out-dir")
            .arg(&out_dir)
            .arg(relative)
            .output()
            .expect("rustc runs");
        let stderr = normalize(&String::from_utf8_lossy(&output.stderr), root);
        let expected_path = case.with_extension("stderr");
        if output.status.success() {
            wrong.push(format!(
                "{}: compiled, but it should fail",
                relative.display()
            ));
        } else if overwrite {
            std::fs::write(&expected_path, &stderr).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != stderr {
                wrong.push(format!(
                    "{}: stderr differs; expected:\n{expected}\ngot:\n{stderr}",
                    relative.display()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// The facade rlib cargo built for this test run: the newest, should older builds linger.
fn newest_rlib(deps: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".rlib")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("cargo builds the facade's rlib before its integration tests")
}

/// Machine-specific paths out of the output: the workspace, the toolchain's sources.
fn normalize(stderr: &str, root: &Path) -> String {
    let mut out = stderr.replace(&format!("{}/", root.display()), "");
    if let Some(i) = out.find("/rustc/") {
        // `/rustc/<commit hash>/library/..` in notes that point into std.
        let hash_end = out[i + 7..].find('/').map_or(out.len(), |j| i + 7 + j);
        let hash = out[i..hash_end].to_owned();
        out = out.replace(&hash, "$RUST");
    }
    out.lines()
        // rustc writes long type names (nalgebra's) to a file named after the process: drop
        // the note that says where, which differs from run to run.
        .filter(|l| {
            !l.contains("the full name for the type has been written to")
                && !l.contains("consider using `--verbose` to print the full type name")
        })
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
