//! The one driver every check goes through.
//!
//! A check (full or fast gradient, Jacobian, Hessian, reference, with or without dual
//! numbers) only says what to do at one point ([`PointCheck`]); the driver does the rest the
//! same way for all of them: the points are validated, the first usable point runs alone
//! (it also looks for nondeterminism), the others run in parallel, the findings are filed in
//! point order so that the report does not depend on the thread count, and the report gets
//! its evaluations, notes and reproduce line.

pub(crate) mod exact;
pub(crate) mod judge;
pub(crate) mod points;
pub(crate) mod preamble;
pub(crate) mod subject;

use crate::report::finding::{Finding, Origin};
use crate::report::{Report, Witness};
use crate::spec::Spec;
use points::Point;
use rayon::prelude::*;
use subject::Subject;

/// Above this many inputs points are checked one at a time: each point in flight holds a few
/// input-sized vectors (the point, a direction, its dual numbers, the hand-written gradient),
/// and memory then matters more than the cores.
const PARALLEL_MAX_N: usize = 100_000;

/// What one point contributed to the report.
#[derive(Default)]
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    /// Whether the function could be evaluated at the point (the first usable point is the
    /// one that also looks for nondeterminism).
    pub usable: bool,
}

impl Outcome {
    /// An outcome with findings only, the point usable or not.
    pub(crate) fn of(findings: Vec<Finding>, usable: bool) -> Self {
        Outcome {
            findings,
            notes: Vec::new(),
            usable,
        }
    }
}

/// One check's work at one point.
pub(crate) trait PointCheck: Sync {
    /// The check's name in the report: `gradient`, `hessian` or `reference`.
    fn name(&self) -> &'static str;
    /// Checks one point; `first` is set for the first point tried until one is usable.
    fn check_point(&self, point: &Point, first: bool) -> Outcome;
    /// Adds what only the whole run can say (fast mode's coverage note), once all points ran.
    fn close(&self, _report: &mut Report) {}
    /// Evaluations made outside the subject's counter (fast mode's localisation).
    fn extra_evaluations(&self) -> usize {
        0
    }
}

/// Runs `check` at every point of `spec` on `subject`.
pub(crate) fn run(spec: &Spec, subject: &dyn Subject, check: &impl PointCheck) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    if subject.exact().is_none() {
        report.set_witness(Witness::FiniteDifferences);
    }
    report.set_reproduce(crate::report::output::reproduce_line(spec));
    if let Err(problem) = points::check(spec) {
        report.fail();
        report.note(format!("{problem} (in `{}`)", spec.function()));
        return report;
    }
    let mut plan = points::Plan::new(spec, subject);
    // Only the origin of a point is kept: at n = 10^6 each point is as large as the input.
    let mut outcomes: Vec<(Origin, Outcome)> = Vec::with_capacity(plan.count());
    let mut index = 0;
    while index < plan.count() {
        let point = plan.point(index);
        let outcome = check.check_point(&point, true);
        let usable = outcome.usable;
        outcomes.push((point.origin, outcome));
        index += 1;
        if usable {
            break;
        }
    }
    // What the points so far cost decides how many more there are (a count of evaluations,
    // the same on every machine).
    plan.settle(subject.evaluations() + check.extra_evaluations(), index);
    let plan = &plan;
    let one = |index: usize| {
        let point = plan.point(index);
        let outcome = check.check_point(&point, false);
        (point.origin, outcome)
    };
    let count = plan.count();
    if spec.layout().len() <= PARALLEL_MAX_N {
        outcomes.par_extend((index..count).into_par_iter().map(one));
    } else {
        outcomes.extend((index..count).map(one));
    }
    let filing = points::Filing::new(spec);
    let mut explored = 0;
    for (origin, outcome) in outcomes {
        report.count_point();
        explored += usize::from(origin == Origin::Explore && outcome.usable);
        for note in outcome.notes {
            report.note(note);
        }
        report.record(
            filing.spec(origin),
            check.name(),
            outcome.findings.into_iter().map(|mut f| {
                f.origin = Some(origin);
                filing.explain(&mut f);
                f
            }),
        );
    }
    for note in plan.note(explored) {
        report.note(note);
    }
    check.close(&mut report);
    report.set_evaluations(subject.evaluations() + check.extra_evaluations());
    report
}
