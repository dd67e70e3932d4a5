//! Accuracy and cost of the finite-difference witness on the classic optimisation test
//! functions at random points in their domains, against the exact dual derivative.
//!
//! `cargo run --release -p gradcheck-runtime --example fd_accuracy`

use gradcheck_runtime::{derivative, SplitMix64};
use num_dual::{Dual64, DualNum};

type Test = (&'static str, fn(&[Dual64]) -> Dual64, f64, usize);

fn rosenbrock<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    x.windows(2)
        .map(|w| (w[1] - w[0] * w[0]).powi(2) * 100.0 + (D::from(1.0) - w[0]).powi(2))
        .sum()
}
fn beale<D: DualNum<Primitive = f64> + Copy>(p: &[D]) -> D {
    let (x, y) = (p[0], p[1]);
    (D::from(1.5) - x + x * y).powi(2)
        + (D::from(2.25) - x + x * y * y).powi(2)
        + (D::from(2.625) - x + x * y.powi(3)).powi(2)
}
fn himmelblau<D: DualNum<Primitive = f64> + Copy>(p: &[D]) -> D {
    let (x, y) = (p[0], p[1]);
    (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
}
fn styblinski_tang<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    x.iter()
        .map(|&v| v.powi(4) - v.powi(2) * 16.0 + v * 5.0)
        .sum::<D>()
        * 0.5
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let tests: [Test; 5] = [
        ("rosenbrock n=2", rosenbrock, 2.0, 2),
        ("rosenbrock n=10", rosenbrock, 2.0, 10),
        ("beale", beale, 4.5, 2),
        ("himmelblau", himmelblau, 5.0, 2),
        ("styblinski-tang n=5", styblinski_tang, 5.0, 5),
    ];
    println!(
        "{:<22} {:>8} {:>12} {:>12} {:>12} {:>12} {:>10}",
        "function", "entries", "median rel", "p99 rel", "max rel", "err. est. ok", "evals/comp"
    );
    let mut all = Vec::new();
    for (name, f, half_width, n) in tests {
        let mut rng = SplitMix64::new(2026);
        let mut rel = Vec::new();
        let (mut evals, mut covered) = (0usize, 0usize);
        for _ in 0..1000 {
            let x: Vec<f64> = (0..n)
                .map(|_| rng.uniform(-half_width, half_width))
                .collect();
            for i in 0..n {
                let exact = {
                    let xd: Vec<Dual64> = x
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| Dual64::new(v, if k == i { 1.0 } else { 0.0 }))
                        .collect();
                    f(&xd).eps
                };
                let g = |s: f64| {
                    let xd: Vec<Dual64> = x
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| Dual64::from(if k == i { s } else { v }))
                        .collect();
                    f(&xd).re
                };
                let (d, e) = derivative(g, x[i]).expect("smooth test functions are finite");
                evals += e;
                // Relative to the component, floored at 1e-6 of the gradient's scale so that
                // components that vanish at a point do not divide by zero.
                let r = (d.value - exact).abs() / exact.abs().max(1e-6);
                covered += usize::from((d.value - exact).abs() <= 3.0 * d.error);
                rel.push(r);
            }
        }
        let entries = rel.len();
        rel.sort_by(f64::total_cmp);
        println!(
            "{:<22} {:>8} {:>12.2e} {:>12.2e} {:>12.2e} {:>11.1}% {:>10.2}",
            name,
            entries,
            percentile(&rel, 0.5),
            percentile(&rel, 0.99),
            rel[entries - 1],
            100.0 * covered as f64 / entries as f64,
            evals as f64 / entries as f64
        );
        all.extend(rel);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{:<22} {:>8} {:>12.2e} {:>12.2e} {:>12.2e}",
        "all",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all[all.len() - 1]
    );
}
