//! The labelled bugs of BENCHMARKS.md ("Where the points come from"): each case is checked at
//! the default annotation (no `samples`, its natural `domain` or none) over 7 seeds; the wrong
//! gradient should fail, its correct twin pass. Before that, each case is verified at its
//! witness point: the correct twin agrees with an adaptive finite difference (independent
//! of dual numbers) and passes the check there, and the wrong one differs from it.
//!
//! ```sh
//! cargo run --release -p gradcheck-runtime --example points_bugs
//! ```
//!
//! Prints one markdown row per case: caught seeds, the kinds of point that caught it, the
//! median evaluations of a check and its points, and false alarms on the twin. Uses only API
//! that the engine had before the points work, so the same file measures the old default.

mod cases;

use gradcheck_runtime::{derivative, Layout, Report, Spec};

const SEEDS: [u64; 7] = [0x0067_7261_6463_686b, 1, 2, 3, 42, 77, 987_654_321];

fn spec(case: &cases::Case, seed: u64) -> Spec {
    let s = Spec::new(format!("bugs::{}", case.name), Layout::flat(case.n)).seed(seed);
    match case.domain {
        Some((a, b)) => s.domain(a..b),
        None => s,
    }
}

/// The witness point: the right gradient agrees with finite differences, passes the check
/// there, and differs from the wrong one.
fn verify(case: &cases::Case) -> Result<(), String> {
    let x = (case.witness)(case.n);
    let right = (case.right)(&x);
    let wrong = (case.wrong)(&x);
    let scale = right.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    // Finite differences on a few components (all of them for small inputs).
    let comps: Vec<usize> = if case.n <= 8 {
        (0..case.n).collect()
    } else {
        vec![0, case.n - 1, 1234 % case.n]
    };
    for &i in &comps {
        let f = |t: f64| {
            let mut y = x.clone();
            y[i] = t;
            case.f.value(&y)
        };
        let (d, _) = derivative(f, x[i]).ok_or("no finite difference")?;
        if (d.value - right[i]).abs() > 1e-6 * scale.max(d.value.abs()) {
            return Err(format!(
                "component {i}: finite difference {} vs right {}",
                d.value, right[i]
            ));
        }
    }
    let g = |y: &[f64]| vec![(case.right)(y)];
    let at = Spec::new("bugs::witness", Layout::flat(case.n)).at(&x);
    let r = case.f.run(&at, &g);
    if !r.passed() {
        return Err(format!("the right twin fails at the witness:\n{r}"));
    }
    let differs = right
        .iter()
        .zip(&wrong)
        .any(|(a, b)| a != b && !(a.is_nan() && b.is_nan()));
    if !differs {
        return Err("the wrong gradient equals the right one at the witness".into());
    }
    Ok(())
}

fn median(mut v: Vec<usize>) -> usize {
    v.sort_unstable();
    v[v.len() / 2]
}

fn origins(r: &Report) -> Vec<&'static str> {
    let mut o: Vec<&'static str> = r
        .errors()
        .filter_map(|f| f.origin.map(|o| o.name()))
        .collect();
    o.sort_unstable();
    o.dedup();
    o
}

fn main() {
    println!("| case | class | verified | caught (of 7 seeds) | found by | evaluations (median) | points (median) | twin: seeds with a false error |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let (mut caught_total, mut cases_total) = (0, 0);
    for case in cases::cases() {
        let verified = match verify(&case) {
            Ok(()) => "yes".to_string(),
            Err(e) => format!("NO: {}", e.lines().next().unwrap_or("")),
        };
        let (mut caught, mut evals, mut points, mut found_by, mut false_alarms) =
            (0, vec![], vec![], vec![], 0);
        for seed in SEEDS {
            let s = spec(&case, seed);
            let g = |y: &[f64]| vec![(case.wrong)(y)];
            let r = case.f.run(&s, &g);
            if !r.passed() {
                caught += 1;
            }
            evals.push(r.evaluations());
            points.push(r.points_checked());
            for o in origins(&r) {
                if !found_by.contains(&o) {
                    found_by.push(o);
                }
            }
            let g = |y: &[f64]| vec![(case.right)(y)];
            let twin = case.f.run(&s, &g);
            if !twin.passed() {
                false_alarms += 1;
                eprintln!(
                    "false alarm on the twin of {} at seed {seed}:\n{twin}",
                    case.name
                );
            }
        }
        found_by.sort_unstable();
        if case.class > 0 {
            caught_total += caught;
            cases_total += SEEDS.len();
        }
        println!(
            "| {} | {} | {} | {}/7 | {} | {} | {} | {} |",
            case.name,
            if case.class == 0 {
                "control".to_string()
            } else {
                case.class.to_string()
            },
            verified,
            caught,
            if found_by.is_empty() {
                "-".to_string()
            } else {
                found_by.join(", ")
            },
            median(evals),
            median(points),
            false_alarms
        );
    }
    println!("\nclasses 1-5: caught {caught_total} of {cases_total} (case, seed) pairs");
}
