//! The corpus's tools, each a test that returns at once unless its environment variable is
//! set: the points and hand-written gradients for the comparison with JAX's and PyTorch's
//! defaults (`scripts/corpus32/peers.py`), and the sensitivity run.

use crate::harness::largest;
use gradcheck_runtime::Kind;
use serde_json::{json, Value};

/// The cases named in `F32_CORPUS_ONLY` (comma-separated), or all.
fn selected() -> Vec<crate::harness::Case> {
    let only = std::env::var("F32_CORPUS_ONLY").unwrap_or_default();
    let names: Vec<&str> = only.split(',').filter(|s| !s.is_empty()).collect();
    crate::all()
        .into_iter()
        .filter(|c| names.is_empty() || names.contains(&c.name))
        .collect()
}

/// Per case: the random points the check draws (in f32) and the hand-written gradient at
/// each, for the peers' tolerances to be applied to the same points.
#[test]
fn points() {
    let Ok(path) = std::env::var("F32_CORPUS_POINTS") else {
        return;
    };
    let cases: Vec<Value> = selected()
        .iter()
        .map(|c| {
            let points = c.points(None);
            let grads: Vec<Vec<f32>> = points
                .iter()
                .map(|p| (c.grad)(&p.iter().map(|&v| v as f32).collect::<Vec<_>>()))
                .collect();
            json!({"name": c.name, "n": c.n, "points": points, "grads": grads})
        })
        .collect();
    std::fs::write(&path, serde_json::to_string(&cases).unwrap()).unwrap();
    println!("wrote {} cases to {path}", cases.len());
}

/// Whether the largest component `j` of the gradient at `x` stays the largest at nearby
/// points with inputs moved by up to 1e-3 of themselves (16 of them, fixed), where the
/// rounding probe looks: where it does not, the planted error would jump between two
/// components there (e^x changes by 9% at x = 85), which is no bug a formula makes, and the
/// point is not counted.
fn tied(c: &crate::harness::Case, x: &[f32], j: usize) -> bool {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..16).any(|_| {
        let moved: Vec<f32> = x
            .iter()
            .map(|&v| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let u = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
                (f64::from(v) * (1.0 + 1e-3 * u)) as f32
            })
            .collect();
        let g: Vec<f64> = (c.grad)(&moved).into_iter().map(f64::from).collect();
        largest(&g) != j
    })
}

/// Relative errors planted in the largest component of the hand-written gradient.
const MUTATIONS: [f64; 4] = [1e-2, 1e-3, 1e-4, 1e-5];

/// Per case and planted error: at how many of the random points a `mismatch` names the
/// component (of those where the planted error changes the `f32` entry); the correct
/// gradient's errors are counted too.
#[test]
fn sensitivity() {
    let Ok(path) = std::env::var("F32_CORPUS_SENSITIVITY") else {
        return;
    };
    let mut rows = Vec::new();
    for c in selected() {
        let points = c.points(None);
        // (caught, planted): a relative change below the f32 spacing of the entry (a subnormal
        // entry keeps fewer than 24 bits) leaves it as it was, and is not counted as planted;
        // nor is a point where two components nearly tie for the largest.
        // (caught, planted, warned): `warned` counts the planted points that are not caught
        // but where a warning names the component (its rounding is too large to tell).
        let caught = |r: f64| -> (usize, usize, usize) {
            let report = c.check(None, r, &points);
            let mut counts = (0, 0, 0);
            for p in &points {
                let x32: Vec<f32> = p.iter().map(|&v| v as f32).collect();
                let g: Vec<f64> = (c.grad)(&x32).into_iter().map(f64::from).collect();
                let j = largest(&g);
                if (g[j] * (1.0 + r)) as f32 as f64 == g[j] || tied(&c, &x32, j) {
                    continue;
                }
                counts.1 += 1;
                let at = |f: &&gradcheck_runtime::Finding| f.point == *p && f.component == Some(j);
                if report.errors().filter(at).any(|f| f.kind == Kind::Mismatch) {
                    counts.0 += 1;
                } else if report.findings().iter().any(|f| at(&f)) {
                    counts.2 += 1;
                }
            }
            counts
        };
        let plain = c.check(None, 0.0, &[]);
        let by_size: Vec<Value> = MUTATIONS
            .iter()
            .map(|&r| {
                let (caught, planted, warned) = caught(r);
                json!({"r": r, "caught": caught, "planted": planted, "warned": warned})
            })
            .collect();
        println!(
            "{}: {} points, {} errors unmutated, {by_size:?}",
            c.name,
            points.len(),
            plain.errors().count()
        );
        rows.push(json!({
            "name": c.name,
            "points": points.len(),
            "errors_unmutated": plain.errors().count(),
            "mutations": by_size,
        }));
    }
    std::fs::write(&path, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
}

/// Per case, how far correct `f32` gradients are from the `f32` dual derivative, in units of
/// ε·|entry| and of ε·(largest entry): the quantiles over every component of every point, the
/// measurement the `f32` profile's `rtol` and `row_rtol` rest on. Also how far each is from the
/// `f64` derivative (what `f32` loses).
#[test]
fn rounding() {
    let Ok(path) = std::env::var("F32_CORPUS_ROUNDING") else {
        return;
    };
    let eps = f64::from(f32::EPSILON);
    let quantiles = |mut v: Vec<f64>| -> Value {
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        json!({"p50": q(0.5), "p99": q(0.99), "p999": q(0.999), "max": q(1.0)})
    };
    let mut rows = Vec::new();
    for c in selected() {
        let (mut own, mut row, mut dual_own) = (Vec::new(), Vec::new(), Vec::new());
        for p in c.points(None) {
            let x32: Vec<f32> = p.iter().map(|&v| v as f32).collect();
            let hand = (c.grad)(&x32);
            let (d32, d64) = c.duals(&x32);
            let max = d32.iter().fold(0.0f64, |a, &v| a.max(f64::from(v).abs()));
            for ((&h, &d), &t) in hand.iter().zip(&d32).zip(&d64) {
                let (h, d) = (f64::from(h), f64::from(d));
                let diff = (h - d).abs();
                let scale = h.abs().max(d.abs());
                if scale > 0.0 {
                    own.push(diff / (eps * scale));
                }
                if max > 0.0 {
                    row.push(diff / (eps * max));
                }
                if t != 0.0 {
                    dual_own.push((d - t).abs() / (eps * t.abs()));
                }
            }
        }
        let entry = json!({
            "name": c.name,
            "hand_vs_dual_in_eps_of_entry": quantiles(own),
            "hand_vs_dual_in_eps_of_row_max": quantiles(row),
            "dual32_vs_dual64_in_eps_of_entry": quantiles(dual_own),
        });
        println!("{entry}");
        rows.push(entry);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
}

/// Why a planted error went uncaught: per case, the points where a relative error of
/// `F32_CORPUS_MISSED` in the largest component is not a `mismatch` there, with what the
/// report says at each (the first 5).
#[test]
fn missed() {
    let Some(r) = std::env::var("F32_CORPUS_MISSED")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    else {
        return;
    };
    for c in selected() {
        let points = c.points(None);
        let report = c.check(None, r, &points);
        let mut shown = 0;
        for p in &points {
            let x32: Vec<f32> = p.iter().map(|&v| v as f32).collect();
            let g: Vec<f64> = (c.grad)(&x32).into_iter().map(f64::from).collect();
            let j = largest(&g);
            let at: Vec<_> = report.findings().iter().filter(|f| f.point == *p).collect();
            if at
                .iter()
                .any(|f| f.kind == Kind::Mismatch && f.component == Some(j))
                || tied(&c, &x32, j)
                || shown >= 5
            {
                continue;
            }
            shown += 1;
            println!("{} at {p:?}, component {j} ({:e}):", c.name, g[j]);
            for f in at {
                println!(
                    "  {:?} {:?} {:?}: {}",
                    f.kind, f.severity, f.component, f.message
                );
            }
            let near = report.findings().iter().filter(|f| {
                f.point != *p
                    && f.point
                        .iter()
                        .zip(p)
                        .all(|(a, b)| (a - b).abs() <= 1e-2 * b.abs())
            });
            for f in near {
                println!(
                    "  nearby {:?}: {:?} {:?}: {}",
                    f.point, f.kind, f.component, f.message
                );
            }
        }
    }
}
