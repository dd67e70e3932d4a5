//! Random directions for fast mode and what they can see (the coverage of a wrong component).
//!
//! Directions are Rademacher: every component ±1/√n, the signs the bits of one random word
//! per 64 components. They cost O(n) cheap operations (normal components by Box–Muller took
//! 48% of the instructions of a fast-mode check at n = 10^5, ln, sin and cos per pair), and
//! they see every component with the same weight, which makes the guarantee certain where
//! normal directions gave a probability:
//!
//! - An error e in one component changes g·v by exactly ±e/√n along every direction: it is
//!   caught by each of the k directions once |e|/√n exceeds the comparison's allowance.
//!   (Along a normal direction it changes g·v by e·Z/√n, Z standard normal: at k = 8 one of
//!   the directions had |Z| ≥ 0.60 with probability 99%, so the guarantee needed a 1/0.6
//!   larger error and held with probability 99%.)
//! - Errors in several components, the largest e: g·v changes by (Σ sⱼeⱼ)/√n. Fix every sign
//!   but the largest component's: the two values it can take are 2|e| apart, so at most one of
//!   them is smaller than |e| in size. Each direction misses with probability at most 1/2,
//!   all k together with at most 2⁻ᵏ (0.4% at k = 8). Two equal and opposite errors (a swapped
//!   pair) meet that bound: half the directions see them twice as large, half not at all.

use crate::numerics::signs::Signs;
use crate::rng::SplitMix64;

/// Mixes the function's path into the direction streams, so that two functions checked with
/// the same seed do not share directions (and so do not share blind spots).
pub(crate) fn salt(path: &str) -> u64 {
    // FNV-1a: fixed forever, like the point streams.
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The k directions at point `index`: every component ±1/√n, so unit vectors. Each point and
/// each check gets fresh signs, so a blind spot of one direction is not permanent; direction
/// d's bits come from its own stream, so the first directions do not change with k.
pub(crate) fn draw(seed: u64, salt: u64, index: usize, k: usize, n: usize) -> Signs {
    Signs::draw(n, k, |d| {
        SplitMix64::stream(seed ^ salt, ((index as u64) << 24) ^ d as u64)
    })
}

/// The probability that k directions all miss an error spread over several components (see
/// the module's documentation): at most 2⁻ᵏ.
pub(crate) fn miss_probability(k: usize) -> f64 {
    0.5f64.powi(k.min(1000) as i32)
}

/// The smallest |e| such that an error e in one component would have been caught by every
/// direction, for the hand-written and the finite-difference comparisons; relative to the
/// rms component of the gradient.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SlipBound {
    pub hand: f64,
    pub fd: f64,
    pub rms: f64,
}

impl SlipBound {
    pub(crate) fn merge(&mut self, other: &SlipBound) {
        if other.hand / other.rms.max(f64::MIN_POSITIVE)
            > self.hand / self.rms.max(f64::MIN_POSITIVE)
        {
            self.hand = other.hand;
            self.rms = other.rms;
        }
        self.fd = self.fd.max(other.fd);
        if self.rms == 0.0 {
            self.rms = other.rms;
        }
    }

    pub(crate) fn note(&self, n: usize, k: usize) -> String {
        let rel = |a: f64| {
            if self.rms > 0.0 {
                format!(" ({:.1e} of the gradient's rms component)", a / self.rms)
            } else {
                String::new()
            }
        };
        let plural = if k == 1 { "" } else { "s" };
        let several = format!(
            "errors in several components, the largest beyond it, with probability {}%",
            percent(1.0 - miss_probability(k))
        );
        let mut s = if self.hand == 0.0 {
            format!("fast mode: {k} random sign direction{plural} per point (n = {n}), no hand-written gradient")
        } else {
            format!(
                "fast mode: {k} random sign direction{plural} per point (n = {n}); at the worst point an error in one component of the hand-written gradient larger than {:.1e}{} is caught for certain, {several}",
                self.hand,
                rel(self.hand),
            )
        };
        s.push_str(&format!(
            "; a break in the dual chain larger than {:.1e}{} in one component is caught by finite differences likewise; smaller errors may slip through: `mode = full` checks every component",
            self.fd,
            rel(self.fd)
        ));
        s
    }
}

/// A probability in percent, with as many decimals as it needs to stay below 100 (99.6, not
/// 100, for 1 − 2⁻⁸).
fn percent(p: f64) -> String {
    let mut digits = 0;
    while digits < 6 && format!("{:.*}", digits, p * 100.0) == format!("{:.*}", digits, 100.0) {
        digits += 1;
    }
    let floor = (p * 100.0 * 10f64.powi(digits as i32)).floor() / 10f64.powi(digits as i32);
    format!("{floor:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::numerics::signs::dot;

    fn direction(seed: u64, salt: u64, index: usize, k: usize, v: &mut Vec<f64>, n: usize) {
        *v = draw(seed, salt, index, k + 1, n).dense(k);
    }

    #[test]
    fn directions_are_unit_signs_fresh_and_reproducible() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        direction(7, 1, 0, 0, &mut a, 100);
        direction(7, 1, 0, 0, &mut b, 100);
        direction(7, 1, 1, 0, &mut c, 100);
        assert_eq!(a, b);
        assert_ne!(a, c);
        // The first directions do not depend on how many are drawn.
        assert_eq!(
            draw(7, 1, 0, 1, 100).dense(0),
            draw(7, 1, 0, 8, 100).dense(0)
        );
        assert!(a.iter().all(|v| v.abs() == 0.1), "every |v_j| is 1/√n");
        let norm = a.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-14, "{norm}");
        direction(7, 2, 0, 0, &mut c, 100);
        assert_ne!(a, c, "another function gets other directions");
        // Both signs, about equally often, past the first word of 64 too.
        direction(7, 1, 0, 3, &mut a, 10_000);
        let negative = a.iter().filter(|v| **v < 0.0).count();
        assert!((4_800..5_200).contains(&negative), "{negative}");
        assert!(a[64..128].iter().any(|v| *v < 0.0) && a[64..128].iter().any(|v| *v > 0.0));
    }

    #[test]
    fn one_wrong_component_shows_along_every_direction_at_its_full_weight() {
        // The guarantee of the note: an error e in one component moves g·v by exactly |e|/√n,
        // whichever the component and the direction.
        let n = 1000;
        let g: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
        let mut v = Vec::new();
        for k in 0..64 {
            direction(11, 3, 5, k, &mut v, n);
            for j in [0, 1, 63, 64, 500, n - 1] {
                let mut wrong = g.clone();
                wrong[j] += 1e-3;
                let gap = (dot(&wrong, &v, 0..n).value - dot(&g, &v, 0..n).value).abs();
                let expected = 1e-3 / (n as f64).sqrt();
                assert!(
                    (gap - expected).abs() < 1e-12,
                    "k {k} j {j}: {gap} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn errors_in_several_components_are_missed_by_at_most_half_the_directions() {
        // The worst case of the bound: a swapped pair, e and −e. Over 4000 directions about
        // half see 2|e|/√n and half see nothing; none sees anything in between.
        let n = 300;
        let e = 1e-3;
        let mut v = Vec::new();
        let mut missed = 0;
        for k in 0..4000 {
            direction(5, 9, 0, k, &mut v, n);
            let gap = (e * v[17] - e * v[200]).abs() * (n as f64).sqrt();
            assert!(gap < 1e-15 || (gap - 2.0 * e).abs() < 1e-15, "{gap}");
            missed += usize::from(gap < e);
        }
        assert!((1800..2200).contains(&missed), "{missed}");
        // Three components, the largest 1: each direction sees at least |e_max| with
        // probability ≥ 1/2 (here 3/4: only the signs that make 1 − 0.6 − 0.4 = 0 miss).
        let mut missed = 0;
        for k in 0..4000 {
            direction(5, 9, 1, k, &mut v, n);
            let sum = (v[3] - 0.6 * v[4] - 0.4 * v[5]).abs() * (n as f64).sqrt();
            missed += usize::from(sum < 1.0 - 1e-12);
        }
        assert!(missed <= 2200, "{missed}");
        assert_eq!(miss_probability(8), 1.0 / 256.0);
        assert_eq!(percent(1.0 - miss_probability(8)), "99.6");
        assert_eq!(percent(1.0 - miss_probability(1)), "50");
    }
}
