//! Deep learning: hand-written backprop through a 2-4-1 tanh network.
//!
//! The network's weights live in a `#[derive(Differentiable)]` struct (`w1`, `b1`, `w2`,
//! `b2`), the loss is the mean squared error on XOR, and `backprop` is the textbook backward
//! pass: δ = (ŷ − y)/n at the output, δₕ = δ w₂ ⊙ tanh′ at the hidden layer, where
//! tanh′ = 1 − h² from the stored activation h = tanh(a).
//!
//! The bug: `backprop_bug` computes tanh′ as 1 − tanh(h)², applying tanh to what is already
//! tanh(a), the activation applied twice (a slip that is easy when the forward pass stores
//! activations under the same name as pre-activations). The report files a `mismatch` at
//! every entry of `net.w1` and `net.b1` (the hidden layer, whose gradient goes through tanh′)
//! and none at `net.w2` or `net.b2`, with no diagnosis form: the error depends on the point,
//! which says it is a wrong term, not a factor or a sign. `cargo test --example mlp` runs both
//! versions (the buggy one declared with `expect(mismatch)`); `cargo run --example mlp` prints
//! the buggy version's report.
#![allow(clippy::needless_range_loop)] // index loops read like the backprop formulas

use gradient_checked::params::{flatten, rebuild};
use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Function, Layout, Number, Report, Spec};

/// Hidden units.
const H: usize = 4;

/// The network's parameters.
#[derive(Clone, Debug, Default, Differentiable)]
struct Mlp<D> {
    w1: [[D; 2]; H],
    b1: [D; H],
    w2: [D; H],
    b2: D,
}

/// XOR on {−1, 1}², targets ±1.
const XS: [[f64; 2]; 4] = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]];
const YS: [f64; 4] = [-1.0, 1.0, 1.0, -1.0];

/// The hidden activations h = tanh(W₁x + b₁).
fn hidden<D: DualNum<Primitive = f64> + Copy>(net: &Mlp<D>, x: &[f64; 2]) -> [D; H] {
    std::array::from_fn(|j| (net.w1[j][0] * x[0] + net.w1[j][1] * x[1] + net.b1[j]).tanh())
}

/// ½ mean (ŷ − y)², ŷ = w₂·h + b₂.
#[gradient_checked(samples = 16, grad = backprop)]
fn loss<D: DualNum<Primitive = f64> + Copy>(net: &Mlp<D>) -> D {
    let mut total = D::from(0.0);
    for (x, &y) in XS.iter().zip(&YS) {
        let h = hidden(net, x);
        let out = (0..H).fold(net.b2, |s, j| s + net.w2[j] * h[j]);
        total += (out - y).powi(2) * 0.5;
    }
    total / XS.len() as f64
}

/// The backward pass; `twice` plants the bug.
fn backward(net: &Mlp<f64>, twice: bool) -> Mlp<f64> {
    let mut g = Mlp::default();
    for (x, &y) in XS.iter().zip(&YS) {
        let h = hidden(net, x);
        let out = (0..H).fold(net.b2, |s, j| s + net.w2[j] * h[j]);
        let delta = (out - y) / XS.len() as f64;
        g.b2 += delta;
        for j in 0..H {
            g.w2[j] += delta * h[j];
            let tanh_prime = if twice {
                1.0 - h[j].tanh().powi(2) // BUG: h is already tanh(a)
            } else {
                1.0 - h[j] * h[j]
            };
            let dh = delta * net.w2[j] * tanh_prime;
            g.b1[j] += dh;
            g.w1[j][0] += dh * x[0];
            g.w1[j][1] += dh * x[1];
        }
    }
    g
}

fn backprop(net: &Mlp<f64>) -> Mlp<f64> {
    backward(net, false)
}

fn backprop_bug(net: &Mlp<f64>) -> Mlp<f64> {
    backward(net, true)
}

/// The same loss against the buggy backward pass: the test passes because the check finds
/// the `mismatch`.
#[cfg(test)]
#[gradient_checked(samples = 16, grad = backprop_bug, expect(mismatch))]
fn loss_bug<D: DualNum<Primitive = f64> + Copy>(net: &Mlp<D>) -> D {
    loss(net)
}

/// What the attribute generates, driven by hand so that it runs as a program.
struct Loss;
impl Function for Loss {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![loss(&rebuild(&Mlp::<f64>::default(), x))]
    }
}

fn check(name: &str, grad: fn(&Mlp<f64>) -> Mlp<f64>) -> Report {
    let spec = Spec::new(name, Layout::new().param("net", Mlp::<f64>::default())).samples(16);
    let grad = |x: &[f64]| vec![flatten(&grad(&rebuild(&Mlp::<f64>::default(), x)))];
    check_gradient(&spec, &Loss, Some(&grad))
}

fn main() {
    println!("{}", check("mlp::loss_bug", backprop_bug));
    let fixed = check("mlp::loss", backprop);
    println!("with tanh′ = 1 − h²: passed = {}", fixed.passed());
}
