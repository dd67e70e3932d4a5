//! How many points of each kind a check visits when `samples` does not say: a budget counted
//! in evaluations, not seconds, so that the same seed gives the same points on every machine.
//! The cost of a point is measured at the first usable point (its evaluations, at every
//! number type), and the budget buys as many random points as it pays for, between a floor
//! and a ceiling; the other kinds of points are sized from the same figure.

/// Evaluations the random and exploration points of one check may spend together. What a
/// user's `cargo test` (a debug build) can afford: on the 22 cases of
/// `cargo run -p gradcheck-runtime --example points_bugs` (functions of 1 to 6 inputs, 7 to
/// 16 evaluations per point) a check at this budget makes 4200–7800 evaluations over
/// 360–1030 points and takes about 45 ms of CPU in a debug build (7 µs per evaluation with
/// the finite differences and dual numbers around it), against 12 ms for the old 16 points:
/// a crate with 100 checked functions pays about 4 s more, and cheap functions get 20 to 60
/// times the points. A function of 100 inputs (about 220 evaluations per point) stays near the
/// floor of 16.
pub(crate) const BUDGET: usize = 8192;
pub(crate) use crate::spec::random::MIN_RANDOM;
/// The most random points the budget buys: 1000 uniform points would catch a region of 0.5%
/// of the box with probability 0.99; stratified ones catch an axis slice of 1/1024 surely.
pub(crate) const MAX_RANDOM: usize = 1024;
/// Exploration points: at least enough to visit x > 20 on every axis (12, see `explore`),
/// at most what a magnitude grid of 16 per decade needs.
pub(crate) const MIN_EXPLORE: usize = 16;
pub(crate) const MAX_EXPLORE: usize = 64;
/// Special points: at least the all-zero point, ±1 and the two corners; at most 16.
pub(crate) const MIN_SPECIAL: usize = 6;
pub(crate) const MAX_SPECIAL: usize = 16;

/// Above this many inputs an evaluation's own time grows with the input (fast mode's points
/// make a few dozen evaluations whatever n is), so each evaluation counts n / 1000 times.
pub(crate) const WEIGHT_FROM_N: usize = 1000;

/// An evaluation of up to this many arithmetic operations counts once; a dearer one counts
/// in proportion (a sum of 10^5 terms is 400 ordinary evaluations, not one: counted, not
/// timed, so the points are the same on every machine).
pub(crate) const OPERATIONS_PER_EVALUATION: f64 = 1000.0;

/// What one evaluation of a function of `n` inputs, of `operations` rounded operations where
/// they could be counted, counts for against the budget.
pub(crate) fn weight(n: usize, operations: Option<u64>) -> f64 {
    let by_n = n as f64 / WEIGHT_FROM_N as f64;
    let by_work = operations.map_or(0.0, |ops| ops as f64 / OPERATIONS_PER_EVALUATION);
    by_n.max(by_work).max(1.0)
}

/// How many points of each kind, given what one point costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Counts {
    pub random: usize,
    pub special: usize,
    pub explore: usize,
    pub stationary: usize,
}

/// The counts for a check whose points cost `per_point` evaluations: `fixed` random points
/// when `samples` (or `GRADCHECK_SAMPLES`) says, else from the budget; `explores` without a
/// `domain`; `stationary` when the function allows descent (scalar, dual numbers, few
/// inputs).
///
/// Where points are dear (the budget affords fewer than the random points and the floors of
/// the others), the other kinds together get at most as many points as the random ones: a
/// check costs at most twice what its random points cost, never 20 times what a user who
/// wrote `samples = 1` on a function of 10^5 inputs expected.
pub(crate) fn counts(
    fixed: Option<usize>,
    per_point: f64,
    explores: bool,
    stationary: bool,
) -> Counts {
    let affordable = (BUDGET as f64 / per_point.max(1.0)) as usize;
    let random = fixed.unwrap_or_else(|| (affordable * 3 / 4).clamp(MIN_RANDOM, MAX_RANDOM));
    let mut special = (affordable / 16).clamp(MIN_SPECIAL, MAX_SPECIAL);
    let mut explore = if explores {
        (affordable / 4).clamp(MIN_EXPLORE, MAX_EXPLORE)
    } else {
        0
    };
    let mut stationary = match (stationary, affordable >= 64) {
        (false, _) => 0,
        (true, true) => 2,
        (true, false) => 1,
    };
    let cap = affordable.saturating_sub(random).max(random);
    if special + explore + stationary > cap {
        // The all-zero point and ±1 first, then exploration, then one stationary point.
        special = special.min(cap.div_ceil(2));
        explore = explore.min(cap - special);
        stationary = stationary.min(cap - special - explore).min(1);
    }
    Counts {
        random,
        special,
        explore,
        stationary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheap_points_get_many_expensive_ones_the_floor() {
        let cheap = counts(None, 10.0, true, true);
        assert_eq!(cheap.random, 614);
        assert_eq!(
            (cheap.special, cheap.explore, cheap.stationary),
            (16, 64, 2)
        );
        let dear = counts(None, 2000.0, true, true);
        assert_eq!(
            (dear.random, dear.special, dear.explore, dear.stationary),
            (16, 6, 10, 0)
        );
        // `samples = 2` on a dear function: at most as many other points as random ones.
        let two = counts(Some(2), 30_000.0, true, false);
        assert_eq!((two.special, two.explore), (1, 1));
        assert_eq!(counts(Some(5), 10.0, false, false).random, 5);
        assert_eq!(counts(None, 1.0, false, false).random, MAX_RANDOM);
        assert_eq!(counts(None, 10.0, false, true).explore, 0);
    }
}
