//! The Hessian check: the hand-written Hessian against second-order duals (vector hyper-dual
//! numbers, a block of the upper triangle per pass), its symmetry, and finite differences of
//! the gradient as the witness (the only one where the function is a plain closure).

use crate::engine::points::Point;
use crate::engine::preamble::{self, eval_failure};
use crate::engine::subject::{guarded, Matrix, Subject};
use crate::engine::Seen;
use crate::engine::{Outcome, PointCheck};
use crate::numerics::fd::Site;
use crate::numerics::fd::{Estimate, Line};
use crate::numerics::tolerance::Tolerance;
use crate::numerics::witness;
use crate::precision::Profile;
use crate::report::finding::{Finding, Kind};
use crate::spec::Spec;
use crate::Rows;

/// The Hessian check of one function.
pub(crate) struct Hessian<'a> {
    pub spec: &'a Spec,
    pub subject: &'a dyn Subject,
    pub hessian: Rows<'a>,
    /// The hand-written gradient, whose finite differences witness the Hessian when there
    /// are no dual numbers.
    pub grad: Option<Rows<'a>>,
    pub tol: Tolerance,
}

impl PointCheck for Hessian<'_> {
    fn name(&self) -> &'static str {
        "hessian"
    }

    fn check_point(&self, point: &Point, first: bool) -> Outcome {
        let x = &point.x[..];
        let n = x.len();
        let values = match preamble::values(self.subject, &point.x) {
            Ok(v) => v,
            Err(outcome) => return outcome,
        };
        let done = |f: Finding| Outcome::of(vec![f], true);
        if values.len() != 1 {
            return done(not_scalar(x, values.len()));
        }
        if first {
            if let Some(f) = preamble::determinism(self.subject, &point.x, &values) {
                return done(f);
            }
        }
        let hand = match preamble::hand_written(
            self.spec,
            x,
            self.hessian,
            n,
            "Hessian",
            Kind::HessianMismatch,
        ) {
            Ok(h) => h,
            Err(f) => return done(*f),
        };
        let exact = match self.subject.exact().map(|ex| ex.hessian(x)) {
            None => None,
            Some(Ok(Ok(h))) => Some(h),
            Some(Ok(Err(outputs))) => return done(not_scalar(x, outputs)),
            Some(Err(e)) => return done(eval_failure(x, &e, "with hyper-dual numbers")),
        };
        let scale = exact
            .as_ref()
            .unwrap_or(&hand)
            .iter()
            .flatten()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let mut out = Vec::new();
        for i in 0..n {
            for j in 0..n {
                if let Some(f) = self.entry(x, i, j, &hand, exact.as_ref(), scale) {
                    out.push(f);
                }
            }
        }
        let mut outcome = Outcome::of(out, true);
        outcome.seen = exact.map(|exact| {
            let seen = self.seen(exact, hand, scale);
            Box::new(seen.passing_over(&outcome.findings, |f| Some((f.component?, f.column?))))
        });
        outcome
    }

    fn observe(&self, point: &Point) -> Option<Seen> {
        let x = &point.x[..];
        let exact = self.subject.exact()?.hessian(x).ok()?.ok()?;
        let hand = guarded(|| (self.hessian)(x)).ok()?;
        let n = x.len();
        if hand.len() != n || hand.iter().any(|r| r.len() != n) {
            return None;
        }
        let scale = exact.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
        Some(self.seen(exact, hand, scale))
    }
}

impl Hessian<'_> {
    /// What the point compared, for the cross-point analysis (one scale for the whole matrix,
    /// as in the comparison).
    fn seen(&self, exact: Matrix, hand: Matrix, scale: f64) -> Seen {
        Seen {
            kind: Kind::HessianMismatch,
            scale: vec![scale; exact.len()],
            exact,
            hand,
            tol: self.tol,
            unresolved: Vec::new(),
        }
    }
}

impl Hessian<'_> {
    /// The finding for entry (i, j), if any.
    fn entry(
        &self,
        x: &[f64],
        i: usize,
        j: usize,
        hand: &Matrix,
        exact: Option<&Matrix>,
        scale: f64,
    ) -> Option<Finding> {
        let g = hand[i][j];
        let at = |f: Finding| {
            let mut f = f.component(i);
            f.column = Some(j);
            f
        };
        if let Some(e) = exact.map(|m| m[i][j]).filter(|e| !e.is_finite()) {
            let mut f = at(Finding::new(Kind::NonfiniteDerivative, x, format!("the second derivative is {e} here: the function is not twice differentiable at this point")));
            f.expected = Some(e);
            f.actual = Some(g);
            return Some(f);
        }
        if j > i && !self.tol.agrees(hand[j][i], g, scale) {
            let mut f = at(Finding::new(
                Kind::HessianMismatch,
                x,
                format!("the hand-written Hessian is not symmetric: entry ({i}, {j}) is {g:.6e} but ({j}, {i}) is {:.6e}; a Hessian of a twice continuously differentiable function is symmetric", hand[j][i]),
            ))
            .values(hand[j][i], g, Tolerance::scale(hand[j][i], g));
            f.tolerance = Some(self.tol.allowed(hand[j][i], g, scale));
            return Some(f);
        }
        if let Some(e) = exact.map(|m| m[i][j]) {
            if self.tol.agrees(e, g, scale) {
                return None;
            }
            let fd = self.witness(x, i, j);
            let mut f = at(Finding::new(
                Kind::HessianMismatch,
                x,
                format!(
                    "the hand-written Hessian disagrees with second-order dual numbers{}: fix entry ({i}, {j})",
                    fd.map(|d| format!(" (finite differences of the gradient give {:.6e} ± {:.1e})", d.value, d.error)).unwrap_or_default()
                ),
            ))
            .values(e, g, Tolerance::scale(e, g));
            f.tolerance = Some(self.tol.allowed(e, g, scale));
            f.fd = fd.map(|d| d.value);
            f.fd_error = fd.map(|d| d.error);
            return Some(f);
        }
        // No dual numbers: finite differences of the gradient are the witness.
        let fd = self.witness(x, i, j);
        if !g.is_finite() {
            let mut f = at(Finding::new(
                Kind::HessianMismatch,
                x,
                format!("the Hessian under test is {g} at entry ({i}, {j}), where the value is finite: fix it"),
            ));
            f.actual = Some(g);
            f.expected = fd.map(|d| d.value);
            f.fd = fd.map(|d| d.value);
            f.fd_error = fd.map(|d| d.error);
            return Some(f);
        }
        let fd = fd?;
        let site = Site {
            s0: x[j],
            f0: 0.0,
            noise: 0.0,
            scale: x[j].abs().max(1.0),
            prof: self.subject.profile(),
        };
        let resolved = fd.error <= 1e-3 * fd.value.abs().max(g.abs()) + site.prof.padding * scale;
        if !resolved
            || site.confirms(&fd, g)
            || self.tol.user && self.tol.agrees(fd.value, g, scale)
        {
            return None;
        }
        let mut f = at(Finding::new(
            Kind::HessianMismatch,
            x,
            format!("the Hessian under test disagrees with finite differences of the gradient beyond their error estimate: fix entry ({i}, {j})"),
        ))
        .values(fd.value, g, Tolerance::scale(fd.value, g));
        f.fd = Some(fd.value);
        f.fd_error = Some(fd.error);
        f.tolerance = Some(3.0 * fd.error);
        Some(f)
    }

    /// Finite differences along j of the gradient's component i: of the dual gradient where
    /// there are duals, else of the hand-written gradient, else of finite differences of the
    /// value (nested, so blunter; the error estimate says how blunt).
    fn witness(&self, x: &[f64], i: usize, j: usize) -> Option<Estimate> {
        let n = x.len();
        let prof = self.subject.profile();
        let component = |s: f64| -> Option<f64> {
            let mut xs = x.to_vec();
            xs[j] = s;
            if let Some(ex) = self.subject.exact() {
                let mut v = vec![0.0; n];
                v[i] = 1.0;
                return ex.directional(&xs, &v).ok()?.slopes.first().copied();
            }
            if let Some(grad) = self.grad {
                return guarded(|| grad(&xs)).ok()?.first()?.get(i).copied();
            }
            let mut line = InputLine {
                subject: self.subject,
                x: xs.clone(),
                i,
                prof,
            };
            let f0 = line.at(xs[i])?;
            let site = Site::new(&line, xs[i], f0);
            witness::cheap(&mut line, &site).map(|e| e.value)
        };
        let mut line = Gradient { component, prof };
        let g0 = line.at(x[j])?;
        let site = Site::new(&line, x[j], g0);
        witness::cheap(&mut line, &site)
    }
}

fn not_scalar(x: &[f64], outputs: usize) -> Finding {
    Finding::new(
        Kind::HessianMismatch,
        x,
        format!("a Hessian check needs a scalar function; this one returns {outputs} values"),
    )
}

/// A component of the gradient along one coordinate.
struct Gradient<G> {
    component: G,
    prof: &'static Profile,
}

impl<G: FnMut(f64) -> Option<f64>> Line for Gradient<G> {
    fn at(&mut self, s: f64) -> Option<f64> {
        (self.component)(s).filter(|v| v.is_finite())
    }
    fn profile(&self) -> &'static Profile {
        self.prof
    }
}

/// The value along coordinate `i` (for nested finite differences).
struct InputLine<'a> {
    subject: &'a dyn Subject,
    x: Vec<f64>,
    i: usize,
    prof: &'static Profile,
}

impl Line for InputLine<'_> {
    fn at(&mut self, s: f64) -> Option<f64> {
        let saved = self.x[self.i];
        self.x[self.i] = s;
        let v = self
            .subject
            .value(&self.x)
            .ok()
            .and_then(|v| v.first().copied());
        self.x[self.i] = saved;
        v.filter(|v| v.is_finite())
    }
    fn profile(&self) -> &'static Profile {
        self.prof
    }
}
