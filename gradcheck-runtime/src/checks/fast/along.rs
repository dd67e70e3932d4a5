//! One output along one direction: with the exact directional derivative (the hand-written
//! g·v against it, bisected to a component when they disagree, and the witness against it),
//! or, without dual numbers, the witness alone.

use super::*;

impl Fast<'_> {
    /// One output along one direction, with the exact directional derivative `slope`: the
    /// hand-written g·v against it (bisected to a component when they disagree), and the
    /// witness against it. Returns whether to stop looking along this direction.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn with_exact(
        &self,
        path: &Path<'_>,
        row: usize,
        output: Option<usize>,
        f0: f64,
        slope: f64,
        hand: Option<&Matrix>,
        tally: &mut Tally,
        out: &mut Outcome,
    ) -> bool {
        let (x, sigma) = (path.x, path.sigma);
        let n = x.len();
        let root_n = (n as f64).sqrt();
        let mut l = path.line.output(row);
        let site = Site::new(&l, 0.0, f0);
        if let (Some(h), true) = (hand, slope.is_finite()) {
            let d = &path.dots[row][path.k];
            let allowed = self.allowed(d, slope);
            // An error e in one component moves g·v by |e|/√n along every direction.
            tally.bound.hand = tally.bound.hand.max(allowed * root_n);
            // Components already localised are taken out, so that one wrong component is
            // bisected for once, not once per direction.
            let known: f64 = tally
                .localised
                .iter()
                .filter(|c| c.row == row)
                .map(|c| c.error * path.signs.component(path.k, c.component))
                .sum();
            // A NaN in the hand-written gradient disagrees too.
            let gap = (d.value - known - slope).abs();
            let disagrees = gap.is_nan() || gap > allowed;
            if disagrees && tally.localised.len() < MAX_LOCALISED {
                let v = path.signs.dense(path.k);
                let j = localise::bisect(
                    &h[row],
                    &v,
                    |m| self.slope(x, m, row, sigma),
                    |d, s| self.allowed(d, s),
                );
                if tally
                    .localised
                    .iter()
                    .any(|c| c.row == row && c.component == j)
                {
                    // The same component again, beyond what it explains: stop here.
                    return true;
                }
                let mut e = vec![0.0; n];
                e[j] = 1.0;
                let error = self.slope(x, &e, row, sigma).map_or(0.0, |d| h[row][j] - d);
                tally.localised.push(Localised {
                    row,
                    component: j,
                    error,
                });
                self.localise(x, j, out);
            }
        }
        // The witness: the glance settles the common case. A dual chain off by e in one
        // component moves the slope along s by e·σ/√n; the glance sees that once it exceeds
        // its allowance plus its own error, which the allowance bounds where it settles.
        if !path.thorough && slope.is_finite() {
            let glance = witness::glance_gap(&mut l, &site, slope * sigma);
            if let Some(g) = glance.filter(|g| g.gap <= g.allowed) {
                tally.bound.fd = tally.bound.fd.max(2.0 * g.allowed / sigma * root_n);
                return false;
            }
        }
        let cheap = witness::cheap(&mut l, &site);
        if let Some(c) = &cheap {
            tally.bound.fd = tally.bound.fd.max(3.0 * c.error / sigma * root_n);
        }
        if cheap.is_some_and(|c| site.settles(&c, slope * sigma)) {
            return false;
        }
        let entry = Entry {
            x,
            along: Along::Direction,
            output,
            exact: Some(slope * sigma),
            hand: None,
            thorough: true,
        };
        out.findings.extend(judge::judge(
            &entry,
            &mut l,
            &site,
            &Witnessed {
                noise: path.noise,
                row,
            },
        ));
        false
    }

    /// One output along one direction without dual numbers: the witness checks g·v itself,
    /// and a disagreement is bisected with finite differences along the halves.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn witness_only(
        &self,
        path: &Path<'_>,
        row: usize,
        output: Option<usize>,
        f0: f64,
        hand: Option<&Matrix>,
        tally: &mut Tally,
        out: &mut Outcome,
    ) {
        let Some(h) = hand else { return };
        let (x, sigma) = (path.x, path.sigma);
        let n = x.len();
        let root_n = (n as f64).sqrt();
        let mut l = path.line.output(row);
        let site = Site::new(&l, 0.0, f0);
        let d = &path.dots[row][path.k];
        let mut saw = |error: f64| {
            let seen = error / sigma * root_n;
            tally.bound.fd = tally.bound.fd.max(seen);
            tally.bound.hand = tally.bound.hand.max(seen);
        };
        // As with dual numbers: the glance settles the common case (see `with_exact`).
        if !path.thorough && d.value.is_finite() {
            let glance = witness::glance_gap(&mut l, &site, d.value * sigma);
            if let Some(g) = glance.filter(|g| g.gap <= g.allowed) {
                saw(2.0 * g.allowed);
                return;
            }
        }
        if let Some(c) = witness::cheap(&mut l, &site) {
            saw(3.0 * c.error);
        }
        let entry = Entry {
            x,
            along: Along::Direction,
            output,
            exact: None,
            hand: Some(d.value * sigma),
            thorough: true,
        };
        let found = judge::judge(
            &entry,
            &mut l,
            &site,
            &Witnessed {
                noise: path.noise,
                row,
            },
        );
        if !found.iter().any(|f| f.kind == Kind::Mismatch) {
            out.findings.extend(found);
            return;
        }
        if tally.localised.len() >= MAX_LOCALISED {
            return;
        }
        let v = path.signs.dense(path.k);
        let j = localise::bisect(
            &h[row],
            &v,
            |m| self.slope(x, m, row, sigma),
            |d, s| {
                // The finite differences' own resolution on top of the rounding.
                self.allowed(d, s) + self.subject.profile().resolution * 10.0 * d.terms.max(s.abs())
            },
        );
        if !tally
            .localised
            .iter()
            .any(|c| c.row == row && c.component == j)
        {
            tally.localised.push(Localised {
                row,
                component: j,
                error: 0.0,
            });
            self.localise(x, j, out);
        }
    }
}

/// A directional entry carries no hand-written value to compare with an exact one (the
/// dot-product comparison does that): the judge only weighs the witness, with the point's
/// measured noise.
struct Witnessed<'a> {
    noise: &'a PointNoise<'a>,
    row: usize,
}

impl Comparison for Witnessed<'_> {
    fn compare(&self, _: f64, _: f64) -> Agreement {
        Agreement::Tight
    }
    fn allowed(&self, _: f64, _: f64) -> f64 {
        0.0
    }
    fn beyond_rounding(&self, _: f64, _: f64) -> bool {
        false
    }
    fn noise(&self) -> f64 {
        self.noise.value(self.row)
    }
}
