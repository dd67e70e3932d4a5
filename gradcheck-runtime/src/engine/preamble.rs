//! What every check does at a point before it compares derivatives, written once so that a
//! behaviour (a panic, a NaN, an output length that changes, a hand-written derivative of
//! the wrong shape) is reported the same way by every check.

use super::subject::{guarded, EvalError, Matrix, Subject};
use super::Outcome;
use crate::report::finding::{Finding, Kind};
use crate::spec::Spec;

/// The finding for an evaluation that gave no value: a panic, or an output length that
/// changed (which only a function that depends on something besides its inputs can do).
pub(crate) fn eval_failure(x: &[f64], e: &EvalError, how: &str) -> Finding {
    match e {
        EvalError::Panic(msg) => Finding::new(
            Kind::Panic,
            x,
            format!("the function panicked when evaluated {how}: {msg}; the other points were still checked"),
        ),
        EvalError::Outputs { .. } => Finding::new(
            Kind::Nondeterministic,
            x,
            format!("the function {e} when evaluated {how}: its output length must not depend on the point or on the number type"),
        ),
    }
}

/// What a failed evaluation at a finite-difference step means for the findings of that line
/// (`findings[from..]`): a panic there is a domain edge (a defensive `assert!` outside the
/// domain), said where it left the witness undecided; an output length that changed is the
/// function's nondeterminism, and replaces them.
pub(crate) fn step_failure(
    x: &[f64],
    failure: Option<EvalError>,
    findings: &mut Vec<Finding>,
    from: usize,
) {
    match failure {
        None => {}
        Some(EvalError::Panic(msg)) => {
            for f in &mut findings[from..] {
                if f.kind == Kind::Unstable {
                    f.message
                        .push_str(&format!(" (the function panicked at a step: {msg})"));
                }
            }
        }
        Some(e @ EvalError::Outputs { .. }) => {
            findings.truncate(from);
            findings.push(eval_failure(x, &e, "at a finite-difference step"));
        }
    }
}

/// The values at `x`, or the outcome that ends the point: a failed evaluation or a value
/// that is not finite (the point is outside the function's domain).
// The point as the vector it is, which a function over `f64` reads in place (a copy of it
// cost 0.7 evaluations of Rosenbrock at n = 10^5).
#[allow(clippy::ptr_arg)]
pub(crate) fn values(subject: &dyn Subject, x: &Vec<f64>) -> Result<Vec<f64>, Outcome> {
    let how = format!("at {}", subject.profile().name);
    let values = subject
        .value_of(x)
        .map_err(|e| Outcome::of(vec![eval_failure(x, &e, &how)], false))?;
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
        return Err(Outcome::of(vec![f], false));
    }
    Ok(values)
}

/// Evaluates once more at `x` and compares bit for bit: the same inputs in the same number
/// type give the same bits unless the function reads randomness or changing state.
#[allow(clippy::ptr_arg)]
pub(crate) fn determinism(subject: &dyn Subject, x: &Vec<f64>, first: &[f64]) -> Option<Finding> {
    let again = match subject.value_of(x) {
        Ok(v) => v,
        Err(e) => return Some(eval_failure(x, &e, "a second time at the same point")),
    };
    let row = again
        .iter()
        .zip(first)
        .position(|(a, b)| a.to_bits() != b.to_bits())?;
    let mut f = Finding::new(
        Kind::Nondeterministic,
        x,
        "two evaluations at the same point differ: the function draws fresh randomness or reads changing state; seed it (e.g. a dropout mask from a fixed seed) so that a check is meaningful",
    )
    .values(first[row], again[row], first[row].abs());
    if first.len() > 1 {
        f.output = Some(row);
    }
    Some(f)
}

/// Whether the values computed with dual numbers betray state, randomness or a path that
/// depends on the number type. num-dual computes some values by other formulas than the
/// primitive type does (`powi`, `powf`, `tanh`), so they may differ by rounding (`gap(row)`
/// bounds it, measured where the values differ by more than `rtol` of themselves: in a
/// cancelling sum the rounding is the terms', not the result's), and `powf` at 0 even gives
/// NaN where f64 gives 0: a non-finite dual value is left to the derivative check
/// (nonfinite_derivative), a difference within rounding is nothing, and a larger one is a
/// finding whose message depends on whether a second dual pass (`again`) reproduces it.
pub(crate) fn dual_values(
    x: &[f64],
    values: &[f64],
    duals: &[f64],
    again: impl FnOnce() -> Option<Vec<f64>>,
    gap: &dyn Fn(usize) -> f64,
    rtol: f64,
) -> Option<Finding> {
    let close = |row: usize, a: f64, b: f64| {
        let near = rtol * a.abs().max(b.abs());
        !b.is_finite() || (a - b).abs() <= near || (a - b).abs() <= 4.0 * gap(row) + near
    };
    let row = (0..values.len()).find(|&r| !close(r, values[r], duals[r]))?;
    let same_bits = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(p, q)| p.to_bits() == q.to_bits())
    };
    let reproducible = again().is_some_and(|v| same_bits(&v, duals));
    let mut f = Finding::new(
        Kind::Nondeterministic,
        x,
        if reproducible {
            "the value computed with dual numbers differs from the plain value by more than rounding: the function computes something different depending on the number type (a path taken only for plain numbers?); make both paths compute the same value"
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

/// The hand-written derivative at `x` with the shape `rows` × `cols`, or the finding that
/// says why it cannot be compared (it panicked, or has the wrong shape). `what` names it
/// ("gradient", "Jacobian", "Hessian") and `kind` is the kind a wrong shape is reported as.
pub(crate) fn hand_written(
    spec: &Spec,
    x: &[f64],
    derivative: &(dyn Fn(&[f64]) -> Matrix + Sync),
    rows: usize,
    what: &str,
    kind: Kind,
) -> Result<Matrix, Box<Finding>> {
    let g = guarded(|| derivative(x)).map_err(|msg| {
        Box::new(Finding::new(
            Kind::Panic,
            x,
            format!("the hand-written {what} panicked: {msg}"),
        ))
    })?;
    let n = x.len();
    if g.len() == rows && g.iter().all(|r| r.len() == n) {
        return Ok(g);
    }
    let got = if g.len() == 1 {
        format!("{} entries", g[0].len())
    } else {
        let lens: Vec<usize> = g.iter().map(Vec::len).take(8).collect();
        format!("{} rows of lengths {lens:?}", g.len())
    };
    let names: Vec<String> = (0..n.min(6))
        .map(|i| spec.layout().component_name(i))
        .collect();
    let want = match (what, rows) {
        ("Hessian", _) => format!("{n}×{n}"),
        (_, 1) => format!("one row of {n}"),
        _ => format!("{rows} rows of {n}"),
    };
    Err(Box::new(Finding::new(
        kind,
        x,
        format!(
            "the hand-written {what} has the wrong shape: {got}, expected {want} (one per differentiable scalar: {}{})",
            names.join(", "),
            if n > 6 { ", ..." } else { "" }
        ),
    )))
}

/// `vanishing_gradient` / `exploding_gradient` when the gradient's L2 norm leaves the
/// spec's bounds (only for scalar functions: a Jacobian has no single norm to bound).
pub(crate) fn norm_bounds(spec: &Spec, x: &[f64], gradient: &Matrix) -> Vec<Finding> {
    let mut out = Vec::new();
    if gradient.len() != 1 {
        return out;
    }
    let norm = gradient[0].iter().map(|v| v * v).sum::<f64>().sqrt();
    if let Some(min) = spec.norm_min {
        if norm < min {
            let mut f = Finding::new(Kind::VanishingGradient, x, format!("the gradient's L2 norm {norm:.3e} is below the bound {min:.1e}: the loss is flat here (saturated activations? a scale too small?)"));
            f.actual = Some(norm);
            f.tolerance = Some(min);
            out.push(f);
        }
    }
    if let Some(max) = spec.norm_max {
        if norm > max || !norm.is_finite() {
            let mut f = Finding::new(Kind::ExplodingGradient, x, format!("the gradient's L2 norm {norm:.3e} is above the bound {max:.1e}: rescale the inputs or the loss, or clip gradients"));
            f.actual = Some(norm);
            f.tolerance = Some(max);
            out.push(f);
        }
    }
    out
}
