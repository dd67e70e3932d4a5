//! The trace pass: at the worst failing point, one more `Dual` evaluation seeded along the
//! failing component, with `trace!` recording (see `crate::trace`).

use super::Run;
use crate::report::{Report, Trace};

/// Records the user's `trace!` values at the worst error that names a component.
pub(super) fn at_worst(run: &Run<'_>, report: &mut Report) {
    let Some(exact) = run.subject.exact() else {
        return;
    };
    let Some(worst) = report
        .sorted()
        .into_iter()
        .find(|f| f.is_error() && f.component.is_some())
        .cloned()
    else {
        return;
    };
    let c = worst.component.expect("filtered");
    let x = worst.point.clone();
    if c >= x.len() {
        return;
    }
    let mut v = vec![0.0; x.len()];
    v[c] = 1.0;
    let (_, records) = crate::trace::capture(|| exact.directional(&x, &v));
    if records.rows.is_empty() {
        return;
    }
    report.across.trace = Some(Trace {
        point: x,
        along: run.spec.layout().component_name(c),
        rows: records.rows,
        more: records.more,
    });
}
