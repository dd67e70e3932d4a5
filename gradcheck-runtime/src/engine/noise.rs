//! The rounding noise at one point, measured where the cheap path does not settle: a bound on
//! the rounding error of each value (one evaluation at `Rounded`) and of each dual derivative
//! (one `Dual<Rounded>` pass per coordinate asked for).
//!
//! The noise of a value, or of a derivative, scales with the size of the terms that produced
//! it, not with the result (`t − sin t` at 1e-5 rounds like 1e-5, not like its 1.7e-16; a
//! confident cross-entropy is exactly 0 in floating point and still carries the rounding of
//! its terms of 40). Evaluating the function itself on a number type that carries a running
//! error bound measures exactly that, at the cost of a few plain evaluations, and only at the
//! points and entries that need it.

use super::subject::Subject;
use std::cell::{OnceCell, RefCell};

/// The noise of one point, measured lazily and kept for every entry of the point.
pub(crate) struct PointNoise<'a> {
    subject: &'a dyn Subject,
    x: &'a [f64],
    values: OnceCell<Vec<f64>>,
    dual_values: OnceCell<Vec<f64>>,
    columns: RefCell<Vec<(usize, Vec<f64>)>>,
}

impl<'a> PointNoise<'a> {
    pub(crate) fn new(subject: &'a dyn Subject, x: &'a [f64]) -> Self {
        PointNoise {
            subject,
            x,
            values: OnceCell::new(),
            dual_values: OnceCell::new(),
            columns: RefCell::new(Vec::new()),
        }
    }

    /// A bound on the rounding error of output `row`'s value (0 where it cannot be measured:
    /// a plain closure, or an evaluation that failed).
    pub(crate) fn value(&self, row: usize) -> f64 {
        let bounds = self
            .values
            .get_or_init(|| self.subject.value_noise(self.x).unwrap_or_default());
        finite_or_zero(bounds.get(row).copied())
    }

    /// How far the value computed with dual numbers may be from the plain one by rounding
    /// alone: num-dual computes some values by other formulas (`powi` as `x^(n-3)·x·x·x`, `tanh`
    /// as `sinh/cosh`), each within its own bound of the exact value.
    pub(crate) fn dual_value_gap(&self, row: usize) -> f64 {
        let dual = self.dual_values.get_or_init(|| {
            self.subject
                .exact()
                .and_then(|ex| ex.rounding(self.x, &vec![0.0; self.x.len()]).ok())
                .map(|r| r.value_bounds)
                .unwrap_or_default()
        });
        self.value(row) + finite_or_zero(dual.get(row).copied())
    }

    /// A bound on the rounding error of the dual derivative of output `row` along coordinate
    /// `i` (0 where it cannot be measured).
    pub(crate) fn column(&self, i: usize, row: usize) -> f64 {
        if let Some((_, b)) = self.columns.borrow().iter().find(|(j, _)| *j == i) {
            return finite_or_zero(b.get(row).copied());
        }
        let bounds = self
            .subject
            .exact()
            .and_then(|ex| {
                let mut v = vec![0.0; self.x.len()];
                v[i] = 1.0;
                ex.rounding(self.x, &v).ok()
            })
            .map(|r| r.slope_bounds)
            .unwrap_or_default();
        let b = finite_or_zero(bounds.get(row).copied());
        self.columns.borrow_mut().push((i, bounds));
        b
    }
}

/// An unknown bound (an overflow inside the bounded evaluation) says nothing: 0.
fn finite_or_zero(b: Option<f64>) -> f64 {
    b.filter(|b| b.is_finite()).unwrap_or(0.0)
}
