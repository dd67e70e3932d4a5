//! Stratified random numbers: a Latin hypercube per block of points. In a block of m points
//! every axis is cut into m equal strata and each stratum holds exactly one point, so a
//! region that covers a fraction p of one axis is visited as soon as m ≥ 1/p, where m
//! uniform points miss it with probability (1 − p)^m (0.44 for p = 0.05 and m = 16).
//!
//! Each point is computed on its own (a keyed permutation of the strata per axis, evaluated
//! at one index), so a point of 10^6 components is drawn without holding the others. The
//! first block is always the same 16 points, whatever the budget later decides: the first
//! point is checked before the number of points is known.

use crate::rng::SplitMix64;

/// A seeded permutation of `0..m` evaluated at `i`: a four-round Feistel network on the
/// smallest even number of bits that holds m, walked until it lands below m (a permutation
/// of the larger range restricted to 0..m stays a permutation).
pub(crate) fn permute(key: u64, m: u64, i: u64) -> u64 {
    if m <= 1 {
        return 0;
    }
    let bits = 64 - (m - 1).leading_zeros();
    let half = bits.div_ceil(2);
    let mask = (1u64 << half) - 1;
    let mut x = i;
    loop {
        let (mut l, mut r) = (x >> half, x & mask);
        for round in 0..4u64 {
            let f = SplitMix64::stream(key ^ round.wrapping_mul(0x9E37_79B9), r).next_u64() & mask;
            (l, r) = (r, l ^ f);
        }
        x = (l << half) | r;
        if x < m {
            return x;
        }
    }
}

/// Where random point `k` falls in a sequence of blocks of `sizes` points.
fn locate(sizes: &[usize], mut k: usize) -> (usize, usize, usize) {
    for (b, &m) in sizes.iter().enumerate() {
        if k < m {
            return (b, k, m);
        }
        k -= m;
    }
    // Past the last block (not reached by the plan): a block of one, plain uniform.
    (sizes.len() + k, 0, 1)
}

/// Point `k` of a stratified design of `n` components in blocks of `sizes` points, as numbers
/// in `[0, 1)` passed to `put(component, u)`. `stream` separates designs (random points,
/// exploration points) drawn from one seed.
pub(crate) fn unit_point(
    seed: u64,
    stream: u64,
    sizes: &[usize],
    k: usize,
    n: usize,
    mut put: impl FnMut(usize, f64),
) {
    let (block, at, m) = locate(sizes, k);
    let base = seed ^ stream.wrapping_mul(0xA24B_AED4_963E_E407);
    let mut jitter = SplitMix64::stream(base, k as u64);
    for j in 0..n {
        let key = SplitMix64::stream(base ^ ((block as u64) << 40), j as u64).next_u64();
        let stratum = permute(key, m as u64, at as u64);
        let u = (stratum as f64 + jitter.next_f64()) / m as f64;
        put(j, u.min(1.0 - f64::EPSILON / 2.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_permutations() {
        for m in [1u64, 2, 3, 16, 17, 100, 1000] {
            let mut seen: Vec<u64> = (0..m).map(|i| permute(99 + m, m, i)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..m).collect::<Vec<_>>(), "m = {m}");
        }
    }

    #[test]
    fn every_stratum_of_every_axis_is_visited_once_per_block() {
        let sizes = [16, 48];
        let mut hits = vec![vec![(0usize, 0usize); 48]; 3];
        for k in 0..64 {
            unit_point(7, 1, &sizes, k, 3, |j, u| {
                assert!((0.0..1.0).contains(&u));
                if k < 16 {
                    hits[j][(u * 16.0) as usize].0 += 1;
                } else {
                    hits[j][(u * 48.0) as usize].1 += 1;
                }
            });
        }
        for axis in &hits {
            assert!(axis[..16].iter().all(|h| h.0 == 1));
            assert!(axis.iter().all(|h| h.1 == 1));
        }
    }

    #[test]
    fn the_first_block_does_not_depend_on_the_others() {
        let first = |sizes: &[usize]| {
            let mut p = vec![0.0; 4];
            unit_point(3, 1, sizes, 5, 4, |j, u| p[j] = u);
            p
        };
        assert_eq!(first(&[16]), first(&[16, 1000]));
    }
}
