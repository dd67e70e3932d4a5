//! Random sign directions kept as bits, and the directional dot products g·v.
//!
//! A direction whose every component is ±1/√n is one bit per component: the k directions of a
//! point at n = 10^5 are 12.5 kB of bits where k vectors of `f64` were 6.4 MB. Everything a
//! check does with a direction reads the bits: the point moved along it (`offset`), the dual
//! point's derivative parts (`component`), and the products with the hand-written gradient,
//! all k of them in one pass over the gradient (`dots`). Profiled at n = 10^5 on extended
//! Rosenbrock (about 0.45 ns per component), each pass over a vector of n `f64` costs about
//! one evaluation of the function; with the directions as vectors, a check made about ten such
//! passes per direction.
//!
//! The directions are bit-identical to their dense form: x + t·(±1/√n) rounds exactly like
//! x ± t/√n, since negation is exact.

use crate::rng::SplitMix64;
use std::ops::Range;

/// Up to this many directions share one pass over the gradient in [`Signs::dots`]: 8 running
/// sums and the sizes fit in the 16 SSE registers (24 sums spilled, see [`dot`]).
const FUSED: usize = 8;

/// The signs (±1.0) of eight components by the byte of a direction's word that holds them: a
/// table lookup where a shift per component cost twice the evaluation of Rosenbrock it was
/// beside (SSE2 has no per-lane variable shift), and as `f64` so that the arithmetic that uses
/// them is vectorised (a product with ±1 is exact, so t·(±1) is the bits of ±t). 16 kB,
/// read-only.
static SIGNS: [[f64; 8]; 256] = signs_table();

const fn signs_table() -> [[f64; 8]; 256] {
    let mut t = [[1.0f64; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let mut j = 0;
        while j < 8 {
            if (b >> j) & 1 == 1 {
                t[b][j] = -1.0;
            }
            j += 1;
        }
        b += 1;
    }
    t
}

/// `v` resized to n without a pass of zeros when it already has that length (a buffer reused
/// from direction to direction).
fn fit(v: &mut Vec<f64>, n: usize) {
    if v.len() != n {
        v.clear();
        v.resize(n, 0.0);
    }
}

/// k random directions of n components, each component ±1/√n.
#[derive(Clone, Debug)]
pub(crate) struct Signs {
    n: usize,
    k: usize,
    /// Words per direction: ⌈n/64⌉.
    words: usize,
    /// Direction d's sign bits are `bits[d·words..(d+1)·words]`, component i bit i % 64 of
    /// word i / 64; a set bit is a negative component.
    bits: Vec<u64>,
    size: f64,
}

impl Signs {
    /// Draws k directions of n components, direction d's bits from `stream(d)` (64 components
    /// per random word, in order).
    pub(crate) fn draw(n: usize, k: usize, stream: impl Fn(usize) -> SplitMix64) -> Signs {
        let words = n.div_ceil(64);
        let mut bits = Vec::with_capacity(words * k);
        for d in 0..k {
            let mut rng = stream(d);
            bits.extend((0..words).map(|_| rng.next_u64()));
        }
        Signs {
            n,
            k,
            words,
            bits,
            size: 1.0 / (n.max(1) as f64).sqrt(),
        }
    }

    /// The number of directions.
    pub(crate) fn count(&self) -> usize {
        self.k
    }

    /// The number of components.
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    /// The size of every component, 1/√n.
    pub(crate) fn size(&self) -> f64 {
        self.size
    }

    /// The sign bits of components 64·w.. of direction d.
    pub(crate) fn word(&self, d: usize, w: usize) -> u64 {
        self.bits[d * self.words + w]
    }

    /// Whether component i of direction d is negative.
    pub(crate) fn negative(&self, d: usize, i: usize) -> bool {
        self.word(d, i / 64) >> (i % 64) & 1 == 1
    }

    /// Component i of direction d: ±1/√n.
    pub(crate) fn component(&self, d: usize, i: usize) -> f64 {
        flip(self.size, self.negative(d, i))
    }

    /// Direction d as a vector (for the rare paths that need one: a bisection, a recount).
    pub(crate) fn dense(&self, d: usize) -> Vec<f64> {
        (0..self.n).map(|i| self.component(d, i)).collect()
    }

    /// The signs (±1.0) of components 8·b..8·b + 8 of direction d.
    pub(crate) fn signs(&self, d: usize, b: usize) -> &'static [f64; 8] {
        &SIGNS[(self.word(d, b / 8) >> (8 * (b % 8)) & 0xff) as usize]
    }

    /// `out = x + t·v_d`, bit-identical to the dense product x + t·v (t·(±1/√n) and
    /// (t/√n)·(±1) are the same number: a product with ±1 is exact).
    pub(crate) fn offset(&self, d: usize, x: &[f64], t: f64, out: &mut Vec<f64>) {
        let step = t * self.size;
        let n = x.len();
        fit(out, n);
        // Whole blocks of eight as arrays (no bounds checks), then the rest.
        let whole = n / 8 * 8;
        for (b, (p, a)) in out.chunks_exact_mut(8).zip(x.chunks_exact(8)).enumerate() {
            let m = self.signs(d, b);
            for j in 0..8 {
                p[j] = a[j] + step * m[j];
            }
        }
        if whole < n {
            let m = self.signs(d, whole / 8);
            for j in whole..n {
                out[j] = x[j] + step * m[j - whole];
            }
        }
    }

    /// g·v_d for every direction d, in one pass over `g` per 8 directions. The sizes of the
    /// terms are the same along every direction: Σ|g_i|/√n.
    pub(crate) fn dots(&self, g: &[f64]) -> Vec<Dot> {
        assert_eq!(g.len(), self.n, "a gradient has a component per input");
        let mut values = vec![0.0; self.k];
        let mut abs = 0.0;
        for first in (0..self.k).step_by(FUSED) {
            let group = first..(first + FUSED).min(self.k);
            let (sums, a) = self.signed_sums(g, group.clone());
            values[group.clone()].copy_from_slice(&sums[..group.len()]);
            abs = a;
        }
        let (terms, weights) = (abs * self.size, self.n as f64 * self.size);
        values
            .into_iter()
            .map(|s| Dot {
                value: s * self.size,
                terms,
                weights,
                len: self.n,
            })
            .collect()
    }

    /// Σ ±g_i along the directions of `group` (at most 8), and Σ|g_i|.
    fn signed_sums(&self, g: &[f64], group: Range<usize>) -> ([f64; FUSED], f64) {
        let mut sums = [0.0; FUSED];
        let mut abs = [0.0; 8];
        let whole = g.len() / 8 * 8;
        // Lanes of eight: whole blocks as arrays (vectorised), the rest padded with zeros.
        let mut last = [0.0; 8];
        last[..g.len() - whole].copy_from_slice(&g[whole..]);
        let block = |b: usize| -> &[f64] {
            if 8 * b < whole {
                &g[8 * b..8 * b + 8]
            } else {
                &last
            }
        };
        let blocks = g.len().div_ceil(8);
        for first in (0..blocks).step_by(8) {
            // These 64 components stay in the nearest cache while every direction reads them.
            let range = first..(first + 8).min(blocks);
            for (s, d) in sums.iter_mut().zip(group.clone()) {
                let mut lanes = [0.0; 8];
                for b in range.clone() {
                    // ±g_i by a product with ±1 (exact): no branch.
                    let (m, g8) = (self.signs(d, b), block(b));
                    for j in 0..8 {
                        lanes[j] += g8[j] * m[j];
                    }
                }
                *s += lanes.iter().sum::<f64>();
            }
            for b in range {
                let g8 = block(b);
                for j in 0..8 {
                    abs[j] += g8[j].abs();
                }
            }
        }
        (sums, abs.iter().sum())
    }
}

/// `a` negated when `negative`, by its sign bit.
fn flip(a: f64, negative: bool) -> f64 {
    f64::from_bits(a.to_bits() ^ (u64::from(negative) << 63))
}

/// The hand-written side of a directional comparison over some components.
#[derive(Clone, Debug)]
pub(crate) struct Dot {
    pub value: f64,
    /// Σ|g_i v_i|: the size of the terms, which sets the rounding.
    pub terms: f64,
    /// Σ|v_i|, for a user's absolute tolerance.
    pub weights: f64,
    pub len: usize,
}

/// Σ g_i v_i over `range` of a dense direction, with the sizes beside it.
pub(crate) fn dot(g: &[f64], v: &[f64], range: Range<usize>) -> Dot {
    const LANES: usize = 4;
    let len = range.len();
    let (g, v) = (&g[range.clone()], &v[range]);
    // Four independent sums per quantity: one running sum is a chain of dependent additions.
    // Profiled at n = 10^5, one product cost about 1.4 evaluations of Rosenbrock that way,
    // 1.0 with four lanes, 1.6 with eight (24 sums spill out of the 16 SSE registers).
    let (mut s, mut t, mut w) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
    let (gc, vc) = (g.chunks_exact(LANES), v.chunks_exact(LANES));
    let (g_rest, v_rest) = (gc.remainder(), vc.remainder());
    for (gi, vi) in gc.zip(vc) {
        for l in 0..LANES {
            let p = gi[l] * vi[l];
            s[l] += p;
            t[l] += p.abs();
            w[l] += vi[l].abs();
        }
    }
    for (l, (&gi, &vi)) in g_rest.iter().zip(v_rest).enumerate() {
        s[l] += gi * vi;
        t[l] += (gi * vi).abs();
        w[l] += vi.abs();
    }
    Dot {
        value: s.iter().sum(),
        terms: t.iter().sum(),
        weights: w.iter().sum(),
        len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signs(n: usize, k: usize) -> Signs {
        Signs::draw(n, k, |d| SplitMix64::stream(3, d as u64))
    }

    #[test]
    fn bits_and_their_dense_form_agree() {
        let s = signs(130, 3);
        for d in 0..3 {
            let v = s.dense(d);
            assert_eq!(v.len(), 130);
            for (i, &a) in v.iter().enumerate() {
                assert_eq!(a.abs(), s.size());
                assert_eq!(a < 0.0, s.negative(d, i));
            }
            // Past the first word too: both signs in the last, partial one.
            assert!(v[128..].iter().any(|a| *a > 0.0) || v[64..128].iter().any(|a| *a > 0.0));
        }
        assert_ne!(s.dense(0), s.dense(1));
    }

    #[test]
    fn a_point_moved_along_the_bits_is_the_dense_one_bit_for_bit() {
        // 200: a partial last block; 128: none (the tail must not read past the bits).
        for n in [200, 128] {
            let s = signs(n, 2);
            let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7).sin() * 1e3).collect();
            let mut out = Vec::new();
            let bits = |v: &[f64]| v.iter().map(|a| a.to_bits()).collect::<Vec<_>>();
            for t in [1e-5, -3.7e-6, 0.0, 12.5] {
                s.offset(1, &x, t, &mut out);
                let v = s.dense(1);
                let dense: Vec<f64> = x.iter().zip(&v).map(|(a, b)| a + t * b).collect();
                assert_eq!(bits(&out), bits(&dense));
            }
        }
    }

    #[test]
    fn fused_products_equal_the_dense_ones() {
        // 11 directions: a full group of 8 and a partial one.
        let (n, k) = (1000, 11);
        let s = signs(n, k);
        let g: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin() * 10.0).collect();
        let fused = s.dots(&g);
        assert_eq!(fused.len(), k);
        for (d, f) in fused.iter().enumerate() {
            let v = s.dense(d);
            let dense = dot(&g, &v, 0..n);
            assert!((f.value - dense.value).abs() <= 1e-12 * dense.terms, "{d}");
            assert!((f.terms - dense.terms).abs() <= 1e-12 * dense.terms);
            assert!((f.weights - dense.weights).abs() <= 1e-12 * dense.weights);
            assert_eq!(f.len, n);
        }
        // One wrong component moves every product by exactly ±e/√n.
        let mut wrong = g.clone();
        wrong[777] += 1e-3;
        for (a, b) in s.dots(&wrong).iter().zip(&fused) {
            let gap = (a.value - b.value).abs();
            assert!((gap - 1e-3 * s.size()).abs() < 1e-12, "{gap}");
        }
    }
}
