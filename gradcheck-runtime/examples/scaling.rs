//! How the check's cost grows with the input: check time over the time of one plain `f64`
//! evaluation, and the report's evaluation count, in full and fast mode, on extended
//! Rosenbrock and on a dense-layer softmax cross-entropy loss. Also the vector-dual chunk and
//! Hessian method measurements behind the choices in `eval.rs` and `hessian.rs`.
//!
//! Run with `cargo run --release -p gradcheck-runtime --example scaling` (BENCHMARKS.md).

use gradcheck_runtime::__private::check_gradient;
use gradcheck_runtime::{Function, Layout, Mode, Spec};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Extended Rosenbrock: independent pairs (x₂ᵢ, x₂ᵢ₊₁).
struct Rosenbrock;

impl Function for Rosenbrock {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let mut s = D::from(0.0);
        for p in x.chunks_exact(2) {
            let a = p[1] - p[0] * p[0];
            let b = D::from(1.0) - p[0];
            s += a * a * 100.0 + b * b;
        }
        vec![s]
    }
}

fn rosenbrock_grad(x: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; x.len()];
    for (p, q) in x.chunks_exact(2).zip(g.chunks_exact_mut(2)) {
        let a = p[1] - p[0] * p[0];
        q[0] = -400.0 * p[0] * a - 2.0 * (1.0 - p[0]);
        q[1] = 200.0 * a;
    }
    g
}

/// Softmax cross-entropy of W·x for a fixed input x and label 0; W (classes × inputs) is the
/// differentiable input, flattened row by row.
struct Dense {
    x: Vec<f64>,
    classes: usize,
}

impl Dense {
    fn new(n: usize) -> Self {
        let classes = if n >= 100 { 10 } else { 2 };
        let d = n / classes;
        Dense {
            x: (0..d).map(|i| ((i as f64) * 0.37).sin()).collect(),
            classes,
        }
    }

    fn grad(&self, w: &[f64]) -> Vec<f64> {
        let d = self.x.len();
        let z: Vec<f64> = (0..self.classes)
            .map(|c| (0..d).map(|i| w[c * d + i] * self.x[i]).sum())
            .collect();
        let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        let mut g = vec![0.0; w.len()];
        for c in 0..self.classes {
            let p = e[c] / s - if c == 0 { 1.0 } else { 0.0 };
            for i in 0..d {
                g[c * d + i] = p * self.x[i];
            }
        }
        g
    }
}

impl Function for Dense {
    type Real = f64;
    fn eval<D: gradcheck_runtime::Number<f64>>(&self, w: &[D]) -> Vec<D> {
        let d = self.x.len();
        let z: Vec<D> = (0..self.classes)
            .map(|c| (0..d).fold(D::from(0.0), |acc, i| acc + w[c * d + i] * self.x[i]))
            .collect();
        let m = z.iter().map(|v| v.re()).fold(f64::NEG_INFINITY, f64::max);
        let s = z.iter().fold(D::from(0.0), |acc, &v| acc + (v - m).exp());
        vec![s.ln() + m - z[0]]
    }
}

/// Mean time of `f` over enough repetitions to fill `budget`.
fn time(budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut reps = 0u32;
    while reps < 3 || start.elapsed() < budget {
        f();
        reps += 1;
    }
    start.elapsed() / reps
}

fn point(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i as f64) * 0.731).sin() * 0.9).collect()
}

type Grad<'a> = &'a (dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync);

fn scaling_row<F: Function<Real = f64>>(name: &str, f: &F, grad: Grad<'_>, n: usize) {
    let x = point(n);
    let plain = time(Duration::from_millis(100), || {
        black_box(f.eval(black_box(&x)));
    });
    let spec = |mode| {
        // One random point: the common case. (An explicit `at` point gets the thorough
        // four-evaluation witness on every component instead of the two-evaluation glance.)
        Spec::new(format!("bench::{name}"), Layout::flat(n))
            .samples(1)
            .domain(-0.9..0.9)
            .mode(mode)
            .directions(8)
    };
    // Full mode costs about 6n plain evaluations: skip it where that is over a minute.
    let full = if plain.mul_f64(6.0 * n as f64) < Duration::from_secs(60) {
        let mut evals = 0;
        let t = time(Duration::from_millis(200), || {
            let r = check_gradient(&spec(Mode::Full), f, Some(grad));
            assert!(r.passed(), "{r}");
            evals = r.evaluations();
        });
        format!(
            "{:>10.1} | {:>7} | {:>7}",
            t.as_secs_f64() / plain.as_secs_f64(),
            evals,
            4 * n + 20
        )
    } else {
        format!("{:>32}", "skipped (> 1 min)")
    };
    let mut evals = 0;
    let t = time(Duration::from_millis(200), || {
        let r = check_gradient(&spec(Mode::Fast), f, Some(grad));
        assert!(r.passed(), "{r}");
        evals = r.evaluations();
    });
    println!(
        "| {name:<10} | {n:>6} | {:>10.2e} | {full} | {:>10.1} | {evals:>6} |",
        plain.as_secs_f64(),
        t.as_secs_f64() / plain.as_secs_f64()
    );
}

fn chunk_row<F: Function<Real = f64>>(name: &str, f: &F, n: usize) {
    let x = point(n);
    let plain = time(Duration::from_millis(50), || {
        black_box(f.eval(black_box(&x)));
    });
    let cells: Vec<String> = [1, 4, 8, 16]
        .iter()
        .map(|&c| {
            let t = time(Duration::from_millis(100), || {
                black_box(gradcheck_runtime::__bench::jacobian(f, black_box(&x), c));
            });
            format!("{:>8.1}", t.as_secs_f64() / plain.as_secs_f64())
        })
        .collect();
    println!("| {name:<10} | {n:>5} | {} |", cells.join(" | "));
}

fn hessian_row<F: Function<Real = f64>>(name: &str, f: &F, n: usize) {
    let x = point(n);
    let plain = time(Duration::from_millis(50), || {
        black_box(f.eval(black_box(&x)));
    });
    let reference = gradcheck_runtime::__bench::hessian(f, &x, 1).0;
    let cells: Vec<String> = [1, 2, 4, 8]
        .iter()
        .map(|&b| {
            let (h, evals) = gradcheck_runtime::__bench::hessian(f, &x, b);
            let same = h
                .iter()
                .flatten()
                .zip(reference.iter().flatten())
                .all(|(a, r)| (a - r).abs() <= 1e-12 * r.abs().max(1.0));
            assert!(same, "block {b} disagrees with per-entry");
            let t = time(Duration::from_millis(100), || {
                black_box(gradcheck_runtime::__bench::hessian(f, black_box(&x), b));
            });
            format!(
                "{:>9.0} ({evals:>5})",
                t.as_secs_f64() / plain.as_secs_f64()
            )
        })
        .collect();
    println!("| {name:<10} | {n:>4} | {} |", cells.join(" | "));
}

fn main() {
    // `scaling [scaling|chunks|hessian|memory]` runs one table; no argument runs the first
    // three (memory reads the process's peak, so it runs alone).
    let only = std::env::args().nth(1);
    let runs = |table: &str| only.as_deref().is_none_or(|o| o == table);
    if runs("scaling") {
        scaling_table();
    }
    if runs("chunks") {
        chunk_table();
    }
    if runs("hessian") {
        hessian_table();
    }
    if only.as_deref() == Some("memory") {
        memory_table();
    }
}

/// The process's peak resident memory in bytes (Linux), if it can be read.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn memory_table() {
    println!("\n## Memory (fast mode, 8 directions, 4 random points, peak resident memory)\n");
    println!("| function   |       n | input (MB) | peak before (MB) | peak after (MB) | growth / input |");
    println!("| ---------- | ------: | ---------: | ---------------: | --------------: | -------------: |");
    let n = 1_000_000;
    let mb = |b: u64| b as f64 / 1048576.0;
    let before = peak_rss().unwrap_or(0);
    let spec = Spec::new("bench::rosenbrock", Layout::flat(n))
        .samples(4)
        .directions(8);
    let g = |x: &[f64]| vec![rosenbrock_grad(x)];
    let r = check_gradient(&spec, &Rosenbrock, Some(&g));
    assert!(r.passed(), "{r}");
    let after = peak_rss().unwrap_or(0);
    let input = (n * 8) as u64;
    println!(
        "| rosenbrock | {n:>7} | {:>10.1} | {:>16.1} | {:>15.1} | {:>14.1} |",
        mb(input),
        mb(before),
        mb(after),
        (after - before) as f64 / input as f64
    );
    println!("\n{} evaluations; notes:", r.evaluations());
    for note in r.notes() {
        println!("- {note}");
    }
}

fn scaling_table() {
    println!("## Scaling (check time / one plain f64 evaluation; evaluations from the report)\n");
    println!("| function   |      n | plain eval | full: time |   evals | 4n + 20 | fast: time |  evals |");
    println!("| ---------- | -----: | ---------: | ---------: | ------: | ------: | ---------: | -----: |");
    for n in [2, 10, 100, 1000, 10_000, 100_000] {
        let g = |x: &[f64]| vec![rosenbrock_grad(x)];
        scaling_row("rosenbrock", &Rosenbrock, &g, n);
    }
    for n in [2, 10, 100, 1000, 10_000, 100_000] {
        let dense = Dense::new(n);
        let g = |w: &[f64]| vec![dense.grad(w)];
        scaling_row("dense", &dense, &g, n);
    }
}

fn chunk_table() {
    println!("\n## Vector-dual chunk (one exact Jacobian, time / one plain f64 evaluation)\n");
    println!("| function   |     n |  chunk 1 |  chunk 4 |  chunk 8 | chunk 16 |");
    println!("| ---------- | ----: | -------: | -------: | -------: | -------: |");
    for n in [2, 10, 100, 1000] {
        chunk_row("rosenbrock", &Rosenbrock, n);
    }
    for n in [2, 10, 100, 1000] {
        chunk_row("dense", &Dense::new(n), n);
    }
    println!("\nchunk in force: {}", gradcheck_runtime::__bench::CHUNK);
}

fn hessian_table() {
    println!("\n## Hessian (one exact Hessian, time / one plain f64 evaluation (evaluations))\n");
    println!(
        "| function   |    n | HyperDual64 per entry | blocks 2×2 | blocks 4×4 | blocks 8×8 |"
    );
    println!("| ---------- | ---: | ---: | ---: | ---: | ---: |");
    for n in [2, 10, 20, 50, 100] {
        hessian_row("rosenbrock", &Rosenbrock, n);
    }
    for n in [2, 10, 20, 50, 100] {
        hessian_row("dense", &Dense::new(n), n);
    }
}
