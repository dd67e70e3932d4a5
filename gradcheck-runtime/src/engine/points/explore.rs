//! Exploration beyond the default box. Without a `domain` the random points stay in −1..1,
//! so a branch that starts beyond it (Huber's linear part past δ, ReLU6's cap at 6, a stable
//! softplus for x > 20, a fast path for gaps over 50) is never checked. Exploration points
//! put each component at magnitudes from 1e-2 to 1e2 of both signs, stratified on a signed
//! logarithmic axis: with m points every component visits each of m slices of that axis once,
//! so x > 20 (8.7% of the axis) is visited by at least one point once m ≥ 12.
//!
//! The function may simply not be defined out there, so at these points only a wrong
//! derivative fails the check; what says "not defined here" (a non-finite value, a panic, a
//! singularity) is a warning.

use crate::spec::boxes::Boxes;
use crate::spec::lhs;
use crate::spec::Spec;

/// The smallest and largest magnitudes explored, as powers of ten.
pub(crate) const DECADES: (f64, f64) = (-2.0, 2.0);

/// Separates the exploration design from the random points' design.
const STREAM: u64 = 0xE7_9105;

/// The value of the signed logarithmic axis at `u` in `[0, 1)`: below ½ negative, above
/// positive, the magnitude growing from 10^DECADES.0 at ½ to 10^DECADES.1 at 0 and 1.
pub(crate) fn signed_log(u: f64) -> f64 {
    let s = 2.0 * u - 1.0;
    let magnitude = 10f64.powf(DECADES.0 + (DECADES.1 - DECADES.0) * s.abs());
    if s < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Exploration point `k` of `m`: components without a box of the user's on the signed
/// logarithmic axis, the others stratified in their box.
pub(crate) fn point(spec: &Spec, boxes: &Boxes, k: usize, m: usize) -> Vec<f64> {
    let n = boxes.len();
    let mut x = vec![0.0; n];
    let mut each = boxes.each();
    lhs::unit_point(spec.effective_seed(), STREAM, &[m], k, n, |j, u| {
        let (r, user) = each.next().expect("one box per component");
        x[j] = if user {
            r.start + u * (r.end - r.start)
        } else {
            signed_log(u)
        };
    });
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn the_axis_spans_both_signs_and_four_decades() {
        assert!((signed_log(0.0) + 100.0).abs() < 1e-9);
        assert!((signed_log(0.5) - 0.01).abs() < 1e-12);
        assert!(signed_log(0.999_999) > 99.9);
    }

    #[test]
    fn every_component_reaches_beyond_twenty_of_both_signs() {
        let spec =
            Spec::new("f", Layout::new().scalar("a").array("w", 3)).param_domain("a", 2.0..3.0);
        let b = Boxes::of(&spec);
        let points: Vec<Vec<f64>> = (0..16).map(|k| point(&spec, &b, k, 16)).collect();
        assert!(points.iter().all(|p| (2.0..3.0).contains(&p[0])));
        for j in 1..4 {
            assert!(points.iter().any(|p| p[j] > 20.0) && points.iter().any(|p| p[j] < -20.0));
            assert!(points.iter().any(|p| p[j].abs() < 0.1));
        }
    }
}
