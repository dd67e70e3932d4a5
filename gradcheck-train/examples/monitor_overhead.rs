//! Measures what `Monitor::record` costs per step on top of computing the
//! gradient norms it needs anyway, for gradients of 1e3 and 1e5 entries.
//!
//! ```text
//! cargo run --release -p gradcheck-train --example monitor_overhead
//! ```
//!
//! Four configurations, each with the magnitude detectors on (vanishing,
//! exploding, spike with a 20-step median): magnitude only; with direction
//! (cosines with the previous gradient and the running mean, oscillation
//! detector); with a histogram every 10 steps as well (the default); and with
//! the parameters passed for the update ratio. Each figure is the thread's CPU
//! time (not wall clock), median of seven batches, so a noisy neighbour on the
//! machine moves it little; `×` is the time of a record over computing the norms
//! alone. Linux (and other Unix) only: it reads the thread's CPU clock.

use gradcheck_train::monitor::{GradNorms, Monitor, MonitorBuilder, Observation};
use std::hint::black_box;

/// CPU time of this thread in nanoseconds. Wall-clock time also counts the time the thread
/// waits for a core: on the shared 2-core machine at load 10 it inflated every figure 3 to 5
/// times, and unevenly.
fn thread_cpu_ns() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

/// Median CPU nanoseconds per call of `f` over seven batches of `iters` calls.
fn time_per_call(iters: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut batches: Vec<f64> = (0..7)
        .map(|b| {
            let start = thread_cpu_ns();
            for i in 0..iters {
                f(b * iters + i);
            }
            (thread_cpu_ns() - start) / iters as f64
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

/// The monitor configurations timed, cheapest first.
fn configs() -> [(&'static str, MonitorBuilder, bool); 4] {
    let magnitude = Monitor::builder()
        .vanishing(1e-12, 5)
        .exploding(1e12)
        .spike(10.0, 20)
        .log(false);
    [
        (
            "magnitude",
            magnitude.clone().no_direction().no_histogram(),
            false,
        ),
        (
            "+direction",
            magnitude.clone().no_histogram().oscillation(-0.5, 5),
            false,
        ),
        (
            "+histogram/10",
            magnitude.clone().oscillation(-0.5, 5),
            false,
        ),
        ("+params", magnitude.oscillation(-0.5, 5), true),
    ]
}

fn main() {
    print!(
        "{:>8} {:>12} {:>12}",
        "entries", "naive 3-pass", "norms only"
    );
    for (name, _, _) in configs() {
        print!(" {name:>16}");
    }
    println!();
    // 1 entry isolates the fixed per-step cost (history push, detectors).
    for (n, iters) in [(1usize, 200_000usize), (1_000, 50_000), (100_000, 500)] {
        // Deterministic, healthy-looking gradient so no detector fires.
        let g: Vec<f64> = (0..n)
            .map(|i| ((i * 7919) % 1000) as f64 * 1e-4 - 0.0499)
            .collect();
        // Parameters that move by 1e-3 of their norm per step, for the update ratio.
        let w: Vec<Vec<f64>> = (0..2)
            .map(|k| g.iter().map(|x| 1.0 + x + k as f64 * 1e-3).collect())
            .collect();

        let naive = time_per_call(iters, |_| {
            black_box(naive_norms(black_box(&g)));
        });
        let norms = time_per_call(iters, |_| {
            black_box(GradNorms::of(black_box(&g)));
        });
        print!("{n:>8} {naive:>10.0}ns {norms:>10.0}ns");
        for (_, builder, params) in configs() {
            let mut monitor = builder.build();
            let record = time_per_call(iters, |step| {
                let obs = Observation::new("w", black_box(&g[..]));
                let obs = if params {
                    obs.params(&w[step % 2])
                } else {
                    obs
                };
                let events = monitor.observe(step as u64, 0.5, &[obs]);
                black_box(events.len());
            });
            assert!(monitor.events().is_empty(), "{:?}", monitor.events());
            print!(" {record:>8.0}ns {:>5.1}×", record / norms);
        }
        println!();
    }
}
