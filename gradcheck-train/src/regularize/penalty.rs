//! The L2 and L1 penalties over any `DualNum`, with their hand-written gradients.

use num_dual::DualNum;

/// The L2 (weight-decay) penalty `(λ/2)·Σ wᵢ²`.
///
/// The factor ½ makes the gradient `λ·w`, so `lambda` is the weight-decay
/// coefficient of an SGD step.
///
/// ```
/// use gradcheck_train::regularize::l2_penalty;
/// use num_dual::{Dual64, DualNum};
///
/// assert_eq!(l2_penalty(&[3.0, 4.0], 0.1), 0.5 * 0.1 * 25.0);
/// // d/dw₀ at w = (3, 4): λ·w₀ = 0.3
/// let d = l2_penalty(&[Dual64::new(3.0, 1.0), Dual64::new(4.0, 0.0)], 0.1);
/// assert!((d.eps - 0.3).abs() < 1e-15);
/// ```
pub fn l2_penalty<D: DualNum<Primitive = f64> + Copy>(weights: &[D], lambda: f64) -> D {
    let sum_sq = weights.iter().fold(D::from(0.0), |acc, &w| acc + w * w);
    sum_sq * (0.5 * lambda)
}

/// The gradient of [`l2_penalty`]: `λ·w`.
///
/// ```
/// use gradcheck_train::regularize::l2_penalty_grad;
///
/// assert_eq!(l2_penalty_grad(&[3.0, -4.0], 0.5), vec![1.5, -2.0]);
/// ```
pub fn l2_penalty_grad(weights: &[f64], lambda: f64) -> Vec<f64> {
    let mut grad = vec![0.0; weights.len()];
    add_l2_penalty_grad(weights, lambda, &mut grad);
    grad
}

/// Adds the gradient of [`l2_penalty`] to `grad` in place, for composing a
/// total gradient without allocating.
///
/// # Panics
/// If `grad` and `weights` differ in length.
///
/// ```
/// use gradcheck_train::regularize::add_l2_penalty_grad;
///
/// let mut grad = vec![1.0, 1.0];
/// add_l2_penalty_grad(&[2.0, -2.0], 0.5, &mut grad);
/// assert_eq!(grad, vec![2.0, 0.0]);
/// ```
pub fn add_l2_penalty_grad(weights: &[f64], lambda: f64, grad: &mut [f64]) {
    assert_eq!(
        weights.len(),
        grad.len(),
        "weights and gradient lengths differ"
    );
    for (g, &w) in grad.iter_mut().zip(weights) {
        *g += lambda * w;
    }
}

/// The L1 (lasso) penalty `λ·Σ |wᵢ|`.
///
/// `|w|` has a kink at `w = 0`: no derivative exists there. The checker
/// reports a `kink` finding at such a point; num-dual's `abs` returns slope
/// `+1` at `+0.0` and `-1` at `-0.0`, while [`l1_penalty_grad`] returns 0
/// (see there why).
///
/// ```
/// use gradcheck_train::regularize::l1_penalty;
/// use num_dual::{Dual64, DualNum};
///
/// assert_eq!(l1_penalty(&[3.0, -4.0], 0.1), 0.1 * 7.0);
/// // d/dw₁ at w₁ = -4: λ·sign(w₁) = -0.1
/// let d = l1_penalty(&[Dual64::new(3.0, 0.0), Dual64::new(-4.0, 1.0)], 0.1);
/// assert!((d.eps + 0.1).abs() < 1e-15);
/// ```
pub fn l1_penalty<D: DualNum<Primitive = f64> + Copy>(weights: &[D], lambda: f64) -> D {
    let sum_abs = weights.iter().fold(D::from(0.0), |acc, &w| acc + w.abs());
    sum_abs * lambda
}

/// The gradient of [`l1_penalty`] where it exists, `λ·sign(w)`, and `0` at
/// `w = 0`.
///
/// At 0 any value in `[-λ, λ]` is a subgradient; 0 is the one of least norm,
/// the choice PyTorch makes for `abs`, and it does not push a weight that is
/// exactly 0 away from 0 (the sparsity L1 is used for).
///
/// ```
/// use gradcheck_train::regularize::l1_penalty_grad;
///
/// assert_eq!(l1_penalty_grad(&[3.0, -4.0, 0.0], 0.5), vec![0.5, -0.5, 0.0]);
/// ```
pub fn l1_penalty_grad(weights: &[f64], lambda: f64) -> Vec<f64> {
    let mut grad = vec![0.0; weights.len()];
    add_l1_penalty_grad(weights, lambda, &mut grad);
    grad
}

/// Adds the gradient of [`l1_penalty`] (as in [`l1_penalty_grad`]) to `grad`
/// in place.
///
/// # Panics
/// If `grad` and `weights` differ in length.
///
/// ```
/// use gradcheck_train::regularize::add_l1_penalty_grad;
///
/// let mut grad = vec![1.0, 1.0, 1.0];
/// add_l1_penalty_grad(&[2.0, -2.0, 0.0], 0.5, &mut grad);
/// assert_eq!(grad, vec![1.5, 0.5, 1.0]);
/// ```
pub fn add_l1_penalty_grad(weights: &[f64], lambda: f64, grad: &mut [f64]) {
    assert_eq!(
        weights.len(),
        grad.len(),
        "weights and gradient lengths differ"
    );
    for (g, &w) in grad.iter_mut().zip(weights) {
        // `f64::signum` gives ±1 at ±0; the subgradient we want is 0 there.
        if w != 0.0 {
            *g += lambda * w.signum();
        }
    }
}
