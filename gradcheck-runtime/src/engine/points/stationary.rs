//! Stationary points: where the gradient is (nearly) zero. A term missing from a hand-written
//! gradient is invisible where the rest of the gradient is large (a regularisation term of
//! 1e-6·‖w‖² next to a data term of 1e6 is 1e-12 of it) and plain to see where the rest
//! cancels, which is exactly where an optimiser ends up. A few steps of descent with the
//! exact dual gradient lead there from a random point: Newton's steps with the exact
//! Hessian for a few inputs (a quadratic's minimum in one step), Barzilai–Borwein gradient
//! steps above; each step backtracks until the value decreases, and stays in the box.
//!
//! Descents from different starts often end at the same minimum: [`distinct`] keeps the
//! first of the ends that are one point, so the report does not say the same point (and its
//! findings) twice.

use super::explore::DECADES;
use crate::engine::subject::{Exact, Subject};
use crate::spec::boxes::Boxes;
use nalgebra::{DMatrix, DVector};

/// Up to this many inputs the step is Newton's, with the exact Hessian (hyper-dual blocks:
/// 10 passes at n = 16).
const NEWTON_MAX_N: usize = 16;
/// Up to this many inputs the check looks for stationary points at all: a descent step costs
/// a Jacobian (n/2 vector-dual passes), and 25 steps at n = 256 cost about as much as one point.
pub(crate) const STATIONARY_MAX_N: usize = 256;
/// Newton converges in a few steps or not at all; gradient steps need more.
const NEWTON_STEPS: usize = 8;
const GRADIENT_STEPS: usize = 25;
/// Halvings of a step before the descent gives up.
const BACKTRACKS: usize = 40;
/// Armijo's sufficient decrease.
const ARMIJO: f64 = 1e-4;

/// The ends of the descents from `starts`, in order, without an end that repeats an earlier
/// one (see [`same`]): the decision depends on the ends alone, so the points are the same
/// whichever thread ran which descent.
pub(crate) fn distinct(ends: Vec<Vec<f64>>, boxes: &Boxes, eps: f64) -> Vec<Vec<f64>> {
    let mut kept: Vec<Vec<f64>> = Vec::with_capacity(ends.len());
    for end in ends {
        if !kept.iter().any(|k| same(k, &end, boxes, eps)) {
            kept.push(end);
        }
    }
    kept
}

/// Whether two ends of descent are one point: each component within the descent's own
/// resolution of its scale. A descent stops where no step lowers the value, and near a
/// minimum f(x*+δ) − f(x*) ≈ ½·H·δ² is lost in f's rounding (eps·|f|) once δ is below about
/// √eps of x's scale: two descents to one minimum end within √eps of each other, not always
/// closer (measured by the tests: ends of 4 descents to one minimum the same to the bit with
/// Newton's steps at n = 3, 5.8e-9 of the box apart with gradient steps at n = 20; √eps = 1.5e-8).
/// The scale is the component's magnitude, and at least its box's width (a minimum at 0 has no
/// magnitude of its own).
fn same(a: &[f64], b: &[f64], boxes: &Boxes, eps: f64) -> bool {
    let tol = eps.sqrt();
    a.iter().zip(b).enumerate().all(|(i, (&u, &v))| {
        let r = boxes.range(i);
        let scale = u.abs().max(v.abs()).max(r.end - r.start);
        (u - v).abs() <= tol * scale
    })
}

/// Where the descent from `start` ends: a point of the box (components without a box of the
/// user's may go to the explored magnitudes) with a smaller value. `start` itself when there
/// are no dual numbers or the function is not scalar.
pub(crate) fn descend(subject: &dyn Subject, boxes: &Boxes, start: &[f64]) -> Vec<f64> {
    let bounds: Vec<(f64, f64)> = (0..boxes.len())
        .map(|i| {
            if boxes.user(i) {
                boxes.edges(i)
            } else {
                let far = 10f64.powf(DECADES.1);
                (-far, far)
            }
        })
        .collect();
    let clamp = |x: &mut [f64]| {
        for (v, (lo, hi)) in x.iter_mut().zip(&bounds) {
            *v = v.clamp(*lo, *hi);
        }
    };
    let mut x = start.to_vec();
    clamp(&mut x);
    let Some(ex) = subject.exact() else {
        return x;
    };
    let value = |y: &[f64]| match subject.value(y) {
        Ok(v) if v.len() == 1 && v[0].is_finite() => Some(v[0]),
        _ => None,
    };
    let Some(mut fx) = value(&x) else {
        return x;
    };
    let n = x.len();
    let newton = n <= NEWTON_MAX_N;
    let steps = if newton { NEWTON_STEPS } else { GRADIENT_STEPS };
    let mut previous: Option<(Vec<f64>, Vec<f64>)> = None; // (step, gradient) for BB
    for _ in 0..steps {
        let Some(g) = gradient(ex, &x) else { break };
        let gnorm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
        if gnorm == 0.0 {
            break;
        }
        let d = match newton.then(|| newton_step(ex, &x, &g)).flatten() {
            Some(d) => d,
            None => {
                let alpha = match &previous {
                    Some((s, g0)) => {
                        let dy: Vec<f64> = g.iter().zip(g0).map(|(a, b)| a - b).collect();
                        let sy: f64 = s.iter().zip(&dy).map(|(a, b)| a * b).sum();
                        let ss: f64 = s.iter().map(|a| a * a).sum();
                        if sy > 0.0 {
                            ss / sy
                        } else {
                            1.0 / gnorm
                        }
                    }
                    None => 1.0 / gnorm,
                };
                g.iter().map(|v| -alpha * v).collect()
            }
        };
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..BACKTRACKS {
            let mut y: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + t * b).collect();
            clamp(&mut y);
            let slope: f64 = g
                .iter()
                .zip(y.iter().zip(&x))
                .map(|(gi, (a, b))| gi * (a - b))
                .sum();
            if let Some(fy) = value(&y) {
                if slope < 0.0 && fy <= fx + ARMIJO * slope {
                    accepted = Some((y, fy));
                    break;
                }
            }
            t *= 0.5;
        }
        let Some((y, fy)) = accepted else { break };
        previous = Some((y.iter().zip(&x).map(|(a, b)| a - b).collect(), g));
        x = y;
        fx = fy;
    }
    x
}

/// The exact gradient of a scalar function at `x`, when finite.
fn gradient(ex: &dyn Exact, x: &[f64]) -> Option<Vec<f64>> {
    let (_, mut rows) = ex.jacobian(x).ok()?;
    if rows.len() != 1 {
        return None;
    }
    let g = rows.swap_remove(0);
    g.iter().all(|v| v.is_finite()).then_some(g)
}

/// Newton's step −H⁻¹g where the exact Hessian is positive definite (else the caller takes a
/// gradient step: Newton's step would head for a maximum or a saddle).
fn newton_step(ex: &dyn Exact, x: &[f64], g: &[f64]) -> Option<Vec<f64>> {
    let h = ex.hessian(x).ok()?.ok()?;
    let n = x.len();
    let m = DMatrix::from_fn(n, n, |i, j| h[i][j]);
    if m.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let chol = m.cholesky()?;
    let d = chol.solve(&DVector::from_column_slice(g));
    Some(d.iter().map(|v| -v).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::subject::Evaluator;
    use crate::{Function, Layout, Number, Spec};

    /// One minimum at 0.3 in every component (not a quadratic: Newton needs several steps).
    struct Bowl;
    impl Function for Bowl {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            let mut f = D::from(1.0);
            for (i, &v) in x.iter().enumerate() {
                let d = v - 0.3;
                f += d * d * (1.0 + i as f64 * 0.2) + d.powi(4);
            }
            vec![f]
        }
    }

    /// Two minima, at x = ±0.5 (y = 0).
    struct Wells;
    impl Function for Wells {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            let w = x[0] * x[0] - 0.25;
            vec![w * w + x[1] * x[1]]
        }
    }

    fn ends<F: Function<Real = f64>>(f: &F, starts: &[Vec<f64>]) -> (Vec<Vec<f64>>, Boxes) {
        let spec = Spec::new("t::f", Layout::flat(starts[0].len())).domain(-1.0..1.0);
        let boxes = Boxes::of(&spec);
        let ev = Evaluator::new(f);
        let ends = starts.iter().map(|s| descend(&ev, &boxes, s)).collect();
        (ends, boxes)
    }

    /// The largest difference between two ends, relative to the box's width (2).
    fn spread(ends: &[Vec<f64>]) -> f64 {
        let mut worst: f64 = 0.0;
        for a in ends {
            for (u, v) in a.iter().zip(&ends[0]) {
                worst = worst.max((u - v).abs() / 2.0);
            }
        }
        worst
    }

    #[test]
    fn descents_to_one_minimum_are_one_point_with_newton_and_with_gradient_steps() {
        let eps = f64::EPSILON;
        // n = 3: Newton's steps; n = 20: Barzilai–Borwein gradient steps.
        for n in [3, 20] {
            let starts: Vec<Vec<f64>> = [-0.9, -0.2, 0.5, 0.8]
                .iter()
                .map(|&s| (0..n).map(|i| s + 0.01 * i as f64).collect())
                .collect();
            let (ends, boxes) = ends(&Bowl, &starts);
            let apart = spread(&ends);
            println!(
                "n = {n}: ends {apart:.1e} apart relative (√eps = {:.1e})",
                eps.sqrt()
            );
            assert!(
                ends.iter().flatten().all(|v| (v - 0.3).abs() < 1e-6),
                "{ends:?}"
            );
            assert_eq!(distinct(ends, &boxes, eps).len(), 1, "n = {n}");
        }
    }

    #[test]
    fn descents_to_two_minima_are_two_points_kept_in_start_order() {
        let starts = [
            vec![0.9, 0.3],
            vec![-0.8, -0.4],
            vec![0.2, 0.7],
            vec![-0.3, 0.1],
        ];
        let (ends, boxes) = ends(&Wells, &starts);
        let kept = distinct(ends, &boxes, f64::EPSILON);
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!((kept[0][0] - 0.5).abs() < 1e-6 && (kept[1][0] + 0.5).abs() < 1e-6);
    }

    #[test]
    fn points_closer_than_the_resolution_are_one_and_farther_ones_two() {
        let spec = Spec::new("t::f", Layout::flat(2)).domain(-1.0..1.0);
        let boxes = Boxes::of(&spec);
        let eps = f64::EPSILON;
        let a = vec![0.3, 0.0];
        // Within √eps of the box's width at a component of magnitude 0, and of 1e6's scale.
        assert!(same(&a, &[0.3 + 1e-9, 2e-8], &boxes, eps));
        assert!(same(&[1e6, 0.0], &[1e6 + 1e-3, 0.0], &boxes, eps));
        assert!(!same(&a, &[0.3 + 1e-6, 0.0], &boxes, eps));
        assert!(!same(&a, &[0.3, 1e-6], &boxes, eps));
    }
}
