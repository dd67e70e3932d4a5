//! Statistics: logistic regression on ndarray data (feature `ndarray`).
//!
//! The loss is the mean negative log-likelihood of labels y ∈ {−1, +1},
//! L(w) = (1/n) Σᵢ log(1 + exp(−yᵢ xᵢ·w)), with the weights in an `ndarray::Array1` and the
//! data set in an `Array2` (one row per sample, the last column the intercept's 1), as a
//! program that keeps its data in ndarray writes it. The gradient is hand-written:
//! ∇L = −(1/n) Σᵢ yᵢ σ(−yᵢ xᵢ·w) xᵢ.
//!
//! The bug: the loss is a mean but `loss_grad_bug` returns the sum, the 1/n forgotten (a
//! gradient n times too large, which gradient descent survives until the batch size changes).
//! The report files a `mismatch` at every weight with a relative error of 0.875 wherever the
//! gradient is not zero: the hand-written value is 8 × the true one, the number of samples.
//! (At the minimum, which the checker reaches by descent, both are rounding noise: `unstable`
//! warnings, not errors.)
//! `cargo test --features ndarray --example logistic_ndarray` runs both versions (the buggy
//! one declared with `expect(mismatch)`); `cargo run --features ndarray --example
//! logistic_ndarray` prints the buggy version's report.

use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Function, Layout, Number, Report, Spec};
use ndarray::{array, Array1, Array2};
use std::sync::LazyLock;

/// Two features and the intercept's 1, eight samples.
static X: LazyLock<Array2<f64>> = LazyLock::new(|| {
    array![
        [0.5, -1.2, 1.0],
        [1.5, 0.3, 1.0],
        [-0.7, 2.2, 1.0],
        [0.1, 0.1, 1.0],
        [2.0, -0.4, 1.0],
        [-1.3, -0.9, 1.0],
        [0.8, 1.7, 1.0],
        [-0.2, -1.5, 1.0],
    ]
});
static Y: LazyLock<Array1<f64>> =
    LazyLock::new(|| array![1.0, 1.0, -1.0, 1.0, -1.0, -1.0, -1.0, 1.0]);

/// The mean logistic loss.
#[gradient_checked(
    dims(w = 3),
    samples = 16,
    domain = -2.0..2.0,
    grad = loss_grad,
    data(x = &X, y = &Y)
)]
fn loss<D: DualNum<Primitive = f64> + Copy>(w: &Array1<D>, x: &Array2<f64>, y: &Array1<f64>) -> D {
    let mut total = D::from(0.0);
    for (row, &yi) in x.rows().into_iter().zip(y) {
        let margin = row
            .iter()
            .zip(w)
            .fold(D::from(0.0), |s, (&a, &b)| s + b * a)
            * yi;
        total += softplus(-margin);
    }
    total / x.nrows() as f64
}

/// −Σᵢ yᵢ σ(−yᵢ xᵢ·w) xᵢ, the sum over samples.
fn summed_grad(w: &Array1<f64>, x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    let mut g = Array1::zeros(w.len());
    for (row, &yi) in x.rows().into_iter().zip(y) {
        let margin = yi * row.dot(w);
        g.scaled_add(-yi / (1.0 + margin.exp()), &row);
    }
    g
}

fn loss_grad(w: &Array1<f64>, x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    summed_grad(w, x, y) / x.nrows() as f64
}

fn loss_grad_bug(w: &Array1<f64>, x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    summed_grad(w, x, y) // BUG: the loss is a mean, the gradient a sum
}

/// The same loss against the buggy gradient: the test passes because the check finds the
/// `mismatch`.
#[cfg(test)]
#[gradient_checked(
    dims(w = 3),
    samples = 16,
    domain = -2.0..2.0,
    grad = loss_grad_bug,
    data(x = &X, y = &Y),
    expect(mismatch)
)]
fn loss_bug<D: DualNum<Primitive = f64> + Copy>(
    w: &Array1<D>,
    x: &Array2<f64>,
    y: &Array1<f64>,
) -> D {
    loss(w, x, y)
}

/// What the attribute generates, driven by hand so that it runs as a program.
struct Loss;
impl Function for Loss {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, w: &[D]) -> Vec<D> {
        vec![loss(&Array1::from(w.to_vec()), &X, &Y)]
    }
}

type Grad = fn(&Array1<f64>, &Array2<f64>, &Array1<f64>) -> Array1<f64>;

fn check(name: &str, grad: Grad) -> Report {
    let spec = Spec::new(name, Layout::new().array("w", 3))
        .samples(16)
        .domain(-2.0..2.0);
    let grad = |w: &[f64]| vec![grad(&Array1::from(w.to_vec()), &X, &Y).to_vec()];
    check_gradient(&spec, &Loss, Some(&grad))
}

fn main() {
    println!("{}", check("logistic_ndarray::loss_bug", loss_grad_bug));
    let fixed = check("logistic_ndarray::loss", loss_grad);
    println!("divided by n: passed = {}", fixed.passed());
}
