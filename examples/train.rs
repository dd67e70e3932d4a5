//! A small multilayer perceptron with hand-written backprop, trained on two spirals, with its
//! loss and gradient checked by `#[gradient_checked]` (`cargo test --example train`) and its
//! training watched by the gradient monitor.
//!
//! `cargo run --release --example train` writes `target/gradcheck/train.{svg,csv,jsonl}` for a
//! healthy run and `target/gradcheck/train_exploding.{svg,csv,jsonl}` for a run with a
//! learning rate 800 times too large (40 instead of 0.05). The monitor is given each layer's
//! gradient and weights, so besides the norms it shows their direction (cosine with the
//! previous step and with a running mean), the update ratio ‖update‖ / ‖weights‖ against its
//! healthy band, and a heat strip of each layer's gradient values; the exploding run's
//! events (exploding gradients, spikes, reversals, updates far outside the band) are logged
//! and marked on the plot.

use gradient_checked::monitor::{Monitor, Observation};
use gradient_checked::prelude::*;
use gradient_checked::regularize::{add_l2_penalty_grad, l2_penalty};
use gradient_checked::SplitMix64;
use std::sync::LazyLock;

/// Hidden units per layer.
const H: usize = 12;
/// Offsets of the parameter blocks in the flat parameter vector.
const W1: usize = 0; // H × 2
const B1: usize = W1 + 2 * H;
const W2: usize = B1 + H; // H × H
const B2: usize = W2 + H * H;
const W3: usize = B2 + H; // 1 × H
const B3: usize = W3 + H;
/// Number of parameters.
const P: usize = B3 + 1;
/// L2 weight decay.
const WEIGHT_DECAY: f64 = 1e-4;

/// One labelled point: coordinates and a label in {-1, +1}.
#[derive(Clone, Copy, Debug)]
struct Sample {
    x: [f64; 2],
    y: f64,
}

/// Two interleaved spirals, 100 points each, with a little seeded noise.
fn spirals(n: usize, seed: u64) -> Vec<Sample> {
    let mut rng = SplitMix64::new(seed);
    (0..2 * n)
        .map(|k| {
            let (arm, i) = (k % 2, k / 2);
            let t = 0.25 + 3.0 * i as f64 / n as f64;
            let angle = t * 2.0 + std::f64::consts::PI * arm as f64;
            let r = t / 3.25;
            let mut noise = || 0.02 * rng.normal();
            let x = [r * angle.cos() + noise(), r * angle.sin() + noise()];
            Sample {
                x,
                y: if arm == 0 { 1.0 } else { -1.0 },
            }
        })
        .collect()
}

static DATA: LazyLock<Vec<Sample>> = LazyLock::new(|| spirals(100, 7));

/// The softplus log(1 + eᵗ), computed stably for either sign of t.
fn softplus<D: DualNum<Primitive = f64> + Copy>(t: D) -> D {
    if t.re() > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// Mean logistic loss of the network over `batch`, plus L2 weight decay on every parameter.
#[cfg_attr(test, gradient_checked(
    dims(params = 205),
    samples = 2,
    domain = -1.0..1.0,
    grad = loss_grad,
    data(batch = &DATA[..16], weight_decay = WEIGHT_DECAY),
))]
fn loss<D: DualNum<Primitive = f64> + Copy>(
    params: &[D],
    batch: &[Sample],
    weight_decay: f64,
) -> D {
    let mut total = D::from(0.0);
    for s in batch {
        let h1: Vec<D> = (0..H)
            .map(|j| {
                (params[W1 + 2 * j] * s.x[0] + params[W1 + 2 * j + 1] * s.x[1] + params[B1 + j])
                    .tanh()
            })
            .collect();
        let h2: Vec<D> = (0..H)
            .map(|j| {
                ((0..H).map(|k| params[W2 + H * j + k] * h1[k]).sum::<D>() + params[B2 + j]).tanh()
            })
            .collect();
        let z = (0..H).map(|k| params[W3 + k] * h2[k]).sum::<D>() + params[B3];
        total += softplus(z * (-s.y));
    }
    total / batch.len() as f64 + l2_penalty(params, weight_decay)
}

/// The hand-written backprop of [`loss`].
fn loss_grad(params: &[f64], batch: &[Sample], weight_decay: f64) -> Vec<f64> {
    let mut g = vec![0.0; P];
    let scale = 1.0 / batch.len() as f64;
    for s in batch {
        let h1: Vec<f64> = (0..H)
            .map(|j| {
                (params[W1 + 2 * j] * s.x[0] + params[W1 + 2 * j + 1] * s.x[1] + params[B1 + j])
                    .tanh()
            })
            .collect();
        let h2: Vec<f64> = (0..H)
            .map(|j| {
                ((0..H).map(|k| params[W2 + H * j + k] * h1[k]).sum::<f64>() + params[B2 + j])
                    .tanh()
            })
            .collect();
        let z = (0..H).map(|k| params[W3 + k] * h2[k]).sum::<f64>() + params[B3];
        // d softplus(−y z)/dz = −y σ(−y z)
        let dz = -s.y / (1.0 + (s.y * z).exp()) * scale;
        g[B3] += dz;
        let mut dh2 = [0.0; H];
        for k in 0..H {
            g[W3 + k] += dz * h2[k];
            dh2[k] = dz * params[W3 + k] * (1.0 - h2[k] * h2[k]);
        }
        let mut dh1 = [0.0; H];
        for j in 0..H {
            g[B2 + j] += dh2[j];
            for k in 0..H {
                g[W2 + H * j + k] += dh2[j] * h1[k];
                dh1[k] += dh2[j] * params[W2 + H * j + k];
            }
        }
        for j in 0..H {
            let d = dh1[j] * (1.0 - h1[j] * h1[j]);
            g[W1 + 2 * j] += d * s.x[0];
            g[W1 + 2 * j + 1] += d * s.x[1];
            g[B1 + j] += d;
        }
    }
    add_l2_penalty_grad(params, weight_decay, &mut g);
    g
}

/// Seeded initial parameters, scaled like Xavier initialisation.
fn init(seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    let mut p = vec![0.0; P];
    for (range, fan_in) in [(W1..B1, 2.0), (W2..B2, H as f64), (W3..B3, H as f64)] {
        for v in &mut p[range] {
            *v = rng.normal() / f64::sqrt(fan_in);
        }
    }
    p
}

/// Trains with full-batch gradient descent and momentum, recording every step.
fn train(lr: f64, steps: u64, monitor: &mut Monitor) -> (Vec<f64>, f64) {
    let data = &DATA[..];
    let mut p = init(11);
    let mut velocity = vec![0.0; P];
    for step in 0..steps {
        let value = loss(&p, data, WEIGHT_DECAY);
        let g = loss_grad(&p, data, WEIGHT_DECAY);
        monitor.observe(
            step,
            value,
            &[
                Observation::new("layer 1", &g[W1..W2]).params(&p[W1..W2]),
                Observation::new("layer 2", &g[W2..W3]).params(&p[W2..W3]),
                Observation::new("output", &g[W3..]).params(&p[W3..]),
            ],
        );
        for ((pi, vi), gi) in p.iter_mut().zip(&mut velocity).zip(&g) {
            *vi = 0.9 * *vi - lr * gi;
            *pi += *vi;
        }
    }
    let accuracy =
        data.iter().filter(|s| forward(&p, s.x) * s.y > 0.0).count() as f64 / data.len() as f64;
    (p, accuracy)
}

/// The network's output logit at `x`.
fn forward(p: &[f64], x: [f64; 2]) -> f64 {
    let h1: Vec<f64> = (0..H)
        .map(|j| (p[W1 + 2 * j] * x[0] + p[W1 + 2 * j + 1] * x[1] + p[B1 + j]).tanh())
        .collect();
    let h2: Vec<f64> = (0..H)
        .map(|j| ((0..H).map(|k| p[W2 + H * j + k] * h1[k]).sum::<f64>() + p[B2 + j]).tanh())
        .collect();
    (0..H).map(|k| p[W3 + k] * h2[k]).sum::<f64>() + p[B3]
}

/// Prints the monitor's `log` events to stderr.
struct StderrLog;
impl log::Log for StderrLog {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.level() <= log::Level::Warn
    }
    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            eprintln!("[{}] {}", r.level(), r.args());
        }
    }
    fn flush(&self) {}
}

fn run(name: &str, lr: f64, steps: u64) -> std::io::Result<()> {
    let mut monitor = Monitor::builder()
        .exploding(50.0)
        .vanishing(1e-7, 20)
        .oscillation(-0.5, 5)
        .histogram(10, 128)
        .build();
    let (_, accuracy) = train(lr, steps, &mut monitor);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/gradcheck");
    std::fs::create_dir_all(&dir)?;
    monitor.write_csv(std::fs::File::create(dir.join(format!("{name}.csv")))?)?;
    monitor.write_jsonl(std::io::BufWriter::new(std::fs::File::create(
        dir.join(format!("{name}.jsonl")),
    )?))?;
    monitor
        .save_svg(dir.join(format!("{name}.svg")))
        .map_err(std::io::Error::other)?;
    let last = monitor.steps().last().map_or(f64::NAN, |s| s.loss);
    println!(
        "{name}: lr {lr}, {steps} steps, final loss {last:.4}, training accuracy {:.0}%, {} event(s); wrote {}",
        100.0 * accuracy,
        monitor.events().len(),
        dir.join(format!("{name}.svg")).display()
    );
    Ok(())
}

fn main() -> std::io::Result<()> {
    assert_eq!(P, 205, "the attribute's dims(params = ...) must match P");
    log::set_logger(&StderrLog)
        .map(|()| log::set_max_level(log::LevelFilter::Warn))
        .ok();
    run("train", 0.05, 3000)?;
    run("train_exploding", 40.0, 300)?;
    Ok(())
}
