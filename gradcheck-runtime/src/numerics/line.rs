//! The user's function along a line through the point (a coordinate, or a direction), with
//! every evaluation cached so that the outputs of a vector function share them.
//!
//! Evaluations along a line are the hot path of a check (full mode makes 2n of them at a
//! random point, each at a point of n components), so a line moves one point in place and
//! allocates nothing per evaluation but the function's own output: at n = 10^5 a fresh copy
//! of the point per evaluation cost as much as an evaluation of Rosenbrock.

use super::fd::Line;
use super::signs::Signs;
use crate::engine::subject::EvalError;
use crate::precision::Profile;
use std::cell::RefCell;

/// The function's values at a point, however they are computed. The point is a vector the
/// line keeps, so that a function over `f64` can read it in place.
pub(crate) type Values<'e> = &'e dyn Fn(&Vec<f64>) -> Result<Vec<f64>, EvalError>;

/// The evaluations along one line: the values at each coordinate `s` asked for, and the first
/// evaluation that failed.
struct Cache {
    profile: &'static Profile,
    /// `s` by its bits, and the values there (`None`: failed or not finite).
    values: RefCell<Vec<(u64, Option<Vec<f64>>)>>,
    failure: RefCell<Option<EvalError>>,
}

impl Cache {
    fn new(profile: &'static Profile) -> Self {
        Cache {
            profile,
            values: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
        }
    }

    /// Output `row` at `s`, evaluated by `eval` unless it was before.
    fn value(
        &self,
        s: f64,
        row: usize,
        eval: impl FnOnce() -> Result<Vec<f64>, EvalError>,
    ) -> Option<f64> {
        let key = s.to_bits();
        if let Some((_, v)) = self.values.borrow().iter().find(|(k, _)| *k == key) {
            return v.as_ref().map(|v| v[row]);
        }
        let v = match eval() {
            Ok(v) if v.iter().all(|y| y.is_finite()) => Some(v),
            Ok(_) => None,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                None
            }
        };
        let y = v.as_ref().map(|v| v[row]);
        self.values.borrow_mut().push((key, v));
        y
    }

    /// Forgets the evaluations (keeping the memory), for another line.
    fn clear(&self) {
        self.values.borrow_mut().clear();
        self.failure.borrow_mut().take();
    }
}

/// The function of coordinate `i` with the others held at the point; remembers each
/// evaluation (a Jacobian's rows read the same stencils). The point is borrowed, not copied:
/// a copy per component would cost O(n²) in full mode.
pub(crate) struct Coordinate<'e> {
    ev: Values<'e>,
    x: &'e RefCell<Vec<f64>>,
    i: usize,
    cache: Cache,
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
            cache: Cache::new(profile),
        }
    }

    /// The same function along coordinate `i` instead, its evaluations forgotten (full mode
    /// moves one line from component to component rather than allocating one per component).
    pub(crate) fn move_to(&mut self, i: usize) {
        self.i = i;
        self.cache.clear();
    }

    fn value(&self, s: f64, row: usize) -> Option<f64> {
        self.cache.value(s, row, || {
            let mut x = self.x.borrow_mut();
            let saved = x[self.i];
            x[self.i] = s;
            let r = (self.ev)(&x);
            x[self.i] = saved;
            r
        })
    }

    /// The first evaluation that failed along the line, if any (taken: asked once per line).
    pub(crate) fn failure(&self) -> Option<EvalError> {
        self.cache.failure.borrow_mut().take()
    }

    /// The line of output `row`.
    pub(crate) fn output(&self, row: usize) -> Output<'_, Coordinate<'e>> {
        Output { line: self, row }
    }
}

/// A direction: a vector, or one of a set of sign directions kept as bits (the same numbers,
/// without a vector of n `f64` to build and read).
#[derive(Clone, Copy)]
pub(crate) enum Towards<'a> {
    Dense(&'a [f64]),
    Signs(&'a Signs, usize),
}

/// The function along a direction: s ↦ f(x + s·σ·v), the point built in one buffer the line
/// keeps (and may share with the next direction's line).
pub(crate) struct Ray<'e> {
    ev: Values<'e>,
    x: &'e [f64],
    v: Towards<'e>,
    sigma: f64,
    buf: &'e RefCell<Vec<f64>>,
    cache: Cache,
}

impl<'e> Ray<'e> {
    /// The line through `x` along `σ·v`, the points built in `buf`.
    pub(crate) fn new(
        ev: Values<'e>,
        x: &'e [f64],
        v: Towards<'e>,
        sigma: f64,
        buf: &'e RefCell<Vec<f64>>,
        profile: &'static Profile,
    ) -> Self {
        Ray {
            ev,
            x,
            v,
            sigma,
            buf,
            cache: Cache::new(profile),
        }
    }

    fn value(&self, s: f64, row: usize) -> Option<f64> {
        self.cache.value(s, row, || {
            let mut buf = self.buf.borrow_mut();
            let step = s * self.sigma;
            match self.v {
                Towards::Dense(v) => {
                    buf.resize(self.x.len(), 0.0);
                    for ((y, &a), &b) in buf.iter_mut().zip(self.x).zip(v) {
                        *y = a + step * b;
                    }
                }
                Towards::Signs(signs, d) => signs.offset(d, self.x, step, &mut buf),
            }
            (self.ev)(&buf)
        })
    }

    /// The first evaluation that failed along the line, if any (taken: asked once per line).
    pub(crate) fn failure(&self) -> Option<EvalError> {
        self.cache.failure.borrow_mut().take()
    }

    /// The line of output `row`.
    pub(crate) fn output(&self, row: usize) -> Output<'_, Ray<'e>> {
        Output { line: self, row }
    }
}

/// A line with outputs: [`Coordinate`] or [`Ray`].
pub(crate) trait Outputs {
    fn value(&self, s: f64, row: usize) -> Option<f64>;
    fn profile(&self) -> &'static Profile;
}

impl Outputs for Coordinate<'_> {
    fn value(&self, s: f64, row: usize) -> Option<f64> {
        Coordinate::value(self, s, row)
    }
    fn profile(&self) -> &'static Profile {
        self.cache.profile
    }
}

impl Outputs for Ray<'_> {
    fn value(&self, s: f64, row: usize) -> Option<f64> {
        Ray::value(self, s, row)
    }
    fn profile(&self) -> &'static Profile {
        self.cache.profile
    }
}

/// One output of a line as a function of one variable.
pub(crate) struct Output<'c, L> {
    line: &'c L,
    row: usize,
}

impl<L: Outputs> Line for Output<'_, L> {
    fn at(&mut self, s: f64) -> Option<f64> {
        self.line.value(s, self.row)
    }

    fn profile(&self) -> &'static Profile {
        self.line.profile()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::F64;
    use std::cell::Cell;

    #[test]
    fn a_coordinate_evaluates_each_step_once_and_restores_the_point() {
        let calls = Cell::new(0);
        let f = |x: &Vec<f64>| {
            calls.set(calls.get() + 1);
            Ok(vec![x[0] * x[1], x[0] + x[1]])
        };
        let x = RefCell::new(vec![2.0, 3.0]);
        let mut line = Coordinate::new(&f, &x, 1, &F64);
        assert_eq!(line.output(0).at(5.0), Some(10.0));
        assert_eq!(line.output(1).at(5.0), Some(7.0));
        assert_eq!(calls.get(), 1, "the rows share the evaluation");
        assert_eq!(*x.borrow(), vec![2.0, 3.0]);
        line.move_to(0);
        assert_eq!(line.output(0).at(5.0), Some(15.0));
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn a_ray_walks_along_its_scaled_direction_and_keeps_failures() {
        let f = |x: &Vec<f64>| {
            if x[0] > 10.0 {
                Err(EvalError::Panic("too far".into()))
            } else {
                Ok(vec![x[0] + 10.0 * x[1]])
            }
        };
        let (x, v) = ([1.0, 2.0], [0.6, 0.8]);
        let buf = RefCell::new(Vec::new());
        let ray = Ray::new(&f, &x, Towards::Dense(&v), 2.0, &buf, &F64);
        // x + 1·2·v = (2.2, 3.6)
        assert!((ray.output(0).at(1.0).unwrap() - 38.2).abs() < 1e-12);
        assert_eq!(ray.output(0).at(100.0), None);
        assert_eq!(ray.failure(), Some(EvalError::Panic("too far".into())));
        assert_eq!(ray.failure(), None, "taken once");
    }
}
