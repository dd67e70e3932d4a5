//! The gradient (and Jacobian) check in full mode: every entry of the exact Jacobian against
//! the hand-written one and against the finite-difference witness; without dual numbers,
//! every entry of the hand-written one against the witness alone.

use crate::engine::judge::{self, Agreement, Along, Comparison, Entry};
use crate::engine::noise::PointNoise;
use crate::engine::points::Point;
use crate::engine::preamble::{self, eval_failure};
use crate::engine::shadow;
use crate::engine::subject::{guarded, Matrix, Subject};
use crate::engine::Seen;
use crate::engine::{Outcome, PointCheck};
use crate::numerics::fd::Site;
use crate::numerics::line::Coordinate;
use crate::numerics::tolerance::Tolerance;
use crate::report::finding::{Finding, Kind, Origin};
use crate::spec::Spec;
use crate::Rows;
use std::cell::{OnceCell, RefCell};

/// Nearby points probed for rounding noise.
const PROBES: usize = 3;

/// The full-mode check of one function.
pub(crate) struct Full<'a> {
    pub spec: &'a Spec,
    pub subject: &'a dyn Subject,
    pub grad: Option<Rows<'a>>,
    pub tol: Tolerance,
}

impl<'a> Full<'a> {
    pub(crate) fn new(spec: &'a Spec, subject: &'a dyn Subject, grad: Option<Rows<'a>>) -> Self {
        Full {
            spec,
            subject,
            grad,
            tol: Tolerance::new(spec, subject.profile()),
        }
    }
}

impl PointCheck for Full<'_> {
    fn name(&self) -> &'static str {
        "gradient"
    }

    fn check_point(&self, point: &Point, first: bool) -> Outcome {
        let x = &point.x[..];
        let values = match preamble::values(self.subject, &point.x) {
            Ok(v) => v,
            Err(outcome) => return outcome,
        };
        let done = |f: Finding| Outcome::of(vec![f], true);
        if first {
            if let Some(f) = preamble::determinism(self.subject, &point.x, &values) {
                return done(f);
            }
        }
        let exact = match self.subject.exact() {
            None => None,
            Some(ex) => match ex.jacobian(x) {
                Ok((duals, jacobian)) => {
                    let again = || ex.jacobian(x).ok().map(|(v, _)| v);
                    let noise = PointNoise::new(self.subject, x);
                    let gap = |row| noise.dual_value_gap(row);
                    if let Some(f) = preamble::dual_values(
                        x,
                        &values,
                        &duals,
                        again,
                        &gap,
                        self.subject.profile().value_rtol,
                    ) {
                        return done(f);
                    }
                    Some(jacobian)
                }
                Err(e) => return done(eval_failure(x, &e, "with vector dual numbers")),
            },
        };
        let rows = values.len();
        let hand = match self.grad {
            None => None,
            Some(grad) => {
                let what = if rows == 1 { "gradient" } else { "Jacobian" };
                match preamble::hand_written(self.spec, x, grad, rows, what, Kind::Mismatch) {
                    Ok(h) => Some(h),
                    Err(f) => return done(*f),
                }
            }
        };
        let mut findings = match exact.as_ref().or(hand.as_ref()) {
            Some(g) => preamble::norm_bounds(self.spec, x, g),
            None => Vec::new(),
        };
        self.entries(point, &values, exact.as_ref(), hand.as_ref(), &mut findings);
        // Hook: an f32 check with an f64 shadow measures what f32 loses at this point.
        shadow::precision_loss(
            self.subject,
            x,
            &values,
            exact.as_ref(),
            hand.as_ref(),
            &self.tol,
            &mut findings,
        );
        let mut outcome = Outcome::of(findings, true);
        if let (Some(exact), Some(hand)) = (exact, hand) {
            let seen = self.seen(exact, hand).passing_over(&outcome.findings, |f| {
                Some((f.output.unwrap_or(0), f.component?))
            });
            outcome.seen = Some(Box::new(seen));
        }
        outcome
    }

    fn observe(&self, point: &Point) -> Option<Seen> {
        let x = &point.x[..];
        let grad = self.grad?;
        let (_, exact) = self.subject.exact()?.jacobian(x).ok()?;
        let hand = guarded(|| grad(x)).ok()?;
        let shaped =
            hand.len() == exact.len() && hand.iter().zip(&exact).all(|(a, b)| a.len() == b.len());
        shaped.then(|| self.seen(exact, hand))
    }
}

impl Full<'_> {
    /// What the point compared, for the cross-point analysis: the scale of each row is its
    /// largest exact entry, as in the comparison.
    fn seen(&self, exact: Matrix, hand: Matrix) -> Seen {
        let scale = exact
            .iter()
            .map(|r| r.iter().fold(0.0f64, |a, v| a.max(v.abs())))
            .collect();
        Seen {
            kind: Kind::Mismatch,
            exact,
            hand,
            scale,
            tol: self.tol,
            unresolved: Vec::new(),
        }
    }
}

impl Full<'_> {
    /// Judges every entry at the point, component by component (the rows of a Jacobian share
    /// each component's evaluations).
    fn entries(
        &self,
        point: &Point,
        values: &[f64],
        exact: Option<&Matrix>,
        hand: Option<&Matrix>,
        out: &mut Vec<Finding>,
    ) {
        let x = &point.x[..];
        let prof = self.subject.profile();
        let value = |y: &Vec<f64>| self.subject.value_of(y);
        let shared = RefCell::new(x.to_vec());
        let probe = Probe::default();
        let noise = PointNoise::new(self.subject, x);
        let rows = values.len();
        let row_max: Vec<f64> = (0..rows)
            .map(|r| {
                exact
                    .or(hand)
                    .map_or(0.0, |m| m[r].iter().fold(0.0f64, |a, v| a.max(v.abs())))
            })
            .collect();
        let explicit = point.origin == Origin::Explicit;
        let mut coordinate = Coordinate::new(&value, &shared, 0, prof);
        for i in 0..x.len() {
            coordinate.move_to(i);
            let typical = self.spec.typical_scale(i, x[i], explicit);
            let from = out.len();
            for row in 0..rows {
                let entry = Entry {
                    x,
                    along: Along::Component(i),
                    output: (rows > 1).then_some(row),
                    exact: exact.map(|m| m[row][i]),
                    hand: hand.map(|m| m[row][i]),
                    thorough: point.origin == Origin::Explicit,
                };
                let mut line = coordinate.output(row);
                let site = Site::new(&line, x[i], values[row]).typical(typical);
                let cmp = EntryComparison {
                    check: self,
                    x,
                    row,
                    i,
                    row_max: row_max[row],
                    probe: &probe,
                    noise: &noise,
                };
                out.extend(judge::judge(&entry, &mut line, &site, &cmp));
            }
            preamble::step_failure(x, coordinate.failure(), out, from);
        }
    }
}

/// The comparison of one entry's hand-written value with its exact one.
struct EntryComparison<'c, 'a> {
    check: &'c Full<'a>,
    x: &'c [f64],
    row: usize,
    i: usize,
    row_max: f64,
    probe: &'c Probe,
    noise: &'c PointNoise<'c>,
}

impl EntryComparison<'_, '_> {
    /// What rounding alone may make the hand-written and the dual derivative differ by: the
    /// dual derivative's own rounding, bounded by evaluating it with `Dual<Rounded>` (twice:
    /// the hand-written value rounds too, and where its formula is the accurate one the dual
    /// chain's cancellation is the whole difference), never below the subnormal spacing.
    fn rounding(&self) -> (f64, f64) {
        let dual = self.noise.column(self.i, self.row);
        let tiny = self.check.subject.profile().tiny;
        (2.0 * dual + 16.0 * tiny, dual)
    }
}

impl Comparison for EntryComparison<'_, '_> {
    fn compare(&self, exact: f64, hand: f64) -> Agreement {
        let tol = &self.check.tol;
        if tol.agrees(exact, hand, self.row_max) {
            return Agreement::Tight;
        }
        if tol.user || !hand.is_finite() {
            return Agreement::No;
        }
        let (allowance, dual) = self.rounding();
        if (hand - exact).abs() > tol.allowed(exact, hand, self.row_max) + allowance {
            return Agreement::No;
        }
        Agreement::Rounding {
            detail: format!(
                "within the rounding of the dual derivative here: its chain cancels, and it is exact only up to {dual:.1e}"
            ),
        }
    }

    fn allowed(&self, exact: f64, hand: f64) -> f64 {
        let tol = &self.check.tol;
        let tight = tol.allowed(exact, hand, self.row_max);
        if tol.user {
            tight
        } else {
            tight + self.rounding().0
        }
    }

    fn noise(&self) -> f64 {
        self.noise.value(self.row)
    }

    /// The difference between the hand-written and the dual derivative is measured again at
    /// nearby points (inputs moved by ~1e-12 of themselves), where rounding noise changes and
    /// a wrong formula does not: a mismatch only if |g − d| exceeds the tolerance plus four
    /// times the spread of the differences. A user's own tolerance is applied as given.
    fn beyond_rounding(&self, exact: f64, hand: f64) -> bool {
        let (Some(grad), Some(ex)) = (self.check.grad, self.check.subject.exact()) else {
            return true;
        };
        if self.check.tol.user || !hand.is_finite() {
            return true;
        }
        let samples = self.probe.0.get_or_init(|| {
            let seed = self.check.spec.effective_seed();
            let probe = self.check.subject.profile().probe;
            let mut rng = crate::rng::SplitMix64::stream(seed, 0x9e0b);
            (0..PROBES)
                .filter_map(|_| {
                    let xp: Vec<f64> = self
                        .x
                        .iter()
                        .map(|&v| v * (1.0 + probe * rng.uniform(-1.0, 1.0)))
                        .collect();
                    let (_, d) = ex.jacobian(&xp).ok()?;
                    let h = guarded(|| grad(&xp)).ok()?;
                    let shaped =
                        h.len() == d.len() && h.iter().zip(&d).all(|(a, b)| a.len() == b.len());
                    shaped.then_some((d, h))
                })
                .collect()
        });
        let (row, i) = (self.row, self.i);
        let diffs: Vec<f64> = std::iter::once(hand - exact)
            .chain(samples.iter().map(|(d, h)| h[row][i] - d[row][i]))
            .collect();
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let spread = diffs.iter().map(|v| (v - mean).abs()).fold(0.0, f64::max);
        (hand - exact).abs() > self.allowed(exact, hand) + 4.0 * spread
    }
}

/// Nearby points at which rounding noise is measured, computed once per point when needed:
/// the dual and the hand-written derivatives at each.
#[derive(Default)]
struct Probe(OnceCell<Vec<(Matrix, Matrix)>>);
