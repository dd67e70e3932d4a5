//! Direction, update ratio and histograms on constructed runs: each detector fires where the
//! run is built to trip it and stays silent on a healthy twin; the exports carry the fields.

use super::tests::{kinds, quiet, Noise};
use super::*;

const N: usize = 64;

/// A fixed direction with entries of both signs.
fn direction() -> Vec<f64> {
    (0..N).map(|i| ((i as f64) * 0.37 + 0.2).sin()).collect()
}

/// `scale · v` plus independent noise of size `noise` per entry.
fn around(v: &[f64], scale: f64, noise: f64, rng: &mut Noise) -> Vec<f64> {
    v.iter().map(|x| scale * x + noise * rng.next()).collect()
}

#[test]
fn oscillation_fires_when_the_gradient_keeps_reversing() {
    let mut m = quiet().oscillation(-0.5, 5).build();
    let (v, mut rng) = (direction(), Noise(1));
    for step in 0..20u64 {
        let sign = if step % 2 == 0 { 1.0 } else { -1.0 };
        m.record(step, 1.0, &[("w", &around(&v, sign, 0.05, &mut rng)[..])]);
    }
    // Cosines start at step 1, so the fifth reversal in a row is step 5; one event per run.
    assert_eq!(kinds(&m), [(5, EventKind::Oscillation)]);
    let e = &m.events()[0];
    assert!(e.value < -0.9 && e.threshold == -0.5, "{e:?}");
    assert!(e.to_string().contains("keeps reversing"), "{e}");
}

#[test]
fn oscillation_stays_silent_on_noisy_descent_and_on_isolated_reversals() {
    let mut m = quiet().oscillation(-0.5, 5).build();
    let (v, mut rng) = (direction(), Noise(2));
    for step in 0..3000u64 {
        // A steady direction under noise as large as the signal, and every 7th step a
        // reversal (a bad batch): never five in a row.
        let sign = if step % 7 == 3 { -1.0 } else { 1.0 };
        let decay = (-(step as f64) / 1000.0).exp();
        m.record(
            step,
            1.0,
            &[("w", &around(&v, sign * decay, decay, &mut rng)[..])],
        );
    }
    assert!(m.events().is_empty(), "{:?}", m.events());
    let reversed = m.group("w").unwrap().samples()[3].cos_prev.unwrap();
    assert!(
        reversed < -0.5,
        "the reversal itself is measured: {reversed}"
    );
}

#[test]
fn aligned_fires_after_a_long_stretch_in_one_direction() {
    let mut m = quiet().aligned(0.9, 200).build();
    let (v, mut rng) = (direction(), Noise(3));
    for step in 0..500u64 {
        m.record(step, 1.0, &[("w", &around(&v, 1.0, 0.02, &mut rng)[..])]);
    }
    assert_eq!(kinds(&m), [(200, EventKind::Aligned)]);
    assert!(m.events()[0].value > 0.99);
}

#[test]
fn aligned_stays_silent_when_noise_dominates() {
    let mut m = quiet().aligned(0.9, 200).oscillation(-0.5, 5).build();
    let (v, mut rng) = (direction(), Noise(4));
    for step in 0..2000u64 {
        // The mean direction is a tenth of the noise: a minibatch run near a minimum.
        m.record(step, 1.0, &[("w", &around(&v, 0.1, 1.0, &mut rng)[..])]);
    }
    assert!(m.events().is_empty(), "{:?}", m.events());
    let mean: f64 = m.group("w").unwrap().samples()[1..]
        .iter()
        .map(|s| s.cos_mean.unwrap())
        .sum::<f64>()
        / 1999.0;
    assert!(mean.abs() < 0.5, "mean cosine with the running mean {mean}");
}

/// Applies updates of relative size `ratio` (times 1 ± 30% noise) for `steps` steps.
fn run_with_ratio(m: &mut Monitor, ratio: f64, steps: u64, seed: u64) {
    let (v, mut rng) = (direction(), Noise(seed));
    let mut w: Vec<f64> = v.iter().map(|x| 1.0 + x).collect();
    for step in 0..steps {
        let g = around(&v, 1.0, 0.5, &mut rng);
        m.observe(step, 1.0, &[Observation::new("w", &g).params(&w)]);
        let gn = g.iter().map(|x| x * x).sum::<f64>().sqrt();
        let wn = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        let lr = ratio * (1.0 + 0.3 * rng.next()) * wn / gn;
        w.iter_mut().zip(&g).for_each(|(wi, gi)| *wi -= lr * gi);
    }
}

#[test]
fn update_ratio_outside_the_band_fires_low_and_high() {
    let mut m = quiet().update_band(1e-4, 1e-2, 20).build();
    run_with_ratio(&mut m, 5e-2, 60, 5);
    // The first ratio is at step 1 (it needs the previous parameters): 20 in a row at 20.
    assert_eq!(kinds(&m), [(20, EventKind::UpdateTooLarge)]);
    let mut m = quiet().update_band(1e-4, 1e-2, 20).build();
    run_with_ratio(&mut m, 1e-6, 60, 6);
    assert_eq!(kinds(&m), [(20, EventKind::UpdateTooSmall)]);
    assert_eq!(m.events()[0].threshold, 1e-4);
}

#[test]
fn update_ratio_inside_the_band_stays_silent_and_is_measured() {
    let mut m = quiet().build();
    run_with_ratio(&mut m, 1e-3, 2000, 7);
    assert!(m.events().is_empty(), "{:?}", m.events());
    let s = m.group("w").unwrap().samples();
    assert_eq!(s[0].update_ratio, None);
    assert!(s[1..].iter().all(|s| {
        let r = s.update_ratio.unwrap();
        (6e-4..1.4e-3).contains(&r)
    }));
}

#[test]
fn histograms_show_a_collapse_to_zero_and_a_fat_tail() {
    let mut m = quiet().histogram(1, 16).build();
    let mut rng = Noise(8);
    // Dead units: 90% of the entries exactly zero.
    let dead: Vec<f64> = (0..1000)
        .map(|i| if i % 10 == 0 { rng.next() } else { 0.0 })
        .collect();
    // A Cauchy-like tail: 1/u for uniform u spans many octaves.
    let tail: Vec<f64> = (0..1000).map(|_| 0.01 / rng.next()).collect();
    let normal: Vec<f64> = (0..1000).map(|_| 0.1 * (1.0 + 0.3 * rng.next())).collect();
    m.record(
        0,
        1.0,
        &[
            ("dead", &dead[..]),
            ("tail", &tail[..]),
            ("ok", &normal[..]),
        ],
    );
    let counts = |g: &str| *m.group(g).unwrap().histograms().next().unwrap().counts();
    assert_eq!(counts("dead")[Histogram::zero_bin()], 900);
    let spread = |g: &str| counts(g).iter().filter(|&&c| c > 0).count();
    assert!(
        spread("tail") >= 2 * spread("ok") + 10,
        "{} vs {}",
        spread("tail"),
        spread("ok")
    );
}

#[test]
fn histogram_memory_stays_bounded_over_a_long_run() {
    let mut m = quiet().histogram(1, 32).build();
    let g = [0.5; 10];
    for step in 0..50_000u64 {
        m.record(step, 1.0, &[("w", &g[..])]);
    }
    let h: Vec<u64> = m.group("w").unwrap().histograms().map(|h| h.step).collect();
    assert!(h.len() <= 32 && h.len() >= 16, "{}", h.len());
    assert_eq!(h[0], 0);
    assert!(50_000 - h.last().unwrap() <= h[1] - h[0], "{h:?}");
}

#[test]
fn jsonl_carries_cosines_update_ratio_and_histograms() {
    let mut m = quiet().histogram(2, 8).build();
    for (step, w) in [[1.0, 2.0], [1.01, 2.0], [1.02, 2.0]].iter().enumerate() {
        let g = [0.0, -0.5 - step as f64];
        m.observe(step as u64, 1.0, &[Observation::new("w", &g).params(w)]);
    }
    let mut out = Vec::new();
    m.write_jsonl(&mut out).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let g0 = &lines[0]["groups"][0];
    assert!(g0["cos_prev"].is_null() && g0["cos_mean"].is_null() && g0["update_ratio"].is_null());
    let bins = g0["histogram"]["bins"].as_array().unwrap();
    // 0.0 in the zero bin, -0.5 in (-1, -0.5]: most negative first.
    assert_eq!(bins.len(), 2);
    assert_eq!(bins[0], serde_json::json!([-1.0, -0.5, 1]));
    assert_eq!(bins[1][2], 1);
    assert_eq!(g0["histogram"]["nonfinite"], 0);
    let g1 = &lines[1]["groups"][0];
    assert_eq!(g1["cos_prev"], 1.0);
    let r = g1["update_ratio"].as_f64().unwrap();
    assert!((r - 0.01 / 5f64.sqrt()).abs() < 1e-12, "{r}");
    assert!(
        g1.get("histogram").is_none(),
        "every 2 steps: none at step 1"
    );
    assert!(lines[2]["groups"][0]["histogram"].is_object());
}

#[test]
fn svg_has_every_panel_with_its_events() {
    let mut m = quiet()
        .oscillation(-0.5, 5)
        .update_band(1e-4, 1e-2, 5)
        .build();
    let (v, mut rng) = (direction(), Noise(9));
    let mut w = vec![1.0; N];
    for step in 0..60u64 {
        let sign = if step >= 40 && step % 2 == 1 {
            -1.0
        } else {
            1.0
        };
        let g = around(&v, sign, 0.1, &mut rng);
        m.observe(
            step,
            1.0 / (1.0 + step as f64),
            &[Observation::new("enc", &g).params(&w)],
        );
        w.iter_mut().zip(&g).for_each(|(wi, gi)| *wi -= 0.1 * gi);
    }
    let svg = m.render_svg().unwrap();
    for text in [
        "Gradient L2 norm",
        "Gradient direction",
        "Update ratio",
        "Gradient values of enc",
        "Loss",
        "gradient_oscillation (1)",
        "update_ratio_high (1)",
        "oscillation bound",
        "healthy band",
        "vs running mean",
        "1e-1",
    ] {
        assert!(svg.contains(text), "missing {text:?}");
    }
}
