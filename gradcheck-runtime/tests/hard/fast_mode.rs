//! Class 8: networks and sums above 1000 inputs, checked in fast mode by default. Their
//! values at f64 and with dual numbers differ in the last bits (num-dual's `tanh` is
//! sinh/cosh, its `powi` multiplies in another order), which is rounding, not state.
//!
//! Data are dyadic fractions computed from indices, so the verification script rebuilds them
//! exactly.

use crate::harness::{Case, Class};
use crate::num::sigmoid;
use crate::{corpus, hard_fn};
use num_dual::DualNum;

const IN: usize = 20;
const HIDDEN: usize = 50;
const SAMPLES: usize = 4;
const TARGETS: [f64; SAMPLES] = [0.25, -0.5, 0.75, -0.125];

fn mlp_input(s: usize, i: usize) -> f64 {
    ((7 * i + 3 * s) % 17) as f64 / 16.0 - 0.5
}

/// Mean squared error of a 20-50-1 tanh network over four samples; parameters w1 (50×20,
/// row-major), b1, w2, b2: 1101 in all.
fn mlp_loss<D: DualNum<Primitive = f64> + Copy>(p: &[D]) -> D {
    let (w1, rest) = p.split_at(HIDDEN * IN);
    let (b1, rest) = rest.split_at(HIDDEN);
    let (w2, b2) = rest.split_at(HIDDEN);
    let mut loss = D::from(0.0);
    for (s, &y) in TARGETS.iter().enumerate() {
        let mut out = b2[0];
        for j in 0..HIDDEN {
            let mut a = b1[j];
            for i in 0..IN {
                a += w1[j * IN + i] * mlp_input(s, i);
            }
            out += w2[j] * a.tanh();
        }
        let r = out - y;
        loss += r * r;
    }
    loss / SAMPLES as f64
}
hard_fn!(TanhMlp, |x| mlp_loss(x));
/// Backpropagation, with tanh' = 1 − h² (preactivations here stay below ~6).
fn tanh_mlp_grad(p: &[f64]) -> Vec<f64> {
    let (w1, rest) = p.split_at(HIDDEN * IN);
    let (b1, rest) = rest.split_at(HIDDEN);
    let (w2, b2) = rest.split_at(HIDDEN);
    let mut g = vec![0.0; p.len()];
    for (s, &y) in TARGETS.iter().enumerate() {
        let h: Vec<f64> = (0..HIDDEN)
            .map(|j| {
                let a = b1[j]
                    + (0..IN)
                        .map(|i| w1[j * IN + i] * mlp_input(s, i))
                        .sum::<f64>();
                a.tanh()
            })
            .collect();
        let out = b2[0] + (0..HIDDEN).map(|j| w2[j] * h[j]).sum::<f64>();
        let dout = 2.0 * (out - y) / SAMPLES as f64;
        g[HIDDEN * IN + 2 * HIDDEN] += dout;
        for j in 0..HIDDEN {
            g[HIDDEN * IN + HIDDEN + j] += dout * h[j];
            let delta = dout * w2[j] * (1.0 - h[j] * h[j]);
            g[HIDDEN * IN + j] += delta;
            for i in 0..IN {
                g[j * IN + i] += delta * mlp_input(s, i);
            }
        }
    }
    g
}
pub fn tanh_mlp_1101() -> Case {
    Case::new("tanh_mlp_1101", Class::FastMode, TanhMlp, tanh_mlp_grad)
        .param("w1", HIDDEN * IN, None)
        .param("b1", HIDDEN, None)
        .param("w2", HIDDEN, None)
        .param("b2", 1, None)
}

hard_fn!(QuarticSum, |x| x.iter().map(|v| v.powi(4)).sum::<D>());
fn quartic_sum_grad(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 4.0 * v.powi(3)).collect()
}
pub fn quartic_sum_1001() -> Case {
    Case::new(
        "quartic_sum_1001",
        Class::FastMode,
        QuarticSum,
        quartic_sum_grad,
    )
    .param("x", 1001, None)
}

const LR_FEATURES: usize = 1200;
const LR_SAMPLES: usize = 8;

fn lr_feature(s: usize, i: usize) -> f64 {
    ((11 * i + 5 * s) % 13) as f64 / 16.0 - 0.375
}
fn lr_label(s: usize) -> f64 {
    if s.is_multiple_of(2) {
        1.0
    } else {
        -1.0
    }
}

/// softplus(t) = ln(1 + eᵗ) computed stably.
fn softplus<D: DualNum<Primitive = f64> + Copy>(t: D) -> D {
    if t.re() > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

// Logistic regression, 1200 weights, mean log-loss over eight samples.
hard_fn!(LogisticRegression, |x| {
    let mut loss = D::from(0.0);
    for s in 0..LR_SAMPLES {
        let mut z = D::from(0.0);
        for (i, &w) in x.iter().enumerate() {
            z += w * lr_feature(s, i);
        }
        loss += softplus(-z * lr_label(s));
    }
    loss / LR_SAMPLES as f64
});
fn logistic_regression_grad(w: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; w.len()];
    for s in 0..LR_SAMPLES {
        let y = lr_label(s);
        let z: f64 = w
            .iter()
            .enumerate()
            .map(|(i, v)| v * lr_feature(s, i))
            .sum();
        let c = -y * sigmoid(-y * z) / LR_SAMPLES as f64;
        for (i, gi) in g.iter_mut().enumerate() {
            *gi += c * lr_feature(s, i);
        }
    }
    g
}
pub fn logistic_regression_1200() -> Case {
    Case::new(
        "logistic_regression_1200",
        Class::FastMode,
        LogisticRegression,
        logistic_regression_grad,
    )
    .param("w", LR_FEATURES, None)
}

const SM_FEATURES: usize = 400;
const SM_CLASSES: usize = 3;
const SM_SAMPLES: usize = 8;

fn sm_feature(s: usize, i: usize) -> f64 {
    ((13 * i + 7 * s) % 19) as f64 / 32.0 - 0.25
}

// Softmax regression, 3 classes × 400 features + 3 biases, mean cross-entropy over eight
// samples (label s mod 3).
hard_fn!(SoftmaxRegression, |x| {
    let (w, b) = x.split_at(SM_CLASSES * SM_FEATURES);
    let mut loss = D::from(0.0);
    for s in 0..SM_SAMPLES {
        let z: Vec<D> = (0..SM_CLASSES)
            .map(|c| {
                let mut a = b[c];
                for i in 0..SM_FEATURES {
                    a += w[c * SM_FEATURES + i] * sm_feature(s, i);
                }
                a
            })
            .collect();
        let m = z.iter().map(|v| v.re()).fold(f64::NEG_INFINITY, f64::max);
        let lse = z.iter().map(|&v| (v - m).exp()).sum::<D>().ln() + m;
        loss += lse - z[s % SM_CLASSES];
    }
    loss / SM_SAMPLES as f64
});
fn softmax_regression_grad(x: &[f64]) -> Vec<f64> {
    let (w, b) = x.split_at(SM_CLASSES * SM_FEATURES);
    let mut g = vec![0.0; x.len()];
    for s in 0..SM_SAMPLES {
        let z: Vec<f64> = (0..SM_CLASSES)
            .map(|c| {
                b[c] + (0..SM_FEATURES)
                    .map(|i| w[c * SM_FEATURES + i] * sm_feature(s, i))
                    .sum::<f64>()
            })
            .collect();
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let sum: f64 = e.iter().sum();
        for c in 0..SM_CLASSES {
            let p = e[c] / sum;
            // p − 1 for the label written as minus the other classes' mass: no cancellation.
            let d = if c == s % SM_CLASSES {
                -(0..SM_CLASSES)
                    .filter(|&o| o != c)
                    .map(|o| e[o])
                    .sum::<f64>()
                    / sum
            } else {
                p
            } / SM_SAMPLES as f64;
            g[SM_CLASSES * SM_FEATURES + c] += d;
            for i in 0..SM_FEATURES {
                g[c * SM_FEATURES + i] += d * sm_feature(s, i);
            }
        }
    }
    g
}
pub fn softmax_regression_1203() -> Case {
    Case::new(
        "softmax_regression_1203",
        Class::FastMode,
        SoftmaxRegression,
        softmax_regression_grad,
    )
    .param("w", SM_CLASSES * SM_FEATURES, None)
    .param("b", SM_CLASSES, None)
}

corpus!(
    tanh_mlp_1101,
    quartic_sum_1001,
    logistic_regression_1200,
    softmax_regression_1203,
);
