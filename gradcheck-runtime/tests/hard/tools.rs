//! The corpus's tools, each a test that returns at once unless its environment variable is
//! set: the dump of points and gradients for the 80-digit verification, and the sensitivity
//! run (how small a single-component error the check still catches at every point).

use crate::harness::{Case, Component};
use serde_json::{json, Value};

/// The cases named in `HARD_CORPUS_ONLY` (comma-separated), or all.
fn selected() -> Vec<Case> {
    let only = std::env::var("HARD_CORPUS_ONLY").unwrap_or_default();
    let names: Vec<&str> = only.split(',').filter(|s| !s.is_empty()).collect();
    crate::all()
        .into_iter()
        .filter(|c| names.is_empty() || names.contains(&c.name))
        .collect()
}

/// f64 values as JSON numbers, non-finite ones as strings ("inf", "NaN") so that the file
/// stays JSON.
fn numbers(v: &[f64]) -> Value {
    Value::Array(
        v.iter()
            .map(|&x| {
                if x.is_finite() {
                    json!(x)
                } else {
                    json!(x.to_string())
                }
            })
            .collect(),
    )
}

/// Per case: its class, parameters, the default check's points, and at each the value, the
/// hand-written gradient, the dual gradient (one `Dual64` pass per component) and the dual's
/// value (which fast mode compares bit for bit with the f64 value).
#[test]
fn dump() {
    let Ok(path) = std::env::var("HARD_CORPUS_DUMP") else {
        return;
    };
    let cases: Vec<Value> = selected()
        .iter()
        .map(|c| {
            let points = c.points(None, None);
            let duals: Vec<(f64, Vec<f64>)> = points.iter().map(|p| c.dual_gradient(p)).collect();
            json!({
                "name": c.name,
                "class": c.class.label(),
                "n": c.n(),
                "params": c.params.iter().map(|p| json!({"name": p.name, "len": p.len})).collect::<Vec<_>>(),
                "points": points.iter().map(|p| numbers(p)).collect::<Vec<_>>(),
                "values": points.iter().map(|p| numbers(&[c.value(p)])[0].clone()).collect::<Vec<_>>(),
                "hand": points.iter().map(|p| numbers(&(c.grad)(p))).collect::<Vec<_>>(),
                "dual": duals.iter().map(|d| numbers(&d.1)).collect::<Vec<_>>(),
                "dual_values": duals.iter().map(|d| numbers(&[d.0])[0].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    std::fs::write(&path, serde_json::to_string(&cases).unwrap()).unwrap();
    println!("dumped {} cases to {path}", cases.len());
}

/// Relative errors injected into the largest component of the hand-written gradient.
const MUTATIONS: [f64; 5] = [1e-2, 1e-4, 1e-6, 1e-8, 1e-10];

/// Per case and mutation size: at how many of the checked points a `mismatch` error names
/// the mutated component. The unmutated run is recorded too: where it already reports
/// mismatches, "caught" means little.
#[test]
fn sensitivity() {
    let Ok(path) = std::env::var("HARD_CORPUS_SENSITIVITY") else {
        return;
    };
    let mut rows = Vec::new();
    for c in selected() {
        let points = c.points(None, None);
        let mutated: Vec<usize> = points
            .iter()
            .map(|p| Component::Largest.resolve(&(c.grad)(p)))
            .collect();
        let caught = |r: f64| -> usize {
            let o = if r == 0.0 {
                c.check(None, None)
            } else {
                c.check_mutated(None, None, Component::Largest, r)
            };
            points
                .iter()
                .zip(&mutated)
                .filter(|(p, &j)| {
                    o.errors().any(|f| {
                        f.kind == "mismatch" && f.point == **p && f.component.is_none_or(|k| k == j)
                    })
                })
                .count()
        };
        let baseline = caught(0.0);
        let plain = c.check(None, None);
        let erring = points
            .iter()
            .filter(|p| plain.errors().any(|f| f.point == **p))
            .count();
        let by_size: Vec<Value> = MUTATIONS
            .iter()
            .map(|&r| json!({"r": r, "caught": caught(r)}))
            .collect();
        println!(
            "{}: baseline {baseline} (erring {erring}), {by_size:?}",
            c.name
        );
        rows.push(json!({
            "name": c.name,
            "class": c.class.label(),
            "points": points.len(),
            "baseline_mismatch": baseline,
            "baseline_error_points": erring,
            "mutations": by_size,
        }));
    }
    std::fs::write(&path, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
}
