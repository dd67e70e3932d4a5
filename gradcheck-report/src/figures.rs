//! The pictures the page draws from the data: the error-versus-step picture of a finding
//! and the gradient norms of a training run.

use crate::load::MonitorRun;
use crate::model::Finding;
use crate::svg::{Mark, Plot, Rule, Scale, Series};
use crate::text::sig;

/// Colours that stay apart for colour-blind readers (Okabe and Ito's palette).
const PALETTE: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// The most points a monitor line keeps: more would not show on a 500-pixel-wide axis,
/// and a 100 000-step run would make the page tens of megabytes.
const MAX_LINE_POINTS: usize = 2000;

/// The error-versus-step picture of a finding with `steps`: |FD − dual| and
/// |FD − hand-written| against h on log–log axes, the chosen step and the tolerance
/// marked; `None` without steps. The text says what the picture leaves out.
///
/// ```
/// let f: gradcheck_report::Finding = serde_json::from_str(r#"{"kind": "mismatch",
///     "expected": 1.0, "actual": 2.0, "steps": [{"h": 0.1, "fd": 1.01}, {"h": 0.01, "fd": 1.0001}]}"#).unwrap();
/// let (plot, _) = gradcheck_report::figures::step_plot(&f).unwrap();
/// assert_eq!(plot.series.len(), 2);
/// ```
pub fn step_plot(f: &Finding) -> Option<(Plot, String)> {
    if f.steps.is_empty() {
        return None;
    }
    let mut series = Vec::new();
    let mut left_out = 0;
    let mut against = |value: Option<f64>, label: &str, color: &'static str| {
        if let Some(v) = value.filter(|v| v.is_finite()) {
            let points: Vec<(f64, f64)> = f
                .steps
                .iter()
                .map(|s| (s.h, s.fd.map_or(f64::NAN, |fd| (fd - v).abs())))
                .collect();
            left_out += points
                .iter()
                .filter(|p| !(Scale::Log.drawable(p.0) && Scale::Log.drawable(p.1)))
                .count();
            series.push(Series {
                label: label.into(),
                color,
                points,
                dots: true,
            });
        }
    };
    let (trusted, tested) = match f.kind.as_str() {
        // `expected` is then the finite difference at the chosen step, `actual` the dual.
        "ad_mismatch" => ("|FD(h) − FD at chosen h|", "|FD(h) − dual|"),
        "reference_mismatch" => ("|FD(h) − reference|", "|FD(h) − value|"),
        _ => ("|FD(h) − dual|", "|FD(h) − hand-written|"),
    };
    against(f.expected, trusted, PALETTE[0]);
    against(f.actual, tested, PALETTE[1]);
    if series.is_empty() {
        return None;
    }
    let mut note = format!("Finite-difference estimates at {} steps.", f.steps.len());
    if left_out > 0 {
        note.push_str(&format!(
            " {left_out} point(s) not drawn: the difference is 0 or the estimate was not finite."
        ));
    }
    let plot = Plot {
        title: format!("{} at {}: error against step", f.kind, f.entry()),
        x_label: "step h".into(),
        y_label: "|difference|".into(),
        x_scale: Scale::Log,
        y_scale: Scale::Log,
        series,
        x_rules: f
            .step
            .map(|h| Rule {
                at: h,
                label: format!("chosen h = {h:.2e}"),
            })
            .into_iter()
            .collect(),
        y_rules: f
            .tolerance
            .map(|t| Rule {
                at: t,
                label: format!("tolerance {t:.2e}"),
            })
            .into_iter()
            .collect(),
        marks: Vec::new(),
    };
    Some((plot, note))
}

/// The L2 gradient norm of every parameter group against the training step (log scale),
/// with the monitor's events marked.
///
/// ```
/// let (steps, _) = gradcheck_report::parse_monitor(
///     "{\"step\":0,\"loss\":1,\"groups\":[{\"group\":\"w\",\"l2\":0.5}]}\n\
///      {\"step\":1,\"loss\":1,\"groups\":[{\"group\":\"w\",\"l2\":90}],\"events\":[{\"step\":1,\"group\":\"w\",\"kind\":\"exploding_gradient\",\"value\":90,\"threshold\":50}]}").unwrap();
/// let run = gradcheck_report::MonitorRun { file: "t.jsonl".into(), steps, bad_lines: 0 };
/// let plot = gradcheck_report::figures::norm_plot(&run);
/// assert_eq!(plot.series[0].label, "w");
/// assert_eq!(plot.marks.len(), 1);
/// ```
pub fn norm_plot(run: &MonitorRun) -> Plot {
    let mut names: Vec<&str> = Vec::new();
    for s in &run.steps {
        for g in &s.groups {
            if !names.contains(&g.group.as_str()) {
                names.push(&g.group);
            }
        }
    }
    let series = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let points: Vec<(f64, f64)> = run
                .steps
                .iter()
                .flat_map(|s| {
                    s.groups
                        .iter()
                        .filter(|g| g.group == *name)
                        .map(move |g| (s.step as f64, g.l2))
                })
                .collect();
            Series {
                label: (*name).to_owned(),
                color: PALETTE[i % PALETTE.len()],
                points: thin(&points, MAX_LINE_POINTS),
                dots: false,
            }
        })
        .collect();
    let marks = run
        .steps
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| {
            Some(Mark {
                x: e.step as f64,
                y: e.value?,
                label: event_words(e),
            })
        })
        .collect();
    // The bounds the monitor was given, as far as its events tell them.
    let mut y_rules: Vec<Rule> = Vec::new();
    for e in run.steps.iter().flat_map(|s| &s.events) {
        let word = match e.kind.as_str() {
            "exploding_gradient" => "exploding bound",
            "vanishing_gradient" => "vanishing bound",
            _ => continue,
        };
        if let Some(t) = e.threshold.filter(|t| !y_rules.iter().any(|r| r.at == *t)) {
            y_rules.push(Rule {
                at: t,
                label: format!("{word} {}", sig(t)),
            });
        }
    }
    Plot {
        title: format!("{}: gradient L2 norm per group", run.file),
        x_label: "training step".into(),
        y_label: "L2 norm".into(),
        x_scale: Scale::Linear,
        y_scale: Scale::Log,
        series,
        x_rules: Vec::new(),
        y_rules,
        marks,
    }
}

/// One monitor event in words: `step 74: exploding_gradient in layer 2: 71.5 (bound 50)`.
pub fn event_words(e: &crate::history::MonitorEvent) -> String {
    let mut s = format!("step {}: {}", e.step, e.kind);
    if let Some(g) = &e.group {
        s.push_str(&format!(" in {g}"));
    }
    if let Some(v) = e.value {
        s.push_str(&format!(": {}", sig(v)));
    }
    if let Some(t) = e.threshold {
        s.push_str(&format!(" (bound {})", sig(t)));
    }
    s
}

/// At most about `max` points: each bucket of consecutive points keeps its smallest and
/// largest y (in order), so spikes survive thinning.
fn thin(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max {
        return points.to_vec();
    }
    let bucket = points.len().div_ceil(max / 2);
    let mut out = Vec::with_capacity(max + 2);
    for chunk in points.chunks(bucket) {
        let lo = chunk
            .iter()
            .enumerate()
            .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
        let hi = chunk
            .iter()
            .enumerate()
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
        if let (Some((i, &a)), Some((j, &b))) = (lo, hi) {
            match i.cmp(&j) {
                std::cmp::Ordering::Less => out.extend([a, b]),
                std::cmp::Ordering::Greater => out.extend([b, a]),
                std::cmp::Ordering::Equal => out.push(a),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_spikes_and_order() {
        let mut pts: Vec<(f64, f64)> = (0..100_000).map(|i| (i as f64, 1.0)).collect();
        pts[54_321].1 = 1e6;
        let t = thin(&pts, 2000);
        assert!(t.len() <= 2002);
        assert!(t.iter().any(|p| p.1 == 1e6));
        assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn no_steps_no_picture_and_zeros_are_counted() {
        let f: Finding = serde_json::from_str(r#"{"expected": 1.0}"#).unwrap();
        assert!(step_plot(&f).is_none());
        let f: Finding = serde_json::from_str(
            r#"{"kind": "kink", "expected": 1.0, "step": 0.01, "tolerance": 1e-9,
                "steps": [{"h": 0.1, "fd": 1.0}, {"h": 0.01, "fd": 1.5}, {"h": 0.001, "fd": null}]}"#,
        )
        .unwrap();
        let (plot, note) = step_plot(&f).unwrap();
        assert_eq!(plot.series.len(), 1, "no hand-written value, one line");
        assert!(note.contains("2 point(s) not drawn"), "{note}");
        assert_eq!(plot.x_rules[0].at, 0.01);
        assert_eq!(plot.y_rules[0].at, 1e-9);
    }
}
