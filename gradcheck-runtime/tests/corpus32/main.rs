//! A labelled corpus of CORRECT single-precision gradients: every function is written once
//! over any primitive, checked in `f32` with a hand-written `f32` gradient, so any error
//! finding is a false alarm. One `#[test]` per function asserts no error at the defaults.
//!
//! - `ml`: softmax cross-entropy, log-sum-exp, an LSTM cell's step, a mean over 1e4 samples;
//! - `edges`: inputs around 1e3 (a norm, a ratio, a wave), `exp` near overflow and in the
//!   subnormal range, `ln` near 0 and `ln(1 + x)` for small `x`.
//!
//! Tools, each a test that does nothing unless its variable is set:
//!
//! ```text
//! F32_CORPUS_POINTS=points.json GRADCHECK_SAMPLES=10000 GRADCHECK_SEED=1 \
//!     cargo test -p gradcheck-runtime --release --test corpus32 tools::points
//! F32_CORPUS_SENSITIVITY=sens.json GRADCHECK_SAMPLES=1000 \
//!     cargo test -p gradcheck-runtime --release --test corpus32 tools::sensitivity
//! F32_CORPUS_MISSED=1e-4 F32_CORPUS_ONLY=lstm_cell GRADCHECK_SAMPLES=1000 \
//!     cargo test -p gradcheck-runtime --release --test corpus32 tools::missed -- --nocapture
//! F32_CORPUS_ROUNDING=rounding.json GRADCHECK_SAMPLES=1000 \
//!     cargo test -p gradcheck-runtime --release --test corpus32 tools::rounding
//! ```
//!
//! `F32_CORPUS_SHADOW=1` checks with the `f64` shadow (as `precision = f32` does); the sweep
//! (`scripts/corpus32/sweep.sh`) runs the per-function tests with `GRADCHECK_SAMPLES`,
//! `GRADCHECK_SEED` and `GRADCHECK_REPORT_DIR`, with and without it.

mod edges;
mod harness;
mod ml;
mod tools;

/// Every case of the corpus.
pub fn all() -> Vec<harness::Case> {
    [ml::cases(), edges::cases()]
        .into_iter()
        .flatten()
        .collect()
}
