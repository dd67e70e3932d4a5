//! The reference check: the function's value against a second implementation.

use crate::engine::points::Point;
use crate::engine::preamble;
use crate::engine::subject::{guarded, Subject};
use crate::engine::{Outcome, PointCheck};
use crate::report::finding::{Finding, Kind};
use crate::spec::Spec;
use crate::Values;

/// The reference check of one function.
pub(crate) struct Reference<'a> {
    pub spec: &'a Spec,
    pub subject: &'a dyn Subject,
    pub reference: Values<'a>,
}

impl PointCheck for Reference<'_> {
    fn name(&self) -> &'static str {
        "reference"
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
        let expected = match guarded(|| (self.reference)(x)) {
            Ok(r) => r,
            Err(msg) => {
                return done(Finding::new(
                    Kind::Panic,
                    x,
                    format!("the reference implementation panicked: {msg}"),
                ))
            }
        };
        if expected.len() != values.len() {
            return done(Finding::new(
                Kind::ReferenceMismatch,
                x,
                format!(
                    "the reference returns {} values, the function {}",
                    expected.len(),
                    values.len()
                ),
            ));
        }
        let rtol = self
            .spec
            .rtol
            .unwrap_or(self.subject.profile().reference_rtol);
        let atol = self.spec.atol.unwrap_or(0.0);
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
        Outcome::of(out, true)
    }
}
