//! A labelled corpus of hard but CORRECT gradients: every function here has a hand-written
//! gradient verified against an 80-digit re-implementation (`scripts/hard_corpus/verify.py`),
//! so any error finding on it is a false alarm. One `#[test]` per function asserts that the
//! check at its defaults (16 points, the default seed) finds no error.
//!
//! The functions are grouped by the way real losses provoke false findings (see
//! [`harness::Class`]): the dual chain losing digits, values that are flat or noisy in f64,
//! cancelling `powi` sums, saturated `tanh`, SI-sized inputs near a pole, defensive
//! assertions, fast mode's bit-for-bit value comparison, subnormal values; and demanding
//! ordinary ones (Newton solves, sums of 1e5 terms, SI physics, mixed scales).
//!
//! Tools, each a test that does nothing unless its variable is set:
//!
//! ```text
//! HARD_CORPUS_DUMP=points.json cargo test -p gradcheck-runtime --release --test hard dump
//! HARD_CORPUS_SENSITIVITY=sens.json GRADCHECK_SAMPLES=200 \
//!     cargo test -p gradcheck-runtime --release --test hard sensitivity
//! ```
//!
//! and the sweep is the per-function tests run with `GRADCHECK_SAMPLES`, `GRADCHECK_SEED` and
//! `GRADCHECK_REPORT_DIR` (`scripts/hard_corpus/sweep.sh`).

mod harness;
mod num;
mod tools;

mod cancellation;
mod cross_entropy;
mod defensive;
mod dual_digits;
mod fast_mode;
mod flat_value;
mod iterative;
mod logistic;
mod long_sums;
mod near_pole;
mod physics;
mod powi_sums;
mod saturation;
mod subnormal;

/// Every case of the corpus.
pub fn all() -> Vec<harness::Case> {
    [
        dual_digits::cases(),
        flat_value::cases(),
        cancellation::cases(),
        powi_sums::cases(),
        saturation::cases(),
        near_pole::cases(),
        defensive::cases(),
        fast_mode::cases(),
        subnormal::cases(),
        cross_entropy::cases(),
        logistic::cases(),
        iterative::cases(),
        long_sums::cases(),
        physics::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[test]
fn names_are_unique_and_the_corpus_is_large_enough() {
    let cases = all();
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
    assert!(cases.len() >= 40, "{} cases", cases.len());
}
