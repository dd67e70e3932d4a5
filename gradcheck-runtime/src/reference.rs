//! The reference check: the function's value against a second implementation.

use crate::eval::{guarded, Evaluator};
use crate::finding::{Finding, Kind};
use crate::function::Function;
use crate::points;
use crate::report::Report;
use crate::spec::Spec;
use crate::Values;

/// Default relative tolerance between two implementations of the same value: they differ
/// by rounding (a stable log-sum-exp against the naive one), not by 1e-8 of the value.
pub const REFERENCE_RTOL: f64 = 1e-9;

/// Checks the function's value against `reference` at every point of `spec`.
pub(crate) fn check<F: Function>(spec: &Spec, f: &F, reference: Values<'_>) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    let points = match points::validated(spec) {
        Ok(p) => p,
        Err(problem) => return crate::gradient::rejected(report, spec, problem),
    };
    let ev = Evaluator::new(f);
    let rtol = spec.rtol.unwrap_or(REFERENCE_RTOL);
    let atol = spec.atol.unwrap_or(0.0);
    for x in &points {
        report.points_checked += 1;
        report.record(
            spec,
            "reference",
            check_point(&ev, x, reference, rtol, atol),
        );
    }
    report.evaluations = ev.evaluations();
    report.set_reproduce(crate::output::reproduce_line(spec));
    report
}

fn check_point<F: Function>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
    reference: Values<'_>,
    rtol: f64,
    atol: f64,
) -> Vec<Finding> {
    let values = match ev.value(x) {
        Ok(v) => v,
        Err(e) => return vec![Finding::new(Kind::Panic, x, format!("the function {e}"))],
    };
    let expected = match guarded(|| reference(x)) {
        Ok(r) => r,
        Err(msg) => {
            return vec![Finding::new(
                Kind::Panic,
                x,
                format!("the reference implementation panicked: {msg}"),
            )]
        }
    };
    if expected.len() != values.len() {
        return vec![Finding::new(
            Kind::ReferenceMismatch,
            x,
            format!(
                "the reference returns {} values, the function {}",
                expected.len(),
                values.len()
            ),
        )];
    }
    let multi = values.len() > 1;
    let mut out = Vec::new();
    for (row, (&v, &r)) in values.iter().zip(&expected).enumerate() {
        let scale = v.abs().max(r.abs());
        let same_nonfinite = !v.is_finite() && v.to_bits() == r.to_bits();
        if same_nonfinite || (v - r).abs() <= rtol * scale + atol {
            continue;
        }
        let mut f = Finding::new(
            Kind::ReferenceMismatch,
            x,
            "the function's value disagrees with the reference implementation: one of the two is wrong (a missing term, a constant, a sign); if they differ only by rounding, set `rtol`",
        )
        .values(r, v, scale);
        f.tolerance = Some(rtol * scale + atol);
        if multi {
            f.output = Some(row);
        }
        out.push(f);
    }
    out
}
