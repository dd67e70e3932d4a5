//! Measures what carrying a rounding-error bound costs: one evaluation of a Rosenbrock function
//! (n = 1000) and of a dense tanh layer (100 × 100, summed) on `Rounded<f64>` and on
//! `Dual<Rounded<f64>>` (one directional derivative), relative to `f64` and `Dual64`.
//!
//! ```text
//! cargo run --release -p gradcheck-runtime --example rounded_cost
//! ```
//!
//! Each figure is the fastest of seven timed batches: on a shared machine the least disturbed
//! batch is the best estimate of the intrinsic cost (medians moved 6× between runs under load).

use gradcheck_runtime::rounded::Rounded;
use num_dual::{Dual, Dual64, DualNum};
use std::hint::black_box;
use std::time::Instant;

/// Nanoseconds per call of `f` in the fastest of seven batches of `iters` calls.
fn time_per_call(iters: usize, mut f: impl FnMut()) -> f64 {
    let batches: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    batches.into_iter().fold(f64::INFINITY, f64::min)
}

fn rosenbrock<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    let mut s = D::zero();
    for w in x.windows(2) {
        let d = w[1] - w[0] * w[0];
        s += d * d * 100.0 + (D::one() - w[0]) * (D::one() - w[0]);
    }
    s
}

/// `Σ tanh(W x + b)` with W given row-major as plain floats (weights are data, not inputs).
fn tanh_layer<D: DualNum<Primitive = f64> + Copy>(w: &[f64], b: &[f64], x: &[D]) -> D {
    let n = x.len();
    let mut s = D::zero();
    for (row, &bi) in w.chunks(n).zip(b) {
        let mut a = D::from(bi);
        for (&wij, &xj) in row.iter().zip(x) {
            a += xj * wij;
        }
        s += a.tanh();
    }
    s
}

/// The same point in the four number types; the duals are seeded along a fixed direction.
struct Inputs {
    plain: Vec<f64>,
    rounded: Vec<Rounded<f64>>,
    dual: Vec<Dual64>,
    dual_rounded: Vec<Dual<Rounded<f64>>>,
}

impl Inputs {
    fn new(x: &[f64]) -> Self {
        let dir = |i: usize| if i.is_multiple_of(2) { 0.6 } else { -0.8 };
        Inputs {
            plain: x.to_vec(),
            rounded: x.iter().map(|&v| Rounded::new(v)).collect(),
            dual: x
                .iter()
                .enumerate()
                .map(|(i, &v)| Dual64::new(v, dir(i)))
                .collect(),
            dual_rounded: x
                .iter()
                .enumerate()
                .map(|(i, &v)| Dual::new(Rounded::new(v), Rounded::new(dir(i))))
                .collect(),
        }
    }
}

/// Times `f(inputs, kind)` for the four kinds (f64, Rounded, Dual64, Dual<Rounded>) and prints
/// the two ratios.
fn compare(name: &str, iters: usize, x: &[f64], f: &dyn Fn(&Inputs, usize) -> f64) {
    let inputs = Inputs::new(x);
    let t: Vec<f64> = (0..4)
        .map(|kind| {
            time_per_call(iters, || {
                black_box(f(black_box(&inputs), kind));
            })
        })
        .collect();
    println!(
        "{name:30} f64 {:7.0} ns | Rounded {:7.0} ns ({:.1}x) | Dual64 {:7.0} ns | \
         Dual<Rounded> {:7.0} ns ({:.1}x)",
        t[0],
        t[1],
        t[1] / t[0],
        t[2],
        t[3],
        t[3] / t[2]
    );
}

fn main() {
    let n = 1000;
    let x: Vec<f64> = (0..n)
        .map(|i| 0.5 + 0.3 * ((i as f64) * 0.37).sin())
        .collect();
    let rosen = |i: &Inputs, kind: usize| match kind {
        0 => rosenbrock(&i.plain),
        1 => rosenbrock(&i.rounded).bound(),
        2 => rosenbrock(&i.dual).eps,
        _ => rosenbrock(&i.dual_rounded).eps.bound(),
    };
    let m = 100;
    let w: Vec<f64> = (0..m * m)
        .map(|k| ((k as f64) * 0.731).sin() * 0.3)
        .collect();
    let b: Vec<f64> = (0..m).map(|k| ((k as f64) * 1.37).cos() * 0.1).collect();
    let xl: Vec<f64> = (0..m).map(|i| ((i as f64) * 0.53).cos()).collect();
    let layer = |i: &Inputs, kind: usize| match kind {
        0 => tanh_layer(&w, &b, &i.plain),
        1 => tanh_layer(&w, &b, &i.rounded).bound(),
        2 => tanh_layer(&w, &b, &i.dual).eps,
        _ => tanh_layer(&w, &b, &i.dual_rounded).eps.bound(),
    };
    compare("Rosenbrock n = 1000", 2000, &x, &rosen);
    compare("tanh layer 100 x 100, summed", 2000, &xl, &layer);
}
