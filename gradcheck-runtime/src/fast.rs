//! Fast mode: the derivative checked along a few random unit directions per point instead of
//! component by component, so a point costs O(k) evaluations for k directions whatever n is.
//!
//! Along a unit direction v, one `Dual64` pass gives the exact directional derivative d·v; the
//! hand-written gradient gives g·v; finite differences on the line s ↦ f(x + s v) witness both.
//! A single wrong component g_j = d_j + e shows up only as e·v_j, about e/√n (NUMERICS.md), so
//! the hand-written comparison uses a tolerance near the dual's precision, scaled by the sizes
//! of the terms of the dot product rather than by the (possibly cancelling) result. A direction
//! that disagrees is localised by bisection over the components (one `Dual64` pass per half)
//! and the component it leads to is checked in full mode, which names it and gives the verdict;
//! a disagreement that no component confirms was rounding and only leaves a note.

use crate::eval::{guarded, EvalError, Evaluator};
use crate::finding::{Finding, Kind};
use crate::function::{Function, Layout};
use crate::line::Coordinate;
use crate::points;
use crate::report::Report;
use crate::rng::SplitMix64;
use crate::spec::{Mode, Spec};
use crate::tolerance::Tolerance;
use crate::witness::{self, Verdict};
use crate::Rows;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Rounding allowance of a directional comparison, in units of ε·(√m + 8) times the sum of
/// the |g_i v_i| over the m components compared. A sum of m products rounds by at most
/// ~√m·ε of its terms in practice (m·ε in the worst case); 64 leaves room for the dual chain's
/// own intermediate terms, and a false alarm is still caught by the full check of the
/// component the bisection leads to.
const DIRECTIONAL_ROUNDING: f64 = 64.0;

/// The probability with which the reported single-component error would have been caught.
const CONFIDENCE: f64 = 0.99;

/// Full mode is switched to fast mode when its estimated time exceeds this.
pub(crate) const FULL_MODE_BUDGET: Duration = Duration::from_secs(120);

/// Full mode is announced (a note with the estimate) when it is expected to take longer.
const FULL_MODE_ANNOUNCE: Duration = Duration::from_secs(10);

/// Above this many inputs points are checked one at a time: each point in flight holds about
/// five input-sized vectors (the point, the direction, its dual numbers, the hand-written
/// gradient), and memory then matters more than the cores.
const PARALLEL_MAX_N: usize = 100_000;

/// At most this many distinct components are localised per point.
const MAX_LOCALISED: usize = 3;

/// Checks `f`'s derivative at every point of `spec` along random directions.
pub(crate) fn check<F: Function>(
    spec: &Spec,
    f: &F,
    grad: Option<Rows<'_>>,
    notes: Vec<String>,
) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    report.notes = notes;
    if let Err(problem) = points::check(spec) {
        return crate::gradient::rejected(report, spec, problem);
    }
    let ev = Evaluator::new(f);
    let ctx = Context {
        spec,
        ev: &ev,
        grad,
        tol: Tolerance::from_spec(spec),
        k: spec.effective_directions(),
        salt: salt(spec.function()),
        coverage: coverage(spec.effective_directions(), CONFIDENCE),
        extra: AtomicUsize::new(0),
    };
    // Random points are drawn when their turn comes: at n = 10^6 each is as large as the
    // input, and only the points being checked are held.
    let explicit = spec.explicit.len();
    let count = explicit + spec.effective_samples();
    let point = |index: usize| -> std::borrow::Cow<'_, [f64]> {
        if index < explicit {
            std::borrow::Cow::Borrowed(&spec.explicit[index])
        } else {
            std::borrow::Cow::Owned(spec.random_point(index - explicit))
        }
    };
    // Nondeterminism is checked once, at the first point that can be evaluated; the other
    // points then run in parallel, collected in order so that the report is deterministic.
    let mut outcomes = Vec::with_capacity(count);
    let mut rest = count;
    for index in 0..count {
        let outcome = ctx.check_point(index, &point(index), true);
        let usable = outcome.usable;
        outcomes.push(outcome);
        if usable {
            rest = index + 1;
            break;
        }
    }
    if spec.layout().len() <= PARALLEL_MAX_N {
        let parallel: Vec<Outcome> = (rest..count)
            .into_par_iter()
            .map(|index| ctx.check_point(index, &point(index), false))
            .collect();
        outcomes.extend(parallel);
    } else {
        outcomes.extend((rest..count).map(|index| ctx.check_point(index, &point(index), false)));
    }
    let mut bound = SlipBound::default();
    for outcome in outcomes {
        report.points_checked += 1;
        bound.merge(&outcome.bound);
        for note in outcome.notes {
            report.notes.push(note);
        }
        report.record(spec, "gradient", outcome.findings);
    }
    report.notes.push(bound.note(spec.layout().len(), ctx.k));
    report.evaluations = ev.evaluations() + ctx.extra.load(Ordering::Relaxed);
    report.set_reproduce(crate::output::reproduce_line(spec));
    report
}

/// What full mode would cost at `n` inputs and `points` points, from one timed evaluation at
/// the first point: `Some((note, switch))` when it is worth saying, `switch` when it is over
/// the budget and fast mode should run instead.
pub(crate) fn full_mode_estimate<F: Function>(
    ev: &Evaluator<'_, F>,
    first: &[f64],
    points: usize,
) -> Option<(String, bool)> {
    let n = first.len();
    let start = Instant::now();
    ev.value(first).ok()?;
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

/// Mixes the function's path into the direction streams, so that two functions checked with
/// the same seed do not share directions (and so do not share blind spots).
fn salt(path: &str) -> u64 {
    // FNV-1a: fixed forever, like the point streams.
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Direction `k` at point `index`: normal components, normalised. Each point and each check
/// gets fresh directions, so a blind spot of one direction is not permanent (NUMERICS.md).
pub(crate) fn direction(seed: u64, salt: u64, index: usize, k: usize, v: &mut Vec<f64>, n: usize) {
    let mut rng = SplitMix64::stream(seed ^ salt, ((index as u64) << 24) ^ k as u64);
    v.clear();
    // Box–Muller gives two independent normals per pair of uniforms: use both (at n = 10^6
    // generating the direction costs more than a cheap function's evaluation).
    while v.len() < n {
        let u1 = 1.0 - rng.next_f64(); // (0, 1]
        let u2 = rng.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        v.push(r * c);
        if v.len() < n {
            v.push(r * s);
        }
    }
    let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|a| *a /= norm);
    } else {
        v[0] = 1.0;
    }
}

/// The smallest |e| such that a single-component error e would have been caught with
/// probability `CONFIDENCE`, for the hand-written and the finite-difference comparisons;
/// relative to the rms component of the gradient.
#[derive(Clone, Copy, Debug, Default)]
struct SlipBound {
    hand: f64,
    fd: f64,
    rms: f64,
}

impl SlipBound {
    fn merge(&mut self, other: &SlipBound) {
        if other.hand / other.rms.max(f64::MIN_POSITIVE)
            > self.hand / self.rms.max(f64::MIN_POSITIVE)
        {
            self.hand = other.hand;
            self.rms = other.rms;
        }
        self.fd = self.fd.max(other.fd);
        if self.rms == 0.0 {
            self.rms = other.rms;
        }
    }

    fn note(&self, n: usize, k: usize) -> String {
        let rel = |a: f64| {
            if self.rms > 0.0 {
                format!(" ({:.1e} of the gradient's rms component)", a / self.rms)
            } else {
                String::new()
            }
        };
        let mut s = format!(
            "fast mode: {k} random direction{} per point (n = {n}); at the worst point an error in one component of the hand-written gradient larger than {:.1e}{} is caught with probability {:.0}%",
            if k == 1 { "" } else { "s" },
            self.hand,
            rel(self.hand),
            CONFIDENCE * 100.0
        );
        if self.hand == 0.0 {
            s = format!(
                "fast mode: {k} random direction{} per point (n = {n}), no hand-written gradient",
                if k == 1 { "" } else { "s" }
            );
        }
        s.push_str(&format!(
            "; a break in the dual chain larger than {:.1e}{} in one component is caught by finite differences with the same probability; smaller single-component errors may slip through: `mode = full` checks every component",
            self.fd,
            rel(self.fd)
        ));
        s
    }
}

/// t with P(max of k |Z| < t) = 1 − confidence for standard normals Z: a direction's
/// component is about Z/√n, so with probability `confidence` at least one of k directions
/// has |v_j| ≥ t/√n. Newton's method on the concave P(|Z| < t), from the left (its tangent
/// at 0 overestimates it), so every step stays left of the root.
fn coverage(k: usize, confidence: f64) -> f64 {
    let target = (1.0 - confidence).powf(1.0 / k as f64); // P(|Z| < t) for one direction
    let density = |t: f64| 2.0 * (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let mut t = target / density(0.0);
    for _ in 0..20 {
        let step = (target - abs_normal_cdf(t)) / density(t);
        t += step;
        if step.abs() < 1e-12 {
            break;
        }
    }
    t
}

/// P(|Z| < t) by Simpson's rule on the normal density (no `erf` in std); accurate to ~1e-9
/// for the t ≤ 4 that `coverage` needs.
fn abs_normal_cdf(t: f64) -> f64 {
    const STEPS: usize = 64;
    let h = t / STEPS as f64;
    let phi = |z: f64| (-0.5 * z * z).exp();
    let mut sum = phi(0.0) + phi(t);
    for i in 1..STEPS {
        sum += phi(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    2.0 * sum * h / 3.0 / (2.0 * std::f64::consts::PI).sqrt()
}

/// What one point contributed to the report.
struct Outcome {
    findings: Vec<Finding>,
    notes: Vec<String>,
    usable: bool,
    bound: SlipBound,
}

struct Context<'a, 'f, F: Function> {
    spec: &'a Spec,
    ev: &'a Evaluator<'f, F>,
    grad: Option<Rows<'a>>,
    tol: Tolerance,
    k: usize,
    salt: u64,
    /// `coverage(k, CONFIDENCE)`, computed once per check.
    coverage: f64,
    /// Evaluations made by the full checks that localise a failure.
    extra: AtomicUsize,
}

/// A component a directional disagreement was traced to, with its error g_j − d_j.
struct Localised {
    row: usize,
    component: usize,
    error: f64,
}

/// The hand-written side of a directional comparison over some components.
struct Dot {
    value: f64,
    /// Σ|g_i v_i|: the size of the terms, which sets the rounding.
    terms: f64,
    /// Σ|v_i|, for a user's absolute tolerance.
    weights: f64,
    len: usize,
}

fn dot(g: &[f64], v: &[f64], range: Range<usize>) -> Dot {
    let len = range.len();
    let (value, terms, weights) = g[range.clone()]
        .iter()
        .zip(&v[range])
        .fold((0.0, 0.0, 0.0), |(s, t, w), (&gi, &vi)| {
            (s + gi * vi, t + (gi * vi).abs(), w + vi.abs())
        });
    Dot {
        value,
        terms,
        weights,
        len,
    }
}

impl<F: Function> Context<'_, '_, F> {
    /// The allowed |g·v − d·v| for a comparison over `d.len` components.
    fn allowed(&self, d: &Dot, exact: f64) -> f64 {
        let scale = d.terms.max(exact.abs());
        if self.tol.user {
            // A user's per-component tolerance, summed over the components as if aligned.
            return self.tol.rtol * scale + self.tol.atol * d.weights;
        }
        DIRECTIONAL_ROUNDING * f64::EPSILON * ((d.len as f64).sqrt() + 8.0) * scale
    }

    fn check_point(&self, index: usize, x: &[f64], determinism: bool) -> Outcome {
        let mut out = Outcome {
            findings: Vec::new(),
            notes: Vec::new(),
            usable: false,
            bound: SlipBound::default(),
        };
        let values = match self.ev.value(x) {
            Ok(v) => v,
            Err(e) => {
                out.findings.push(eval_failure(x, &e, "at f64"));
                return out;
            }
        };
        if let Some(row) = values.iter().position(|v| !v.is_finite()) {
            let mut f = Finding::new(
                Kind::NonfiniteValue,
                x,
                format!("the function returns {} here: is the point outside its domain? Restrict `domain` (or `domain(name = lo..hi)`) to where it is defined", values[row]),
            );
            f.actual = Some(values[row]);
            if values.len() > 1 {
                f.output = Some(row);
            }
            out.findings.push(f);
            return out;
        }
        out.usable = true;
        if determinism {
            if let Ok(again) = self.ev.value(x) {
                if !same_bits(&again, &values) {
                    out.findings.push(Finding::new(
                        Kind::Nondeterministic,
                        x,
                        "two evaluations at the same point differ: the function draws fresh randomness or reads changing state; seed it so that a check is meaningful",
                    ));
                    return out;
                }
            }
        }
        let hand = match self.hand_written(x, values.len(), &mut out.findings) {
            Ok(h) => h,
            Err(()) => return out,
        };
        let n = x.len();
        if let Some(h) = &hand {
            out.bound.rms = h.iter().flatten().map(|a| a * a).sum::<f64>().sqrt()
                / ((n * h.len()) as f64).sqrt();
        }
        let t = self.coverage;
        let sigma = (x.iter().map(|a| a * a).sum::<f64>() / n as f64)
            .sqrt()
            .max(1.0);
        let mut v = Vec::with_capacity(n);
        let mut localised: Vec<Localised> = Vec::new();
        for k in 0..self.k {
            direction(self.spec.effective_seed(), self.salt, index, k, &mut v, n);
            let dir = match self.ev.directional(x, &v) {
                Ok(d) => d,
                Err(e) => {
                    out.findings
                        .push(eval_failure(x, &e, "with dual numbers along a direction"));
                    return out;
                }
            };
            if !same_bits(&dir.values, &values) {
                out.findings.push(Finding::new(
                    Kind::Nondeterministic,
                    x,
                    "the value computed with dual numbers differs from the value at f64: the function depends on something besides its inputs (randomness, global state) or on the number type; seed its randomness",
                ));
                return out;
            }
            // The line s ↦ f(x + s·σ·v), scaled so that the step is relative to the point's size.
            let value = |y: &[f64]| {
                let xs: Vec<f64> = x
                    .iter()
                    .zip(&v)
                    .map(|(&a, &b)| a + y[0] * sigma * b)
                    .collect();
                self.ev.value(&xs)
            };
            let origin = std::cell::RefCell::new(vec![0.0]);
            let line = Coordinate::new(&value, &origin, 0);
            for (row, &slope) in dir.slopes.iter().enumerate() {
                let f0 = values[row];
                if !slope.is_finite() {
                    let mut f = Finding::new(Kind::NonfiniteDerivative, x, format!("the value is finite but the dual derivative along a random direction is {slope}: some component is not differentiable here (sqrt or a power at 0, ln at 0, ...); `mode = full` names it"));
                    f.output = (values.len() > 1).then_some(row);
                    out.findings.push(f);
                    continue;
                }
                if let Some(h) = &hand {
                    let d = dot(&h[row], &v, 0..n);
                    let allowed = self.allowed(&d, slope);
                    out.bound.hand = out.bound.hand.max(allowed * (n as f64).sqrt() / t);
                    // Components already localised are taken out, so that one wrong component
                    // is bisected for once, not once per direction.
                    let known: f64 = localised
                        .iter()
                        .filter(|c| c.row == row)
                        .map(|c| c.error * v[c.component])
                        .sum();
                    if (d.value - known - slope).abs() > allowed && localised.len() < MAX_LOCALISED
                    {
                        let j = self.bisect(x, &h[row], &v, row);
                        if !localised.iter().any(|c| c.row == row && c.component == j) {
                            let error = self.component_error(x, h, row, j);
                            localised.push(Localised {
                                row,
                                component: j,
                                error,
                            });
                            self.localise(x, j, &mut out);
                        } else {
                            // The same component again, beyond what it explains: stop here.
                            break;
                        }
                    }
                }
                let mut l = line.output(row);
                let exact = slope * sigma;
                let cheap = witness::cheap(&mut l, 0.0, f0);
                if let Some(c) = &cheap {
                    out.bound.fd = out
                        .bound
                        .fd
                        .max(3.0 * c.error / sigma * (n as f64).sqrt() / t);
                }
                if cheap.is_some_and(|c| witness::settles(&c, exact, 0.0, f0)) {
                    continue;
                }
                if let Some(f) = self.direction_verdict(x, &mut l, f0, exact, row, values.len()) {
                    out.findings.push(f);
                }
            }
            let panicked = line.panic.borrow().clone();
            if let Some(msg) = panicked {
                out.findings.push(Finding::new(Kind::Panic, x, format!("the function panicked near the point, at a finite-difference step along a random direction: {msg}")));
            }
        }
        out
    }

    /// The hand-written derivative at `x`, shape-checked: `Ok(None)` when there is none,
    /// `Err(())` when it panicked or has the wrong shape (a finding says which).
    #[allow(clippy::type_complexity)]
    fn hand_written(
        &self,
        x: &[f64],
        rows: usize,
        out: &mut Vec<Finding>,
    ) -> Result<Option<Vec<Vec<f64>>>, ()> {
        let Some(grad) = self.grad else {
            return Ok(None);
        };
        let g = guarded(|| grad(x)).map_err(|msg| {
            out.push(Finding::new(
                Kind::Panic,
                x,
                format!("the hand-written derivative panicked: {msg}"),
            ))
        })?;
        let n = x.len();
        if g.len() != rows || g.iter().any(|r| r.len() != n) {
            let what = if rows == 1 { "gradient" } else { "Jacobian" };
            out.push(Finding::new(
                Kind::Mismatch,
                x,
                format!(
                    "the hand-written {what} has the wrong shape: {} row{} of lengths {:?}, expected {rows} of {n} (one per differentiable scalar)",
                    g.len(),
                    if g.len() == 1 { "" } else { "s" },
                    g.iter().map(Vec::len).take(8).collect::<Vec<_>>()
                ),
            ));
            return Err(());
        }
        Ok(Some(g))
    }

    /// What finite differences along the direction say when the cheap estimate did not settle
    /// the dual directional derivative.
    fn direction_verdict(
        &self,
        x: &[f64],
        line: &mut impl crate::fd::Line,
        f0: f64,
        exact: f64,
        row: usize,
        rows: usize,
    ) -> Option<Finding> {
        let along = "along a random direction";
        let mut verdict = witness::examine(line, 0.0, f0, exact);
        if let Verdict::Singular {
            kind: Kind::Kink,
            left: Some(l),
            right: Some(r),
            ..
        } = &verdict
        {
            // Along a random direction a real kink changes the slope by about |Δg_j|/√n; slopes
            // that agree to 1e-6 are one smooth slope whose one-sided error was underestimated.
            if (l.value - r.value).abs() <= 1e-6 * l.value.abs().max(r.value.abs()) {
                verdict = Verdict::Smooth(crate::fd::Estimate {
                    value: 0.5 * (l.value + r.value),
                    error: (l.value - r.value).abs() + l.error + r.error,
                });
            }
        }
        let mut f = match verdict {
            Verdict::Smooth(fd) if witness::settles(&fd, exact, 0.0, f0) => return None,
            Verdict::Smooth(fd) => {
                let mut f = Finding::new(Kind::AdMismatch, x, format!("forward-mode AD disagrees with finite differences {along} where the function is smooth: the derivative chain is broken (a `.re()`, an `f64` constant computed from an input, a branch on the value); `mode = full` names the component"))
                    .values(fd.value, exact, fd.value.abs().max(exact.abs()));
                f.fd = Some(fd.value);
                f.fd_error = Some(fd.error);
                f.tolerance = Some(3.0 * fd.error);
                f
            }
            Verdict::Singular {
                kind,
                left,
                right,
                detail,
            } => {
                let mut f = Finding::new(kind, x, format!("{detail} {along}: the function is not differentiable at this point (`mode = full` names the component); move it, restrict `domain`, or `allow({kind})` if that is expected"));
                f.left = left.map(|e| e.value);
                f.right = right.map(|e| e.value);
                f.expected = Some(exact);
                f
            }
            Verdict::Undecided { estimate, detail } | Verdict::Edge { estimate, detail } => {
                let mut f = Finding::new(Kind::Unstable, x, format!("{detail} {along}: finite differences cannot confirm the derivative here; the dual derivative is still exact"));
                f.expected = Some(exact);
                f.fd = estimate.map(|e| e.value);
                f.fd_error = estimate.map(|e| e.error);
                f
            }
        };
        if rows > 1 {
            f.output = Some(row);
        }
        Some(f)
    }

    /// The component a directional disagreement concentrates in: halve the direction's
    /// support, keeping the half whose disagreement is larger against its own tolerance.
    /// log₂(n) levels of two `Dual64` passes each.
    fn bisect(&self, x: &[f64], g: &[f64], v: &[f64], row: usize) -> usize {
        let n = x.len();
        let mut masked = vec![0.0; n];
        let mut score = |r: Range<usize>| -> f64 {
            masked[r.clone()].copy_from_slice(&v[r.clone()]);
            let exact = self
                .ev
                .directional(x, &masked)
                .ok()
                .and_then(|d| d.slopes.get(row).copied())
                .unwrap_or(f64::NAN);
            masked[r.clone()].iter_mut().for_each(|a| *a = 0.0);
            let d = dot(g, v, r);
            let allowed = self.allowed(&d, exact).max(f64::MIN_POSITIVE);
            let s = (d.value - exact).abs() / allowed;
            if s.is_nan() {
                f64::INFINITY
            } else {
                s
            }
        };
        let mut r = 0..n;
        while r.len() > 1 {
            let mid = r.start + r.len() / 2;
            let (a, b) = (r.start..mid, mid..r.end);
            r = if score(a.clone()) >= score(b.clone()) {
                a
            } else {
                b
            };
        }
        r.start
    }

    /// g_j − d_j for output `row`: the hand-written component minus the exact one (one
    /// `Dual64` pass along the coordinate).
    fn component_error(&self, x: &[f64], hand: &[Vec<f64>], row: usize, j: usize) -> f64 {
        let mut e = vec![0.0; x.len()];
        e[j] = 1.0;
        self.ev
            .directional(x, &e)
            .ok()
            .and_then(|d| d.slopes.get(row).copied())
            .map_or(0.0, |d| hand[row][j] - d)
    }

    /// Runs the full check of component `j` alone (the others held at the point) and takes
    /// its findings; a disagreement the full check does not confirm was rounding.
    fn localise(&self, x: &[f64], j: usize, out: &mut Outcome) {
        let name = self.spec.layout().component_name(j);
        let restricted = Restricted {
            f: self.ev.function(),
            x,
            j,
        };
        let grad = self
            .grad
            .expect("localisation needs a hand-written derivative");
        let column = |y: &[f64]| -> Vec<Vec<f64>> {
            let mut xs = x.to_vec();
            xs[j] = y[0];
            grad(&xs)
                .iter()
                .map(|r| vec![r.get(j).copied().unwrap_or(f64::NAN)])
                .collect()
        };
        let spec = Spec {
            function: self.spec.function.clone(),
            layout: Layout::new().scalar(&name),
            explicit: vec![vec![x[j]]],
            samples: Some(0),
            domain: Some(self.spec.range_of_component(j)),
            param_domains: Vec::new(),
            seed: self.spec.seed,
            allowed: self.spec.allowed.clone(),
            rtol: self.spec.rtol,
            atol: self.spec.atol,
            norm_min: None,
            norm_max: None,
            mode: Some(Mode::Full),
            directions: None,
            checks: Vec::new(),
        };
        let report = crate::gradient::check_full(&spec, &restricted, Some(&column));
        self.extra.fetch_add(report.evaluations, Ordering::Relaxed);
        let mut confirmed = false;
        // GRADCHECK_SAMPLES may add random points to the restricted check: keep this point's.
        for mut f in report.findings.into_iter().filter(|f| f.point == [x[j]]) {
            confirmed |= f.is_error();
            f.point = x.to_vec();
            f.component = Some(j);
            f.name = Some(name.clone());
            f.message = format!(
                "{} (found along a random direction in fast mode, then checked in full at this component)",
                f.message
            );
            out.findings.push(f);
        }
        if !confirmed {
            out.notes.push(format!(
                "fast mode: a random direction disagreed slightly at a point; the component it concentrates in ({name}) passes the full check, so it was rounding"
            ));
        }
    }
}

/// The user's function of component `j` alone, the others held at `x`.
struct Restricted<'a, F: ?Sized> {
    f: &'a F,
    x: &'a [f64],
    j: usize,
}

impl<F: Function + ?Sized> Function for Restricted<'_, F> {
    fn eval<D: num_dual::DualNum<Primitive = f64> + Copy + Send + Sync>(&self, y: &[D]) -> Vec<D> {
        let mut xs: Vec<D> = self.x.iter().map(|&a| D::from(a)).collect();
        xs[self.j] = y[0];
        self.f.eval(&xs)
    }
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| p.to_bits() == q.to_bits())
}

fn eval_failure(x: &[f64], e: &EvalError, how: &str) -> Finding {
    match e {
        EvalError::Panic(msg) => Finding::new(
            Kind::Panic,
            x,
            format!("the function panicked when evaluated {how}: {msg}; the other points were still checked"),
        ),
        EvalError::Outputs { .. } => Finding::new(
            Kind::Nondeterministic,
            x,
            format!("the function {e} when evaluated {how}: its output length must not depend on the point"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_unit_fresh_and_reproducible() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        direction(7, 1, 0, 0, &mut a, 100);
        direction(7, 1, 0, 0, &mut b, 100);
        direction(7, 1, 1, 0, &mut c, 100);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let norm = a.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-14, "{norm}");
        direction(7, 2, 0, 0, &mut c, 100);
        assert_ne!(a, c, "another function gets other directions");
    }

    #[test]
    fn coverage_matches_the_normal_distribution() {
        // One direction: P(|Z| < t) = 1% at t ≈ 0.01253.
        assert!((coverage(1, 0.99) - 0.012_533).abs() < 1e-5);
        // P(|Z| < 1.96) = 95%.
        assert!((abs_normal_cdf(1.959_964) - 0.95).abs() < 1e-6);
        assert!(coverage(8, 0.99) > 0.5 && coverage(8, 0.99) < 1.0);
    }

    #[test]
    fn the_budget_is_human_readable() {
        assert_eq!(human(Duration::from_secs(90)), "90.0 s");
        assert_eq!(human(Duration::from_secs(3 * 3600)), "3.0 h");
    }
}
