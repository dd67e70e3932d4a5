//! What a run hands to the analyses across its points: the matrices each point compared
//! ([`Seen`]), the run to look back on ([`Run`]), and the trait the analyses implement
//! ([`Across`]), so that the engine drives them without depending on them.

use super::points::Point;
use super::subject::{Matrix, Subject};
use super::{PointCheck, Points};
use crate::numerics::tolerance::Tolerance;
use crate::report::finding::Kind;
use crate::report::Report;
use crate::spec::Spec;

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

/// What is said across the points of a run: folded point by point (in any order: points run
/// in parallel), finished once the run is over.
pub(crate) trait Across: Sync {
    /// Takes in what one point compared.
    fn fold(&self, seen: &Seen);
    /// Adds to the report what only the set of points shows.
    fn finish(&self, run: &Run<'_>, report: &mut Report);
}

/// No analysis across points (the engine's own one-component checks).
pub(crate) struct Nothing;

impl Across for Nothing {
    fn fold(&self, _: &Seen) {}
    fn finish(&self, _: &Run<'_>, _: &mut Report) {}
}
