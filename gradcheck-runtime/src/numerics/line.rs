//! The user's function along one coordinate, with every evaluation cached so that the
//! outputs of a vector function share them.

use super::fd::Line;
use crate::engine::subject::EvalError;
use crate::precision::Profile;
use std::cell::RefCell;

/// The function's values at a point, however they are computed.
pub(crate) type Values<'e> = &'e dyn Fn(&[f64]) -> Result<Vec<f64>, EvalError>;

/// The function of coordinate `i` with the others held at the point; remembers each
/// evaluation (a Jacobian's rows read the same stencils). The point is borrowed, not copied:
/// a copy per component would cost O(n²) in full mode.
pub(crate) struct Coordinate<'e> {
    ev: Values<'e>,
    x: &'e RefCell<Vec<f64>>,
    i: usize,
    profile: &'static Profile,
    cache: RefCell<Vec<(u64, Option<Vec<f64>>)>>,
    /// The first evaluation that failed along the line, if any.
    pub(crate) failure: RefCell<Option<EvalError>>,
}

impl<'e> Coordinate<'e> {
    /// The line through `x` (restored after each evaluation) along coordinate `i`, for a
    /// function that computes with `profile`'s precision.
    pub(crate) fn new(
        ev: Values<'e>,
        x: &'e RefCell<Vec<f64>>,
        i: usize,
        profile: &'static Profile,
    ) -> Self {
        Coordinate {
            ev,
            x,
            i,
            profile,
            cache: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
        }
    }

    fn values(&self, s: f64) -> Option<Vec<f64>> {
        let key = s.to_bits();
        if let Some((_, v)) = self.cache.borrow().iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let result = {
            let mut x = self.x.borrow_mut();
            let saved = x[self.i];
            x[self.i] = s;
            let r = (self.ev)(&x);
            x[self.i] = saved;
            r
        };
        let v = match result {
            Ok(v) if v.iter().all(|y| y.is_finite()) => Some(v),
            Ok(_) => None,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                None
            }
        };
        self.cache.borrow_mut().push((key, v.clone()));
        v
    }

    /// The line of output `row`.
    pub(crate) fn output(&self, row: usize) -> Output<'_, 'e> {
        Output { line: self, row }
    }
}

/// One output of a [`Coordinate`] as a function of one variable.
pub(crate) struct Output<'c, 'e> {
    line: &'c Coordinate<'e>,
    row: usize,
}

impl Line for Output<'_, '_> {
    fn at(&mut self, s: f64) -> Option<f64> {
        self.line.values(s).map(|v| v[self.row])
    }

    fn profile(&self) -> &'static Profile {
        self.line.profile
    }
}
