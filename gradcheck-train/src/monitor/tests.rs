//! Detector behaviour on constructed runs, and the exports' content.

use super::*;

/// Deterministic noise in [-1, 1): the tests must not depend on a seed file.
pub(super) struct Noise(pub(super) u64);
impl Noise {
    pub(super) fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

/// A gradient of four entries whose L2 norm is `l2`.
fn grad(l2: f64) -> [f64; 4] {
    [l2 / 2.0; 4]
}

pub(super) fn quiet() -> MonitorBuilder {
    Monitor::builder().log(false)
}

pub(super) fn kinds(m: &Monitor) -> Vec<(u64, EventKind)> {
    m.events().iter().map(|e| (e.step, e.kind)).collect()
}

#[test]
fn grad_helper_has_the_requested_norm() {
    assert_eq!(GradNorms::of(&grad(3.0)).l2, 3.0);
}

#[test]
fn nan_gradient_at_step_5_fires_once_at_step_5() {
    let mut m = quiet().build();
    for step in 0..10 {
        let mut g = grad(1.0);
        if step == 5 {
            g[2] = f64::NAN;
        }
        let events = m.record(step, 1.0, &[("w", &g[..])]);
        assert_eq!(events.len(), usize::from(step == 5), "step {step}");
    }
    let e = &m.events()[0];
    assert_eq!((e.step, e.kind), (5, EventKind::NonFiniteGradient));
    assert_eq!(e.group.as_deref(), Some("w"));
}

#[test]
fn infinite_loss_fires_nonfinite_loss_without_a_group() {
    let mut m = quiet().build();
    m.record(4, 1.0, &[]);
    let events = m.record(5, f64::INFINITY, &[]);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::NonFiniteLoss);
    assert_eq!(events[0].group, None);
}

#[test]
fn persistent_nan_is_reported_at_onset_and_again_after_recovery() {
    let mut m = quiet().build();
    let nan = [f64::NAN];
    let ok = [1.0];
    for (step, g) in [&nan, &nan, &nan, &ok, &nan].iter().enumerate() {
        m.record(step as u64, f64::NAN, &[("w", &g[..])]);
    }
    let nonfinite_grad_steps: Vec<u64> = m
        .events()
        .iter()
        .filter(|e| e.kind == EventKind::NonFiniteGradient)
        .map(|e| e.step)
        .collect();
    assert_eq!(nonfinite_grad_steps, [0, 4]);
    // The loss was NaN throughout: one loss event only.
    let loss_events = m
        .events()
        .iter()
        .filter(|e| e.kind == EventKind::NonFiniteLoss)
        .count();
    assert_eq!(loss_events, 1);
}

#[test]
fn vanishing_fires_after_exactly_k_consecutive_small_norms() {
    let mut m = quiet().vanishing(1e-6, 4).build();
    // Three small steps, then a normal one: the run is broken, no event.
    let norms = [1.0, 1e-8, 1e-8, 1e-8, 1.0, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8];
    for (step, &n) in norms.iter().enumerate() {
        m.record(step as u64, 1.0, &[("w", &grad(n)[..])]);
    }
    assert_eq!(kinds(&m), [(8, EventKind::Vanishing)]);
    let e = &m.events()[0];
    assert_eq!(e.threshold, 1e-6);
    assert!(e.value < 1e-6);
}

#[test]
fn exploding_fires_on_crossing_the_bound_not_while_staying_above() {
    let mut m = quiet().exploding(100.0).build();
    let norms = [1.0, 50.0, 150.0, 300.0, 200.0, 10.0, 120.0];
    for (step, &n) in norms.iter().enumerate() {
        m.record(step as u64, 1.0, &[("w", &grad(n)[..])]);
    }
    assert_eq!(
        kinds(&m),
        [(2, EventKind::Exploding), (6, EventKind::Exploding)]
    );
    assert_eq!(m.events()[0].value, 150.0);
}

#[test]
fn spike_of_more_than_factor_times_median_fires_after_warmup() {
    let mut m = quiet().spike(10.0, 20).build();
    let mut noise = Noise(3);
    for step in 0..30 {
        let n = 1.0 + 0.2 * noise.next();
        assert!(m.record(step, 1.0, &[("w", &grad(n)[..])]).is_empty());
    }
    let events = m.record(30, 1.0, &[("w", &grad(25.0)[..])]).to_vec();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Spike);
    // The threshold is 10× a median of values within 1 ± 0.2.
    assert!(
        (8.0..12.0).contains(&events[0].threshold),
        "{:?}",
        events[0]
    );
    // Back to normal: nothing more.
    assert!(m.record(31, 1.0, &[("w", &grad(1.0)[..])]).is_empty());
}

#[test]
fn spike_detector_stays_quiet_during_warmup() {
    let mut m = quiet().spike(10.0, 20).build();
    for step in 0..5 {
        m.record(step, 1.0, &[("w", &grad(1.0)[..])]);
    }
    m.record(5, 1.0, &[("w", &grad(1000.0)[..])]);
    assert!(m.events().is_empty());
    // A shorter warm-up lets the same spike through.
    let mut m = quiet().spike(10.0, 20).warmup(5).build();
    for step in 0..5 {
        m.record(step, 1.0, &[("w", &grad(1.0)[..])]);
    }
    m.record(5, 1.0, &[("w", &grad(1000.0)[..])]);
    assert_eq!(kinds(&m), [(5, EventKind::Spike)]);
}

#[test]
fn healthy_slowly_decaying_noisy_run_raises_nothing() {
    let mut m = quiet()
        .vanishing(1e-6, 5)
        .exploding(1e3)
        .spike(10.0, 20)
        .build();
    let mut noise = Noise(42);
    for step in 0..2000 {
        let t = step as f64;
        // Norm decays by ~e^-4 over the run with ±40% noise per step: the
        // kind of curve a healthy SGD run gives.
        let l2 = 5.0 * (-t / 500.0).exp() * (1.0 + 0.4 * noise.next());
        let loss = 2.0 * (-t / 400.0).exp() + 0.01 * noise.next().abs();
        m.record(
            step,
            loss,
            &[("a", &grad(l2)[..]), ("b", &grad(0.1 * l2)[..])],
        );
    }
    assert!(m.events().is_empty(), "{:?}", m.events());
    assert_eq!(m.group("a").unwrap().samples().len(), 2000);
}

#[test]
fn groups_are_matched_by_name_and_detected_independently() {
    let mut m = quiet().exploding(10.0).build();
    m.record(0, 1.0, &[("a", &grad(1.0)[..]), ("b", &grad(1.0)[..])]);
    // Swapped order, and only `b` explodes.
    let events = m.record(1, 1.0, &[("b", &grad(50.0)[..]), ("a", &grad(2.0)[..])]);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].group.as_deref(), Some("b"));
    assert_eq!(m.group("a").unwrap().samples()[1].norms.l2, 2.0);
    assert_eq!(m.group("b").unwrap().samples()[1].norms.l2, 50.0);
    // A group that skips a step keeps a gap, not a stale value.
    m.record(2, 1.0, &[("a", &grad(1.0)[..])]);
    assert_eq!(m.group("b").unwrap().samples().len(), 2);
}

#[test]
fn record_returns_only_the_new_events_while_all_are_kept() {
    let mut m = quiet().exploding(1.0).build();
    assert_eq!(m.record(0, 1.0, &[("a", &grad(5.0)[..])]).len(), 1);
    assert_eq!(m.record(1, 1.0, &[("b", &grad(5.0)[..])]).len(), 1);
    assert!(m.record(2, 1.0, &[("b", &grad(5.0)[..])]).is_empty());
    assert_eq!(m.events().len(), 2);
}

#[test]
fn events_are_logged_with_log_warn() {
    use std::sync::{Mutex, OnceLock};
    struct Capture(Mutex<Vec<(log::Level, String, String)>>);
    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata) -> bool {
            true
        }
        fn log(&self, r: &log::Record) {
            let entry = (r.level(), r.target().to_owned(), r.args().to_string());
            self.0.lock().unwrap().push(entry);
        }
        fn flush(&self) {}
    }
    static LOGGER: OnceLock<Capture> = OnceLock::new();
    let logger = LOGGER.get_or_init(|| Capture(Mutex::new(Vec::new())));
    // Other tests may run first; this is the only one installing a logger.
    let _ = log::set_logger(logger);
    log::set_max_level(log::LevelFilter::Warn);

    let mut m = Monitor::builder().exploding(1.0).build();
    m.record(9, 1.0, &[("logged-group", &grad(5.0)[..])]);
    let seen = logger.0.lock().unwrap();
    let hit = seen
        .iter()
        .find(|(_, _, msg)| msg.contains("logged-group"))
        .expect("the event was logged");
    assert_eq!(hit.0, log::Level::Warn);
    assert_eq!(hit.1, "gradcheck::monitor");
    assert!(hit.2.contains("exploding_gradient"), "{}", hit.2);
}

fn sample_monitor() -> Monitor {
    let mut m = quiet().exploding(10.0).build();
    m.record(0, 0.5, &[("w", &[3.0, -4.0][..]), ("b,1", &[1.0][..])]);
    m.record(1, f64::NAN, &[("w", &[30.0, 40.0][..])]);
    m.record(2, 0.25, &[]);
    m
}

#[test]
fn csv_has_one_row_per_step_and_group_in_long_form() {
    let mut out = Vec::new();
    sample_monitor().write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows,
        [
            "step,loss,group,l1,l2,max,cos_prev,cos_mean,update_ratio",
            "0,0.5,w,7.0,5.0,4.0,,,",
            "0,0.5,\"b,1\",1.0,1.0,1.0,,,",
            "1,NaN,w,70.0,50.0,40.0,-0.28,-0.28,",
            "2,0.25,,,,,,,",
        ]
    );
}

#[test]
fn events_csv_lists_each_event() {
    let mut out = Vec::new();
    sample_monitor().write_events_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "step,group,kind,value,threshold",
            "1,,nonfinite_loss,NaN,NaN",
            "1,w,exploding_gradient,50.0,10.0",
        ]
    );
}

#[test]
fn jsonl_has_one_parseable_object_per_step_with_its_events() {
    let mut out = Vec::new();
    sample_monitor().write_jsonl(&mut out).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["step"], 0);
    assert_eq!(lines[0]["groups"][1]["group"], "b,1");
    assert_eq!(lines[0]["groups"][0]["max"], 4.0);
    assert_eq!(lines[0]["events"].as_array().unwrap().len(), 0);
    assert!(lines[1]["loss"].is_null());
    let kinds: Vec<&str> = lines[1]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["nonfinite_loss", "exploding_gradient"]);
    assert_eq!(lines[1]["events"][1]["group"], "w");
    assert_eq!(lines[2]["groups"].as_array().unwrap().len(), 0);
}

#[test]
fn svg_file_is_written_with_every_series_and_event_kind_named() {
    let mut m = quiet().exploding(100.0).vanishing(1e-6, 3).build();
    let mut noise = Noise(7);
    for step in 0..60 {
        let n = 1.0 + 0.1 * noise.next();
        let spike = if step == 40 { 50.0 } else { 1.0 };
        m.record(
            step,
            1.0 / (1.0 + step as f64),
            &[
                ("encoder", &grad(n * spike)[..]),
                ("decoder", &grad(0.01 * n)[..]),
            ],
        );
    }
    let path = std::env::temp_dir().join(format!("gradcheck-monitor-{}.svg", std::process::id()));
    m.save_svg(&path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for name in [
        "encoder",
        "decoder",
        "loss",
        "gradient_spike (1)",
        "exploding bound",
        "vanishing bound",
        "step",
    ] {
        assert!(svg.contains(name), "missing {name:?}");
    }
    // Text is emitted as SVG text, not as rasterised glyphs from a font.
    assert!(svg.contains("<text"));
}

#[test]
fn degenerate_histories_still_render() {
    // Nothing recorded, a single step, and a group that is never finite.
    let empty = Monitor::default();
    assert!(empty.render_svg().unwrap().contains("Loss"));
    let mut one = quiet().build();
    one.record(3, 0.0, &[("z", &[0.0][..])]);
    // plotters writes each label as `<text ...>\nLABEL\n</text>`.
    assert!(one.render_svg().unwrap().contains(">\nz\n</text>"));
    let mut broken = quiet().build();
    for step in 0..3 {
        broken.record(step, f64::NAN, &[("nan", &[f64::NAN][..])]);
    }
    let svg = broken.render_svg().unwrap();
    assert!(svg.contains("nonfinite_gradient (1)") && svg.contains("nonfinite_loss (1)"));
}
