//! The same function and seed give the same JSON, byte for byte, whatever the number of
//! threads the points are checked on (`RAYON_NUM_THREADS=1` and `=8`) and whether the check
//! runs beside other tests in one process (`cargo test`) or alone in a process of its own
//! (nextest): points are checked in parallel, but findings are filed in point order and
//! nothing a point computes depends on another.
//!
//! The suite below covers what could depend on scheduling: random points, a failing gradient
//! (its diagnosis, simplest point and error-versus-step data), a kink, panics and NaN at some
//! points, fast mode's random directions and localisation at n = 1200, a Hessian, and the
//! finite-difference-only `Check`. The thread count of rayon's pool is fixed at its first
//! use, so each count runs in a child process (this binary again, test `child`).

use gradcheck_runtime::__private::{check_gradient, check_hessian};
use gradcheck_runtime::{Check, Function, Layout, Mode, Number, Report, Spec};
use std::process::Command;

const CHILD: &str = "GRADCHECK_REPRODUCIBLE_CHILD";

/// Smooth, kinked where x₀ = 0.3 (|x₀ − 0.3|), NaN where x₁ > 1.5, panicking where x₂ > 1.7.
struct Mixed;
impl Function for Mixed {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        assert!(x[2].re() <= 1.7, "x2 = {} is out of range", x[2].re());
        let kink = (x[0] - 0.3).abs();
        let mut v = x[0].sin() * x[1] + x[2] * x[2] * x[1].exp() + kink;
        if x[1].re() > 1.5 {
            v *= f64::NAN;
        }
        vec![v]
    }
}

fn mixed_grad(x: &[f64]) -> Vec<Vec<f64>> {
    let s = (x[0] - 0.3).signum();
    vec![vec![
        x[0].cos() * x[1] + s,
        x[0].sin() + x[2] * x[2] * x[1].exp() * 1.001, // wrong by 1e-3 (relative, in part)
        2.0 * x[2] * x[1].exp(),
    ]]
}

/// Σ (xᵢ₊₁ − xᵢ²)² + xᵢ²: a large input for fast mode.
struct Chain;
impl Function for Chain {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let mut s = D::from(0.0);
        for w in x.windows(2) {
            let a = w[1] - w[0] * w[0];
            s += a * a + w[0] * w[0];
        }
        vec![s]
    }
}

fn chain_grad(x: &[f64]) -> Vec<Vec<f64>> {
    let mut g = vec![0.0; x.len()];
    for i in 0..x.len() - 1 {
        let a = x[i + 1] - x[i] * x[i];
        g[i] += -4.0 * x[i] * a + 2.0 * x[i];
        g[i + 1] += 2.0 * a;
    }
    g[777] *= 1.0 + 1e-5;
    vec![g]
}

/// x₀²x₁ + sin x₁ and its Hessian with one wrong entry.
struct Small;
impl Function for Small {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x[0] * x[0] * x[1] + x[1].sin()]
    }
}

/// Every report of the suite, by name.
fn suite() -> Vec<(&'static str, Report)> {
    let mixed = Spec::new("repro::mixed", Layout::flat(3))
        .samples(48)
        .domain(-2.0..2.0)
        .seed(3)
        .at(&[0.3, 0.5, 0.5]);
    let chain = Spec::new("repro::chain", Layout::flat(1200))
        .samples(3)
        .seed(5)
        .mode(Mode::Fast)
        .directions(4);
    let small = Spec::new("repro::small", Layout::flat(2))
        .samples(16)
        .seed(9);
    let hess = |x: &[f64]| {
        vec![
            vec![2.0 * x[1], 2.0 * x[0]],
            vec![2.0 * x[0], -x[1].sin() * 1.01],
        ]
    };
    let check = Check::new("repro::check", |x: &[f64]| (x[0] * x[1]).cos() + x[1].abs())
        .gradient(|x: &[f64]| {
            let s = (x[0] * x[1]).sin();
            vec![-x[1] * s, -x[0] * s + x[1].signum() * 1.0001]
        })
        .dims(2)
        .samples(32)
        .seed(11);
    vec![
        ("mixed", check_gradient(&mixed, &Mixed, Some(&mixed_grad))),
        ("chain", check_gradient(&chain, &Chain, Some(&chain_grad))),
        ("small_hessian", check_hessian(&small, &Small, &hess)),
        ("check", check.run()),
    ]
}

fn as_text(suite: &[(&str, Report)]) -> String {
    suite
        .iter()
        .map(|(name, r)| format!("== {name}\n{}\n", r.to_json_pretty()))
        .collect()
}

/// In a child: prints the suite's JSON between markers.
#[test]
fn child() {
    if std::env::var_os(CHILD).is_some() {
        println!("<<<{}>>>", as_text(&suite()));
    }
}

fn in_child(threads: &str) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("GRADCHECK_SEED")
        .env_remove("GRADCHECK_SAMPLES")
        .output()
        .expect("the test binary runs again");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let start = text.find("<<<").expect("the child's output") + 3;
    let end = text.rfind(">>>").unwrap();
    text[start..end].to_owned()
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_thread_on_eight_and_beside_other_tests() {
    if std::env::var_os("GRADCHECK_SEED").is_some()
        || std::env::var_os("GRADCHECK_SAMPLES").is_some()
    {
        return; // the suite's seeds and samples are its own
    }
    let here = suite();
    // The suite finds what it was built to find (else "the same" would prove little).
    let kinds = |i: usize| {
        here[i]
            .1
            .errors()
            .map(|f| f.kind.name())
            .collect::<Vec<_>>()
    };
    for (i, want) in [
        (0, "mismatch"),
        (0, "kink"),
        (0, "panic"),
        (0, "nonfinite_value"),
        (1, "mismatch"),
        (2, "hessian_mismatch"),
        (3, "mismatch"),
    ] {
        assert!(
            kinds(i).contains(&want),
            "{}: no {want}: {}",
            here[i].0,
            here[i].1
        );
    }
    let here = as_text(&here);
    let one = in_child("1");
    let eight = in_child("8");
    assert!(
        one == eight,
        "1 and 8 threads differ:\n{}",
        first_difference(&one, &eight)
    );
    assert!(
        one == here,
        "a process of its own and this one differ:\n{}",
        first_difference(&one, &here)
    );
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(a.lines().count().min(b.lines().count()));
    let context = |s: &str| {
        s.lines()
            .skip(line.saturating_sub(3))
            .take(6)
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!("at line {line}:\n{}\n---\n{}", context(a), context(b))
}
