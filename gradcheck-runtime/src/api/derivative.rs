//! The adaptive finite difference as a tool of its own, for derivatives of plain `f64`
//! functions outside a check (and for measuring the witness the engine relies on).

use crate::numerics::fd::{self, Estimate, Site};
use std::cell::Cell;

/// The relative error estimate below which the cheap Richardson pair is accepted; above it,
/// Ridders' extrapolation is run.
const ESCALATE_ABOVE: f64 = 1e-9;

/// The derivative of `f` at `x` by finite differences, with an error estimate and the number
/// of evaluations spent.
///
/// A central difference at the step ε^(1/3)·max(|x|, 1) and at twice that step, combined by
/// Richardson extrapolation (4 evaluations); where its error estimate exceeds
/// 1e-9 of the value (plus the rounding floor), Ridders' extrapolation from a
/// larger step refines it. Returns `None` when `f` is not finite near `x`.
///
/// ```
/// let (d, evaluations) = gradcheck_runtime::derivative(f64::sin, 1.0).unwrap();
/// assert!((d.value - 1f64.cos()).abs() < 1e-10 && d.error < 1e-8);
/// assert!(evaluations <= 24);
/// ```
pub fn derivative(f: impl Fn(f64) -> f64, x: f64) -> Option<(Estimate, usize)> {
    let count = Cell::new(0usize);
    let mut line = |s: f64| {
        count.set(count.get() + 1);
        Some(f(s)).filter(|v| v.is_finite())
    };
    let f0 = f(x);
    let site = Site::new(&line, x, f0);
    let cheap = fd::richardson(&mut line, &site)?;
    let floor = 1e3 * site.rounding(f0.abs()) / site.scale;
    if cheap.error <= ESCALATE_ABOVE * cheap.value.abs() + floor {
        return Some((cheap, count.get()));
    }
    let refined = fd::ridders(&mut line, &site, 1e-2 * site.scale)?;
    let best = if refined.error < cheap.error {
        refined
    } else {
        cheap
    };
    Some((best, count.get()))
}
