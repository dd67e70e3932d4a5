//! The points a check visits and where they come from: the explicit points (`at`), random
//! points stratified over the box (`lhs`), special points inside it (`special`), exploration
//! points beyond the default box when no `domain` is given (`explore`) and stationary points
//! reached by descent (`stationary`). How many of each comes from a budget counted in
//! evaluations (`budget`), settled once the first usable point has shown what a point costs.
//! Points are drawn one at a time, in that order, so that a large input is held only for the
//! points in flight; the stationary points alone (few, of few inputs) are found when the plan
//! is settled, so that a repeated one is dropped in a fixed order.

mod budget;
mod explore;
mod filing;
mod special;
mod stationary;
mod valid;

pub(crate) use filing::Filing;
pub(crate) use valid::check;

use crate::engine::subject::Subject;
use crate::report::finding::Origin;
use crate::spec::boxes::Boxes;
use crate::spec::random::MIN_RANDOM;
use crate::spec::random::{blocks, fixed, random_point};
use crate::spec::Spec;
use budget::{Counts, BUDGET};
use rayon::prelude::*;
use special::Recipe;

/// One point to check: its place in the report, where it came from, and its coordinates
/// (rounded to the precision the function computes in).
pub(crate) struct Point {
    pub index: usize,
    pub origin: Origin,
    pub x: Vec<f64>,
}

/// The points of one check: their counts by kind, and how each is made.
pub(crate) struct Plan<'a> {
    spec: &'a Spec,
    subject: &'a dyn Subject,
    boxes: Boxes,
    explicit: usize,
    /// Random points by block: the first block of `MIN_RANDOM` is fixed before the budget is
    /// known, the second holds the rest.
    blocks: Vec<usize>,
    special: Vec<Recipe>,
    explore: usize,
    /// The stationary points: the distinct ends of the descents (from the first random
    /// points), found once the plan is settled.
    stationary: Vec<Vec<f64>>,
    /// How many descents ran.
    descents: usize,
    /// Evaluations per point at the first usable point, once settled.
    per_point: Option<f64>,
}

impl<'a> Plan<'a> {
    /// The plan before any point ran: the explicit points and the random points that do not
    /// depend on the budget.
    pub(crate) fn new(spec: &'a Spec, subject: &'a dyn Subject) -> Self {
        let random = fixed(spec).unwrap_or(MIN_RANDOM);
        Plan {
            spec,
            subject,
            boxes: Boxes::of(spec),
            explicit: spec.explicit.len(),
            blocks: vec![random],
            special: Vec::new(),
            explore: 0,
            stationary: Vec::new(),
            descents: 0,
            per_point: None,
        }
    }

    fn random(&self) -> usize {
        self.blocks.iter().sum()
    }

    /// How many points the plan holds (before `settle`: the explicit and first random ones).
    pub(crate) fn count(&self) -> usize {
        self.explicit + self.random() + self.special.len() + self.explore + self.stationary.len()
    }

    /// Sizes the plan from the cost of the points so far: `evaluations` made at `tried`
    /// points, the last of them the first usable one. Special, exploration and stationary
    /// points come with random points only (a check of its `at` points alone stays that).
    pub(crate) fn settle(&mut self, evaluations: usize, tried: usize) {
        let n = self.boxes.len();
        let fixed = fixed(self.spec);
        // What one evaluation costs, counted (not timed) once where the budget decides.
        let operations = if fixed.is_none() {
            self.subject.operations(&self.point(0).x)
        } else {
            None
        };
        let per_point = evaluations as f64 / tried.max(1) as f64 * budget::weight(n, operations);
        self.per_point = Some(per_point);
        let descends =
            self.subject.exact().is_some() && n <= stationary::STATIONARY_MAX_N && self.scalar();
        let counts: Counts = budget::counts(fixed, per_point, self.boxes.explores(), descends);
        if counts.random == 0 {
            return;
        }
        self.blocks = blocks(counts.random, fixed.is_none());
        self.special = special::recipes(self.spec, &self.boxes, counts.special);
        self.explore = counts.explore;
        self.descents = counts.stationary.min(counts.random);
        // Descended here, all of them, rather than lazily as the points are checked: whether
        // an end repeats an earlier one must be decided in start order whatever the threads
        // do. They are few (at most 2) and small (at most STATIONARY_MAX_N inputs).
        let round = self.subject.profile().round;
        let ends: Vec<Vec<f64>> = (0..self.descents)
            .into_par_iter()
            .map(|k| {
                let mut x = stationary::descend(self.subject, &self.boxes, &self.random_point(k));
                x.iter_mut().for_each(|v| *v = round(*v));
                x
            })
            .collect();
        let eps = self.subject.profile().eps;
        self.stationary = stationary::distinct(ends, &self.boxes, eps);
    }

    /// Whether the function returns one value (descent needs a scalar).
    fn scalar(&self) -> bool {
        let x = self.random_point(0);
        matches!(self.subject.value(&x), Ok(v) if v.len() == 1)
    }

    /// Random point `k`: stratified in every component's box.
    fn random_point(&self, k: usize) -> Vec<f64> {
        random_point(self.spec, &self.boxes, &self.blocks, k)
    }

    /// Which kind of point `index` is, and its place among the points of that kind.
    fn kind_of(&self, index: usize) -> (Origin, usize) {
        let kinds = [
            (Origin::Explicit, self.explicit),
            (Origin::Random, self.random()),
            (Origin::Special, self.special.len()),
            (Origin::Explore, self.explore),
        ];
        let mut k = index;
        for (origin, count) in kinds {
            if k < count {
                return (origin, k);
            }
            k -= count;
        }
        (Origin::Stationary, k)
    }

    /// Point `index`: explicit, random, special, exploration, stationary, in that order.
    pub(crate) fn point(&self, index: usize) -> Point {
        let (origin, k) = self.kind_of(index);
        let mut x = match origin {
            Origin::Explicit => self.spec.explicit[k].clone(),
            Origin::Random => self.random_point(k),
            Origin::Special => special::expand(&self.special[k], self.spec, &self.boxes),
            Origin::Explore => explore::point(self.spec, &self.boxes, k, self.explore),
            _ => self.stationary[k].clone(),
        };
        let round = self.subject.profile().round;
        x.iter_mut().for_each(|v| *v = round(*v));
        Point { index, origin, x }
    }

    /// What the report says about the points: how many of each kind and why, and whether
    /// anything beyond the default box was checked (`explored` exploration points could be
    /// evaluated).
    pub(crate) fn note(&self, explored: usize) -> Vec<String> {
        let mut notes = Vec::new();
        let random = self.random();
        if random == 0 {
            return notes;
        }
        let how = match (self.per_point, fixed(self.spec)) {
            (Some(cost), None) if self.boxes.len() > budget::WEIGHT_FROM_N => format!(
                "from the budget of {BUDGET} evaluations at {cost:.0} per point, each counted n/{} times",
                budget::WEIGHT_FROM_N
            ),
            (Some(cost), None) => {
                format!("from the budget of {BUDGET} evaluations at {cost:.0} per point")
            }
            (_, Some(_)) => "as `samples` or GRADCHECK_SAMPLES says".into(),
            (None, None) => "the floor: no point could be evaluated".into(),
        };
        let mut kinds = vec![format!("{random} random (stratified over the box, {how})")];
        if !self.special.is_empty() {
            kinds.push(format!(
                "{} special (0, ±1, all equal, near the box's edges)",
                self.special.len()
            ));
        }
        if self.explore > 0 {
            kinds.push(format!(
                "{} exploration (magnitudes 1e-2..1e2 of both signs, for {}: no `domain`)",
                self.explore,
                self.boxes.explored_names(self.spec).join(", ")
            ));
        }
        if self.descents > 0 {
            let repeated = self.descents - self.stationary.len();
            kinds.push(match repeated {
                0 => format!("{} stationary (descent from a random point)", self.descents),
                _ => format!(
                    "{} stationary (descent from {} random points, {repeated} of which ended at a point already found)",
                    self.stationary.len(),
                    self.descents
                ),
            });
        }
        notes.push(format!("points: {}", kinds.join(", ")));
        if self.explore > 0 && explored == 0 {
            notes.push(format!(
                "only the default box −1..1 was checked for {}: the function could not be evaluated at any exploration point beyond it; give `domain` to say where it is defined",
                self.boxes.explored_names(self.spec).join(", ")
            ));
        } else if self.explore > explored {
            notes.push(format!(
                "{} of {} exploration points beyond the default box could not be evaluated (not finite or a panic there: warnings)",
                self.explore - explored,
                self.explore
            ));
        }
        notes
    }
}
