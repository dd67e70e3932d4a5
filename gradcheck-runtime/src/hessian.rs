//! The Hessian check: the hand-written Hessian against second-order duals (vector hyper-dual
//! numbers, a block of the upper triangle per pass), its symmetry, and finite differences of the dual
//! gradient as the witness where they disagree.

use crate::eval::{guarded, Evaluator};
use crate::fd::Line;
use crate::finding::{Finding, Kind};
use crate::function::Function;
use crate::points;
use crate::report::Report;
use crate::spec::Spec;
use crate::tolerance::Tolerance;
use crate::witness;
use crate::Rows;
use rayon::prelude::*;

/// Checks the hand-written Hessian at every point of `spec`.
pub(crate) fn check<F: Function>(spec: &Spec, f: &F, hessian: Rows<'_>) -> Report {
    let mut report = Report::new(spec.function(), spec.effective_seed());
    let points = match points::validated(spec) {
        Ok(p) => p,
        Err(problem) => return crate::gradient::rejected(report, spec, problem),
    };
    let ev = Evaluator::new(f);
    let tol = Tolerance::from_spec(spec);
    // Points in parallel, findings collected in point order.
    let per_point: Vec<Vec<Finding>> = points
        .par_iter()
        .map(|x| check_point(&ev, x, hessian, tol))
        .collect();
    for findings in per_point {
        report.points_checked += 1;
        report.record(spec, "hessian", findings);
    }
    report.evaluations = ev.evaluations();
    report.set_reproduce(crate::output::reproduce_line(spec));
    report
}

/// How the exact Hessian is computed. Measured by `cargo run --release -p gradcheck-runtime
/// --example scaling` (BENCHMARKS.md, "Hessian").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// One `HyperDual64` pass per entry of the upper triangle: n(n+1)/2 passes.
    PerEntry,
    /// One `HyperDualSVec64<B, B>` pass per B×B block on or above the diagonal: about
    /// n²/(2B²) passes, each carrying B² second derivatives.
    Blocks(usize),
}

/// The method for `n` inputs. Measured (BENCHMARKS.md, "Hessian"): 8×8 blocks are 1.5–6×
/// faster than one `HyperDual64` per entry from n ≈ 20 on; below that every method takes
/// microseconds and 4×4 blocks waste least on padding.
pub(crate) fn method(n: usize) -> Method {
    if n >= 16 {
        Method::Blocks(8)
    } else {
        Method::Blocks(4)
    }
}

/// The exact Hessian of a scalar function at `x`, or why it could not be computed.
pub(crate) fn exact<F: Function + ?Sized>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
) -> Result<Vec<Vec<f64>>, Box<Finding>> {
    exact_with(ev, x, method(x.len()))
}

/// The exact Hessian by `method` (every method gives the same matrix up to rounding).
pub(crate) fn exact_with<F: Function + ?Sized>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
    method: Method,
) -> Result<Vec<Vec<f64>>, Box<Finding>> {
    match method {
        Method::PerEntry => per_entry(ev, x),
        Method::Blocks(2) => blocks::<F, 2>(ev, x),
        Method::Blocks(4) => blocks::<F, 4>(ev, x),
        Method::Blocks(8) => blocks::<F, 8>(ev, x),
        Method::Blocks(_) => blocks::<F, 4>(ev, x),
    }
}

fn hyper_dual_failure(x: &[f64], e: &crate::eval::EvalError) -> Box<Finding> {
    Box::new(Finding::new(
        Kind::Panic,
        x,
        format!("the function {e} when evaluated with hyper-dual numbers"),
    ))
}

fn not_scalar(x: &[f64], outputs: usize) -> Box<Finding> {
    Box::new(Finding::new(
        Kind::HessianMismatch,
        x,
        format!("a Hessian check needs a scalar function; this one returns {outputs} values"),
    ))
}

fn per_entry<F: Function + ?Sized>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
) -> Result<Vec<Vec<f64>>, Box<Finding>> {
    let n = x.len();
    let mut h = vec![vec![0.0; n]; n];
    #[allow(clippy::needless_range_loop)] // (i, j) index the seeds as well as h
    for i in 0..n {
        for j in i..n {
            let out = ev.second(x, i, j).map_err(|e| hyper_dual_failure(x, &e))?;
            if out.len() != 1 {
                return Err(not_scalar(x, out.len()));
            }
            h[i][j] = out[0].eps1eps2;
            h[j][i] = out[0].eps1eps2;
        }
    }
    Ok(h)
}

/// The upper triangle in aligned B×B blocks, mirrored into the lower one.
fn blocks<F: Function + ?Sized, const B: usize>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
) -> Result<Vec<Vec<f64>>, Box<Finding>> {
    let n = x.len();
    let mut h = vec![vec![0.0; n]; n];
    for a in (0..n).step_by(B) {
        let rows = a..(a + B).min(n);
        for b in (a..n).step_by(B) {
            let cols = b..(b + B).min(n);
            let (outputs, block) = ev
                .second_block::<B, B>(x, rows.clone(), cols.clone())
                .map_err(|e| hyper_dual_failure(x, &e))?;
            if outputs != 1 {
                return Err(not_scalar(x, outputs));
            }
            for i in rows.clone() {
                for j in cols.clone().filter(|&j| j >= i) {
                    h[i][j] = block[i - a][j - b];
                    h[j][i] = block[i - a][j - b];
                }
            }
        }
    }
    Ok(h)
}

fn check_point<F: Function>(
    ev: &Evaluator<'_, F>,
    x: &[f64],
    hessian: Rows<'_>,
    tol: Tolerance,
) -> Vec<Finding> {
    let n = x.len();
    let mut out = Vec::new();
    match ev.value(x) {
        Ok(v) if v.iter().all(|y| y.is_finite()) => {}
        Ok(_) => {
            out.push(Finding::new(
                Kind::NonfiniteValue,
                x,
                "the function is not finite here: restrict `domain`",
            ));
            return out;
        }
        Err(e) => {
            out.push(Finding::new(Kind::Panic, x, format!("the function {e}")));
            return out;
        }
    }
    let hand = match guarded(|| hessian(x)) {
        Ok(h) => h,
        Err(msg) => {
            out.push(Finding::new(
                Kind::Panic,
                x,
                format!("the hand-written Hessian panicked: {msg}"),
            ));
            return out;
        }
    };
    if hand.len() != n || hand.iter().any(|r| r.len() != n) {
        out.push(Finding::new(
            Kind::HessianMismatch,
            x,
            format!(
                "the hand-written Hessian has the wrong shape: {} rows of lengths {:?}, expected {n}×{n} (one row and column per differentiable scalar)",
                hand.len(),
                hand.iter().map(Vec::len).collect::<Vec<_>>()
            ),
        ));
        return out;
    }
    let exact = match exact(ev, x) {
        Ok(h) => h,
        Err(f) => {
            out.push(*f);
            return out;
        }
    };
    let row_max = exact.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    for i in 0..n {
        for j in 0..n {
            let (e, g) = (exact[i][j], hand[i][j]);
            if !e.is_finite() {
                let mut f = Finding::new(Kind::NonfiniteDerivative, x, format!("the second derivative is {e} here: the function is not twice differentiable at this point")).component(i);
                f.column = Some(j);
                out.push(f);
                continue;
            }
            if j > i && !tol.agrees(hand[j][i], g, row_max) {
                let mut f = Finding::new(
                    Kind::HessianMismatch,
                    x,
                    format!("the hand-written Hessian is not symmetric: entry ({i}, {j}) is {g:.6e} but ({j}, {i}) is {:.6e}; a Hessian of a twice continuously differentiable function is symmetric", hand[j][i]),
                )
                .component(i)
                .values(hand[j][i], g, Tolerance::scale(hand[j][i], g));
                f.column = Some(j);
                out.push(f);
                continue;
            }
            if tol.agrees(e, g, row_max) {
                continue;
            }
            // The witness: the dual gradient's component i along j, differenced.
            let mut line = |s: f64| {
                let mut xs = x.to_vec();
                xs[j] = s;
                let mut v = vec![0.0; n];
                v[i] = 1.0;
                ev.directional(&xs, &v)
                    .ok()
                    .and_then(|d| d.slopes.first().copied())
                    .filter(|s| s.is_finite())
            };
            let fd = line
                .at(x[j])
                .and_then(|g0| witness::cheap(&mut line, x[j], g0));
            let mut f = Finding::new(
                Kind::HessianMismatch,
                x,
                format!(
                    "the hand-written Hessian disagrees with second-order dual numbers{}: fix entry ({i}, {j})",
                    fd.map(|d| format!(" (finite differences of the gradient give {:.6e} ± {:.1e})", d.value, d.error)).unwrap_or_default()
                ),
            )
            .component(i)
            .values(e, g, Tolerance::scale(e, g));
            f.column = Some(j);
            f.tolerance = Some(tol.allowed(e, g, row_max));
            f.fd = fd.map(|d| d.value);
            f.fd_error = fd.map(|d| d.error);
            out.push(f);
        }
    }
    out
}
