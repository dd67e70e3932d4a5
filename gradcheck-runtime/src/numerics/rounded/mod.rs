//! [`Rounded<F>`]: a float that carries a running bound on its own rounding error, usable
//! wherever num-dual's [`DualNum`](num_dual::DualNum) is: alone, or inside `Dual`, `DualVec`,
//! `HyperDual`, ... so that a bound travels with the value *and* with every derivative part.
//!
//! Why: a derivative check that models rounding as `ε·|value|` raises false alarms on correct
//! code whose value is small next to the terms it came from: `t − sin t` at `t = 1e-5` (value
//! 1.7e-16 from terms of 1e-5), cross-entropy at a margin of 40 (value exactly 0.0), an expanded
//! `(x − 100)⁴` near 100, a saturated `tanh` (num-dual's derivative cancels to exactly 0), a
//! subnormal kernel value. The error scales with the *terms*; this type tracks that.
//!
//! # The model
//!
//! `v` is computed exactly as plain `F` computes it: every operation is the same IEEE operation
//! and every function calls `F`'s own `DualNum` method, so a generic function evaluated on
//! `Rounded<f64>` returns the bits it returns on `f64` (tested on every method, operator form,
//! and 20 000 random expression trees, in f64 and f32, and inside `Dual`, `HyperDual`,
//! `DualSVec`). Comparisons (`==`, `<`, ...) look at `v` only, so branches follow the `F` path.
//!
//! `e` bounds `|v − exact|`, where *exact* is the real-number result of the same expression on
//! the same inputs, taken as exact (inputs from [`Rounded::new`], `From<F>`, `FromPrimitive`,
//! and `F` constants have `e = 0`; [`Rounded::with_bound`] starts from a given bound). It is a
//! running error analysis (Wilkinson; Higham, *Accuracy and Stability*, §3): each operation
//! adds how its inputs' bounds travel to its output, plus its own rounding, with u = ε/2 and
//! η = the subnormal spacing (4.9e-324 in f64, 1.4e-45 in f32):
//!
//! | operation | input errors travel as | own rounding |
//! | --- | --- | --- |
//! | `a ± b` | `e_a + e_b` | `u·|v|` (a sum in the subnormal range is exact) |
//! | `a · b` | `|a|e_b + |b|e_a + e_a·e_b` (exact) | `max(u·|v|, η)` |
//! | `a / b` | `(e_a + |v|·e_b)/(|b| − e_b)`; ∞ if `e_b ≥ |b|` (exact) | `max(u·|v|, η)` |
//! | `mul_add` (fused) | as `·` then `+` | one rounding |
//! | `a % b` (fmod, exact) | `e_a + |trunc(a/b)|·e_b` | none |
//! | `powi(n)` | power rule below | `|n|·u·|v|`: `(|n| − 1)u` for |n| factors, + a division |
//! | `g(a)`, library | `max |g'|` over `[a − e_a, a + e_a]` times `e_a` (below) | `max(c·u·|v|, η)` |
//!
//! For library functions the input term is not the first-order `|g'(a)|·e_a` but a bound on
//! `|g(a + α) − g(a)|` for every `|α| ≤ e_a`, from the mean value theorem with `|g'|` at the
//! interval's worst point (`1/(1 + ξ²)` nearest 0 for atan, `1/sqrt(1 − ξ²)` nearest ±1 for
//! asin, `cosh(a)·e^{e_a}` for sinh, ...), from `(1 ± r)^p − 1 ≤ expm1(p·r/(1 − r))` for powers,
//! sqrt and cbrt (`r = e_a/|a|`), `|ln(1 ± r)| ≤ r/(1 − r)` for logarithms, `tan α·sec²a/(1 −
//! tan a·tan α)` for tan, and the square-root behaviour at the edges of asin/acos/acosh. The
//! reason is that an input which is itself a cancelled difference carries a relative error near
//! 1, where the first order is wrong by 2× and more (`sqrt` of a cancelled difference) or
//! finite where the truth is not (`ln` of an interval containing 0: the bound becomes ∞). Where
//! `e_a` is small these rules reduce to the first order. The bound's own arithmetic is rounded
//! to nearest (relative u on `e`, negligible against its slack).
//!
//! # Library allowances (`c`)
//!
//! glibc's published maximum errors (x86_64, round to nearest, double and float) set `c`, with
//! 1 ulp ≤ 2u·|v|: 1 ulp (c = 2) for exp, exp2, expm1, log, log1p, sin, cos, tan, asin, acos,
//! atan, pow; 2 ulp (c = 4) for sinh, cosh, tanh, log2, log10, atan2; `log(x, b)` is
//! `ln x / ln b` (c = 5); cbrt c = 8 (glibc lists 4 ulp; this toolchain links compiler-builtins'
//! own cbrt, measured below 1u·|v|, but another platform may not). sqrt is correctly rounded
//! (c = 1). Three functions are std's own formulas, not libm, and get their own terms: `asinh`
//! (c = 4, measured 1.9u·|v|), `acosh` = `ln(a + sqrt(a−1)·sqrt(a+1))` (+4u absolute: its
//! argument's rounding, measured 1u absolute = 2 100u·|v| near a = 1), `atanh` =
//! `ln_1p(2a/(1−a))/2` (+3u·|a/(1+a)|: measured 1.1·10⁶ u·|v| near a = −1). The measured maxima
//! over 20 000 inputs per function and precision (script `scripts/rounded_libm_ulps.py`,
//! against mpmath): every function within its allowance, the closest tanh (2.56 of 4) and
//! acos/f32 (1.44 of 2).
//!
//! # Inside num-dual: what a derivative part's bound describes
//!
//! `Dual<Rounded<f64>>` carries in `eps` a bound on the rounding error of the derivative *as
//! num-dual computes it*, which is not always the formula one would write:
//! - `a / b` is `a·(1/b)` in every part (the real part too: it differs from f64's `a/b` in the
//!   last bit in ~27% of cases), with `eps = (a'·b − b'·a)·(1/b)·(1/b)`;
//! - `tanh` and `tan` are the dual quotients `sinh/cosh`, `sin/cos`: tanh's derivative is
//!   `(cosh·cosh − sinh·sinh)/cosh²`, exactly 0 above |x| ≈ 19, with a bound of 10ε (at 25)
//!   covering the true 4e^{−2|x|} (the real part is `sinh·(1/cosh)`, not `f64::tanh`: different bits in 65%
//!   of a sample);
//! - `powi(n)` for n ∉ {0, 1, 2} is `re^(n−3)·re·re·re` with derivative `re^(n−3)·re·re·n`
//!   (so the value differs from `f64::powi`); `powf` likewise with `powf(n − 3)` (NaN at 0);
//! - `mul_add` is unfused (`self·a + b`) while `f64`'s is fused; `atan2` takes its value from
//!   `f64::atan2` and its derivative from `atan(y·(1/x))`; `sph_j*` switch to Taylor forms at
//!   `|x| < ε` and cancel catastrophically just above: at x = 1e-5, `sph_j2` gives −3.4e-6
//!   for a true 6.7e-12, within its bound of 2.7e-5 (the same holds for `f64`'s own `sph_j2`).
//!
//! # What the bound does not cover
//!
//! - Branches: a comparison on `v` that would go the other way on the exact value (a kink of
//!   `abs`/`max`, `signum`, a threshold, `rem`'s quotient changing, sph_j's `|x| < ε` switch).
//!   `atan2` does cover the 2π jump when the exact `y` may change sign with `x < 0`.
//! - Correlations: a reused inexact intermediate is counted independently each time (the
//!   dependency problem of interval arithmetic): `f(a + h) − f(a)` or `sin(a) − a` for an
//!   inexact `a` over-estimate, never under.
//! - Library functions beyond their allowances: another libm (musl, macOS) or another Rust
//!   version of std's formulas. Rust documents the precision of these functions as unspecified
//!   (a call constant-folded by the compiler may differ from the runtime call).
//! - Non-finite values: NaN and ±∞ propagate in `v` as in `F`; `e` is then ∞ or NaN, meaning
//!   "unknown", and stays so through later operations (even where `v` becomes finite again, as
//!   in `exp(1/∞)`). A divisor whose bound reaches its magnitude gives `e = ∞` with a finite `v`.
//!
//! # Measured
//!
//! - Coverage, f32 against the same expression in f64 (the f64 evaluation's own bound must be
//!   below 1/16 of the f32 one, else the case is skipped: 485 of 20 000): 20 000 seeded random
//!   expression trees of depth 2–6 over every operation and function, with finite-difference
//!   numerators `f(a + h) − f(a)` and Taylor cancellations `f(a) − a`: **0 misses in 19 515**;
//!   each function alone over its domain and edges (4 000 inputs each): 0 misses, largest
//!   err/e 0.99 (sqrt, recip: a single correctly rounded operation is its own worst case).
//! - Coverage, f64 against exactly known values (16 identities × 2 000 inputs: `t − sin t`
//!   against its series, `(1 + x) − 1`, `exp(ln x)`, `cosh² − sinh²`, the expanded quartic, ...;
//!   200 shuffled cancelling sums of 1 000 terms against a compensated sum): 0 misses.
//! - Pessimism, e/err where the error is nonzero: random f32 trees without reused-error
//!   cancellations median 11.7, p10 3.6, p90 131; with them median 20; per function median
//!   3–24; f64 identities median 2–17; 1 000-term sums median 87 (a worst-case bound grows as
//!   n·u, a typical error as √n·u). The far tail (p99 ~1e7) is results that happen to be nearly
//!   exact: `cosh(3e-7)` rounds to 1 with an error of 4e-14, far below the half-ulp the bound
//!   must allow.
//! - Cost (fastest of 7 batches, `cargo run --release -p gradcheck-runtime --example
//!   rounded_cost`): Rosenbrock n = 1000, `Rounded<f64>` 7× `f64`, `Dual<Rounded<f64>>` 7×
//!   `Dual64`; a 100 × 100 tanh layer (libm-bound) 2.5× and 2.4×.
#![allow(clippy::suspicious_arithmetic_impl, clippy::suspicious_op_assign_impl)]

use num_dual::DualNumFloat;
use std::fmt;

mod functions;
mod ops;
mod propagate;

pub(crate) use propagate::count_operations;
#[cfg(test)]
mod tests;

/// A float `v` computed exactly as plain `F` arithmetic computes it, with a bound `e` on
/// `|v − exact|`, where *exact* is the real-number result of the same expression on the same
/// (exact) inputs.
///
/// ```
/// use gradcheck_runtime::rounded::Rounded;
/// use num_dual::DualNum;
///
/// let t = Rounded::new(1e-5_f64);
/// let r = t - t.sin(); // t³/6 ≈ 1.7e-16, from terms of 1e-5
/// assert_eq!(r.value(), 1e-5_f64 - 1e-5_f64.sin()); // bit-identical to plain f64
/// let exact = 1e-15 / 6.0 - 1e-25 / 120.0;
/// assert!((r.value() - exact).abs() <= r.bound());
/// assert!(r.bound() < 1e-20); // a few ε·t, not ε·|r|
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Rounded<F> {
    pub(crate) v: F,
    pub(crate) e: F,
}

/// With num-dual's `ndarray` feature, every `DualNum` is an ndarray scalar operand.
#[cfg(feature = "ndarray")]
impl<F: 'static + Copy> ndarray::ScalarOperand for Rounded<F> {}

impl<F: DualNumFloat> Rounded<F> {
    /// An exact input: the value `v` with bound 0.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::new(0.1_f64);
    /// assert_eq!((x.value(), x.bound()), (0.1, 0.0));
    /// ```
    #[inline]
    pub fn new(v: F) -> Self {
        Self { v, e: F::zero() }
    }

    /// A value already carrying an error bound, e.g. a measured or previously computed input.
    /// A negative `bound` is taken by magnitude.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::with_bound(2.0_f64, 1e-10);
    /// let y = x * x;
    /// assert!(y.bound() >= 4e-10);
    /// ```
    #[inline]
    pub fn with_bound(v: F, bound: F) -> Self {
        Self { v, e: bound.abs() }
    }

    /// The value, bit-identical to what plain `F` arithmetic gives for the same expression.
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let x = Rounded::new(3.0_f64);
    /// assert_eq!((x / 7.0).value(), 3.0 / 7.0);
    /// ```
    #[inline]
    pub fn value(&self) -> F {
        self.v
    }

    /// The bound on `|value − exact|`; `inf` or NaN means "unknown" (see the module docs).
    ///
    /// ```
    /// use gradcheck_runtime::rounded::Rounded;
    /// let third = Rounded::new(1.0_f64) / 3.0;
    /// assert!(third.bound() >= (third.value() - 1.0 / 3.0).abs());
    /// assert!(third.bound() <= f64::EPSILON);
    /// ```
    #[inline]
    pub fn bound(&self) -> F {
        self.e
    }
}

impl<F: DualNumFloat> From<F> for Rounded<F> {
    /// An exact input (bound 0), as [`Rounded::new`].
    #[inline]
    fn from(v: F) -> Self {
        Self::new(v)
    }
}

impl<F: DualNumFloat> Default for Rounded<F> {
    fn default() -> Self {
        Self::new(F::zero())
    }
}

/// `value (±bound)`; the format options (precision, exponent) apply to the value.
impl<F: DualNumFloat> fmt::Display for Rounded<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.v, f)?;
        write!(f, " (±{:.1e})", self.e.to_f64().unwrap_or(f64::NAN))
    }
}
