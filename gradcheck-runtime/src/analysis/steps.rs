//! The error-versus-step picture of the worst findings: the central difference along the
//! entry at steps from 1e-1 to 1e-13 of the coordinate's scale, kept in the finding so that
//! the report page draws it without a re-run. A smooth point with a wrong hand-written value
//! gives a V for |fd − dual| (truncation falling, rounding rising) and a flat line for
//! |fd − hand-written|; a kink stays flat, a jump rises as 1/h, a cusp as h^(-1/2).

use crate::engine::subject::Subject;
use crate::numerics::fd::{self, Site};
use crate::numerics::line::Coordinate;
use crate::report::finding::{Finding, Origin, Severity, Step};
use crate::report::Report;
use crate::spec::Spec;
use std::cell::RefCell;

/// How many (kind, entry) groups get a picture: the page draws the worst three.
const PICTURES: usize = 3;

/// Steps 10^(-k/2) of the scale for k = 2..=26: two per decade from 1e-1 to 1e-13.
fn steps(scale: f64) -> impl Iterator<Item = f64> {
    (2..=26).map(move |k| scale * 10f64.powf(-(k as f64) / 2.0))
}

/// Attaches the steps to the worst error finding of each of the worst groups (findings about
/// one component of the gradient or Jacobian; Hessian entries and directions have no line).
pub(crate) fn attach(spec: &Spec, subject: &dyn Subject, report: &mut Report) {
    let findings = report.findings_mut();
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&k| {
            let f = &findings[k];
            f.severity == Severity::Error && f.component.is_some() && f.column.is_none()
        })
        .collect();
    order.sort_by(|&a, &b| {
        let rel = |k: usize| findings[k].rel_error.unwrap_or(f64::INFINITY);
        rel(b).total_cmp(&rel(a))
    });
    let mut drawn: Vec<(crate::Kind, Option<usize>, Option<usize>)> = Vec::new();
    for k in order {
        let f = &findings[k];
        let group = (f.kind, f.output, f.component);
        if drawn.contains(&group) {
            continue;
        }
        drawn.push(group);
        if let Some((step, sweep)) = sweep(spec, subject, f) {
            findings[k].step = Some(step);
            findings[k].steps = sweep;
        }
        if drawn.len() == PICTURES {
            break;
        }
    }
}

/// The central differences along the finding's component at its point, and the balanced step
/// the witness starts from.
fn sweep(spec: &Spec, subject: &dyn Subject, f: &Finding) -> Option<(f64, Vec<Step>)> {
    let i = f.component?;
    let row = f.output.unwrap_or(0);
    let x = &f.point;
    let f0 = *subject.value(x).ok()?.get(row)?;
    let value = |y: &Vec<f64>| subject.value_of(y);
    let shared = RefCell::new(x.clone());
    let coordinate = Coordinate::new(&value, &shared, i, subject.profile());
    let mut line = coordinate.output(row);
    let explicit = f.origin == Some(Origin::Explicit);
    let site = Site::new(&line, x[i], f0).typical(spec.typical_scale(i, x[i], explicit));
    let sweep = steps(site.scale)
        .map(|h| Step {
            h,
            fd: fd::central(&mut line, &site, h).map(|c| c.slope),
        })
        .collect();
    Some((site.central_step(), sweep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_steps_a_decade_from_a_tenth_to_1e_13() {
        let h: Vec<f64> = steps(1.0).collect();
        assert_eq!(h.len(), 25);
        assert!((h[0] - 0.1).abs() < 1e-15 && (h[24] / 1e-13 - 1.0).abs() < 1e-12);
        assert!(h
            .windows(2)
            .all(|w| (w[0] / w[1] - 10f64.sqrt()).abs() < 1e-9));
    }
}
