//! What `trace!` costs outside a check: a logistic loss over 1 000 examples with a `trace!`
//! of every margin, against the same loss without it, in `f64` (the production build) and in
//! `Dual64` (the check's own passes, not recording).
//!
//! ```text
//! cargo run --release -p gradcheck-runtime --example trace_cost
//! ```
//!
//! Each figure is the fastest of 15 timed batches, the batches with and without `trace!`
//! interleaved so that a load that comes and goes on a shared machine hits both alike.

use gradcheck_runtime::trace;
use num_dual::{Dual64, DualNum};
use std::hint::black_box;
use std::time::Instant;

const EXAMPLES: usize = 1000;

fn loss<D: DualNum<Primitive = f64> + Copy, const TRACED: bool>(w: &[D; 3], xs: &[[f64; 3]]) -> D {
    let mut total = D::from(0.0);
    for (k, x) in xs.iter().enumerate() {
        let y = if k % 2 == 0 { 1.0 } else { -1.0 };
        let mut margin = (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) * y;
        if TRACED {
            margin = trace!("margin", margin);
        }
        total += (-margin).exp().ln_1p();
    }
    total / xs.len() as f64
}

/// Nanoseconds per call of `a` and of `b`, each the fastest of 15 batches of `iters` calls,
/// the batches alternating.
fn time_pair(iters: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    let batch = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        start.elapsed().as_nanos() as f64 / iters as f64
    };
    let (mut ta, mut tb) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..15 {
        ta = ta.min(batch(&mut a));
        tb = tb.min(batch(&mut b));
    }
    (ta, tb)
}

fn main() {
    let xs: Vec<[f64; 3]> = (0..EXAMPLES)
        .map(|k| {
            let t = k as f64 * 0.001;
            [t.sin(), (3.0 * t).cos(), 1.0]
        })
        .collect();
    let w = [0.3, -0.7, 0.1];
    let wd = w.map(Dual64::from);
    let iters = 2000;
    let (plain, traced) = time_pair(
        iters,
        || {
            black_box(loss::<f64, false>(black_box(&w), &xs));
        },
        || {
            black_box(loss::<f64, true>(black_box(&w), &xs));
        },
    );
    let (dual, dual_traced) = time_pair(
        iters,
        || {
            black_box(loss::<Dual64, false>(black_box(&wd), &xs));
        },
        || {
            black_box(loss::<Dual64, true>(black_box(&wd), &xs));
        },
    );
    let per = |a: f64, b: f64| (b - a) / EXAMPLES as f64;
    println!(
        "loss over {EXAMPLES} examples, one trace! per example, fastest of 15 interleaved batches of {iters}:"
    );
    println!(
        "  f64:    {plain:>9.0} ns without, {traced:>9.0} ns with ({:+.2} ns per trace!, {:+.1}%)",
        per(plain, traced),
        100.0 * (traced / plain - 1.0)
    );
    println!(
        "  Dual64: {dual:>9.0} ns without, {dual_traced:>9.0} ns with ({:+.2} ns per trace!, {:+.1}%)",
        per(dual, dual_traced),
        100.0 * (dual_traced / dual - 1.0)
    );
}
