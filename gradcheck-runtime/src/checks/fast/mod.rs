//! Fast mode: the derivative checked along a few random unit directions per point instead of
//! component by component, so a point costs O(k) evaluations for k directions whatever n is.
//!
//! Along a unit direction v (random signs, `directions`, kept as bits), a vector-dual pass
//! gives the exact directional derivative d·v (four directions per `DualLanes<4>` pass); the
//! hand-written gradient gives g·v (every direction's in one pass over it); finite
//! differences on the line s ↦ f(x + s v) witness both, by one central difference (the
//! glance, two evaluations) where it agrees and by the four-evaluation pair and beyond where
//! it does not.
//! A single wrong component g_j = d_j + e shows up only as e·v_j = ±e/√n, so the
//! hand-written comparison uses a tolerance near the dual's precision, scaled by the sizes of
//! the terms of the dot product rather than by the (possibly cancelling) result. A direction
//! that disagrees is localised by bisection over the components (one `Dual` pass per half)
//! and the component it leads to is checked in full mode, which names it and gives the
//! verdict; a disagreement that no component confirms was rounding and only leaves a note.
//! Without dual numbers (`Check`), finite differences along the direction check g·v directly
//! and along the halves during the bisection.

mod along;
mod chosen;
mod directions;
mod localise;

use crate::engine::judge::{self, Agreement, Along, Comparison, Entry};
use crate::engine::noise::PointNoise;
use crate::engine::points::Point;
use crate::engine::preamble::{self, eval_failure};
use crate::engine::subject::{Matrix, Subject};
use crate::engine::{Outcome, PointCheck};
use crate::numerics::fd::{Line, Site};
use crate::numerics::line::{Ray, Towards};
use crate::numerics::signs::{Dot, Signs};
use crate::numerics::tolerance::Tolerance;
use crate::numerics::witness;
use crate::report::finding::Kind;
use crate::report::finding::Origin;
use crate::report::Report;
use crate::spec::Spec;
use crate::Rows;
use directions::{draw, salt, SlipBound};
use std::cell::RefCell;
use std::sync::Mutex;

/// Rounding allowance of a directional comparison, in units of ε·(√m + 8) times the sum of
/// the |g_i v_i| over the m components compared. A sum of m products rounds by at most
/// ~√m·ε of its terms in practice (m·ε in the worst case); 64 leaves room for the dual chain's
/// own intermediate terms, and a false alarm is still caught by the full check of the
/// component the bisection leads to.
const DIRECTIONAL_ROUNDING: f64 = 64.0;

/// At most this many distinct components are localised per point.
const MAX_LOCALISED: usize = 3;

/// The fast-mode check of one function.
pub(crate) struct Fast<'a> {
    spec: &'a Spec,
    subject: &'a dyn Subject,
    grad: Option<Rows<'a>>,
    tol: Tolerance,
    k: usize,
    salt: u64,
    /// The smallest single-component errors caught for certain, over the points so far.
    bound: Mutex<SlipBound>,
}

/// Σ a_i² and max |a_i| of a vector, in one pass with four independent sums: one running sum
/// is a chain of dependent additions, which cost 2.5 evaluations of Rosenbrock per pass at
/// n = 10^5 (the point's size and the gradient's rms were three such passes per point).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sizes {
    pub squares: f64,
    pub max: f64,
}

pub(crate) fn sizes(a: &[f64]) -> Sizes {
    const LANES: usize = 4;
    let (mut sq, mut max) = ([0.0f64; LANES], [0.0f64; LANES]);
    let chunks = a.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for l in 0..LANES {
            sq[l] += c[l] * c[l];
            max[l] = max[l].max(c[l].abs());
        }
    }
    for (l, &r) in rest.iter().enumerate() {
        sq[l] += r * r;
        max[l] = max[l].max(r.abs());
    }
    Sizes {
        squares: sq.iter().sum(),
        max: max.iter().fold(0.0, |m, &v| m.max(v)),
    }
}

/// A component a directional disagreement was traced to, with its error g_j − d_j.
struct Localised {
    row: usize,
    component: usize,
    error: f64,
}

/// What one point's directions found so far: the coverage bound and the components localised.
#[derive(Default)]
struct Tally {
    bound: SlipBound,
    localised: Vec<Localised>,
}

/// The line along one direction through the point.
struct Path<'a> {
    x: &'a [f64],
    /// The rounding noise of the point's values, measured where needed.
    noise: &'a PointNoise<'a>,
    /// The point's directions and which one this is.
    signs: &'a Signs,
    k: usize,
    /// Per output row, g·v along every direction (empty without a hand-written gradient).
    dots: &'a [Vec<Dot>],
    /// The scale of the step: s ↦ f(x + s·σ·v).
    sigma: f64,
    line: &'a Ray<'a>,
    /// An explicit point: no glance, the four-evaluation witness at least (as in full mode).
    thorough: bool,
}

impl<'a> Fast<'a> {
    pub(crate) fn new(spec: &'a Spec, subject: &'a dyn Subject, grad: Option<Rows<'a>>) -> Self {
        let k = spec.effective_directions();
        Fast {
            spec,
            subject,
            grad,
            tol: Tolerance::new(spec, subject.profile()),
            k,
            salt: salt(spec.function()),
            bound: Mutex::new(SlipBound::default()),
        }
    }

    /// The allowed |g·v − d·v| for a comparison over `d.len` components.
    fn allowed(&self, d: &Dot, exact: f64) -> f64 {
        let scale = d.terms.max(exact.abs());
        if self.tol.user {
            // A user's per-component tolerance, summed over the components as if aligned.
            return self.tol.rtol * scale + self.tol.atol * d.weights;
        }
        let eps = self.subject.profile().eps;
        DIRECTIONAL_ROUNDING * eps * ((d.len as f64).sqrt() + 8.0) * scale
    }

    /// The trusted derivative of output `row` along `v` at `x`: exact by dual numbers, or by
    /// finite differences on s ↦ f(x + s·σ·v) where there are none.
    fn slope(&self, x: &[f64], v: &[f64], row: usize, sigma: f64) -> Option<f64> {
        if let Some(ex) = self.subject.exact() {
            return ex.directional(x, v).ok()?.slopes.get(row).copied();
        }
        let value = |y: &Vec<f64>| self.subject.value_of(y);
        let buf = RefCell::new(Vec::with_capacity(x.len()));
        let line = Ray::new(
            &value,
            x,
            Towards::Dense(v),
            sigma,
            &buf,
            self.subject.profile(),
        );
        let mut l = line.output(row);
        let f0 = l.at(0.0)?;
        let site = Site::new(&l, 0.0, f0);
        witness::cheap(&mut l, &site).map(|e| e.value / sigma)
    }
}

impl PointCheck for Fast<'_> {
    fn name(&self) -> &'static str {
        "gradient"
    }

    fn check_point(&self, point: &Point, first: bool) -> Outcome {
        let x = &point.x[..];
        let values = match preamble::values(self.subject, &point.x) {
            Ok(v) => v,
            Err(outcome) => return outcome,
        };
        let mut out = Outcome::of(Vec::new(), true);
        if first {
            if let Some(f) = preamble::determinism(self.subject, &point.x, &values) {
                out.findings.push(f);
                return out;
            }
        }
        let rows = values.len();
        let hand = match self.grad {
            None => None,
            Some(grad) => {
                let what = if rows == 1 { "gradient" } else { "Jacobian" };
                match preamble::hand_written(self.spec, x, grad, rows, what, Kind::Mismatch) {
                    Ok(h) => Some(h),
                    Err(f) => {
                        out.findings.push(*f);
                        return out;
                    }
                }
            }
        };
        let mut tally = Tally::default();
        let rows: Vec<Sizes> = hand.iter().flatten().map(|r| sizes(r)).collect();
        if hand.is_some() {
            tally.bound.rms = rows.iter().map(|r| r.squares).sum::<f64>().sqrt()
                / ((x.len() * rows.len()) as f64).sqrt();
        }
        self.directions(point, &values, hand.as_ref(), &mut tally, &mut out);
        if let Some(h) = &hand {
            self.chosen(x, point.index, h, &rows, &mut tally, &mut out);
        }
        self.bound
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .merge(&tally.bound);
        out
    }

    fn close(&self, report: &mut Report) {
        let bound = *self.bound.lock().unwrap_or_else(|p| p.into_inner());
        report.note(bound.note(self.spec.layout().len(), self.k));
    }
}

impl Fast<'_> {
    /// Checks the point along each of its k directions.
    fn directions(
        &self,
        point: &Point,
        values: &[f64],
        hand: Option<&Matrix>,
        tally: &mut Tally,
        out: &mut Outcome,
    ) {
        let x = &point.x[..];
        let n = x.len();
        // The line s ↦ f(x + s·σ·v) is scaled so that the step is relative to the point's size.
        let sigma = (sizes(x).squares / n as f64).sqrt().max(1.0);
        let noise = PointNoise::new(self.subject, x);
        let value = |y: &Vec<f64>| self.subject.value_of(y);
        // One buffer for the points along every direction: no allocation per evaluation.
        let buf = RefCell::new(Vec::with_capacity(n));
        let signs = draw(
            self.spec.effective_seed(),
            self.salt,
            point.index,
            self.k,
            n,
        );
        // g·v along every direction, in one pass over each row of the gradient.
        let dots: Vec<Vec<Dot>> = hand.map_or(Vec::new(), |h| {
            h.iter().map(|row| signs.dots(row)).collect()
        });
        let exact = self.subject.exact();
        let mut along = exact.map(|ex| ex.along(x));
        // The exact derivatives along the directions of the current vector-dual pass.
        let mut pass: Vec<Vec<f64>> = Vec::new();
        for k in 0..self.k {
            let slopes = match (exact, along.as_mut()) {
                (Some(ex), Some(along)) => {
                    if pass.is_empty() {
                        match along(&signs, k) {
                            Ok(ds) => {
                                let again =
                                    || ex.directional(x, &signs.dense(k)).ok().map(|d| d.values);
                                let gap = |row| noise.dual_value_gap(row);
                                if let Some(f) = preamble::dual_values(
                                    x,
                                    values,
                                    &ds[0].values,
                                    again,
                                    &gap,
                                    self.subject.profile().value_rtol,
                                ) {
                                    out.findings.push(f);
                                    return;
                                }
                                // Reversed, so that the next direction's slopes are popped.
                                pass = ds.into_iter().rev().map(|d| d.slopes).collect();
                            }
                            Err(e) => {
                                let how = "with dual numbers along a direction";
                                out.findings.push(eval_failure(x, &e, how));
                                return;
                            }
                        }
                    }
                    pass.pop()
                }
                _ => None,
            };
            let towards = Towards::Signs(&signs, k);
            let line = Ray::new(&value, x, towards, sigma, &buf, self.subject.profile());
            let path = Path {
                x,
                noise: &noise,
                signs: &signs,
                k,
                dots: &dots,
                sigma,
                line: &line,
                thorough: point.origin == Origin::Explicit,
            };
            let from = out.findings.len();
            for (row, &f0) in values.iter().enumerate() {
                let output = (values.len() > 1).then_some(row);
                let stop = match &slopes {
                    Some(slopes) => {
                        self.with_exact(&path, row, output, f0, slopes[row], hand, tally, out)
                    }
                    None => {
                        self.witness_only(&path, row, output, f0, hand, tally, out);
                        false
                    }
                };
                if stop {
                    break;
                }
            }
            preamble::step_failure(x, line.failure(), &mut out.findings, from);
        }
    }

    /// The hand-written derivative (localisation only runs where there is one).
    fn grad_rows(&self) -> crate::Rows<'_> {
        self.grad
            .expect("localisation needs a hand-written derivative")
    }

    /// The full check of component `j` at `x`, its findings moved to the point.
    fn localise(&self, x: &[f64], j: usize, out: &mut Outcome) {
        let grad = self
            .grad
            .expect("localisation needs a hand-written derivative");
        let (findings, confirmed) = localise::localise(self.spec, self.subject, grad, x, j);
        out.findings.extend(findings);
        if !confirmed {
            let name = self.spec.layout().component_name(j);
            out.notes.push(format!(
                "fast mode: a random direction disagreed slightly at a point; the component it concentrates in ({name}) passes the full check, so it was rounding"
            ));
        }
    }
}
