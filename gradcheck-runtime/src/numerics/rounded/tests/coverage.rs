//! The bound covers the true error: `Rounded<f32>` on random expression trees, with the same
//! tree on `Rounded<f64>` as the truth (its own bound says how true it is).

use super::tree::{Fun, Node, FUNS};
use crate::rounded::Rounded;
use crate::SplitMix64;

/// Outcome of one random tree at one point.
struct Case {
    tree: Node,
    inputs: Vec<f64>,
    err: f64,
    e32: f64,
    e64: f64,
}

/// What the sweep measured.
pub(super) struct Sweep {
    /// Cases whose truth is trustworthy (`e64 ≤ e32/16`), finite in both precisions.
    pub(super) valid: usize,
    /// Cases skipped: non-finite, or the f64 truth not accurate enough to judge.
    pub(super) skipped: usize,
    /// Valid cases with `|v32 − t64| > e32 + e64`, worst first (by `err/e32`).
    misses: Vec<Case>,
    /// `e32/err` over valid cases with `err > 4·e64` (an error measured, not truth noise), for
    /// trees without a deliberate cancellation node ...
    pub(super) ratios: Vec<f64>,
    /// ... and for trees with one (`Diff`, `Taylor`), where errors of a reused intermediate
    /// cancel in truth but add up in the bound.
    pub(super) ratios_cancel: Vec<f64>,
}

pub(super) fn sweep(seed: u64, cases: usize) -> Sweep {
    let mut rng = SplitMix64::new(seed);
    let mut out = Sweep {
        valid: 0,
        skipped: 0,
        misses: Vec::new(),
        ratios: Vec::new(),
        ratios_cancel: Vec::new(),
    };
    for _ in 0..cases {
        let n = 1 + (rng.next_u64() % 3) as usize;
        let inputs: Vec<f64> = (0..n)
            .map(|_| {
                let scale = [1.0, 1e-3, 30.0, 1e-6][(rng.next_u64() % 4) as usize];
                f64::from((rng.uniform(-1.0, 1.0) * scale) as f32)
            })
            .collect();
        let depth = 2 + (rng.next_u64() % 5) as u32;
        let tree = Node::random(&mut rng, &inputs, depth);

        let x32: Vec<f32> = inputs.iter().map(|&x| x as f32).collect();
        let plain = tree.eval::<f32, f32>(&x32);
        let r32 = tree.eval(&x32.iter().map(|&x| Rounded::new(x)).collect::<Vec<_>>());
        assert!(
            plain.to_bits() == r32.value().to_bits() || (plain.is_nan() && r32.value().is_nan()),
            "f32 value differs from plain f32 on {tree}"
        );
        let r64 = tree.eval(&inputs.iter().map(|&x| Rounded::new(x)).collect::<Vec<_>>());
        let (v32, e32) = (f64::from(r32.value()), f64::from(r32.bound()));
        let (t64, e64) = (r64.value(), r64.bound());
        if !(v32.is_finite() && t64.is_finite() && e32.is_finite()) || e64 > e32 / 16.0 {
            out.skipped += 1;
            continue;
        }
        out.valid += 1;
        let err = (v32 - t64).abs();
        if err > 4.0 * e64 {
            if tree.has_cancellation() {
                out.ratios_cancel.push(e32 / err);
            } else {
                out.ratios.push(e32 / err);
            }
        }
        if err > e32 + e64 {
            out.misses.push(Case {
                tree,
                inputs,
                err,
                e32,
                e64,
            });
        }
    }
    out.misses
        .sort_by(|a, b| (b.err / b.e32).total_cmp(&(a.err / a.e32)));
    out.ratios.sort_by(f64::total_cmp);
    out.ratios_cancel.sort_by(f64::total_cmp);
    out
}

/// The `q`-quantile of sorted `xs`.
pub(super) fn quantile(xs: &[f64], q: f64) -> f64 {
    xs[((xs.len() - 1) as f64 * q) as usize]
}

fn summary(xs: &[f64]) -> String {
    format!(
        "{} cases: median {:.1}, p10 {:.1}, p90 {:.0}, p99 {:.2e}",
        xs.len(),
        quantile(xs, 0.5),
        quantile(xs, 0.1),
        quantile(xs, 0.9),
        quantile(xs, 0.99)
    )
}

impl Sweep {
    pub(super) fn coverage(&self) -> f64 {
        1.0 - self.misses.len() as f64 / self.valid as f64
    }

    pub(super) fn report(&self) -> String {
        let mut s = format!(
            "valid {} skipped {} misses {} coverage {:.5}\n  e/err, plain trees: {}\n  \
             e/err, trees with a cancellation of reused errors: {}\n",
            self.valid,
            self.skipped,
            self.misses.len(),
            self.coverage(),
            summary(&self.ratios),
            summary(&self.ratios_cancel),
        );
        for m in self.misses.iter().take(8) {
            s += &format!(
                "  miss err/e32 = {:.2} (err {:.2e}, e32 {:.2e}, e64 {:.2e}) at {:?}: {}\n",
                m.err / m.e32,
                m.err,
                m.e32,
                m.e64,
                m.inputs,
                m.tree
            );
        }
        s
    }
}

/// 20 000 random trees (seeded): the f32 bound covers the f32 error in ≥ 99.9% of the cases
/// whose f64 truth is accurate (measured: all of them), and is not absurdly pessimistic: the
/// median of e/err on trees without reused-error cancellations is below 25 (measured 13).
#[test]
fn f32_bound_covers_random_expressions() {
    let s = sweep(0x5EED_0001, 20_000);
    let report = s.report();
    println!("{report}");
    assert!(s.valid > 15_000, "{report}");
    assert!(s.coverage() >= 0.999, "{report}");
    assert!(quantile(&s.ratios, 0.5) < 25.0, "{report}");
}

/// An input for `f` in its domain: log-uniform magnitudes from 1e-7 to 1e2 and the edges
/// (near ±1 for asin/atanh, near 1 for acosh, near −1 for ln_1p), f32-exact.
fn sample(f: Fun, rng: &mut SplitMix64) -> f64 {
    let mag = 10f64.powf(rng.uniform(-7.0, 2.0));
    let sign = if rng.next_u64().is_multiple_of(2) {
        1.0
    } else {
        -1.0
    };
    let edge = 10f64.powf(rng.uniform(-7.0, -0.3));
    let x = match f {
        Fun::Sqrt | Fun::Ln | Fun::Log3 | Fun::Log2 | Fun::Log10 | Fun::Powf(_) => mag,
        Fun::Ln1p => [mag, -1.0 + edge][(rng.next_u64() % 2) as usize],
        Fun::Asin | Fun::Acos | Fun::Atanh => {
            sign * [mag.min(0.5), 1.0 - edge][(rng.next_u64() % 2) as usize]
        }
        Fun::Acosh => 1.0 + [edge, mag][(rng.next_u64() % 2) as usize],
        Fun::Exp | Fun::Exp2 | Fun::ExpM1 | Fun::Sinh | Fun::Cosh => sign * mag.min(80.0),
        _ => sign * mag,
    };
    f64::from(x as f32)
}

/// Each function alone, 4 000 inputs over its domain and edges: the f32 bound covers every
/// case (the libm allowances and the std-formula terms are where a miss would show first).
#[test]
fn f32_bound_covers_every_function_on_its_domain() {
    let mut rng = SplitMix64::new(0x5EED_0002);
    let mut lines = Vec::new();
    for &f in FUNS {
        let (mut worst, mut ratios, mut skipped) = (0.0_f64, Vec::new(), 0);
        for _ in 0..4000 {
            let x = sample(f, &mut rng);
            let r32 = f.apply(Rounded::new(x as f32));
            let r64 = f.apply(Rounded::new(x));
            let (v32, e32) = (f64::from(r32.value()), f64::from(r32.bound()));
            // the truth must be accurate: not so for sph_j1/j2 at 1e-7 < |x| < 1e-3, where the
            // f64 formula cancels catastrophically (f32 takes the Taylor branch below 1.2e-7)
            if !(v32.is_finite() && r64.value().is_finite()) || r64.bound() > e32 / 16.0 {
                skipped += 1;
                continue;
            }
            let err = (v32 - r64.value()).abs();
            assert!(
                err <= e32 + r64.bound(),
                "{f:?}({x:e}): f32 {r32} vs f64 {} (err {err:e})",
                r64.value()
            );
            worst = worst.max(err / e32);
            if err > 4.0 * r64.bound() {
                ratios.push(e32 / err);
            }
        }
        ratios.sort_by(f64::total_cmp);
        lines.push(format!(
            "{f:?}: max err/e {worst:.2}, median e/err {:.1} ({} measured, {skipped} skipped)",
            quantile(&ratios, 0.5),
            ratios.len()
        ));
        assert!(
            skipped < 800,
            "{f:?}: {skipped} of 4000 inputs without an accurate truth"
        );
    }
    println!("{}", lines.join("\n"));
}
