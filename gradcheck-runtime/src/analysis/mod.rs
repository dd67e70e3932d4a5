//! What only the set of points can say: the form a wrong derivative takes across them
//! (`forms`: scaled, sign slip, zero, swapped, offset, transposed), errors below the
//! per-point tolerance that are too regular to be rounding (`systematic`), a mismatch
//! confined to one side of a jump of the function (`edge`: the function is the
//! approximation), the simplest point that still fails (`simplest`), the remembered failures
//! (`regressions`) and the intermediates a user traced at the worst point (`traced`).
//!
//! Each point's exact and hand-written matrices ([`Seen`]) are folded into per-entry
//! statistics ([`Analysis`]) as soon as the point is done, so memory does not grow with the
//! number of points; analyses that need a point again recompute it in point order
//! ([`Run::observe`]), which keeps the report independent of the thread count.

mod edge;
mod forms;
mod simplest;
mod stats;
pub(crate) mod steps;
mod systematic;
mod traced;

use crate::engine::{self, Run, Seen};
use crate::report::Report;
pub(crate) use stats::Analysis;
use std::sync::Mutex;

/// Above this many entries (rows × columns) no per-entry statistics are kept: 2^16 entries
/// hold about 10 MB of them.
const MAX_ENTRIES: usize = 1 << 16;

/// The analyses of one run, folded point by point as the engine runs them.
#[derive(Default)]
pub(crate) struct Across(Mutex<Analysis>);

impl Across {
    pub(crate) fn new() -> Self {
        Across::default()
    }
}

impl engine::Across for Across {
    fn fold(&self, seen: &Seen) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).fold(seen);
    }

    fn finish(&self, run: &Run<'_>, report: &mut Report) {
        let analysis = std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()));
        analysis.finish(run, report);
        steps::attach(run.spec, run.subject, report);
    }
}

impl Analysis {
    /// Everything said across points, once the run is over.
    pub(crate) fn finish(self, run: &Run<'_>, report: &mut Report) {
        if let Some(kind) = self.kind() {
            forms::diagnose(&self, run, report);
            systematic::detect(&self, run, report);
            edge::explain(&self, kind, run, report);
        }
        if !report.passed() {
            simplest::search(run, report);
            traced::at_worst(run, report);
        }
    }
}
