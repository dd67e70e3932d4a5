//! Records a synthetic training run with a few planted problems (a spike, an
//! oscillating stretch, an explosion, a dying layer, a fat tail, a NaN) and writes
//! the monitor's SVG, CSV and JSON-lines exports.
//!
//! ```text
//! cargo run -p gradcheck-train --example monitor_plot -- /tmp/monitor
//! ```
//! writes `/tmp/monitor.svg`, `/tmp/monitor.csv`, `/tmp/monitor.events.csv`
//! and `/tmp/monitor.jsonl`.

use gradcheck_train::monitor::{Monitor, Observation};
use std::fs::File;
use std::io::BufWriter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stem = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "monitor".to_owned());
    let mut monitor = Monitor::builder()
        .vanishing(1e-6, 10)
        .exploding(1e2)
        .spike(10.0, 20)
        .oscillation(-0.5, 5)
        .update_band(1e-4, 1e-2, 10)
        .histogram(5, 128)
        .log(false)
        .build();

    // SplitMix64-style noise, so the picture is the same on every machine.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    };

    // A fixed descent direction per group, with entries of both signs.
    let dir = |n: usize, phase: f64| -> Vec<f64> {
        (0..n).map(|i| (i as f64 * 0.37 + phase).sin()).collect()
    };
    let (d_enc, d_dec, d_head) = (dir(64, 0.1), dir(32, 0.7), dir(8, 1.3));
    let mut weights = [vec![0.5; 64], vec![0.5; 32], vec![0.5; 8]];
    let (mut enc, mut dec, mut head) = (vec![0.0; 64], vec![0.0; 32], vec![0.0; 8]);
    for step in 0..300u64 {
        let t = step as f64;
        let base = (-t / 150.0).exp();
        let fill = |g: &mut Vec<f64>, d: &[f64], scale: f64, noise: &mut dyn FnMut() -> f64| {
            for (x, di) in g.iter_mut().zip(d) {
                *x = scale * (di + 0.3 * noise());
            }
        };
        fill(&mut enc, &d_enc, 0.5 * base, &mut noise);
        fill(&mut dec, &d_dec, 0.05 * base, &mut noise);
        // The head's gradient dies out after step 200: a vanishing gradient, and in its
        // histogram a collapse to the zero row.
        let head_scale = if step < 200 { 0.2 * base } else { 1e-14 };
        fill(&mut head, &d_head, head_scale, &mut noise);
        if step == 120 {
            enc.iter_mut().for_each(|x| *x *= 40.0); // a spike
        }
        if (60..90).contains(&step) && step % 2 == 1 {
            dec.iter_mut().for_each(|x| *x = -*x); // oscillation: every other step reversed
        }
        if (150..155).contains(&step) {
            dec.iter_mut().for_each(|x| *x *= 1e5); // explodes past the bound
        }
        if step >= 220 {
            // A fat tail: two entries of the encoder a hundred times the rest.
            enc[5] *= 100.0;
            enc[40] *= -100.0;
        }
        let mut loss = 2.0 * (-t / 100.0).exp() + 0.05 + 0.01 * noise();
        if step == 250 {
            loss = f64::NAN;
            enc[3] = f64::NAN;
        }
        let [w_enc, w_dec, w_head] = &weights;
        monitor.observe(
            step,
            loss,
            &[
                Observation::new("encoder", &enc).params(w_enc),
                Observation::new("decoder", &dec).params(w_dec),
                Observation::new("head", &head).params(w_head),
            ],
        );
        // Plain gradient descent with learning rate 1e-2, skipping NaN.
        for (w, g) in weights.iter_mut().zip([&enc, &dec, &head]) {
            for (wi, gi) in w.iter_mut().zip(g.iter()) {
                if gi.is_finite() {
                    *wi -= 1e-2 * gi;
                }
            }
        }
    }

    for e in monitor.events() {
        println!("{e}");
    }
    monitor.save_svg(format!("{stem}.svg"))?;
    monitor.write_csv(BufWriter::new(File::create(format!("{stem}.csv"))?))?;
    monitor.write_events_csv(BufWriter::new(File::create(format!("{stem}.events.csv"))?))?;
    monitor.write_jsonl(BufWriter::new(File::create(format!("{stem}.jsonl"))?))?;
    println!("wrote {stem}.svg, {stem}.csv, {stem}.events.csv, {stem}.jsonl");
    Ok(())
}
