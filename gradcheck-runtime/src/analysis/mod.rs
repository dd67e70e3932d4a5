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
pub(crate) mod regressions;
mod simplest;
mod stats;
pub(crate) mod steps;
mod systematic;
mod traced;

use crate::engine::points::Point;
use crate::engine::subject::{Matrix, Subject};
use crate::engine::{PointCheck, Points};
use crate::numerics::tolerance::Tolerance;
use crate::report::finding::{Finding, Kind};
use crate::report::Report;
use crate::spec::Spec;
pub(crate) use stats::Analysis;

/// Above this many entries (rows × columns) no per-entry statistics are kept: 2^16 entries
/// hold about 10 MB of them.
const MAX_ENTRIES: usize = 1 << 16;

/// What one point compared: the exact and the hand-written matrices (a gradient is one row,
/// a Jacobian one row per output, a Hessian n rows) and the tolerance they were compared with.
pub(crate) struct Seen {
    /// `mismatch` (gradient, Jacobian) or `hessian_mismatch`.
    pub kind: Kind,
    pub exact: Matrix,
    pub hand: Matrix,
    /// Per row, the scale the tolerance takes besides the entry itself (the row's largest
    /// entry for a Jacobian, the whole matrix's for a Hessian).
    pub scale: Vec<f64>,
    pub tol: Tolerance,
}

impl Seen {
    /// The allowed |hand − exact| at entry (r, c), as the point's comparison allowed it.
    pub(crate) fn allowed(&self, r: usize, c: usize) -> f64 {
        self.tol
            .allowed(self.exact[r][c], self.hand[r][c], self.scale[r])
    }

    /// Whether the entry's two values were both finite (a non-finite one is judged alone).
    pub(crate) fn finite(&self, r: usize, c: usize) -> bool {
        self.exact[r][c].is_finite() && self.hand[r][c].is_finite()
    }
}

/// The run the analyses look back on.
pub(crate) struct Run<'a> {
    pub spec: &'a Spec,
    pub subject: &'a dyn Subject,
    pub check: &'a dyn PointCheck,
    pub points: &'a Points<'a>,
}

impl Run<'_> {
    /// The matrices at point `k` again.
    pub(crate) fn observe(&self, k: usize) -> Option<(Point, Seen)> {
        let point = self.points.get(k);
        let seen = self.check.observe(&point)?;
        Some((point, seen))
    }
}

/// Where a finding sits in the matrices of [`Seen`]: (row, column).
pub(crate) fn cell(f: &Finding) -> Option<(usize, usize)> {
    match f.kind {
        Kind::Mismatch => Some((f.output.unwrap_or(0), f.component?)),
        Kind::HessianMismatch => Some((f.component?, f.column?)),
        _ => None,
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
