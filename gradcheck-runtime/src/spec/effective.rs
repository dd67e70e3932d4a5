//! What a spec means when a check runs: the seed, the number of points and the mode after
//! the environment and the function's size have had their say, the severity of each kind,
//! each component's box and scale, and the one-component spec of fast mode's localisation.

use super::*;
use crate::report::finding::{Kind, Severity};
use std::ops::Range;

impl Spec {
    /// The function's full path.
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The input layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The seed in force: `GRADCHECK_SEED` if set, else the spec's, else the default.
    pub fn effective_seed(&self) -> u64 {
        self.env("GRADCHECK_SEED")
            .or(self.seed)
            .unwrap_or(DEFAULT_SEED)
    }

    /// The number of random points `samples` or `GRADCHECK_SAMPLES` fixes, if either does.
    pub(crate) fn fixed_samples(&self) -> Option<usize> {
        self.env("GRADCHECK_SAMPLES")
            .map(|n| n as usize)
            .or(self.samples)
    }

    /// The number of random points: `GRADCHECK_SAMPLES` if set, else the spec's, else (when
    /// no explicit point was given) at least 16: the check raises it from its budget of
    /// evaluations where points are cheap.
    pub fn effective_samples(&self) -> usize {
        let default = if self.explicit.is_empty() {
            DEFAULT_SAMPLES
        } else {
            0
        };
        self.env("GRADCHECK_SAMPLES")
            .map(|n| n as usize)
            .or(self.samples)
            .unwrap_or(default)
    }

    /// The mode in force.
    pub fn effective_mode(&self) -> Mode {
        self.mode
            .unwrap_or(if self.layout.len() > FAST_MODE_THRESHOLD {
                Mode::Fast
            } else {
                Mode::Full
            })
    }

    /// The number of random directions per point in fast mode.
    pub fn effective_directions(&self) -> usize {
        self.directions.unwrap_or(DEFAULT_DIRECTIONS).max(1)
    }

    /// The severity of a finding of `kind` under this spec's `allow(...)`.
    pub fn severity(&self, kind: Kind) -> Severity {
        if self.allowed.contains(&kind) {
            Severity::Warning
        } else {
            Severity::default_of(kind)
        }
    }

    /// The box of component `i`.
    pub fn range_of_component(&self, i: usize) -> Range<f64> {
        self.declared_range(i).unwrap_or(DEFAULT_DOMAIN)
    }

    /// The length scale finite-difference steps are relative to at component `i` (with |x_i|
    /// where that is larger): the size of the component's domain, where it is below 1 (inputs
    /// in metres of 1e-10 get steps of their own size: a step of 6e-6 would straddle a pole at
    /// 0), else 1; for an explicit point with no domain given, the point's own size below 1.
    pub(crate) fn typical_scale(&self, i: usize, value: f64, explicit: bool) -> f64 {
        let declared = self.declared_range(i);
        let size = match declared {
            Some(r) => r.start.abs().max(r.end.abs()),
            None if explicit && value != 0.0 => value.abs(),
            None => 1.0,
        };
        if size > 0.0 && size.is_finite() {
            size.min(1.0)
        } else {
            1.0
        }
    }

    /// The domain given for component `i` (the most specific `param_domain` path covering it,
    /// else the global one), if any.
    fn declared_range(&self, i: usize) -> Option<Range<f64>> {
        self.domain_map.get(i).or(self.domain.as_ref()).cloned()
    }

    /// The check of component `j` alone at `value` (the others held where they are): what
    /// fast mode runs to name a component a random direction led to.
    pub(crate) fn for_component(&self, j: usize, value: f64) -> Spec {
        let mut one = self.clone();
        one.domain = Some(self.range_of_component(j));
        one.layout = Layout::new().scalar(&self.layout.component_name(j));
        one.explicit = vec![vec![value]];
        one.samples = Some(0);
        one.param_domains.clear();
        one.domain_map = DomainMap::default();
        one.norm_min = None;
        one.norm_max = None;
        one.mode = Some(Mode::Full);
        one.checks.clear();
        one.env = false;
        one.regressions = None;
        one
    }

    fn env(&self, name: &str) -> Option<u64> {
        if self.env {
            env_u64(name)
        } else {
            None
        }
    }

    /// The explicit points, then the first random ones as the check draws them: stratified
    /// over the box, `effective_samples` of them. Without `samples` the check may draw more
    /// from its budget, and it adds special, exploration and stationary points besides.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// let spec = Spec::new("f", Layout::flat(1)).samples(8).seed(3);
    /// let mut xs: Vec<f64> = spec.points().iter().map(|p| p[0]).collect();
    /// xs.sort_by(f64::total_cmp);
    /// // One point in each eighth of the box -1..1.
    /// assert!(xs.iter().enumerate().all(|(k, x)| (-1.0 + 0.25 * k as f64..-0.75 + 0.25 * k as f64).contains(x)));
    /// ```
    pub fn points(&self) -> Vec<Vec<f64>> {
        let mut points = self.explicit.clone();
        points.extend(random::random_points(self, self.effective_samples()));
        points
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    v.parse().ok().or_else(|| {
        v.strip_prefix("0x")
            .and_then(|h| u64::from_str_radix(h, 16).ok())
    })
}
