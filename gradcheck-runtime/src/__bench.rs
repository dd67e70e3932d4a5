//! Entry points for the measurements in `examples/scaling.rs`. Not public API: they expose
//! internal choices (the vector-dual chunk, the Hessian method) so that they can be timed.

use crate::engine::exact::HessianMethod;
use crate::engine::subject::{Evaluator, Subject};
use crate::function::Function;

/// The exact Jacobian with `chunk` columns per pass (1, 4, 8 or 16) and the evaluations it took.
pub fn jacobian<F: Function>(f: &F, x: &[f64], chunk: usize) -> (Vec<Vec<f64>>, usize) {
    let ev = Evaluator::new(f);
    let j = match chunk {
        1 => ev.jacobian_chunked::<1>(x),
        4 => ev.jacobian_chunked::<4>(x),
        8 => ev.jacobian_chunked::<8>(x),
        16 => ev.jacobian_chunked::<16>(x),
        _ => panic!("chunk {chunk} is not measured: use 1, 4, 8 or 16"),
    };
    (
        j.map(|(_, rows)| rows).unwrap_or_default(),
        ev.evaluations(),
    )
}

/// The exact Hessian by blocks of `block` (2, 4 or 8) or, with `block = 1`, one hyper-dual
/// pass per entry; and the evaluations it took.
pub fn hessian<F: Function>(f: &F, x: &[f64], block: usize) -> (Vec<Vec<f64>>, usize) {
    let ev = Evaluator::new(f);
    let method = if block == 1 {
        HessianMethod::PerEntry
    } else {
        HessianMethod::Blocks(block)
    };
    let h = ev
        .hessian_with(x, method)
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    (h, ev.evaluations())
}

/// The vector-dual chunk in force.
pub const CHUNK: usize = crate::engine::exact::CHUNK;
