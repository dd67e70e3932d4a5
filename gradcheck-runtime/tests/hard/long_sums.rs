//! Losses that are sums of 1e5 (and 2e4) terms: the value's rounding grows with the number of terms,
//! and the hand-written gradient sums in another order than the dual chain does. Data come
//! from indices (tᵢ = i/N), so the verification script rebuilds them exactly.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

const N: usize = 100_000;

fn t_of(i: usize) -> f64 {
    i as f64 / N as f64
}
fn y_of(t: f64) -> f64 {
    4.0 * t * (1.0 - t) - 0.3
}

// Mean squared error of a line a·t + b fitted to a parabola sampled at 1e5 points.
hard_fn!(LeastSquares, |x| {
    let (a, b) = (x[0], x[1]);
    let mut s = D::from(0.0);
    for i in 0..N {
        let t = t_of(i);
        let r = a * t + b - y_of(t);
        s += r * r;
    }
    s / N as f64
});
fn least_squares_grad(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    let (mut ga, mut gb) = (0.0, 0.0);
    for i in 0..N {
        let t = t_of(i);
        let r = a * t + b - y_of(t);
        ga += r * t;
        gb += r;
    }
    vec![2.0 * ga / N as f64, 2.0 * gb / N as f64]
}
pub fn least_squares_1e5() -> Case {
    Case::new(
        "least_squares_1e5",
        Class::Other,
        LeastSquares,
        least_squares_grad,
    )
    .param("a", 1, None)
    .param("b", 1, None)
}

fn count_of(i: usize) -> f64 {
    (i % 7) as f64
}

// Poisson negative log-likelihood of a log-linear rate exp(a·t + b) over 1e5 counts.
hard_fn!(PoissonNll, |x| {
    let (a, b) = (x[0], x[1]);
    let mut s = D::from(0.0);
    for i in 0..N {
        let eta = a * t_of(i) + b;
        s += eta.exp() - eta * count_of(i);
    }
    s / N as f64
});
fn poisson_nll_grad(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    let (mut ga, mut gb) = (0.0, 0.0);
    for i in 0..N {
        let t = t_of(i);
        let r = (a * t + b).exp() - count_of(i);
        ga += r * t;
        gb += r;
    }
    vec![ga / N as f64, gb / N as f64]
}
pub fn poisson_nll_1e5() -> Case {
    Case::new(
        "poisson_nll_1e5",
        Class::Other,
        PoissonNll,
        poisson_nll_grad,
    )
    .param("a", 1, None)
    .param("b", 1, None)
}

/// Terms of the Fourier series below: fewer than the other sums because each is a `sin` (at
/// 1e5 terms this one test took 8.7 s of a debug run, at 2e4 under 2 s).
const FOURIER_TERMS: usize = 20_000;

// The sawtooth's Fourier series Σ sin(kx)/k to 2e4 terms: its derivative, the Dirichlet
// kernel Σ cos(kx), oscillates with period 2π/2e4, so finite differences need tiny steps.
hard_fn!(FourierSawtooth, |x| {
    let mut s = D::from(0.0);
    for k in 1..=FOURIER_TERMS {
        let kf = k as f64;
        s += (x[0] * kf).sin() / kf;
    }
    s
});
/// The closed form Σ_{k=1}^{N} cos(kx) = sin(Nx/2)·cos((N + 1)x/2)/sin(x/2), with the
/// rounding of the products N·x and (N + 1)·x carried into the sine and cosine: N·x ~ 6e4
/// rounds by ~4e-12, which near a zero of the sine was a relative error of 5e-11.
fn fourier_sawtooth_grad(x: &[f64]) -> Vec<f64> {
    let n = FOURIER_TERMS as f64;
    let t = x[0];
    // k·t = p + e exactly (e from a fused multiply-add); halving is exact.
    let half = |k: f64| {
        let p = k * t;
        (p / 2.0, k.mul_add(t, -p) / 2.0)
    };
    let (a, ea) = half(n);
    let (b, eb) = half(n + 1.0);
    let sin_a = a.sin() + ea * a.cos();
    let cos_b = b.cos() - eb * b.sin();
    vec![sin_a * cos_b / (t / 2.0).sin()]
}
pub fn fourier_sawtooth_2e4() -> Case {
    Case::new(
        "fourier_sawtooth_2e4",
        Class::Other,
        FourierSawtooth,
        fourier_sawtooth_grad,
    )
    .flat(1, 0.1..3.0)
}

corpus!(least_squares_1e5, poisson_nll_1e5, fourier_sawtooth_2e4);
