//! The checks, each a [`PointCheck`](crate::engine::PointCheck) run by the one driver: the
//! gradient or Jacobian in full mode (`full`) or along random directions (`fast`), the
//! Hessian (`hessian`) and the value against a reference (`reference`). Which gradient mode
//! runs is decided here, outside the modes.

pub(crate) mod budget;
pub(crate) mod fast;
pub(crate) mod full;
pub(crate) mod hessian;
pub(crate) mod reference;

use crate::analysis::Across;
use crate::engine::subject::Subject;
use crate::engine::{self, points};
use crate::numerics::tolerance::Tolerance;
use crate::report::Report;
use crate::spec::{Mode, Spec, FAST_MODE_THRESHOLD};
use crate::{Rows, Values};

/// The gradient (or Jacobian) check: fast mode when the spec asks for it (or by size), else
/// full mode unless that would blow the time budget.
pub(crate) fn gradient(spec: &Spec, subject: &dyn Subject, grad: Option<Rows<'_>>) -> Report {
    let mut note = None;
    let mut fast = spec.effective_mode() == Mode::Fast;
    if !fast && spec.layout().len() > FAST_MODE_THRESHOLD && points::check(spec).is_ok() {
        // Full mode asked for on a large input: say how long it takes, or switch.
        let plan = points::Plan::new(spec, subject);
        if let Some((text, switch)) =
            budget::full_mode_estimate(subject, &plan.point(0).x, plan.count())
        {
            fast = switch;
            note = Some(text);
        }
    }
    let mut report = if fast {
        engine::run(
            spec,
            subject,
            &fast::Fast::new(spec, subject, grad),
            &Across::new(),
        )
    } else {
        engine::run(
            spec,
            subject,
            &full::Full::new(spec, subject, grad),
            &Across::new(),
        )
    };
    if let Some(note) = note {
        report.note_first(note);
    }
    report
}

/// The Hessian check; `grad` witnesses it where there are no dual numbers.
pub(crate) fn hessian(
    spec: &Spec,
    subject: &dyn Subject,
    hessian: Rows<'_>,
    grad: Option<Rows<'_>>,
) -> Report {
    let check = hessian::Hessian {
        spec,
        subject,
        hessian,
        grad,
        tol: Tolerance::new(spec, subject.profile()),
    };
    engine::run(spec, subject, &check, &Across::new())
}

/// The value against a second implementation.
pub(crate) fn reference(spec: &Spec, subject: &dyn Subject, reference: Values<'_>) -> Report {
    engine::run(
        spec,
        subject,
        &reference::Reference {
            spec,
            subject,
            reference,
        },
        &Across::new(),
    )
}
