//! Stationary points: where the gradient is (nearly) zero. A term missing from a hand-written
//! gradient is invisible where the rest of the gradient is large (a regularisation term of
//! 1e-6·‖w‖² next to a data term of 1e6 is 1e-12 of it) and plain to see where the rest
//! cancels, which is exactly where an optimiser ends up. A few steps of descent with the
//! exact dual gradient lead there from a random point: Newton's steps with the exact
//! Hessian for a few inputs (a quadratic's minimum in one step), Barzilai–Borwein gradient
//! steps above; each step backtracks until the value decreases, and stays in the box.

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
