//! How the check's cost grows with the input: check time over the time of one plain `f64`
//! evaluation, and the report's evaluation count, in full and fast mode, on extended
//! Rosenbrock and on a dense-layer softmax cross-entropy loss. Also the vector-dual chunk and
//! Hessian method measurements behind the choices in `eval.rs` and `hessian.rs`.
//!
//! Run with `cargo run --release -p gradcheck-runtime --example scaling` (BENCHMARKS.md).

use gradcheck_runtime::__bench::OnePointCheck;
use gradcheck_runtime::__private::check_gradient;
use gradcheck_runtime::{Function, Layout, Spec};
use std::hint::black_box;
use std::time::Duration;

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

/// CPU time of the calling thread (Linux `CLOCK_THREAD_CPUTIME_ID`): the machine is shared,
/// and wall-clock time measures the neighbours' builds as much as the check. Everything timed
/// here runs on the calling thread (one point, no rayon).
fn cpu_now() -> Duration {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec; the call only writes it.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(t.sec as u64, t.nsec as u32)
}

/// CPU time of one call of `f`: the mean over a batch, doubled until the batch takes half of
/// `budget` (reading the clock is a system call of about 0.5 µs, longer than a cheap
/// evaluation), and the least of three such batches (a neighbour's build slows a batch down,
/// never speeds it up).
fn time(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut batch = 1u32;
    let mut best = Duration::MAX;
    let mut kept = 0;
    loop {
        let start = cpu_now();
        for _ in 0..batch {
            f();
        }
        let t = cpu_now() - start;
        if t * 2 < budget {
            batch *= 2;
            continue;
        }
        best = best.min(t / batch);
        kept += 1;
        if kept == 3 || t > budget * 4 {
            return best;
        }
    }
}

fn point(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i as f64) * 0.731).sin() * 0.9).collect()
}

type Grad<'a> = &'a (dyn Fn(&[f64]) -> Vec<Vec<f64>> + Sync);

/// One row: the gradient check at one random point, in full mode, as `Check` runs it (no dual
/// numbers, full mode) and in fast mode, timed against one plain evaluation.
fn scaling_row<F: Function<Real = f64>>(
    name: &str,
    f: &F,
    grad: Grad<'_>,
    n: usize,
    fast_only: bool,
) {
    let x = point(n);
    let plain = time(Duration::from_millis(200), || {
        black_box(f.eval(black_box(&x)));
    });
    // One random point: the common case. (An explicit `at` point gets the thorough
    // four-evaluation witness on every component instead of the two-evaluation glance.)
    let spec = Spec::new(format!("bench::{name}"), Layout::flat(n))
        .domain(-0.9..0.9)
        .directions(8);
    let check = OnePointCheck::new(&spec, f, Some(grad));
    let run = |fast: bool, exact: bool| {
        let mut evals = 0;
        let t = time(Duration::from_millis(300), || {
            let r = check.run(fast, exact);
            assert_eq!(r.errors, 0, "{name} n = {n} fast = {fast} exact = {exact}");
            evals = r.evaluations;
        });
        (t.as_secs_f64() / plain.as_secs_f64(), evals)
    };
    // Full mode costs a few n plain evaluations: skip it where that is over half a minute.
    let affordable = !fast_only && plain.mul_f64(6.0 * n as f64) < Duration::from_secs(30);
    let full = if affordable {
        let (t, evals) = run(false, true);
        let (tc, evals_c) = run(false, false);
        format!(
            "{:>10.1} | {:>5.2}n | {:>7} | {:>10.1} | {:>7} | {:>7}",
            t,
            t / n as f64,
            evals,
            tc,
            evals_c,
            (2.5 * n as f64) as usize + 10
        )
    } else {
        format!("{:>67}", "skipped (> 30 s)")
    };
    let (t, evals) = run(true, true);
    println!(
        "| {name:<10} | {n:>6} | {:>10.2e} | {full} | {t:>10.1} | {evals:>6} |",
        plain.as_secs_f64(),
    );
}

fn chunk_row<F: Function<Real = f64>>(name: &str, f: &F, n: usize) {
    let x = point(n);
    let plain = time(Duration::from_millis(50), || {
        black_box(f.eval(black_box(&x)));
    });
    let reference = gradcheck_runtime::__bench::jacobian(f, &x, 2).0;
    let cells: Vec<String> = [1, 2, 4, 8, 16]
        .iter()
        .map(|&c| (c, false))
        .chain([2, 4, 8].iter().map(|&l| (l, true)))
        .map(|(c, lanes)| {
            let jacobian = |x: &[f64]| {
                if lanes {
                    gradcheck_runtime::__bench::jacobian_lanes(f, x, c)
                } else {
                    gradcheck_runtime::__bench::jacobian(f, x, c)
                }
            };
            assert_eq!(jacobian(&x).0, reference, "{c} lanes ({lanes}) disagree");
            let t = time(Duration::from_millis(100), || {
                black_box(jacobian(black_box(&x)));
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
    // three (memory reads the process's peak, so it runs alone); `scaling fast` the scaling
    // table's fast-mode column alone.
    let only = std::env::args().nth(1);
    let runs = |table: &str| only.as_deref().is_none_or(|o| o == table);
    if runs("scaling") || only.as_deref() == Some("fast") {
        scaling_table(only.as_deref() == Some("fast"));
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
    if only.as_deref() == Some("one") {
        one_check();
    }
}

/// `scaling one <fast|full|check> <rosenbrock|dense> <n> [reps]`: one kind of check at one
/// random point, `reps` times (for a profiler: `valgrind --tool=callgrind`), printing its
/// evaluations.
fn one_check() {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let [mode, name, n, rest @ ..] = &args[..] else {
        panic!("usage: scaling one <fast|full|check> <rosenbrock|dense> <n> [reps]");
    };
    let n: usize = n.parse().expect("n");
    let reps: usize = rest.first().map_or(1, |r| r.parse().expect("reps"));
    let (fast, exact) = match mode.as_str() {
        "fast" => (true, true),
        "full" => (false, true),
        "check" => (false, false),
        m => panic!("mode {m}: fast, full or check"),
    };
    let spec = Spec::new(format!("bench::{name}"), Layout::flat(n))
        .domain(-0.9..0.9)
        .directions(8);
    fn repeat<F: Function>(check: OnePointCheck<'_, F>, reps: usize, mode: (bool, bool)) -> usize {
        let mut evals = 0;
        for _ in 0..reps {
            let r = check.run(mode.0, mode.1);
            assert_eq!(r.errors, 0);
            evals = r.evaluations;
        }
        evals
    }
    let evals = match name.as_str() {
        "rosenbrock" => {
            let g = |x: &[f64]| vec![rosenbrock_grad(x)];
            repeat(
                OnePointCheck::new(&spec, &Rosenbrock, Some(&g)),
                reps,
                (fast, exact),
            )
        }
        _ => {
            let dense = Dense::new(n);
            let g = |w: &[f64]| vec![dense.grad(w)];
            repeat(
                OnePointCheck::new(&spec, &dense, Some(&g)),
                reps,
                (fast, exact),
            )
        }
    };
    println!("{mode} {name} n = {n}: {evals} evaluations per check");
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

fn scaling_table(fast_only: bool) {
    println!(
        "## Scaling (one random point: CPU time / one plain f64 evaluation, and evaluations)\n"
    );
    println!("| function   |      n | plain eval | full: time |   per n |   evals | Check: time |   evals | 2.5n + 10 | fast: time |  evals |");
    println!("| ---------- | -----: | ---------: | ---------: | ------: | ------: | ----------: | ------: | --------: | ---------: | -----: |");
    for n in [2, 10, 100, 1000, 10_000, 100_000] {
        let g = |x: &[f64]| vec![rosenbrock_grad(x)];
        scaling_row("rosenbrock", &Rosenbrock, &g, n, fast_only);
    }
    for n in [2, 10, 100, 1000, 10_000, 100_000] {
        let dense = Dense::new(n);
        let g = |w: &[f64]| vec![dense.grad(w)];
        scaling_row("dense", &dense, &g, n, fast_only);
    }
}

fn chunk_table() {
    println!("\n## Vector-dual chunk (one exact Jacobian, time / one plain f64 evaluation)\n");
    println!("chunk k: num-dual's `DualSVec64<k>` (chunk 1: `Dual64`); lanes k: the engine's dense `DualLanes64<k>`.\n");
    println!("| function   |     n |  chunk 1 |  chunk 2 |  chunk 4 |  chunk 8 | chunk 16 |  lanes 2 |  lanes 4 |  lanes 8 |");
    println!("| ---------- | ----: | -------: | -------: | -------: | -------: | -------: | -------: | -------: | -------: |");
    for n in [2, 10, 100, 1000, 10_000] {
        chunk_row("rosenbrock", &Rosenbrock, n);
    }
    for n in [2, 10, 100, 1000, 10_000] {
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
