//! A dropout mask drawn once from a seed: a deterministic function whose gradient is
//! checked like any other.

use num_dual::DualNum;

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
pub(super) struct SplitMix64(pub(super) u64);

impl SplitMix64 {
    pub(super) fn next_u64(&mut self) -> u64 {
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
