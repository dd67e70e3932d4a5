//! Gaussian processes: the hyper-parameter gradient of the negative log marginal likelihood.
//!
//! A GP with a squared-exponential kernel k(x, x') = σ² exp(−(x − x')² / (2ℓ²)) and noise
//! variance σₙ² is fitted by minimising −log p(y | θ) = ½ yᵀK⁻¹y + ½ log|K| + (n/2) log 2π
//! over θ = (log ℓ, log σ², log σₙ²), kept in a `#[derive(Differentiable)]` struct the way
//! GP libraries keep them. The hand-written gradient is the textbook
//! ∂/∂θ = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ) with α = K⁻¹y.
//!
//! The bug: ∂K/∂log ℓ of exp(−r²/(2ℓ²)) is K·r²/ℓ², and `nll_grad_bug` writes K·r²/(2ℓ²),
//! forgetting the 2 that the square brings down. The report files a `mismatch` on
//! `h.log_length` only and diagnoses it as `scaled`: exactly 0.5 × the true value at every
//! point, a factor of 2 missing. `cargo test --example gp_kernel` runs both versions (the
//! buggy one declared with `expect(mismatch)`); `cargo run --example gp_kernel` prints the
//! report of the buggy one.
#![allow(clippy::needless_range_loop)] // index loops read like the matrix formulas

use gradient_checked::params::{flatten, rebuild};
use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Function, Layout, Number, Report, Spec};

/// The hyper-parameters, on the log scale so that every value is allowed.
#[derive(Clone, Debug, Default, Differentiable)]
struct Hyper<D> {
    log_length: D,
    log_variance: D,
    log_noise: D,
}

/// Training inputs and targets: a noisy sine.
const XS: [f64; 6] = [-2.0, -1.2, -0.3, 0.4, 1.1, 2.0];
const YS: [f64; 6] = [-0.85, -0.98, -0.25, 0.42, 0.86, 0.93];
const N: usize = XS.len();

/// The kernel matrix K = σ² exp(−r²/(2ℓ²)) + σₙ² I.
fn kernel<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>) -> [[D; N]; N] {
    let (l2, s2, n2) = (
        (h.log_length * 2.0).exp(),
        h.log_variance.exp(),
        h.log_noise.exp(),
    );
    std::array::from_fn(|i| {
        std::array::from_fn(|j| {
            let r2 = (XS[i] - XS[j]).powi(2);
            let k = s2 * (-(l2 * 2.0).recip() * r2).exp();
            if i == j {
                k + n2
            } else {
                k
            }
        })
    })
}

/// The Cholesky factor L of a symmetric positive definite `a` (a = L Lᵀ).
fn cholesky<D: DualNum<Primitive = f64> + Copy>(a: &[[D; N]; N]) -> [[D; N]; N] {
    let mut l = [[D::from(0.0); N]; N];
    for i in 0..N {
        for j in 0..=i {
            let s = (0..j).fold(a[i][j], |s, k| s - l[i][k] * l[j][k]);
            l[i][j] = if i == j { s.sqrt() } else { s / l[j][j] };
        }
    }
    l
}

/// K⁻¹b from K's Cholesky factor: forward then backward substitution.
fn solve<D: DualNum<Primitive = f64> + Copy>(l: &[[D; N]; N], b: &[D; N]) -> [D; N] {
    let mut z = *b;
    for i in 0..N {
        z[i] = (0..i).fold(z[i], |s, k| s - l[i][k] * z[k]) / l[i][i];
    }
    for i in (0..N).rev() {
        z[i] = (i + 1..N).fold(z[i], |s, k| s - l[k][i] * z[k]) / l[i][i];
    }
    z
}

/// The gradient as GP papers write it; `halve_length` plants the bug.
fn gradient(h: &Hyper<f64>, halve_length: bool) -> Hyper<f64> {
    let k = kernel(h);
    let l = cholesky(&k);
    let alpha = solve(&l, &YS);
    let inv: Vec<[f64; N]> = (0..N)
        .map(|j| solve(&l, &std::array::from_fn(|i| f64::from(i == j))))
        .collect();
    let (l2, n2) = ((2.0 * h.log_length).exp(), h.log_noise.exp());
    let mut g = Hyper::default();
    for i in 0..N {
        for j in 0..N {
            let w = 0.5 * (inv[i][j] - alpha[i] * alpha[j]); // ½ (K⁻¹ − ααᵀ)
            let r2 = (XS[i] - XS[j]).powi(2);
            let se = k[i][j] - if i == j { n2 } else { 0.0 }; // the kernel without the noise
            let dlength = if halve_length {
                se * r2 / (2.0 * l2) // BUG: d/dlog ℓ of r²/(2ℓ²) is r²/ℓ², the 2 is lost
            } else {
                se * r2 / l2
            };
            g.log_length += w * dlength;
            g.log_variance += w * se;
            if i == j {
                g.log_noise += w * n2;
            }
        }
    }
    g
}

fn nll_grad(h: &Hyper<f64>) -> Hyper<f64> {
    gradient(h, false)
}

fn nll_grad_bug(h: &Hyper<f64>) -> Hyper<f64> {
    gradient(h, true)
}

/// −log p(y | θ), with log|K| = 2 Σ log Lᵢᵢ.
#[gradient_checked(
    samples = 12,
    domain(h = -1.0..0.5, h.log_noise = -4.0..-1.0),
    grad = nll_grad
)]
fn nll<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>) -> D {
    let l = cholesky(&kernel(h));
    let alpha = solve(&l, &YS.map(D::from));
    let fit = (0..N).fold(D::from(0.0), |s, i| s + alpha[i] * YS[i]) * 0.5;
    let log_det = (0..N).fold(D::from(0.0), |s, i| s + l[i][i].ln());
    fit + log_det + 0.5 * N as f64 * (2.0 * std::f64::consts::PI).ln()
}

/// The same likelihood against the buggy gradient: the test passes because the check finds
/// the `mismatch`.
#[cfg(test)]
#[gradient_checked(
    samples = 12,
    domain(h = -1.0..0.5, h.log_noise = -4.0..-1.0),
    grad = nll_grad_bug,
    expect(mismatch)
)]
fn nll_bug<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>) -> D {
    nll(h)
}

/// What the attribute generates, driven by hand so that it runs as a program.
struct Nll;
impl Function for Nll {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![nll(&rebuild(&Hyper::<f64>::default(), x))]
    }
}

fn check(name: &str, grad: fn(&Hyper<f64>) -> Hyper<f64>) -> Report {
    let layout = Layout::new().param("h", Hyper::<f64>::default());
    let spec = Spec::new(name, layout)
        .samples(12)
        .domain(-1.0..0.5)
        .param_domain("h.log_noise", -4.0..-1.0);
    let grad = |x: &[f64]| vec![flatten(&grad(&rebuild(&Hyper::<f64>::default(), x)))];
    check_gradient(&spec, &Nll, Some(&grad))
}

fn main() {
    println!("{}", check("gp_kernel::nll_bug", nll_grad_bug));
    let fixed = check("gp_kernel::nll", nll_grad);
    println!("with the 2 restored: passed = {}", fixed.passed());
}
