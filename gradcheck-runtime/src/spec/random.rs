//! The random points of a spec: stratified over the box (a seeded Latin hypercube per block of
//! points), drawn one at a time from the seed so that a point does not depend on how many are
//! drawn after it. The engine's plan of points and `Spec::points` both draw them here.

use super::boxes::Boxes;
use super::lhs;
use super::Spec;

/// The stream of the random points (fixed forever, like the seed's other streams).
const RANDOM_STREAM: u64 = 0x4A_4D;

/// The fewest random points: the old default, kept for expensive functions.
pub(crate) const MIN_RANDOM: usize = 16;

/// The random points `spec` fixes: `GRADCHECK_SAMPLES`, `samples`, or none with `at`.
pub(crate) fn fixed(spec: &Spec) -> Option<usize> {
    spec.fixed_samples().or(if spec.explicit.is_empty() {
        None
    } else {
        Some(0)
    })
}

/// The blocks of `count` random points: one block when the count is fixed, else the fixed
/// first block and the rest.
pub(crate) fn blocks(count: usize, budgeted: bool) -> Vec<usize> {
    if budgeted && count > MIN_RANDOM {
        vec![MIN_RANDOM, count - MIN_RANDOM]
    } else {
        vec![count]
    }
}

/// Random point `k` of `spec` for random points in `blocks`.
pub(crate) fn random_point(spec: &Spec, boxes: &Boxes, blocks: &[usize], k: usize) -> Vec<f64> {
    let n = boxes.len();
    let mut x = vec![0.0; n];
    let mut each = boxes.each();
    lhs::unit_point(
        spec.effective_seed(),
        RANDOM_STREAM,
        blocks,
        k,
        n,
        |j, u| {
            let (r, _) = each.next().expect("one box per component");
            x[j] = r.start + u * (r.end - r.start);
        },
    );
    x
}

/// The first `count` random points of `spec` as the check draws them (for `Spec::points`).
pub(crate) fn random_points(spec: &Spec, count: usize) -> Vec<Vec<f64>> {
    let boxes = Boxes::of(spec);
    let blocks = blocks(count, fixed(spec).is_none());
    (0..count)
        .map(|k| random_point(spec, &boxes, &blocks, k))
        .collect()
}
