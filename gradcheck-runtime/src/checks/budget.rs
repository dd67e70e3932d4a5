//! How long full mode would take on a large input, and whether fast mode should run instead.

use crate::engine::subject::Subject;
use std::time::{Duration, Instant};

/// Full mode is switched to fast mode when its estimated time exceeds this.
pub(crate) const FULL_MODE_BUDGET: Duration = Duration::from_secs(120);

/// Full mode is announced (a note with the estimate) when it is expected to take longer.
const FULL_MODE_ANNOUNCE: Duration = Duration::from_secs(10);

/// What full mode would cost at `n` inputs and `points` points, from one timed evaluation at
/// the first point: `Some((note, switch))` when it is worth saying, `switch` when it is over
/// the budget and fast mode should run instead.
pub(crate) fn full_mode_estimate(
    subject: &dyn Subject,
    first: &[f64],
    points: usize,
) -> Option<(String, bool)> {
    let n = first.len();
    let start = Instant::now();
    subject.value(first).ok()?;
    let one = start.elapsed();
    // Full mode's target cost: 6n + 20 plain-evaluation equivalents per point.
    let evals = 6.0 * n as f64 + 20.0;
    let total = one.mul_f64(evals * points as f64);
    if total <= FULL_MODE_ANNOUNCE {
        return None;
    }
    let what = format!(
        "full mode at n = {n} takes about {} ({evals:.0} evaluations of {} per point, {points} point{})",
        human(total),
        human(one),
        if points == 1 { "" } else { "s" }
    );
    if total > FULL_MODE_BUDGET {
        Some((
            format!(
                "{what}, over the budget of {}: fast mode ran instead; check fewer points or a smaller input for a full check",
                human(FULL_MODE_BUDGET)
            ),
            true,
        ))
    } else {
        Some((what, false))
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1e-3 {
        format!("{:.1} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else if s < 120.0 {
        format!("{s:.1} s")
    } else if s < 7200.0 {
        format!("{:.1} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_human_readable() {
        assert_eq!(human(Duration::from_secs(90)), "90.0 s");
        assert_eq!(human(Duration::from_secs(3 * 3600)), "3.0 h");
        assert_eq!(human(Duration::from_micros(12)), "12.0 µs");
    }
}
