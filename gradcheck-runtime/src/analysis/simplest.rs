//! The simplest failing point: from the worst finding's point, each component in turn is
//! replaced by 0, else by the nearest integer, else by the nearest half, as long as the same
//! finding (kind and entry) persists there, within a budget of evaluations the report states.
//! A person can then work the derivative out by hand at `[0, 0, 1]` instead of at
//! `[0.7163…, -1.2480…, 0.9951…]`.

use super::Run;
use crate::engine::points::Point;
use crate::report::finding::Finding;
use crate::report::{table, Report, Simplest};

/// The budget in evaluations: this many times what one point of the run cost on average…
const POINTS_OF_BUDGET: usize = 24;
/// …and at least this many (a cheap function is cheap to simplify).
const MIN_BUDGET: usize = 400;
/// Above this many inputs no simpler point is sought: the budget allows a few dozen tries, a
/// few components' worth, which leaves a point no simpler to work out by hand (and fast
/// mode's points cost O(n) memory each).
const MAX_INPUTS: usize = 64;

/// Looks for a simpler point where the report's worst error persists.
pub(super) fn search(run: &Run<'_>, report: &mut Report) {
    let Some(worst) = report.sorted().into_iter().find(|f| f.is_error()).cloned() else {
        return;
    };
    let points = report.points_checked().max(1);
    let per_point = run.subject.evaluations() / points;
    let budget = (POINTS_OF_BUDGET * per_point).max(MIN_BUDGET);
    let start = run.subject.evaluations();
    let used = || run.subject.evaluations() - start;
    if worst.point.len() > MAX_INPUTS {
        return;
    }
    let mut x = worst.point.clone();
    let mut simpler = false;
    'components: for i in 0..x.len() {
        for candidate in candidates(run, i, x[i]) {
            if used() + per_point > budget {
                break 'components;
            }
            let mut y = x.clone();
            y[i] = candidate;
            if persists(run, &worst, y.clone()) {
                x = y;
                simpler = true;
                break;
            }
        }
    }
    if simpler {
        let what = format!("{} at {}", worst.kind, table::entry_name(&worst));
        report.across.simplest = Some(Simplest {
            point: x,
            what,
            evaluations: used(),
            budget,
        });
    }
}

/// The simpler values for component `i` at `v`, simplest first: 0, the nearest integer, ±1
/// (the sign of `v`: where the error vanishes at 0, as a term with sin p does), the nearest
/// half, ±½; only those inside the component's box (or, for a point already outside it,
/// between the point and 0), and only those that change the value.
fn candidates(run: &Run<'_>, i: usize, v: f64) -> Vec<f64> {
    let range = run.spec.range_of_component(i);
    let inside = |c: f64| {
        (range.start <= c && c <= range.end) || (!range.contains(&v) && c.abs() <= v.abs())
    };
    let mut out: Vec<f64> = Vec::new();
    let unit = v.signum();
    for c in [0.0, v.round(), unit, (2.0 * v).round() / 2.0, 0.5 * unit] {
        if c != v && inside(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Whether the check at `x` finds an error of the worst finding's kind at its entry.
fn persists(run: &Run<'_>, worst: &Finding, x: Vec<f64>) -> bool {
    let point = Point {
        index: run.points.count(),
        origin: worst
            .origin
            .unwrap_or(crate::report::finding::Origin::Random),
        x,
    };
    let outcome = run.check.check_point(&point, false);
    outcome.findings.iter().any(|f| {
        f.kind == worst.kind
            && run.spec.severity(f.kind).eq(&worst.severity)
            && f.component == worst.component
            && f.output == worst.output
            && f.column == worst.column
    })
}
