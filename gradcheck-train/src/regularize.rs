//! Regularisation terms and dropout, generic over dual numbers so they can sit
//! inside a checked loss, each with its hand-written derivative so a
//! hand-written gradient can be composed from the pieces.
//!
//! ```
//! use gradcheck_train::regularize::{add_l2_penalty_grad, l2_penalty};
//! use num_dual::{Dual64, DualNum};
//!
//! // Loss = data term + (λ/2)·‖w‖², and its gradient assembled by hand.
//! let w = [0.5, -1.0];
//! let data_grad = vec![0.1, 0.2];
//! let mut grad = data_grad.clone();
//! add_l2_penalty_grad(&w, 0.01, &mut grad);
//!
//! // The penalty's dual derivative along w[0] agrees with the helper.
//! let wd = [Dual64::new(0.5, 1.0), Dual64::new(-1.0, 0.0)];
//! let d = l2_penalty(&wd, 0.01).eps;
//! assert!((grad[0] - (data_grad[0] + d)).abs() < 1e-15);
//! ```

#![deny(missing_docs)]

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

/// A fixed inverted-dropout mask: each element is kept with probability
/// `1 - p` and scaled by `1/(1 - p)`, or zeroed, so the expected output
/// equals the input.
///
/// The mask is drawn once from a seed, so the function it defines is
/// deterministic and its gradient can be checked like any other.
///
/// **Stability.** Bits come from SplitMix64 (Steele, Lea and Flood 2014),
/// implemented here with wrapping `u64` arithmetic only; element `i` is kept
/// when the `i`-th output, shifted to its top 53 bits and scaled to `[0, 1)`,
/// is `>= p`. The same `(len, p, seed)` gives the same mask on every platform
/// and every version of this crate: changing the algorithm is a breaking
/// change.
///
/// ```
/// use gradcheck_train::regularize::DropoutMask;
///
/// let mask = DropoutMask::new(8, 0.5, 42);
/// let y = mask.apply(&[1.0; 8]);
/// for (i, &v) in y.iter().enumerate() {
///     assert_eq!(v, if mask.keeps(i) { 2.0 } else { 0.0 });
/// }
/// assert_eq!(mask, DropoutMask::new(8, 0.5, 42));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DropoutMask {
    /// Per element: `0` (dropped) or `1/(1-p)` (kept). Storing the scale
    /// makes `apply` and `backward` a single multiply.
    scale: Vec<f64>,
    p: f64,
}

impl DropoutMask {
    /// Draws a mask for `len` elements, each dropped with probability `p`.
    ///
    /// # Panics
    /// If `p` is not in `[0, 1)`: at `p = 1` the inverted scaling `1/(1-p)`
    /// is infinite.
    ///
    /// ```
    /// use gradcheck_train::regularize::DropoutMask;
    ///
    /// let mask = DropoutMask::new(10_000, 0.25, 7);
    /// let kept = (0..mask.len()).filter(|&i| mask.keeps(i)).count();
    /// assert!((7300..7700).contains(&kept)); // about 75% kept
    /// ```
    pub fn new(len: usize, p: f64, seed: u64) -> Self {
        assert!(
            (0.0..1.0).contains(&p),
            "dropout probability must be in [0, 1), got {p}"
        );
        let keep_scale = 1.0 / (1.0 - p);
        let mut rng = SplitMix64(seed);
        let scale = (0..len)
            .map(|_| {
                if rng.next_unit() >= p {
                    keep_scale
                } else {
                    0.0
                }
            })
            .collect();
        DropoutMask { scale, p }
    }

    /// The number of elements the mask covers.
    ///
    /// ```
    /// assert_eq!(gradcheck_train::regularize::DropoutMask::new(5, 0.1, 0).len(), 5);
    /// ```
    pub fn len(&self) -> usize {
        self.scale.len()
    }

    /// Whether the mask covers no element.
    ///
    /// ```
    /// assert!(gradcheck_train::regularize::DropoutMask::new(0, 0.1, 0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.scale.is_empty()
    }

    /// The drop probability.
    ///
    /// ```
    /// assert_eq!(gradcheck_train::regularize::DropoutMask::new(3, 0.2, 0).p(), 0.2);
    /// ```
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Whether element `i` is kept.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    ///
    /// ```
    /// use gradcheck_train::regularize::DropoutMask;
    ///
    /// let mask = DropoutMask::new(4, 0.0, 1);
    /// assert!((0..4).all(|i| mask.keeps(i)));
    /// ```
    pub fn keeps(&self, i: usize) -> bool {
        self.scale[i] != 0.0
    }

    /// The per-element factors: `0` or `1/(1-p)`. This is also the diagonal
    /// of the Jacobian of [`DropoutMask::apply`].
    ///
    /// ```
    /// use gradcheck_train::regularize::DropoutMask;
    ///
    /// let mask = DropoutMask::new(6, 0.5, 3);
    /// assert!(mask.scales().iter().all(|&s| s == 0.0 || s == 2.0));
    /// ```
    pub fn scales(&self) -> &[f64] {
        &self.scale
    }

    /// Applies the mask: `yᵢ = xᵢ·scaleᵢ`.
    ///
    /// # Panics
    /// If `x.len() != self.len()`: a mask drawn for another layer is a bug.
    ///
    /// ```
    /// use gradcheck_train::regularize::DropoutMask;
    /// use num_dual::{Dual64, DualNum};
    ///
    /// let mask = DropoutMask::new(3, 0.5, 9);
    /// let x = [Dual64::new(1.0, 1.0), Dual64::new(2.0, 1.0), Dual64::new(3.0, 1.0)];
    /// let y = mask.apply(&x);
    /// for i in 0..3 {
    ///     assert_eq!(y[i].eps, mask.scales()[i]); // dy/dx is the scale
    /// }
    /// ```
    pub fn apply<D: DualNum<Primitive = f64> + Copy>(&self, x: &[D]) -> Vec<D> {
        assert_eq!(
            x.len(),
            self.len(),
            "dropout mask has {} elements, input has {}",
            self.len(),
            x.len()
        );
        x.iter().zip(&self.scale).map(|(&xi, &s)| xi * s).collect()
    }

    /// The hand-written backward pass of [`DropoutMask::apply`]: given
    /// `∂L/∂y`, returns `∂L/∂x = ∂L/∂y · scale` (the same mask, applied to
    /// the upstream gradient).
    ///
    /// # Panics
    /// If `upstream.len() != self.len()`.
    ///
    /// ```
    /// use gradcheck_train::regularize::DropoutMask;
    ///
    /// let mask = DropoutMask::new(4, 0.5, 5);
    /// let dx = mask.backward(&[1.0, 1.0, 1.0, 1.0]);
    /// assert_eq!(dx, mask.scales());
    /// ```
    pub fn backward(&self, upstream: &[f64]) -> Vec<f64> {
        self.apply(upstream)
    }
}

/// SplitMix64: a 64-bit state advanced by a Weyl sequence and finalised by a
/// bit mixer. Tiny, fast, and defined by integer arithmetic alone, which is
/// what cross-platform determinism needs; its statistical quality is ample
/// for a dropout mask.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits (every such double is exact).
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::Dual64;

    /// ∂f/∂wᵢ for every i by forward mode, one dual evaluation per component.
    fn dual_gradient(w: &[f64], f: impl Fn(&[Dual64]) -> Dual64) -> Vec<f64> {
        (0..w.len())
            .map(|i| {
                let wd: Vec<Dual64> = w
                    .iter()
                    .enumerate()
                    .map(|(j, &x)| Dual64::new(x, if i == j { 1.0 } else { 0.0 }))
                    .collect();
                f(&wd).eps
            })
            .collect()
    }

    const W: [f64; 5] = [0.7, -1.3, 2.0, -0.01, 5.5];

    #[test]
    fn l2_value_is_half_lambda_sum_of_squares() {
        let expected = 0.5 * 0.3 * W.iter().map(|w| w * w).sum::<f64>();
        assert!((l2_penalty(&W, 0.3) - expected).abs() < 1e-14);
    }

    #[test]
    fn l2_grad_matches_forward_mode() {
        let ad = dual_gradient(&W, |w| l2_penalty(w, 0.3));
        let hand = l2_penalty_grad(&W, 0.3);
        for (a, h) in ad.iter().zip(&hand) {
            assert!((a - h).abs() < 1e-14, "{ad:?} vs {hand:?}");
        }
    }

    #[test]
    fn l1_grad_matches_forward_mode_away_from_zero() {
        let ad = dual_gradient(&W, |w| l1_penalty(w, 0.3));
        assert_eq!(ad, l1_penalty_grad(&W, 0.3));
        assert!((l1_penalty(&W, 0.3) - 0.3 * 9.51).abs() < 1e-12);
    }

    #[test]
    fn l1_grad_at_zero_is_the_zero_subgradient_unlike_the_one_sided_dual() {
        let hand = l1_penalty_grad(&[0.0, -0.0], 2.0);
        assert_eq!(hand, vec![0.0, 0.0]);
        // The dual picks a side: this is the kink the checker must flag.
        let ad = dual_gradient(&[0.0], |w| l1_penalty(w, 2.0));
        assert_eq!(ad[0].abs(), 2.0);
    }

    #[test]
    #[should_panic(expected = "lengths differ")]
    fn adding_into_a_gradient_of_the_wrong_length_panics() {
        add_l1_penalty_grad(&[1.0, 2.0], 1.0, &mut [0.0]);
    }

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Reference outputs of Vigna's splitmix64.c.
        assert_eq!(SplitMix64(0).next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut r = SplitMix64(1_234_567);
        assert_eq!(
            [r.next_u64(), r.next_u64(), r.next_u64()],
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423
            ]
        );
    }

    #[test]
    fn mask_for_a_given_seed_never_changes() {
        // Golden pattern: if this fails, masks changed for every user.
        let kept: String = (0..24)
            .map(|i| {
                if DropoutMask::new(24, 0.5, 2024).keeps(i) {
                    '1'
                } else {
                    '0'
                }
            })
            .collect();
        assert_eq!(kept, GOLDEN_2024);
    }
    // Cross-checked against an independent Python implementation.
    const GOLDEN_2024: &str = "100011010001110110101100";

    #[test]
    fn different_seeds_give_different_masks() {
        assert_ne!(DropoutMask::new(64, 0.5, 1), DropoutMask::new(64, 0.5, 2));
    }

    #[test]
    fn inverted_scaling_preserves_the_mean() {
        let mask = DropoutMask::new(100_000, 0.3, 11);
        let y = mask.apply(&vec![1.0; 100_000]);
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        // Standard error of the mean ≈ sqrt(p/(1-p)/n) ≈ 0.002.
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!(y.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.7).abs() < 1e-15));
    }

    #[test]
    fn backward_matches_forward_mode_of_apply() {
        let mask = DropoutMask::new(W.len(), 0.4, 8);
        // L = Σ cᵢ·yᵢ, so ∂L/∂y = c and ∂L/∂x must be backward(c).
        let c = [1.0, -2.0, 0.5, 3.0, -1.0];
        let ad = dual_gradient(&W, |x| {
            mask.apply(x)
                .iter()
                .zip(&c)
                .fold(Dual64::from(0.0), |acc, (&y, &ci)| acc + y * ci)
        });
        assert_eq!(ad, mask.backward(&c));
    }

    #[test]
    fn p_zero_keeps_everything_unscaled() {
        let mask = DropoutMask::new(W.len(), 0.0, 3);
        assert_eq!(mask.apply(&W), W.to_vec());
    }

    #[test]
    #[should_panic(expected = "must be in [0, 1)")]
    fn p_one_is_rejected() {
        DropoutMask::new(3, 1.0, 0);
    }

    #[test]
    #[should_panic(expected = "input has 2")]
    fn applying_to_the_wrong_length_panics() {
        DropoutMask::new(3, 0.5, 0).apply(&[1.0, 2.0]);
    }
}
