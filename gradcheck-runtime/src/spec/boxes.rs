//! The box of every component, kept per parameter (a parameter of 10^6 scalars has one box,
//! not 10^6), with whether the user gave it: components without a `domain` are the ones the
//! check explores beyond the default box.

use super::{Spec, DEFAULT_DOMAIN};
use std::ops::Range;

/// Near-edge values sit this fraction of the box's width inside it: the box is half-open and
/// a `domain = 0.0..5.0` often means "defined for x > 0", so the edge itself is never a point.
pub(crate) const EDGE_INSET: f64 = 1.0 / 1024.0;

/// One run of components that share a box.
struct Span {
    start: usize,
    len: usize,
    range: Range<f64>,
    user: bool,
}

/// The boxes of all components of a spec.
pub(crate) struct Boxes {
    spans: Vec<Span>,
    n: usize,
}

impl Boxes {
    /// The boxes `spec` gives (its `domain`, `domain(path = ..)` with the most specific path
    /// winning, or the default box), as runs of components between the places where a
    /// parameter or a path starts or ends (a handful, whatever n is).
    pub(crate) fn of(spec: &Spec) -> Self {
        let mut cuts: Vec<usize> = vec![0];
        let mut start = 0;
        for p in spec.layout().params() {
            start += p.len;
            cuts.push(start);
        }
        for (r, _) in spec.domain_map.spans() {
            cuts.extend([r.start, r.end]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let spans = cuts
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| {
                let (range, user) = match (spec.domain_map.get(w[0]), &spec.domain) {
                    (Some(r), _) => (r.clone(), true),
                    (None, Some(r)) => (r.clone(), true),
                    (None, None) => (DEFAULT_DOMAIN, false),
                };
                Span {
                    start: w[0],
                    len: w[1] - w[0],
                    range,
                    user,
                }
            })
            .collect();
        Boxes { spans, n: start }
    }

    /// How many components there are.
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    fn span(&self, i: usize) -> &Span {
        let k = self.spans.partition_point(|s| s.start + s.len <= i);
        &self.spans[k]
    }

    /// The box of component `i`.
    pub(crate) fn range(&self, i: usize) -> Range<f64> {
        self.span(i).range.clone()
    }

    /// Whether the user gave component `i` its box.
    pub(crate) fn user(&self, i: usize) -> bool {
        self.span(i).user
    }

    /// Whether some component has no box of the user's, so that the check explores.
    pub(crate) fn explores(&self) -> bool {
        self.spans.iter().any(|s| !s.user && s.len > 0)
    }

    /// The names of the parameters that are explored, for the report.
    pub(crate) fn explored_names(&self, spec: &Spec) -> Vec<String> {
        let mut names = Vec::new();
        let mut start = 0;
        for p in spec.layout().params() {
            let end = start + p.len;
            let explored = self
                .spans
                .iter()
                .any(|s| !s.user && s.len > 0 && s.start < end && start < s.start + s.len);
            if explored {
                names.push(p.name.clone());
            }
            start = end;
        }
        names
    }

    /// Every component's box and whether it is the user's, in order.
    pub(crate) fn each(&self) -> impl Iterator<Item = (Range<f64>, bool)> + '_ {
        self.spans
            .iter()
            .flat_map(|s| std::iter::repeat_n((s.range.clone(), s.user), s.len))
    }

    /// Whether `v` lies strictly inside component `i`'s box.
    pub(crate) fn inside(&self, i: usize, v: f64) -> bool {
        let r = self.range(i);
        r.start < v && v < r.end
    }

    /// The near-edge values of component `i`: just inside its lower and upper ends.
    pub(crate) fn edges(&self, i: usize) -> (f64, f64) {
        let r = self.range(i);
        let w = (r.end - r.start) * EDGE_INSET;
        (r.start + w, r.end - w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn boxes_follow_the_parameters_and_say_whose_they_are() {
        let spec =
            Spec::new("f", Layout::new().scalar("r").array("w", 3)).param_domain("r", 0.5..2.0);
        let b = Boxes::of(&spec);
        assert_eq!(b.len(), 4);
        assert_eq!(b.range(0), 0.5..2.0);
        assert!(b.user(0) && !b.user(3));
        assert_eq!(b.range(2), -1.0..1.0);
        assert!(b.explores());
        assert_eq!(b.explored_names(&spec), vec!["w".to_string()]);
        assert!(!Boxes::of(&spec.clone().domain(-3.0..3.0)).explores());
        assert!(b.inside(1, 0.0) && !b.inside(1, 1.0) && !b.inside(0, 0.0));
        let (lo, hi) = b.edges(0);
        assert!(0.5 < lo && hi < 2.0 && hi - lo > 1.49);
    }
}
