//! Entry points for the measurements in `examples/scaling.rs`. Not public API: they expose
//! internal choices (the vector-dual chunk, the Hessian method) so that they can be timed.

use crate::checks::fast::Fast;
use crate::checks::full::Full;
use crate::engine::points::{Plan, Point};
use crate::engine::subject::{Evaluator, Plain, Subject};
use crate::engine::PointCheck;
use crate::function::Function;
use crate::numerics::lanes::DualSLanes;
use crate::spec::Spec;
use crate::Rows;
use num_dual::DualSVec;

/// The exact Jacobian with `chunk` columns per pass (1, 2, 4, 8 or 16) and the evaluations it took.
pub fn jacobian<F: Function>(f: &F, x: &[f64], chunk: usize) -> (Vec<Vec<f64>>, usize) {
    let ev = Evaluator::new(f);
    let j = match chunk {
        1 => ev.columns_by_dual(x, &(0..x.len()).collect::<Vec<_>>()),
        2 => ev.jacobian_chunked::<DualSVec<F::Real, 2>>(x, &|xd| f.eval(xd)),
        4 => ev.jacobian_chunked::<DualSVec<F::Real, 4>>(x, &|xd| f.eval(xd)),
        8 => ev.jacobian_chunked::<DualSVec<F::Real, 8>>(x, &|xd| f.eval(xd)),
        16 => ev.jacobian_chunked::<DualSVec<F::Real, 16>>(x, &|xd| f.eval(xd)),
        _ => panic!("chunk {chunk} is not measured: use 1, 2, 4, 8 or 16"),
    };
    (
        j.map(|(_, rows)| rows).unwrap_or_default(),
        ev.evaluations(),
    )
}

/// The exact Jacobian by `lanes` (2, 4, 8 or 16) columns per pass of the engine's dense
/// vector dual [`DualLanes`](crate::lanes::DualLanes), and the evaluations it took.
pub fn jacobian_lanes<F: Function>(f: &F, x: &[f64], lanes: usize) -> (Vec<Vec<f64>>, usize) {
    let ev = Evaluator::new(f);
    let j = match lanes {
        2 => ev.jacobian_chunked::<DualSLanes<F::Real, 2>>(x, &|xd| f.eval(xd)),
        4 => ev.jacobian_chunked::<DualSLanes<F::Real, 4>>(x, &|xd| f.eval(xd)),
        8 => ev.jacobian_chunked::<DualSLanes<F::Real, 8>>(x, &|xd| f.eval(xd)),
        16 => ev.jacobian_chunked::<DualSLanes<F::Real, 16>>(x, &|xd| f.eval(xd)),
        _ => panic!("{lanes} lanes are not measured: use 2, 4, 8 or 16"),
    };
    (
        j.map(|(_, rows)| rows).unwrap_or_default(),
        ev.evaluations(),
    )
}

/// The exact Hessian by blocks of `block` (2, 4 or 8) or, with `block = 1`, one hyper-dual
/// pass per entry; and the evaluations it took.
pub fn hessian<F: Function>(f: &F, x: &[f64], block: usize) -> (Vec<Vec<f64>>, usize) {
    let ev = Evaluator::new(f);
    let h = match block {
        1 => ev.blocks::<1>(x, &|xd| f.eval(xd)),
        2 => ev.blocks::<2>(x, &|xd| f.eval(xd)),
        4 => ev.blocks::<4>(x, &|xd| f.eval(xd)),
        8 => ev.blocks::<8>(x, &|xd| f.eval(xd)),
        _ => panic!("block {block} is not measured: use 1, 2, 4 or 8"),
    };
    (
        h.ok().and_then(Result::ok).unwrap_or_default(),
        ev.evaluations(),
    )
}

/// The vector-dual chunk in force.
pub const CHUNK: usize = crate::engine::subject::CHUNK;

/// What one gradient check spent at one point: evaluations (at any number type, the fast
/// mode's localisation included) and error findings.
pub struct OnePoint {
    /// Evaluations of the function at any number type.
    pub evaluations: usize,
    /// Error findings at the point (0 for a correct gradient).
    pub errors: usize,
}

/// The gradient check (`fast` or full mode) at the first random point of a spec alone, as the
/// first point of a check (so with the determinism evaluation), with dual numbers or, with
/// `exact = false`, as `Check` runs it (the function as a plain closure, finite differences
/// the only witness). The scaling benchmark times [`OnePointCheck::run`]: a whole check's
/// special, exploration and stationary points would hide what one point costs, and drawing
/// the point is the driver's work, not the check's.
pub struct OnePointCheck<'a, F> {
    spec: &'a Spec,
    f: &'a F,
    grad: Option<Rows<'a>>,
    point: Point,
}

impl<'a, F: Function> OnePointCheck<'a, F> {
    /// The check of `f` (and `grad`) at the first random point of `spec`.
    pub fn new(spec: &'a Spec, f: &'a F, grad: Option<Rows<'a>>) -> Self {
        let point = Plan::new(spec, &Evaluator::new(f)).point(0);
        OnePointCheck {
            spec,
            f,
            grad,
            point,
        }
    }

    /// Runs the check once.
    pub fn run(&self, fast: bool, exact: bool) -> OnePoint {
        let ev = Evaluator::new(self.f);
        let closure = |x: &[F::Real]| self.f.eval(x);
        let plain = Plain::new(&closure);
        let subject: &dyn Subject = if exact { &ev } else { &plain };
        let (spec, grad) = (self.spec, self.grad);
        let (outcome, extra) = if fast {
            let check = Fast::new(spec, subject, grad);
            (
                check.check_point(&self.point, true),
                check.extra_evaluations(),
            )
        } else {
            let check = Full::new(spec, subject, grad);
            (
                check.check_point(&self.point, true),
                check.extra_evaluations(),
            )
        };
        OnePoint {
            evaluations: subject.evaluations() + extra,
            errors: outcome
                .findings
                .iter()
                .filter(|f| spec.severity(f.kind) == crate::Severity::Error)
                .count(),
        }
    }
}
