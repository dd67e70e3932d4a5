//! Losses as machine learning writes them in `f32`: softmax cross-entropy, log-sum-exp, an
//! LSTM cell's step and a mean over 1e4 samples. Each body is generic over the primitive
//! (constants through `from_f64`), each gradient plain `f32` code written the usual way.

use crate::{case, corpus, generic_fn, harness::Case};
use num_dual::DualNum;

/// A constant of the primitive type (rounded to `f32` there).
pub fn c<D: DualNum>(v: f64) -> D {
    D::from_f64(v).expect("a finite constant")
}

/// σ(v) = 1/(1 + e^−v).
pub fn sigmoid<D: DualNum + Copy>(v: D) -> D {
    (D::one() + (-v).exp()).recip()
}

fn sigmoid32(v: f32) -> f32 {
    1.0 / (1.0 + (-v).exp())
}

const LABEL: usize = 3;

// Cross-entropy of the softmax of 10 logits against class 3, shifted by the largest logit.
generic_fn!(SoftmaxXent, |z| {
    let m = z
        .iter()
        .copied()
        .fold(z[0], |a, b| if b > a { b } else { a });
    let s: D = z.iter().map(|&v| (v - m).exp()).sum();
    m + s.ln() - z[LABEL]
});
fn softmax_xent_grad(z: &[f32]) -> Vec<f32> {
    let m = z.iter().copied().fold(f32::MIN, f32::max);
    let e: Vec<f32> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f32 = e.iter().sum();
    let mut g: Vec<f32> = e.iter().map(|v| v / s).collect();
    g[LABEL] -= 1.0;
    g
}
pub fn softmax_xent() -> Case {
    case!(
        SoftmaxXent,
        "softmax_xent",
        10,
        -5.0..5.0,
        softmax_xent_grad
    )
}

// log Σ exp(xᵢ) written directly (no shift: e^40 is far from f32's overflow at e^88.7); the
// gradient is the softmax written the stable way.
generic_fn!(LogSumExp, |x| x.iter().map(|&v| v.exp()).sum::<D>().ln());
fn log_sum_exp_grad(x: &[f32]) -> Vec<f32> {
    let m = x.iter().copied().fold(f32::MIN, f32::max);
    let e: Vec<f32> = x.iter().map(|v| (v - m).exp()).collect();
    let s: f32 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}
pub fn log_sum_exp() -> Case {
    case!(LogSumExp, "log_sum_exp", 8, -40.0..40.0, log_sum_exp_grad)
}

/// The cell's fixed input, previous hidden and cell states, and the loss's target weights.
const X: [f64; 2] = [0.5, -1.2];
const H: [f64; 2] = [0.1, -0.3];
const C: [f64; 2] = [0.8, -0.4];
const Y: [f64; 2] = [1.0, -0.5];
/// Gates in the order of the weights: forget, input, output, candidate.
const GATES: usize = 4;
const HIDDEN: usize = 2;
const INPUTS: usize = 4; // x and h
const WEIGHTS: usize = GATES * HIDDEN * INPUTS;

/// The gate pre-activations z[g][k] = Σⱼ W[g][k][j]·uⱼ + b[g][k] over u = (x, h).
fn pre<D: DualNum + Copy>(p: &[D], g: usize, k: usize) -> D {
    let u = [X[0], X[1], H[0], H[1]];
    let row = (g * HIDDEN + k) * INPUTS;
    let mut z = p[WEIGHTS + g * HIDDEN + k];
    for j in 0..INPUTS {
        z += p[row + j] * c::<D>(u[j]);
    }
    z
}

// One LSTM step with 2 hidden units (32 weights, 8 biases); the loss is y·h' + ½|c'|².
generic_fn!(LstmCell, |p| {
    let mut loss = D::zero();
    for k in 0..HIDDEN {
        let f = sigmoid(pre(p, 0, k));
        let i = sigmoid(pre(p, 1, k));
        let o = sigmoid(pre(p, 2, k));
        let g = pre(p, 3, k).tanh();
        let c2 = f * c::<D>(C[k]) + i * g;
        let h2 = o * c2.tanh();
        loss += h2 * c::<D>(Y[k]) + c2 * c2 * c::<D>(0.5);
    }
    loss
});
fn lstm_cell_grad(p: &[f32]) -> Vec<f32> {
    let u = [X[0] as f32, X[1] as f32, H[0] as f32, H[1] as f32];
    let z = |g: usize, k: usize| {
        let row = (g * HIDDEN + k) * INPUTS;
        let mut z = p[WEIGHTS + g * HIDDEN + k];
        for j in 0..INPUTS {
            z += p[row + j] * u[j];
        }
        z
    };
    let mut grad = vec![0.0f32; WEIGHTS + GATES * HIDDEN];
    for k in 0..HIDDEN {
        let (f, i, o) = (sigmoid32(z(0, k)), sigmoid32(z(1, k)), sigmoid32(z(2, k)));
        let g = z(3, k).tanh();
        let c2 = f * C[k] as f32 + i * g;
        let tc = c2.tanh();
        let y = Y[k] as f32;
        let dc2 = y * o * (1.0 - tc * tc) + c2;
        let dz = [
            dc2 * C[k] as f32 * f * (1.0 - f),
            dc2 * g * i * (1.0 - i),
            y * tc * o * (1.0 - o),
            dc2 * i * (1.0 - g * g),
        ];
        for (gate, d) in dz.iter().enumerate() {
            let row = (gate * HIDDEN + k) * INPUTS;
            for j in 0..INPUTS {
                grad[row + j] = d * u[j];
            }
            grad[WEIGHTS + gate * HIDDEN + k] = *d;
        }
    }
    grad
}
pub fn lstm_cell() -> Case {
    case!(
        LstmCell,
        "lstm_cell",
        WEIGHTS + GATES * HIDDEN,
        -2.0..2.0,
        lstm_cell_grad
    )
}

/// The samples of the mean below: tᵢ = i/N and yᵢ = sin 3tᵢ (rounded to f32 in f32).
const N: usize = 10_000;
fn t_of(i: usize) -> f64 {
    i as f64 / N as f64
}
fn y_of(t: f64) -> f64 {
    (3.0 * t).sin()
}

// The mean squared error of a line a·t + b over 1e4 samples, accumulated term by term.
generic_fn!(Mse1e4, |x| {
    let (a, b) = (x[0], x[1]);
    let mut s = D::zero();
    for i in 0..N {
        let t = t_of(i);
        let r = a * c::<D>(t) + b - c::<D>(y_of(t));
        s += r * r;
    }
    s * c::<D>(1.0 / N as f64)
});
fn mse_1e4_grad(x: &[f32]) -> Vec<f32> {
    let (a, b) = (x[0], x[1]);
    let (mut ga, mut gb) = (0.0f32, 0.0f32);
    for i in 0..N {
        let t = t_of(i);
        let r = a * t as f32 + b - y_of(t) as f32;
        ga += r * t as f32;
        gb += r;
    }
    let scale = 2.0 * (1.0 / N as f64) as f32;
    vec![ga * scale, gb * scale]
}
pub fn mse_1e4() -> Case {
    case!(Mse1e4, "mse_1e4", 2, -2.0..2.0, mse_1e4_grad)
}

corpus!(softmax_xent, log_sum_exp, lstm_cell, mse_1e4);
