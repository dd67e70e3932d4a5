//! The gradient (and Jacobian) check in full mode: every entry of the exact dual Jacobian
//! against the hand-written one and against the finite-difference witness.

use crate::eval::{guarded, EvalError, Evaluator};
use crate::finding::{Finding, Kind};
use crate::function::Function;
use crate::line::Coordinate;
use crate::points::{self, PointProblem};
use crate::report::Report;
use crate::spec::{Mode, Spec};
use crate::tolerance::Tolerance;
use crate::witness::{self, Verdict};
use crate::Rows;
use rayon::prelude::*;

/// Checks `f`'s derivative at every point of `spec`, against `grad` when given: in fast mode
/// when the spec asks for it (or by size), else in full mode unless that would blow the time
/// budget.
pub(crate) fn check<F: Function>(spec: &Spec, f: &F, grad: Option<Rows<'_>>) -> Report {
    if spec.effective_mode() == Mode::Fast {
        return crate::fast::check(spec, f, grad, Vec::new());
    }
    let mut notes = Vec::new();
    let mut timing = 0; // the evaluation timed for the estimate
    if spec.layout().len() > crate::spec::FAST_MODE_THRESHOLD {
        // Full mode asked for on a large input: say how long it takes, or switch.
        if points::check(spec).is_ok() {
            let first = spec.explicit.first().cloned();
            let first = first.unwrap_or_else(|| spec.random_point(0));
            let count = spec.explicit.len() + spec.effective_samples();
            let ev = Evaluator::new(f);
            if let Some((note, switch)) = crate::fast::full_mode_estimate(&ev, &first, count) {
                if switch {
                    let mut report = crate::fast::check(spec, f, grad, vec![note]);
                    report.evaluations += ev.evaluations();
                    return report;
                }
                notes.push(note);
            }
            timing = ev.evaluations();
        }
    }
    let mut report = check_full(spec, f, grad);
    report.notes.splice(0..0, notes);
    report.evaluations += timing;
    report
}

/// The full-mode check: every entry of the Jacobian at every point. Points run in parallel
/// after the first usable one (which also checks determinism); findings stay in point order.
pub(crate) fn check_full<F: Function>(spec: &Spec, f: &F, grad: Option<Rows<'_>>) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    let points = match points::validated(spec) {
        Ok(p) => p,
        Err(problem) => return rejected(report, spec, problem),
    };
    let ev = Evaluator::new(f);
    let ctx = Context {
        spec,
        ev: &ev,
        grad,
        tol: Tolerance::from_spec(spec),
    };
    let mut per_point: Vec<Vec<Finding>> = Vec::with_capacity(points.len());
    let mut rest = points.len();
    // Explicit points are where users put singular points on purpose: they get the thorough
    // witness on every entry. Random points almost surely miss a singular point exactly.
    let explicit = spec.explicit.len();
    for (k, x) in points.iter().enumerate() {
        let mut findings = Vec::new();
        let usable = ctx.check_point(x, &mut findings, true, k < explicit);
        per_point.push(findings);
        if usable {
            rest = k + 1;
            break;
        }
    }
    per_point.par_extend(points[rest..].par_iter().enumerate().map(|(j, x)| {
        let mut findings = Vec::new();
        ctx.check_point(x, &mut findings, false, rest + j < explicit);
        findings
    }));
    for findings in per_point {
        report.points_checked += 1;
        report.record(spec, "gradient", findings);
    }
    report.evaluations = ev.evaluations();
    report.set_reproduce(crate::output::reproduce_line(spec));
    report
}

pub(crate) fn rejected(mut report: Report, spec: &Spec, problem: PointProblem) -> Report {
    report.passed = false;
    report
        .notes
        .push(format!("{problem} (in `{}`)", spec.function()));
    report
}

struct Context<'a, 'f, F: Function> {
    spec: &'a Spec,
    ev: &'a Evaluator<'f, F>,
    grad: Option<Rows<'a>>,
    tol: Tolerance,
}

impl<F: Function> Context<'_, '_, F> {
    /// Checks one point; returns whether the function could be evaluated there.
    fn check_point(
        &self,
        x: &[f64],
        out: &mut Vec<Finding>,
        determinism: bool,
        thorough: bool,
    ) -> bool {
        let values = match self.ev.value(x) {
            Ok(v) => v,
            Err(e) => {
                out.push(eval_failure(x, &e, "at f64"));
                return false;
            }
        };
        if let Some(row) = values.iter().position(|v| !v.is_finite()) {
            let mut f = Finding::new(
                Kind::NonfiniteValue,
                x,
                format!(
                    "the function returns {} here: is the point outside its domain? Restrict `domain` (or `domain(name = lo..hi)`) to where it is defined",
                    values[row]
                ),
            );
            f.actual = Some(values[row]);
            if values.len() > 1 {
                f.output = Some(row);
            }
            out.push(f);
            return false;
        }
        if determinism {
            if let Some(f) = self.nondeterminism(x, &values) {
                out.push(f);
                return true;
            }
        }
        let (dual_values, exact) = match self.ev.jacobian(x) {
            Ok(j) => j,
            Err(e) => {
                out.push(eval_failure(x, &e, "with vector dual numbers"));
                return true;
            }
        };
        if let Some(f) = self.dual_value_differs(x, &values, &dual_values) {
            out.push(f);
            return true;
        }
        let hand = match self.hand_written(x, exact.len(), out) {
            Some(h) => h,
            None => return true,
        };
        self.norm_bounds(x, &exact, out);
        let probe = Probe::default();
        let value = |x: &[f64]| self.ev.value(x);
        let point = std::cell::RefCell::new(x.to_vec());
        for i in 0..x.len() {
            let line = Coordinate::new(&value, &point, i);
            for (row, exact_row) in exact.iter().enumerate() {
                let row_max = exact_row.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let entry = Entry {
                    x,
                    i,
                    row,
                    rows: exact.len(),
                    exact: exact_row[i],
                    hand: hand.as_ref().map(|h| h[row][i]),
                    row_max,
                    thorough,
                };
                self.entry(&entry, values[row], &line, &probe, out);
            }
            let panicked = line.panic.borrow().clone();
            if let Some(msg) = panicked {
                out.push(
                    Finding::new(Kind::Panic, x, format!("the function panicked near the point, at a finite-difference step along this component: {msg}"))
                        .component(i),
                );
            }
        }
        true
    }

    /// Evaluates twice more at `x` (at f64) and compares bit for bit.
    fn nondeterminism(&self, x: &[f64], first: &[f64]) -> Option<Finding> {
        let again = self.ev.value(x).ok()?;
        let same = again
            .iter()
            .zip(first)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        (!same).then(|| {
            let row = again.iter().zip(first).position(|(a, b)| a.to_bits() != b.to_bits()).unwrap_or(0);
            let mut f = Finding::new(
                Kind::Nondeterministic,
                x,
                "two evaluations at the same point differ: the function draws fresh randomness or reads changing state; seed it (e.g. a dropout mask from a fixed seed) so that a check is meaningful",
            )
            .values(first[row], again[row], first[row].abs());
            if first.len() > 1 {
                f.output = Some(row);
            }
            f
        })
    }

    /// Whether the values computed with dual numbers betray state or randomness. num-dual
    /// computes some values by other formulas than f64 does (`powi`, `powf`), so they may
    /// differ by rounding, and `powf` at 0 even gives NaN where f64 gives 0 (NUMERICS.md):
    /// a non-finite dual value is left to the derivative check (nonfinite_derivative), a
    /// difference within 1e-9 of the value is rounding, and a larger one is a finding, whose
    /// message depends on whether a second dual pass reproduces it.
    fn dual_value_differs(&self, x: &[f64], values: &[f64], duals: &[f64]) -> Option<Finding> {
        let close = |a: f64, b: f64| {
            !b.is_finite() || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + VALUE_FLOOR
        };
        let same_bits =
            |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(p, q)| p.to_bits() == q.to_bits());
        // Randomness was looked for at f64 already (at the first point); rounding-close dual
        // values are not worth another pass.
        if same_bits(values, duals) || values.iter().zip(duals).all(|(&a, &b)| close(a, b)) {
            return None;
        }
        let again = self.ev.jacobian(x).ok().map(|(v, _)| v);
        let reproducible = again.as_deref().is_some_and(|v| same_bits(v, duals));
        let row = values
            .iter()
            .zip(duals)
            .position(|(&a, &b)| !close(a, b))
            .unwrap_or(0);
        let mut f = Finding::new(
            Kind::Nondeterministic,
            x,
            if reproducible {
                "the value computed with dual numbers differs from the value at f64 by more than rounding: the function computes something different depending on the number type (an `f64` path taken only at f64?); make both paths compute the same value"
            } else {
                "the value changes from one evaluation to the next (seen with dual numbers): the function depends on something besides its inputs (randomness, global state); seed its randomness"
            },
        )
        .values(values[row], duals[row], values[row].abs());
        if values.len() > 1 {
            f.output = Some(row);
        }
        Some(f)
    }

    /// The hand-written derivative at `x`, shape-checked; `Some(None)` when there is none.
    #[allow(clippy::option_option)]
    fn hand_written(
        &self,
        x: &[f64],
        rows: usize,
        out: &mut Vec<Finding>,
    ) -> Option<Option<Vec<Vec<f64>>>> {
        let Some(grad) = self.grad else {
            return Some(None);
        };
        let g = match guarded(|| grad(x)) {
            Ok(g) => g,
            Err(msg) => {
                out.push(Finding::new(
                    Kind::Panic,
                    x,
                    format!("the hand-written derivative panicked: {msg}"),
                ));
                return None;
            }
        };
        let n = x.len();
        let what = if rows == 1 { "gradient" } else { "Jacobian" };
        let shape_ok = g.len() == rows && g.iter().all(|r| r.len() == n);
        if !shape_ok {
            let got = if g.len() == 1 {
                format!("{} entries", g[0].len())
            } else {
                format!(
                    "{} rows of lengths {:?}",
                    g.len(),
                    g.iter().map(Vec::len).collect::<Vec<_>>()
                )
            };
            out.push(Finding::new(
                Kind::Mismatch,
                x,
                format!(
                    "the hand-written {what} has the wrong shape: {got}, expected {} of {n} (one per differentiable scalar: {})",
                    if rows == 1 { "one row".to_string() } else { format!("{rows} rows") },
                    (0..n.min(6)).map(|i| self.spec.layout().component_name(i)).collect::<Vec<_>>().join(", ")
                ),
            ));
            return None;
        }
        Some(Some(g))
    }

    fn norm_bounds(&self, x: &[f64], exact: &[Vec<f64>], out: &mut Vec<Finding>) {
        if exact.len() != 1 {
            return;
        }
        let norm = exact[0].iter().map(|v| v * v).sum::<f64>().sqrt();
        if let Some(min) = self.spec.norm_min {
            if norm < min {
                let mut f = Finding::new(Kind::VanishingGradient, x, format!("the gradient's L2 norm {norm:.3e} is below the bound {min:.1e}: the loss is flat here (saturated activations? a scale too small?)"));
                f.actual = Some(norm);
                f.tolerance = Some(min);
                out.push(f);
            }
        }
        if let Some(max) = self.spec.norm_max {
            if norm > max || !norm.is_finite() {
                let mut f = Finding::new(Kind::ExplodingGradient, x, format!("the gradient's L2 norm {norm:.3e} is above the bound {max:.1e}: rescale the inputs or the loss, or clip gradients"));
                f.actual = Some(norm);
                f.tolerance = Some(max);
                out.push(f);
            }
        }
    }

    fn entry(
        &self,
        e: &Entry<'_>,
        f0: f64,
        line: &Coordinate<'_>,
        probe: &Probe,
        out: &mut Vec<Finding>,
    ) {
        let s0 = e.x[e.i];
        let mut l = line.output(e.row);
        if !e.exact.is_finite() {
            let fd = witness::cheap(&mut l, s0, f0);
            let seen = witness::describe(&mut l, s0, f0);
            let mut f = e.finding(
                Kind::NonfiniteDerivative,
                format!(
                    "the value is finite but the dual derivative is {} (sqrt or a power at 0, ln at 0, ...); finite differences see: {seen}. The function is not differentiable here: move the point, restrict `domain`, or `allow(nonfinite_derivative)`",
                    e.exact
                ),
            );
            f.actual = Some(e.exact);
            if let Some(fd) = fd {
                f.fd = Some(fd.value);
                f.fd_error = Some(fd.error);
            }
            out.push(f);
            return;
        }
        let hand_ok = e
            .hand
            .is_none_or(|g| self.tol.agrees(e.exact, g, e.row_max));
        // The common path at random points: one central difference (two evaluations) agrees
        // with the dual derivative to 1e-8, and the hand-written one agrees with it.
        if hand_ok && !e.thorough && witness::glance(&mut l, s0, f0, e.exact) {
            return;
        }
        // Else four evaluations (the glance's two are cached) settle the dual derivative.
        let cheap = witness::cheap(&mut l, s0, f0).filter(|c| witness::settles(c, e.exact, s0, f0));
        if hand_ok && cheap.is_some() {
            return;
        }
        let verdict = match cheap {
            Some(c) => Verdict::Smooth(c),
            None => witness::examine(&mut l, s0, f0, e.exact),
        };
        // A sharp witness that disagrees with the dual derivative, but by too little to blame
        // the dual chain (Ridders' error can be underestimated), decides nothing.
        let verdict = match verdict {
            Verdict::Smooth(fd)
                if !witness::settles(&fd, e.exact, s0, f0)
                    && !witness::convicts(&fd, e.exact, s0, f0) =>
            {
                Verdict::Undecided {
                    estimate: Some(fd),
                    detail: format!(
                        "finite differences give {:.6e} ± {:.1e}, close to the dual derivative but beyond their own error estimate",
                        fd.value, fd.error
                    ),
                }
            }
            v => v,
        };
        match verdict {
            Verdict::Smooth(fd) if witness::settles(&fd, e.exact, s0, f0) => {
                if !hand_ok && self.rounding_cannot_explain(e, probe) {
                    out.push(self.mismatch(e, Some(fd)));
                }
            }
            Verdict::Smooth(fd) => {
                // The dual derivative is wrong where the function is smooth.
                let hand_note = match e.hand {
                    Some(g) if witness::confirms(&fd, g) => " The hand-written derivative agrees with the finite differences: it is right, the dual chain is broken.",
                    Some(g) if self.tol.agrees(e.exact, g, e.row_max) => " The hand-written derivative agrees with the broken dual chain: it is wrong too.",
                    Some(_) => " The hand-written derivative agrees with neither.",
                    None => "",
                };
                let mut f = e.finding(
                    Kind::AdMismatch,
                    format!("forward-mode AD disagrees with finite differences where the function is smooth: the derivative chain is broken (a `.re()`, an `f64` constant computed from an input, a branch on the value) inside the function.{hand_note}"),
                );
                f = f.values(fd.value, e.exact, fd.value.abs().max(e.exact.abs()));
                f.fd = Some(fd.value);
                f.fd_error = Some(fd.error);
                f.tolerance = Some(3.0 * fd.error);
                out.push(f);
                if e.hand.is_some_and(|g| {
                    !witness::settles(&fd, g, s0, f0) && !self.tol.agrees(e.exact, g, e.row_max)
                }) {
                    out.push(self.mismatch(e, Some(fd)));
                }
            }
            Verdict::Singular {
                kind,
                left,
                right,
                detail,
            } => {
                let side = |v: f64| match (left, right) {
                    (Some(l), Some(r)) if witness::confirms(&l, v) && !witness::confirms(&r, v) => {
                        "the left slope"
                    }
                    (Some(l), Some(r)) if witness::confirms(&r, v) && !witness::confirms(&l, v) => {
                        "the right slope"
                    }
                    (Some(l), Some(r)) if witness::confirms(&r, v) && witness::confirms(&l, v) => {
                        "both slopes"
                    }
                    _ => "neither slope",
                };
                let mut msg = format!(
                    "{detail}. The dual derivative {:.6e} matches {}",
                    e.exact,
                    side(e.exact)
                );
                if let Some(g) = e.hand {
                    msg.push_str(&format!("; the hand-written {:.6e} matches {}", g, side(g)));
                }
                msg.push_str(&format!(". The function is not differentiable at this point: move it, restrict `domain`, or `allow({kind})` if that is expected"));
                let mut f = e.finding(kind, msg);
                f.left = left.map(|l| l.value);
                f.right = right.map(|r| r.value);
                f.expected = Some(e.exact);
                f.actual = e.hand;
                out.push(f);
                // At a kink both one-sided slopes are valid derivatives; a hand-written value
                // that is neither (nor the dual's) is wrong whatever the point is.
                if let (Kind::Kink, Some(g), Some(l), Some(r)) = (kind, e.hand, left, right) {
                    let one_sided = witness::confirms(&l, g) || witness::confirms(&r, g);
                    if !hand_ok && !one_sided {
                        out.push(self.mismatch(e, None));
                    }
                }
            }
            Verdict::Undecided { estimate, detail } | Verdict::Edge { estimate, detail } => {
                if !hand_ok && self.rounding_cannot_explain(e, probe) {
                    out.push(self.mismatch(e, estimate));
                }
                let mut f = e.finding(
                    Kind::Unstable,
                    format!("{detail}: finite differences cannot confirm the derivative here. Either the values are noisier than f64 rounding of their size explains (cancellation between large terms, or arithmetic in f32 inside the function: compute in f64), or a singularity or domain edge lies within the step (restrict `domain`). The dual derivative itself is exact; this is a warning"),
                );
                f.expected = Some(e.exact);
                f.actual = e.hand;
                if let Some(fd) = estimate {
                    f.fd = Some(fd.value);
                    f.fd_error = Some(fd.error);
                }
                out.push(f);
            }
        }
    }

    /// Whether the disagreement between the hand-written and the dual derivative is more
    /// than rounding: the difference is measured at nearby points (inputs moved by ~1e-12
    /// of themselves), where rounding noise changes and a wrong formula does not. A user's
    /// own tolerance is applied as given.
    fn rounding_cannot_explain(&self, e: &Entry<'_>, probe: &Probe) -> bool {
        let (Some(g), Some(grad)) = (e.hand, self.grad) else {
            return true;
        };
        if self.tol.user || !g.is_finite() {
            return true;
        }
        let samples = probe.0.get_or_init(|| {
            let mut rng = crate::rng::SplitMix64::stream(self.spec.effective_seed(), 0x9e0b);
            (0..PROBES)
                .filter_map(|_| {
                    let xp: Vec<f64> =
                        e.x.iter()
                            .map(|&v| v * (1.0 + 1e-12 * rng.uniform(-1.0, 1.0)))
                            .collect();
                    let (_, d) = self.ev.jacobian(&xp).ok()?;
                    let h = guarded(|| grad(&xp)).ok()?;
                    let shaped =
                        h.len() == d.len() && h.iter().zip(&d).all(|(a, b)| a.len() == b.len());
                    shaped.then_some((d, h))
                })
                .collect()
        });
        let diffs: Vec<f64> = std::iter::once(g - e.exact)
            .chain(samples.iter().map(|(d, h)| h[e.row][e.i] - d[e.row][e.i]))
            .collect();
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let spread = diffs.iter().map(|v| (v - mean).abs()).fold(0.0, f64::max);
        (g - e.exact).abs() > self.tol.allowed(e.exact, g, e.row_max) + 4.0 * spread
    }

    fn mismatch(&self, e: &Entry<'_>, fd: Option<crate::fd::Estimate>) -> Finding {
        let g = e.hand.unwrap_or(f64::NAN);
        let what = if e.rows == 1 { "gradient" } else { "Jacobian" };
        let witness = match fd {
            Some(_) => "finite differences (column `finite diff`) confirm the dual value",
            None => "finite differences could not be taken here; the dual value is exact",
        };
        let mut f = e.finding(
            Kind::Mismatch,
            format!("the hand-written {what} disagrees with forward-mode AD; {witness}: fix the hand-written derivative of the entries listed"),
        );
        f = f.values(e.exact, g, Tolerance::scale(e.exact, g));
        f.tolerance = Some(self.tol.allowed(e.exact, g, e.row_max));
        if let Some(fd) = fd {
            f.fd = Some(fd.value);
            f.fd_error = Some(fd.error);
        }
        f
    }
}

/// Nearby points at which rounding noise is measured, computed once per point when needed:
/// the dual and the hand-written derivatives at each.
#[derive(Default)]
struct Probe(std::cell::OnceCell<Vec<(Matrix, Matrix)>>);

/// Rows of a Jacobian.
type Matrix = Vec<Vec<f64>>;

/// Absolute slack between the value at dual numbers and at f64: where O(1) terms cancel,
/// different formulas for the same function (num-dual's tanh, powi) differ by a few ulps of
/// the terms, not of the result (measured: 2.2e-16 apart on a value of 1.8e-4).
const VALUE_FLOOR: f64 = 1e-13;

/// Nearby points probed for rounding noise.
const PROBES: usize = 3;

struct Entry<'a> {
    x: &'a [f64],
    i: usize,
    row: usize,
    rows: usize,
    exact: f64,
    hand: Option<f64>,
    row_max: f64,
    /// Whether the two-evaluation glance may settle the entry (not at explicit points).
    thorough: bool,
}

impl Entry<'_> {
    fn finding(&self, kind: Kind, message: String) -> Finding {
        let f = Finding::new(kind, self.x, message).component(self.i);
        if self.rows > 1 {
            f.output(self.row)
        } else {
            f
        }
    }
}

fn eval_failure(x: &[f64], e: &EvalError, how: &str) -> Finding {
    match e {
        EvalError::Panic(msg) => Finding::new(Kind::Panic, x, format!("the function panicked when evaluated {how}: {msg}; the other points were still checked")),
        EvalError::Outputs { .. } => Finding::new(Kind::Nondeterministic, x, format!("the function {e} when evaluated {how}: its output length must not depend on the point")),
    }
}
