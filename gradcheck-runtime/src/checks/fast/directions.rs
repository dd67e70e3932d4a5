//! Random directions for fast mode, what they can see (the coverage of a single wrong
//! component), and the directional dot product with the size of its terms.

use crate::rng::SplitMix64;
use std::ops::Range;

/// The probability with which the reported single-component error would have been caught.
pub(crate) const CONFIDENCE: f64 = 0.99;

/// Mixes the function's path into the direction streams, so that two functions checked with
/// the same seed do not share directions (and so do not share blind spots).
pub(crate) fn salt(path: &str) -> u64 {
    // FNV-1a: fixed forever, like the point streams.
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Direction `k` at point `index`: normal components, normalised. Each point and each check
/// gets fresh directions, so a blind spot of one direction is not permanent (NUMERICS.md).
pub(crate) fn direction(seed: u64, salt: u64, index: usize, k: usize, v: &mut Vec<f64>, n: usize) {
    let mut rng = SplitMix64::stream(seed ^ salt, ((index as u64) << 24) ^ k as u64);
    v.clear();
    // Box–Muller gives two independent normals per pair of uniforms: use both (at n = 10^6
    // generating the direction costs more than a cheap function's evaluation).
    while v.len() < n {
        let u1 = 1.0 - rng.next_f64(); // (0, 1]
        let u2 = rng.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        v.push(r * c);
        if v.len() < n {
            v.push(r * s);
        }
    }
    let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|a| *a /= norm);
    } else {
        v[0] = 1.0;
    }
}

/// The smallest |e| such that a single-component error e would have been caught with
/// probability `CONFIDENCE`, for the hand-written and the finite-difference comparisons;
/// relative to the rms component of the gradient.
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
        let mut s = format!(
            "fast mode: {k} random direction{} per point (n = {n}); at the worst point an error in one component of the hand-written gradient larger than {:.1e}{} is caught with probability {:.0}%",
            if k == 1 { "" } else { "s" },
            self.hand,
            rel(self.hand),
            CONFIDENCE * 100.0
        );
        if self.hand == 0.0 {
            s = format!(
                "fast mode: {k} random direction{} per point (n = {n}), no hand-written gradient",
                if k == 1 { "" } else { "s" }
            );
        }
        s.push_str(&format!(
            "; a break in the dual chain larger than {:.1e}{} in one component is caught by finite differences with the same probability; smaller single-component errors may slip through: `mode = full` checks every component",
            self.fd,
            rel(self.fd)
        ));
        s
    }
}

/// t with P(max of k |Z| < t) = 1 − confidence for standard normals Z: a direction's
/// component is about Z/√n, so with probability `confidence` at least one of k directions
/// has |v_j| ≥ t/√n. Newton's method on the concave P(|Z| < t), from the left (its tangent
/// at 0 overestimates it), so every step stays left of the root.
pub(crate) fn coverage(k: usize, confidence: f64) -> f64 {
    let target = (1.0 - confidence).powf(1.0 / k as f64); // P(|Z| < t) for one direction
    let density = |t: f64| 2.0 * (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let mut t = target / density(0.0);
    for _ in 0..20 {
        let step = (target - abs_normal_cdf(t)) / density(t);
        t += step;
        if step.abs() < 1e-12 {
            break;
        }
    }
    t
}

/// P(|Z| < t) by Simpson's rule on the normal density (no `erf` in std); accurate to ~1e-9
/// for the t ≤ 4 that `coverage` needs.
fn abs_normal_cdf(t: f64) -> f64 {
    const STEPS: usize = 64;
    let h = t / STEPS as f64;
    let phi = |z: f64| (-0.5 * z * z).exp();
    let mut sum = phi(0.0) + phi(t);
    for i in 1..STEPS {
        sum += phi(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    2.0 * sum * h / 3.0 / (2.0 * std::f64::consts::PI).sqrt()
}

/// The hand-written side of a directional comparison over some components.
pub(crate) struct Dot {
    pub value: f64,
    /// Σ|g_i v_i|: the size of the terms, which sets the rounding.
    pub terms: f64,
    /// Σ|v_i|, for a user's absolute tolerance.
    pub weights: f64,
    pub len: usize,
}

pub(crate) fn dot(g: &[f64], v: &[f64], range: Range<usize>) -> Dot {
    let len = range.len();
    let (value, terms, weights) = g[range.clone()]
        .iter()
        .zip(&v[range])
        .fold((0.0, 0.0, 0.0), |(s, t, w), (&gi, &vi)| {
            (s + gi * vi, t + (gi * vi).abs(), w + vi.abs())
        });
    Dot {
        value,
        terms,
        weights,
        len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_unit_fresh_and_reproducible() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        direction(7, 1, 0, 0, &mut a, 100);
        direction(7, 1, 0, 0, &mut b, 100);
        direction(7, 1, 1, 0, &mut c, 100);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let norm = a.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-14, "{norm}");
        direction(7, 2, 0, 0, &mut c, 100);
        assert_ne!(a, c, "another function gets other directions");
    }

    #[test]
    fn coverage_matches_the_normal_distribution() {
        // One direction: P(|Z| < t) = 1% at t ≈ 0.01253.
        assert!((coverage(1, 0.99) - 0.012_533).abs() < 1e-5);
        // P(|Z| < 1.96) = 95%.
        assert!((abs_normal_cdf(1.959_964) - 0.95).abs() < 1e-6);
        assert!(coverage(8, 0.99) > 0.5 && coverage(8, 0.99) < 1.0);
    }
}
