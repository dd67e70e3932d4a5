//! The one driver every check goes through.
//!
//! A check (full or fast gradient, Jacobian, Hessian, reference, with or without dual
//! numbers) only says what to do at one point ([`PointCheck`]); the driver does the rest the
//! same way for all of them: the points are validated, the first usable point runs alone
//! (it also looks for nondeterminism), the others run in parallel, the findings are filed in
//! point order so that the report does not depend on the thread count, and the report gets
//! its evaluations, notes and reproduce line.

mod across;
pub(crate) mod exact;
pub(crate) mod judge;
pub(crate) mod noise;
pub(crate) mod points;
pub(crate) mod preamble;
pub(crate) mod subject;

use crate::precision::Profile;
use crate::report::finding::{Finding, Origin};
use crate::report::{Report, Witness};
use crate::spec::Spec;
use points::Point;
use rayon::prelude::*;
use subject::Subject;

pub(crate) use across::{Across, Nothing, Run, Seen};

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
    /// The exact and hand-written matrices, where the point compared them: folded at once
    /// into the cross-point analysis (never kept per point, so memory does not grow with the
    /// number of points).
    pub seen: Option<Box<Seen>>,
}

impl Outcome {
    /// An outcome with findings only, the point usable or not.
    pub(crate) fn of(findings: Vec<Finding>, usable: bool) -> Self {
        Outcome {
            findings,
            notes: Vec::new(),
            usable,
            seen: None,
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
    /// The exact and hand-written matrices at `point` again, for the analyses that revisit
    /// points after the run (a swapped entry, the edge of a region); `None` where the check
    /// compares no matrices.
    fn observe(&self, _point: &Point) -> Option<Seen> {
        None
    }
}

/// Every point of a run in order: the remembered failures first (`gradcheck-regressions/`),
/// then the plan's (explicit, random, special, exploration, stationary).
pub(crate) struct Points<'a> {
    plan: points::Plan<'a>,
    prof: &'static Profile,
    remembered: Vec<Vec<f64>>,
}

impl<'a> Points<'a> {
    fn new(plan: points::Plan<'a>, prof: &'static Profile, remembered: Vec<Vec<f64>>) -> Self {
        Points {
            plan,
            prof,
            remembered,
        }
    }

    /// How many points the run visits (so far: the plan grows once settled).
    pub(crate) fn count(&self) -> usize {
        self.remembered.len() + self.plan.count()
    }

    /// Point `k` of the run. A remembered point's index follows the plan's own, so that the
    /// plan's points keep the indices (and fast mode's directions) they have without it.
    pub(crate) fn get(&self, k: usize) -> Point {
        match self.remembered.get(k) {
            Some(x) => Point {
                index: self.plan.count() + k,
                origin: Origin::Regression,
                x: x.iter().map(|&v| (self.prof.round)(v)).collect(),
            },
            None => self.plan.point(k - self.remembered.len()),
        }
    }

    /// Sizes the plan from the cost of the `tried` points so far.
    fn settle(&mut self, evaluations: usize, tried: usize) {
        self.plan.settle(evaluations, tried);
    }
}

/// Runs `check` at every point of `spec` on `subject`; `across` folds what each point
/// compared and says what only the set of points shows.
pub(crate) fn run(
    spec: &Spec,
    subject: &dyn Subject,
    check: &impl PointCheck,
    across: &dyn Across,
) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    if subject.exact().is_none() {
        report.set_witness(Witness::FiniteDifferences);
    }
    report.set_reproduce(crate::report::output::reproduce_line(spec));
    report.set_source(spec.location());
    if let Err(problem) = points::check(spec) {
        report.fail();
        report.note(format!("{problem} (in `{}`)", spec.function()));
        return report;
    }
    // Only the engine's own one-component checks (fast mode's localisation) skip what is
    // said across points: they see one point.
    let whole = spec.env;
    let remembered = if whole {
        crate::report::regressions::load(spec, spec.layout().len())
    } else {
        Vec::new()
    };
    let mut all = Points::new(
        points::Plan::new(spec, subject),
        subject.profile(),
        remembered,
    );
    let fold = |outcome: &mut Outcome| {
        if let Some(seen) = outcome.seen.take() {
            if whole {
                across.fold(&seen);
            }
        }
    };
    // Only the origin of a point is kept: at n = 10^6 each point is as large as the input.
    let mut outcomes: Vec<(Origin, Outcome)> = Vec::with_capacity(all.count());
    let mut index = 0;
    while index < all.count() {
        let point = all.get(index);
        let mut outcome = check.check_point(&point, true);
        fold(&mut outcome);
        let usable = outcome.usable;
        outcomes.push((point.origin, outcome));
        index += 1;
        if usable {
            break;
        }
    }
    // What the points so far cost decides how many more there are (a count of evaluations,
    // the same on every machine).
    all.settle(subject.evaluations() + check.extra_evaluations(), index);
    let all = &all;
    let one = |index: usize| {
        let point = all.get(index);
        let mut outcome = check.check_point(&point, false);
        fold(&mut outcome);
        (point.origin, outcome)
    };
    let count = all.count();
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
    for note in all.plan.note(explored) {
        report.note(note);
    }
    check.close(&mut report);
    if whole {
        let run = Run {
            spec,
            subject,
            check,
            points: all,
        };
        across.finish(&run, &mut report);
    }
    report.set_evaluations(subject.evaluations() + check.extra_evaluations());
    report
}
