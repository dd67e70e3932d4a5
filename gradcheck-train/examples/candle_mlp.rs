//! A small candle MLP trained on two spirals with the gradient monitor, and its custom
//! activation op checked against finite differences: the correct backward passes, a planted
//! wrong one is caught and named by input element.
//!
//! ```text
//! cargo run -p gradcheck-train --features candle --example candle_mlp
//! ```
//! writes `target/gradcheck/candle_mlp.{svg,jsonl}` and exits non-zero if either check
//! does not come out as planted.

use candle_core::{CpuStorage, CustomOp1, DType, Device, Layout, Module, Shape, Tensor};
use candle_nn::{linear, Linear, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use gradcheck_train::candle::check_op1;
use gradcheck_train::monitor::Monitor;

/// SiLU, x·σ(x), as a custom op. `planted_bug` swaps (1 − σ) for σ in the backward, the
/// slip that a loss curve would hide: training still works, just worse.
#[derive(Clone, Copy)]
struct Silu {
    planted_bug: bool,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl CustomOp1 for Silu {
    fn name(&self) -> &'static str {
        if self.planted_bug {
            "silu_wrong_bwd"
        } else {
            "silu"
        }
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let Some((a, b)) = l.contiguous_offsets() else {
            candle_core::bail!("silu: the input must be contiguous")
        };
        let out = match s {
            CpuStorage::F32(v) => CpuStorage::F32(
                v[a..b]
                    .iter()
                    .map(|&x| (x as f64 * sigmoid(x as f64)) as f32)
                    .collect(),
            ),
            CpuStorage::F64(v) => {
                CpuStorage::F64(v[a..b].iter().map(|&x| x * sigmoid(x)).collect())
            }
            _ => candle_core::bail!("silu: f32 or f64 only"),
        };
        Ok((out, l.shape().clone()))
    }

    /// d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))).
    fn bwd(&self, x: &Tensor, _y: &Tensor, dy: &Tensor) -> candle_core::Result<Option<Tensor>> {
        let s = (x.neg()?.exp()? + 1.0)?.recip()?;
        let inner = if self.planted_bug {
            s.clone() // wrong: σ where 1 − σ belongs
        } else {
            s.affine(-1.0, 1.0)?
        };
        let d = (s * ((x * inner)? + 1.0)?)?;
        Ok(Some((d * dy)?))
    }
}

/// AdamW's step is about the learning rate per weight, so with weights of order 0.3 this
/// keeps the weight matrices' ‖update‖ / ‖weights‖ inside the monitor's healthy band (1e-4
/// to 1e-2); 0.02 sat at 0.01 to 0.05 and the monitor said so. Two biases, which start at
/// zero and stay small, still run above the band for a while and are reported.
const LEARNING_RATE: f64 = 0.003;
const STEPS: u64 = 1000;

/// 2 → 16 → 16 → 1 with the custom SiLU between layers.
struct Mlp {
    layers: [Linear; 3],
    act: Silu,
}

impl Module for Mlp {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let h = self.layers[0].forward(x)?.apply_op1(self.act)?;
        let h = self.layers[1].forward(&h)?.apply_op1(self.act)?;
        self.layers[2].forward(&h)
    }
}

/// Two interleaved spirals, `n` points per arm, labels 1 and 0.
fn spirals(n: usize, dev: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for k in 0..2 * n {
        let (arm, i) = (k % 2, k / 2);
        let t = 0.25 + 3.0 * i as f64 / n as f64;
        let angle = 2.0 * t + std::f64::consts::PI * arm as f64;
        let r = t / 3.25;
        xs.extend([(r * angle.cos()) as f32, (r * angle.sin()) as f32]);
        ys.push(if arm == 0 { 1.0f32 } else { 0.0 });
    }
    Ok((
        Tensor::from_vec(xs, (2 * n, 2), dev)?,
        Tensor::from_vec(ys, (2 * n, 1), dev)?,
    ))
}

/// Mean logistic loss softplus(z) − y·z, written so that it stays finite for any logit:
/// candle-nn's `binary_cross_entropy_with_logit` takes log(σ(z)), which in f32 is log(0) = −∞
/// once |z| passes about 17, and the loss turns NaN (the monitor caught it here at step 81
/// with a learning rate of 0.02).
fn logistic_loss(z: &Tensor, y: &Tensor) -> candle_core::Result<Tensor> {
    let softplus = (z.relu()? + (z.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
    (softplus - (y * z)?)?.mean_all()
}

fn train(steps: u64) -> candle_core::Result<(Monitor, f64)> {
    let dev = Device::Cpu;
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &dev);
    let act = Silu { planted_bug: false };
    let mlp = Mlp {
        layers: [
            linear(2, 16, vb.pp("layer1"))?,
            linear(16, 16, vb.pp("layer2"))?,
            linear(16, 1, vb.pp("out"))?,
        ],
        act,
    };
    let params = ParamsAdamW {
        lr: LEARNING_RATE,
        ..Default::default()
    };
    let mut opt = candle_nn::AdamW::new(vars.all_vars(), params)?;
    let (x, y) = spirals(100, &dev)?;
    let mut monitor = Monitor::builder()
        .exploding(1e3)
        .oscillation(-0.5, 5)
        .histogram(5, 128)
        .log(false)
        .build();
    for step in 0..steps {
        let logits = mlp.forward(&x)?;
        let loss = logistic_loss(&logits, &y)?;
        let grads = loss.backward()?;
        let value = loss.to_scalar::<f32>()? as f64;
        monitor.record_candle(step, value, &grads, &vars)?;
        opt.step(&grads)?;
    }
    let predicted = mlp.forward(&x)?.ge(0.0)?.to_dtype(DType::F32)?;
    let correct = predicted.eq(&y)?.to_dtype(DType::F32)?.mean_all()?;
    Ok((monitor, correct.to_scalar::<f32>()? as f64))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The custom op's backward, checked at a fixed 3×4 input in f64.
    let values: Vec<f64> = (0..12).map(|i| (i as f64 * 0.73).sin() * 3.0).collect();
    let x = Tensor::from_vec(values, (3, 4), &Device::Cpu)?;
    let good = check_op1("silu", &Silu { planted_bug: false }, &x)?;
    println!("correct backward: {} finding(s)", good.errors().count());
    assert!(good.passed(), "{good}");
    let bad = check_op1("silu_wrong_bwd", &Silu { planted_bug: true }, &x)?;
    let wrong: Vec<usize> = bad.errors().filter_map(|f| f.component).collect();
    println!("planted bug: wrong at input elements {wrong:?}\n{bad}");
    // σ(x) ≠ 1 − σ(x) wherever x ≠ 0, so every element whose x is not 0 is wrong.
    assert!(!bad.passed());
    assert_eq!(
        wrong.len(),
        11,
        "x[0] = 0 is the only element the bug spares"
    );

    // 2. Training with the monitor.
    let (monitor, accuracy) = train(STEPS)?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/gradcheck");
    std::fs::create_dir_all(&dir)?;
    monitor.save_svg(dir.join("candle_mlp.svg"))?;
    let jsonl = std::fs::File::create(dir.join("candle_mlp.jsonl"))?;
    monitor.write_jsonl(std::io::BufWriter::new(jsonl))?;
    for e in monitor.events() {
        println!("{e}");
    }
    let last = monitor.steps().last().map_or(f64::NAN, |s| s.loss);
    println!(
        "trained {STEPS} steps: loss {last:.4}, accuracy {:.0}%, {} group(s), {} event(s); wrote {}",
        100.0 * accuracy,
        monitor.groups().len(),
        monitor.events().len(),
        dir.join("candle_mlp.svg").display()
    );
    assert_eq!(monitor.groups().len(), 6, "weight and bias of three layers");
    Ok(())
}
