//! Measures what `Monitor::record` costs per step on top of computing the
//! gradient norms it needs anyway, for gradients of 1e3 and 1e5 entries.
//!
//! ```text
//! cargo run --release -p gradcheck-train --example monitor_overhead
//! ```
//!
//! Every detector is on (vanishing, exploding, spike with a 20-step median),
//! which is the most expensive configuration. Each figure is the median of
//! seven timed batches, so a noisy neighbour on the machine moves it little.

use gradcheck_train::monitor::{GradNorms, Monitor};
use std::hint::black_box;
use std::time::Instant;

/// Median nanoseconds per call of `f` over seven batches of `iters` calls.
fn time_per_call(iters: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut batches: Vec<f64> = (0..7)
        .map(|b| {
            let start = Instant::now();
            for i in 0..iters {
                f(b * iters + i);
            }
            start.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[3]
}

/// The straightforward way, for scale: three separate iterator passes.
fn naive_norms(g: &[f64]) -> (f64, f64, f64) {
    let l1 = g.iter().map(|x| x.abs()).sum();
    let l2 = g.iter().map(|x| x * x).sum::<f64>().sqrt();
    let max = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    (l1, l2, max)
}

fn main() {
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>10}",
        "entries", "naive 3-pass", "norms only", "record", "overhead", "overhead %"
    );
    // 1 entry isolates the fixed per-step cost (history push, detectors).
    for (n, iters) in [(1usize, 1_000_000usize), (1_000, 100_000), (100_000, 1_000)] {
        // Deterministic, healthy-looking gradient so no detector fires.
        let g: Vec<f64> = (0..n)
            .map(|i| ((i * 7919) % 1000) as f64 * 1e-4 - 0.0499)
            .collect();

        let naive = time_per_call(iters, |_| {
            black_box(naive_norms(black_box(&g)));
        });
        let norms = time_per_call(iters, |_| {
            black_box(GradNorms::of(black_box(&g)));
        });
        let mut monitor = Monitor::builder()
            .vanishing(1e-12, 5)
            .exploding(1e12)
            .spike(10.0, 20)
            .log(false)
            .build();
        let record = time_per_call(iters, |step| {
            let events = monitor.record(step as u64, 0.5, &[("w", black_box(&g[..]))]);
            black_box(events.len());
        });
        assert!(monitor.events().is_empty(), "{:?}", monitor.events());
        let overhead = record - norms;
        let percent = if n == 1 {
            "-".to_owned()
        } else {
            format!("{:.1}%", 100.0 * overhead / norms)
        };
        println!(
            "{n:>8} {naive:>10.0}ns {norms:>10.0}ns {record:>10.0}ns {overhead:>10.0}ns {percent:>10}"
        );
    }
}
