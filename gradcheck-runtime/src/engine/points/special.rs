//! Special points inside the box: values where code takes a path that random points never
//! take. A removable singularity handled in the function but not in its gradient (sin x / x
//! at 0), a normalisation whose backward forgets the all-zero row, a clamp that only bites
//! at the box's ends: each is wrong at one value, which uniform points hit with probability 0.
//!
//! The list is made of recipes in order of priority and cut at a cap, so that a function of
//! 10^6 inputs gets a bounded number of them; a recipe is expanded when its point is checked.

use crate::rng::SplitMix64;
use crate::spec::boxes::Boxes;
use crate::spec::Spec;

/// How a special point is made. Values that do not lie strictly inside a component's box are
/// replaced by the nearest near-edge value of that box.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Recipe {
    /// Every component at `c` (0: the all-zero point; ±1).
    Equal(f64),
    /// Every component at the same relative place `u` of its box (all equal in a common box).
    Relative(f64),
    /// Every component at its lower (false) or upper (true) near edge, by a pattern: 0 all
    /// lower, 1 all upper, 2 alternating, above that seeded.
    Corner(u64),
    /// Component `i` at `v`, the others at a fixed random base point.
    Component { i: usize, v: f64 },
    /// Components `start..start + len` (one parameter: a vector, a row) at 0, the others at
    /// the base point.
    Zeros { start: usize, len: usize },
}

/// Per-component values (0, ±1, the two near edges) are listed one by one up to this many
/// inputs; above it the whole-point recipes cover them together.
const PER_COMPONENT_MAX_N: usize = 4;

/// The special recipes for `spec`, at most `cap`, without duplicates for small inputs.
pub(crate) fn recipes(spec: &Spec, boxes: &Boxes, cap: usize) -> Vec<Recipe> {
    let n = boxes.len();
    let seed = spec.effective_seed();
    let somewhere = |v: f64| (0..n).any(|i| boxes.inside(i, v));
    let mut list = vec![Recipe::Equal(0.0)];
    for c in [1.0, -1.0] {
        if somewhere(c) {
            list.push(Recipe::Equal(c));
        }
    }
    list.push(Recipe::Corner(0));
    list.push(Recipe::Corner(1));
    let u = SplitMix64::stream(seed, 0x5EC1).uniform(0.05, 0.95);
    list.push(Recipe::Relative(u));
    if n <= PER_COMPONENT_MAX_N {
        for i in 0..n {
            for v in [0.0, 1.0, -1.0] {
                if boxes.inside(i, v) {
                    list.push(Recipe::Component { i, v });
                }
            }
        }
    }
    let params = spec.layout().params();
    if params.len() > 1 {
        let mut start = 0;
        for p in params {
            if p.len > 0 {
                list.push(Recipe::Zeros { start, len: p.len });
            }
            start += p.len;
        }
    }
    if n > 1 {
        list.push(Recipe::Corner(2));
        list.push(Recipe::Corner(3));
    }
    if n <= PER_COMPONENT_MAX_N {
        for i in 0..n {
            let (lo, hi) = boxes.edges(i);
            list.push(Recipe::Component { i, v: lo });
            list.push(Recipe::Component { i, v: hi });
        }
    }
    if n <= 64 {
        // Small points are compared whole, so that no point is checked twice.
        let mut seen: Vec<Vec<f64>> = Vec::new();
        list.retain(|r| {
            let p = expand(r, spec, boxes);
            let new = !seen.contains(&p);
            seen.push(p);
            new
        });
    }
    list.truncate(cap);
    list
}

/// `v` in component `i`'s box: itself when strictly inside, else the nearest near edge.
fn inside(boxes: &Boxes, i: usize, v: f64) -> f64 {
    if boxes.inside(i, v) {
        v
    } else {
        let (lo, hi) = boxes.edges(i);
        v.clamp(lo, hi)
    }
}

/// The fixed random point the per-component recipes change one component of.
fn base(spec: &Spec, boxes: &Boxes) -> Vec<f64> {
    let mut rng = SplitMix64::stream(spec.effective_seed(), 0xBA5E);
    boxes
        .each()
        .map(|(r, _)| rng.uniform(r.start, r.end))
        .collect()
}

/// The point a recipe makes.
pub(crate) fn expand(recipe: &Recipe, spec: &Spec, boxes: &Boxes) -> Vec<f64> {
    let n = boxes.len();
    match *recipe {
        Recipe::Equal(c) => (0..n).map(|i| inside(boxes, i, c)).collect(),
        Recipe::Relative(u) => boxes
            .each()
            .map(|(r, _)| r.start + u * (r.end - r.start))
            .collect(),
        Recipe::Corner(pattern) => {
            let mut rng = SplitMix64::stream(spec.effective_seed(), 0xC0C0 + pattern);
            (0..n)
                .map(|i| {
                    let upper = match pattern {
                        0 => false,
                        1 => true,
                        2 => i % 2 == 1,
                        _ => rng.next_u64() & 1 == 1,
                    };
                    let (lo, hi) = boxes.edges(i);
                    if upper {
                        hi
                    } else {
                        lo
                    }
                })
                .collect()
        }
        Recipe::Component { i, v } => {
            let mut x = base(spec, boxes);
            x[i] = inside(boxes, i, v);
            x
        }
        Recipe::Zeros { start, len } => {
            let mut x = base(spec, boxes);
            for (i, xi) in x.iter_mut().enumerate().skip(start).take(len) {
                *xi = inside(boxes, i, 0.0);
            }
            x
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn one_input_gets_zero_ones_and_near_edges_inside_its_box() {
        let spec = Spec::new("f", Layout::flat(1)).domain(-2.0..2.0);
        let b = Boxes::of(&spec);
        let points: Vec<f64> = recipes(&spec, &b, 16)
            .iter()
            .map(|r| expand(r, &spec, &b)[0])
            .collect();
        for v in [0.0, 1.0, -1.0] {
            assert!(points.contains(&v), "{points:?}");
        }
        assert!(points.iter().all(|v| -2.0 < *v && *v < 2.0));
        assert!(points.iter().any(|v| *v < -1.99) && points.iter().any(|v| *v > 1.99));
        let mut sorted = points.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        assert_eq!(sorted.len(), points.len(), "no point twice: {points:?}");
    }

    #[test]
    fn the_default_box_keeps_its_ends_out_and_the_all_zero_point_first() {
        let spec = Spec::new("f", Layout::flat(3));
        let b = Boxes::of(&spec);
        let list = recipes(&spec, &b, 16);
        assert_eq!(expand(&list[0], &spec, &b), vec![0.0; 3]);
        for r in &list {
            assert!(expand(r, &spec, &b).iter().all(|v| v.abs() < 1.0), "{r:?}");
        }
    }

    #[test]
    fn a_box_without_zero_moves_zero_to_its_near_edge_and_high_dimensions_are_capped() {
        let spec =
            Spec::new("f", Layout::new().scalar("r").array("w", 1000)).param_domain("r", 0.5..2.0);
        let b = Boxes::of(&spec);
        let list = recipes(&spec, &b, 8);
        assert_eq!(list.len(), 8);
        let zero = expand(&list[0], &spec, &b);
        assert!(zero[0] > 0.5 && zero[0] < 0.51 && zero[1..].iter().all(|v| *v == 0.0));
    }
}
