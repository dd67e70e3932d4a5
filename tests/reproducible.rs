//! The reports of generated tests are the same files, byte for byte, whether the tests run
//! together in one process (`cargo test`: threads, in any order) or each in a process of its
//! own (nextest), and whatever the thread count. One function's checks (gradient, Hessian,
//! reference) are separate tests that merge into one file: in whichever order they finish,
//! the file is the same.
//!
//! The test runs this binary again: once with every test of `subjects` in one process on 8
//! test threads, once per test with `--exact` (what nextest does) and `RAYON_NUM_THREADS=1`.
//! `scripts/reproducible.sh` does the same with `cargo test` and `cargo nextest run`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod subjects {
    use gradient_checked::prelude::*;

    fn grad(x: f64, y: f64) -> (f64, f64) {
        (2.0 * x * y + y.cos(), x * x - x * y.sin())
    }
    fn hess(x: f64, y: f64) -> Vec<Vec<f64>> {
        vec![
            vec![2.0 * y, 2.0 * x - y.sin()],
            vec![2.0 * x - y.sin(), -x * y.cos()],
        ]
    }
    fn naive(x: f64, y: f64) -> f64 {
        x * x * y + x * y.cos()
    }

    #[gradient_checked(samples = 24, domain = -2.0..2.0, seed = 4, grad = grad, hessian = hess, reference = naive)]
    fn poly<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
        x * x * y + x * y.cos()
    }

    fn wrong(x: &[f64; 3]) -> [f64; 3] {
        [2.0 * x[0], 2.0 * x[1] * 1.0001, x[2].signum()]
    }
    fn wrong_hessian(_: &[f64; 3]) -> [[f64; 3]; 3] {
        [[2.0, 0.0, 0.0], [0.0, 2.2, 0.0], [0.0, 0.0, 0.0]]
    }

    // Failing on purpose, with findings of several kinds in two checks (`expect` turns the
    // tests around and remembers no point).
    #[gradient_checked(samples = 24, domain = -1.0..1.0, grad = wrong, hessian = wrong_hessian, expect(mismatch, hessian_mismatch))]
    fn kinked<D: DualNum<Primitive = f64> + Copy>(x: &[D; 3]) -> D {
        x[0] * x[0] + x[1] * x[1] + x[2].abs()
    }
}

const CHILD: &str = "GRADCHECK_REPRODUCIBLE_CHILD";
const TESTS: &[&str] = &[
    "subjects::kinked::gradient",
    "subjects::kinked::hessian",
    "subjects::poly::gradient",
    "subjects::poly::hessian",
    "subjects::poly::reference",
];

fn exe() -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env(CHILD, "1")
        .env_remove("GRADCHECK_SEED")
        .env_remove("GRADCHECK_SAMPLES");
    cmd
}

fn run(mut cmd: Command) {
    let out = cmd.output().expect("the test binary runs again");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradcheck-repro-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn one_process_or_one_per_test_write_the_same_report_files() {
    if std::env::var_os(CHILD).is_some() {
        return; // the child runs `subjects` only
    }
    let together = scratch("together");
    let mut cmd = exe();
    cmd.args(["subjects::", "--test-threads=8"])
        .env("GRADCHECK_REPORT_DIR", &together);
    run(cmd);
    let apart = scratch("apart");
    for test in TESTS.iter().rev() {
        let mut cmd = exe();
        cmd.args(["--exact", test])
            .env("GRADCHECK_REPORT_DIR", &apart)
            .env("RAYON_NUM_THREADS", "1");
        run(cmd);
    }
    let (a, b) = (contents(&together), contents(&apart));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "reproducible.subjects.kinked.json",
            "reproducible.subjects.poly.json"
        ]
    );
    assert!(
        a[0].1.contains("\"hessian_mismatch\"") && a[0].1.contains("\"kink\""),
        "{}",
        a[0].1
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs:\n{x}\n---\n{y}");
    }
    let _ = std::fs::remove_dir_all(together);
    let _ = std::fs::remove_dir_all(apart);
}

/// The line under a report reruns its check: in an integration test it names the test
/// target (a bare `cargo test cube` would build and run every target of the package).
/// `scripts/reproduce_line.sh` runs such lines, for an example and for this file, and sees
/// the test listed.
mod line {
    use gradient_checked::prelude::*;

    fn cube_grad(x: f64) -> f64 {
        3.0 * x * x
    }

    #[gradient_checked(samples = 4, seed = 7, grad = cube_grad)]
    fn cube<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x * x * x
    }

    #[test]
    fn the_reproduce_line_selects_this_test_file() {
        let shown = cube::gradient_report().to_string();
        assert!(
            shown.contains("reproduce: GRADCHECK_SEED=7 cargo test --test reproducible cube\n"),
            "{shown}"
        );
    }
}
