//! Our check beside the peers' (`bench/peers/run.sh`, BENCHMARKS.md "Peers, measured in one
//! run"): reads the points the Python side wrote, checks each function's hand-written
//! gradient (correct, and wrong in one component by a relative 1e-4 and 1e-8) through the
//! runtime API with its defaults, and prints one JSON object: per case the time of one check
//! over the time of one plain `f64` evaluation, the report's `evaluations` and the verdicts.
//!
//! ```sh
//! cargo run --release --example peers -- target/peers/points.txt > target/peers/ours.json
//! ```

use gradient_checked::{check_gradient, Function, Layout, Mode, Number, Spec};
use serde_json::{json, Map, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A hand-written gradient over the flat input.
type Grad<'a> = &'a (dyn Fn(&[f64]) -> Vec<f64> + Sync);

/// What one check said: passed, the report's evaluations, and its first error (kind and
/// component) when it failed.
type Outcome = (bool, usize, String);

/// The only call into the engine: adapt here when the runtime API changes. `mode` is `None`
/// for the defaults (full up to 1000 inputs, fast above).
fn check<F: Function<Real = f64>>(
    f: &F,
    point: &[f64],
    grad: Grad<'_>,
    mode: Option<Mode>,
) -> Outcome {
    let rows = |x: &[f64]| vec![grad(x)];
    let mut spec = Spec::new("peers::f", Layout::flat(point.len()))
        .at(point)
        .samples(0);
    if let Some(mode) = mode {
        spec = spec.mode(mode);
    }
    let report = check_gradient(&spec, f, Some(&rows));
    let first = report.errors().next();
    let error = first.map(|e| format!("{:?} at {:?}", e.kind, e.component));
    (
        report.passed(),
        report.evaluations(),
        error.unwrap_or_default(),
    )
}

/// Extended Rosenbrock: independent pairs (x₂ᵢ, x₂ᵢ₊₁).
struct Rosenbrock;

impl Function for Rosenbrock {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
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
        let r = p[1] - p[0] * p[0];
        q[0] = -400.0 * p[0] * r - 2.0 * (1.0 - p[0]);
        q[1] = 200.0 * r;
    }
    g
}

/// Softmax cross-entropy of W·inputs for a fixed label; W (classes × inputs, 10 × n/10 in the
/// points file) flattened by rows is the differentiable input.
struct Dense {
    inputs: Vec<f64>,
    label: usize,
}

impl Function for Dense {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, w: &[D]) -> Vec<D> {
        let d = self.inputs.len();
        let z: Vec<D> = w
            .chunks_exact(d)
            .map(|row| {
                let dot = row.iter().zip(&self.inputs);
                dot.fold(D::from(0.0), |acc, (&wi, &xi)| acc + wi * xi)
            })
            .collect();
        let m = z.iter().map(|v| v.re()).fold(f64::NEG_INFINITY, f64::max);
        let s = z.iter().fold(D::from(0.0), |acc, &v| acc + (v - m).exp());
        vec![s.ln() + m - z[self.label]]
    }
}

impl Dense {
    fn grad(&self, w: &[f64]) -> Vec<f64> {
        let z: Vec<f64> = w
            .chunks_exact(self.inputs.len())
            .map(|row| row.iter().zip(&self.inputs).map(|(a, b)| a * b).sum())
            .collect();
        let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        let mut g = Vec::with_capacity(w.len());
        for (c, ec) in e.iter().enumerate() {
            let p = ec / s - if c == self.label { 1.0 } else { 0.0 };
            g.extend(self.inputs.iter().map(|x| p * x));
        }
        g
    }
}

/// One case of the points file.
struct Case {
    group: String,
    id: String,
    function: String,
    wrong_index: usize,
    label: usize,
    inputs: Vec<f64>,
    point: Vec<f64>,
}

fn parse(text: &str) -> Result<Vec<Case>, String> {
    let mut cases: Vec<Case> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let floats = |words: std::str::SplitWhitespace| -> Result<Vec<f64>, String> {
            let parsed = words.map(|w| w.parse::<f64>());
            let all: Result<Vec<f64>, _> = parsed.collect();
            all.map_err(|e| format!("line {}: {e}", i + 1))
        };
        match words.next() {
            Some("case") => {
                let w: Vec<&str> = words.collect();
                let [group, id, function, _n, index, label] = w[..] else {
                    return Err(format!("line {}: a case needs 6 fields", i + 1));
                };
                let int = |s: &str| {
                    s.parse::<usize>()
                        .map_err(|e| format!("line {}: {e}", i + 1))
                };
                cases.push(Case {
                    group: group.into(),
                    id: id.into(),
                    function: function.into(),
                    wrong_index: int(index)?,
                    label: int(label)?,
                    inputs: Vec::new(),
                    point: Vec::new(),
                });
            }
            Some(key @ ("inputs" | "point")) => {
                let case = cases.last_mut().ok_or("values before the first case")?;
                let values = floats(words)?;
                if key == "inputs" {
                    case.inputs = values;
                } else {
                    case.point = values;
                }
            }
            _ => {}
        }
    }
    Ok(cases)
}

/// Median over 7 batches of at least 20 ms of the time of one call (as `peers.py` times numpy).
fn per_call(mut f: impl FnMut()) -> f64 {
    let mut number = 1u32;
    loop {
        let start = Instant::now();
        (0..number).for_each(|_| f());
        if start.elapsed() >= Duration::from_millis(20) {
            break;
        }
        number *= 2;
    }
    let mut batches: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            (0..number).for_each(|_| f());
            start.elapsed().as_secs_f64() / number as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[3]
}

/// Time of one check, as `peers.py` times the peers: a first untimed run (its outcome is the
/// verdict), then runs until 3 s are spent (at least one, at most 10), and their median.
fn time_check(mut run: impl FnMut() -> Outcome) -> (f64, Outcome) {
    let first = run();
    let mut runs = Vec::new();
    while runs.is_empty() || (runs.iter().sum::<f64>() < 3.0 && runs.len() < 10) {
        let start = Instant::now();
        black_box(run());
        runs.push(start.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    (runs[runs.len() / 2], first)
}

/// "pass", or "fail: " and the first error.
fn verdict((passed, _, error): &Outcome) -> String {
    if *passed {
        "pass".into()
    } else {
        format!("fail: {error}")
    }
}

/// Wrong in component `index` by the relative error `rel`.
fn spoil(grad: Grad<'_>, index: usize, rel: f64) -> impl Fn(&[f64]) -> Vec<f64> + Sync + '_ {
    move |x| {
        let mut g = grad(x);
        g[index] *= 1.0 + rel;
        g
    }
}

fn run_case<F: Function<Real = f64>>(
    f: &F,
    grad: Grad<'_>,
    case: &Case,
    modes: &[Option<Mode>],
) -> Value {
    let x = &case.point;
    let plain = per_call(|| {
        black_box(f.eval(black_box(x.as_slice())));
    });
    let mut row = Map::new();
    row.insert("eval_s".into(), json!(plain));
    for &mode in modes {
        let (t, outcome) = time_check(|| check(f, x, grad, mode));
        let evaluations = outcome.1;
        let mut verdicts = Map::new();
        verdicts.insert("correct".into(), json!(verdict(&outcome)));
        for rel in [1e-4, 1e-8] {
            let wrong = spoil(grad, case.wrong_index, rel);
            let outcome = check(f, x, &wrong, mode);
            verdicts.insert(format!("{rel:e}"), json!(verdict(&outcome))); // "1e-4", "1e-8"
        }
        let key = if mode.is_some() { "full" } else { "default" };
        row.insert(
            key.into(),
            json!({ "check_s": t, "evaluations": evaluations, "verdicts": verdicts }),
        );
    }
    Value::Object(row)
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/peers/points.txt".into());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "peers: cannot read the points file {path}: {e}\n\
                 It is written by bench/peers/run.sh (which then runs this example with its \
                 path); run that script, or pass the path of a points file as the argument."
            );
            std::process::exit(2);
        }
    };
    let cases = match parse(&text) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("peers: {path} is not a points file: {e}");
            std::process::exit(2);
        }
    };
    let mut results = Map::new();
    let (mut alarms, mut large) = (0, 0);
    for case in &cases {
        let grad_dense;
        let dense = Dense {
            inputs: case.inputs.clone(),
            label: case.label,
        };
        // Full mode too where the default is fast (above 1000 inputs).
        let modes: &[Option<Mode>] = if case.point.len() > 1000 {
            &[None, Some(Mode::Full)]
        } else {
            &[None]
        };
        if case.group == "large" {
            large += 1;
            alarms += usize::from(!check(&Rosenbrock, &case.point, &rosenbrock_grad, None).0);
            continue;
        }
        let row = match case.function.as_str() {
            "rosenbrock" => run_case(&Rosenbrock, &rosenbrock_grad, case, modes),
            "dense" => {
                grad_dense = |w: &[f64]| dense.grad(w);
                run_case(&dense, &grad_dense, case, modes)
            }
            other => {
                eprintln!("peers: unknown function {other} in {path}");
                std::process::exit(2);
            }
        };
        eprintln!("ours {}: {row}", case.id);
        results.insert(case.id.clone(), row);
    }
    results.insert(
        "large".into(),
        json!({ "false_alarms": alarms, "errors": 0, "of": large }),
    );
    println!("{}", Value::Object(results));
}
