//! From a direction that disagrees to the component that is wrong: bisection over the
//! direction's support, then the full check of that one component, which names it and gives
//! the verdict.

use crate::checks::full::Full;
use crate::engine::subject::{Directional, EvalError, Exact, Matrix, Rounding, Subject};
use crate::engine::{self};
use crate::numerics::signs::{dot, Dot};
use crate::precision::Profile;
use crate::report::finding::Finding;
use crate::spec::Spec;
use crate::Rows;
use std::ops::Range;

/// The component a directional disagreement concentrates in: halve the direction's support,
/// keeping the half whose disagreement is larger against its own tolerance. `slope` gives the
/// trusted directional derivative along a masked direction (exact by duals, or by finite
/// differences) and `allowed` the tolerance of a comparison; log₂(n) levels of two calls each.
pub(crate) fn bisect(
    g: &[f64],
    v: &[f64],
    mut slope: impl FnMut(&[f64]) -> Option<f64>,
    allowed: impl Fn(&Dot, f64) -> f64,
) -> usize {
    let n = v.len();
    let mut masked = vec![0.0; n];
    let mut score = |r: Range<usize>| -> f64 {
        masked[r.clone()].copy_from_slice(&v[r.clone()]);
        let trusted = slope(&masked).unwrap_or(f64::NAN);
        masked[r.clone()].iter_mut().for_each(|a| *a = 0.0);
        let d = dot(g, v, r);
        let s = (d.value - trusted).abs() / allowed(&d, trusted).max(f64::MIN_POSITIVE);
        if s.is_nan() {
            f64::INFINITY
        } else {
            s
        }
    };
    let mut r = 0..n;
    while r.len() > 1 {
        let mid = r.start + r.len() / 2;
        let (a, b) = (r.start..mid, mid..r.end);
        r = if score(a.clone()) >= score(b.clone()) {
            a
        } else {
            b
        };
    }
    r.start
}

/// Runs the full check of component `j` alone (the others held at `x`) and returns its
/// findings, moved to the whole point and named, and whether one of them is an error: a
/// disagreement the full check does not confirm was rounding.
pub(crate) fn localise(
    spec: &Spec,
    subject: &dyn Subject,
    grad: Rows<'_>,
    x: &[f64],
    j: usize,
) -> (Vec<Finding>, bool) {
    let name = spec.layout().component_name(j);
    let restricted = Restricted {
        inner: subject,
        x,
        j,
    };
    let column = |y: &[f64]| -> Matrix {
        let mut xs = x.to_vec();
        xs[j] = y[0];
        grad(&xs)
            .iter()
            .map(|r| vec![r.get(j).copied().unwrap_or(f64::NAN)])
            .collect()
    };
    let one = spec.for_component(j, x[j]);
    let report = engine::run(
        &one,
        &restricted,
        &Full::new(&one, &restricted, Some(&column)),
        &engine::Nothing,
    );
    let mut confirmed = false;
    let findings = report
        .findings()
        .iter()
        .cloned()
        .map(|mut f| {
            confirmed |= f.is_error();
            f.point = x.to_vec();
            f.component = Some(j);
            f.name = Some(name.clone());
            f.origin = None;
            f.message = format!(
                "{} (found along a random direction in fast mode, then checked in full at this component)",
                f.message
            );
            f
        })
        .collect();
    (findings, confirmed)
}

/// The user's function of component `j` alone, the others held at `x`. Its evaluations are
/// counted by the function it restricts.
struct Restricted<'a> {
    inner: &'a dyn Subject,
    x: &'a [f64],
    j: usize,
}

impl Restricted<'_> {
    fn point(&self, y: &[f64]) -> Vec<f64> {
        let mut xs = self.x.to_vec();
        xs[self.j] = y[0];
        xs
    }

    fn unit(&self, scale: f64) -> Vec<f64> {
        let mut e = vec![0.0; self.x.len()];
        e[self.j] = scale;
        e
    }
}

impl Subject for Restricted<'_> {
    fn profile(&self) -> &'static Profile {
        self.inner.profile()
    }

    fn evaluations(&self) -> usize {
        0
    }

    fn value(&self, y: &[f64]) -> Result<Vec<f64>, EvalError> {
        self.inner.value(&self.point(y))
    }

    fn exact(&self) -> Option<&dyn Exact> {
        self.inner.exact().map(|_| self as &dyn Exact)
    }

    fn value_noise(&self, y: &[f64]) -> Option<Vec<f64>> {
        self.inner.value_noise(&self.point(y))
    }
}

impl Exact for Restricted<'_> {
    fn jacobian(&self, y: &[f64]) -> Result<(Vec<f64>, Matrix), EvalError> {
        let d = self.directional(y, &[1.0])?;
        let rows = d.slopes.iter().map(|&s| vec![s]).collect();
        Ok((d.values, rows))
    }

    fn directional(&self, y: &[f64], v: &[f64]) -> Result<Directional, EvalError> {
        let ex = self.inner.exact().expect("restricted only where exact");
        ex.directional(&self.point(y), &self.unit(v[0]))
    }

    fn hessian(&self, _: &[f64]) -> Result<Result<Matrix, usize>, EvalError> {
        Err(EvalError::Panic(
            "the Hessian of one component is not computed".into(),
        ))
    }

    fn rounding(&self, y: &[f64], v: &[f64]) -> Result<Rounding, EvalError> {
        let ex = self.inner.exact().expect("restricted only where exact");
        ex.rounding(&self.point(y), &self.unit(v[0]))
    }
}
