//! Values are bit-identical to plain-float evaluation, alone and inside num-dual's types, and
//! generic user code runs on every combination.

use super::{catalogue, PAIRS};
use crate::rounded::Rounded;
use num_dual::{Dual, Dual64, DualNum, DualSVec, DualSVec64, HyperDual, HyperDual64};

/// Same bits, or both NaN (NaN payloads are not specified by IEEE arithmetic).
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[test]
fn values_are_bit_identical_to_f64_and_f32() {
    let mut n = 0;
    for &(x, y) in PAIRS {
        for k in 0.. {
            let Some(plain) = catalogue::<f64, f64>(k, x, y) else {
                break;
            };
            let r = catalogue(k, Rounded::new(x), Rounded::new(y)).unwrap();
            assert!(
                same(r.value(), plain),
                "f64 expr {k} at ({x}, {y}): {r} vs {plain}"
            );
            // exact inputs, no intermediate overflow (|x|, |y| ≤ 30) and a finite value: the
            // bound is known (an overflowed intermediate leaves it unknown, by design)
            let tame = x.abs() <= 30.0 && y.abs() <= 30.0;
            assert!(
                !tame || !r.value().is_finite() || r.bound().is_finite(),
                "expr {k} at ({x}, {y}): {r}"
            );
            let (x32, y32) = (x as f32, y as f32);
            let plain32 = catalogue::<f32, f32>(k, x32, y32).unwrap();
            let r32 = catalogue(k, Rounded::new(x32), Rounded::new(y32)).unwrap();
            assert!(
                same(r32.value().into(), plain32.into()),
                "f32 expr {k} at ({x32}, {y32}): {r32} vs {plain32}"
            );
            assert!(
                !tame || !r32.value().is_finite() || r32.bound().is_finite(),
                "f32 expr {k} at ({x32}, {y32}): {r32}"
            );
            n += 1;
        }
    }
    assert_eq!(n, 65 * PAIRS.len());
}

#[test]
fn rem_is_fmod_with_a_bound() {
    let (a, b) = (Rounded::new(7.5_f64), Rounded::with_bound(2.0, 1e-12));
    let r = a % b;
    assert_eq!(r.value(), 7.5 % 2.0);
    // 7.5 = 3·2 + 1.5: the divisor's error moves the remainder 3 times
    assert!(r.bound() >= 3e-12 && r.bound() < 4e-12, "{r}");
    assert_eq!((a % 2.0).value(), 1.5);
}

/// A dual number built on `Rounded` carries the same bits as num-dual's `Dual64` in every part.
#[test]
fn dual_of_rounded_matches_dual64_in_both_parts() {
    for &(x, y) in PAIRS {
        for k in 0.. {
            let Some(d) = catalogue(k, Dual64::new(x, 1.0), Dual64::new(y, 0.5)) else {
                break;
            };
            let xr = Dual::new(Rounded::new(x), Rounded::new(1.0));
            let yr = Dual::new(Rounded::new(y), Rounded::new(0.5));
            let r = catalogue(k, xr, yr).unwrap();
            assert!(
                same(r.re.value(), d.re),
                "re of expr {k} at ({x}, {y}): {r} vs {d}"
            );
            assert!(
                same(r.eps.value(), d.eps),
                "eps of expr {k} at ({x}, {y}): {r} vs {d}"
            );
            // as above, and no zero input: num-dual's `powd` is exp(ln(x)·y), through ln 0 = −∞
            let tame = x.abs() <= 30.0 && y.abs() <= 30.0 && x != 0.0 && y != 0.0;
            for part in [r.re, r.eps] {
                assert!(
                    !tame || !part.value().is_finite() || part.bound().is_finite(),
                    "expr {k} at ({x}, {y}): {r}"
                );
            }
        }
    }
}

#[test]
fn hyperdual_and_dualvec_of_rounded_match_num_dual() {
    for &(x, y) in PAIRS {
        for k in 0.. {
            let Some(h) = catalogue(k, HyperDual64::new(x, 1.0, 1.0, 0.0), HyperDual64::from(y))
            else {
                break;
            };
            let one = Rounded::new(1.0);
            let xr = HyperDual::new(Rounded::new(x), one, one, Rounded::new(0.0));
            let r = catalogue(k, xr, HyperDual::from(y)).unwrap();
            for (a, b) in [
                (r.re, h.re),
                (r.eps1, h.eps1),
                (r.eps2, h.eps2),
                (r.eps1eps2, h.eps1eps2),
            ] {
                assert!(same(a.value(), b), "expr {k} at ({x}, {y}): {r} vs {h}");
            }
            let v = catalogue(
                k,
                DualSVec64::<2>::from_re(x).derivative(0),
                DualSVec64::from(y),
            )
            .unwrap();
            let xr = DualSVec::<Rounded<f64>, 2>::from_re(Rounded::new(x)).derivative(0);
            let w = catalogue(k, xr, DualSVec::from(y)).unwrap();
            assert!(same(w.re.value(), v.re), "expr {k}: {w} vs {v}");
            let (we, ve) = (w.eps.0, v.eps.0);
            assert_eq!(we.is_some(), ve.is_some());
            if let (Some(we), Some(ve)) = (we, ve) {
                for i in 0..2 {
                    assert!(same(we[i].value(), ve[i]), "expr {k} eps[{i}]: {w} vs {v}");
                }
            }
        }
    }
}

/// A user's loss, written once over `D: DualNum<Primitive = f64> + Copy`.
fn loss<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    let mut s = D::zero();
    for w in x.windows(2) {
        let d = w[1] - w[0] * w[0];
        s += d * d * 100.0 + (D::one() - w[0]).powi(2);
    }
    s + x[0].tanh() * x[3].exp() - (x[1] * x[2]).sin()
}

fn is_dual_num_copy<D: DualNum<Primitive = f64> + Copy>() {}

#[test]
fn generic_code_runs_on_every_rounded_combination() {
    is_dual_num_copy::<Rounded<f64>>();
    is_dual_num_copy::<Dual<Rounded<f64>>>();
    is_dual_num_copy::<DualSVec<Rounded<f64>, 4>>();
    is_dual_num_copy::<HyperDual<Rounded<f64>>>();
    is_dual_num_copy::<Dual<Dual<Rounded<f64>>>>();

    let x = [0.3, -1.2, 0.8, 0.05];
    let plain = loss(&x);
    let r = loss(&x.map(Rounded::new));
    assert_eq!(r.value(), plain);
    assert!(r.bound() > 0.0 && r.bound() < 1e-14 * 100.0, "{r}");

    let seeds: [DualSVec64<4>; 4] =
        std::array::from_fn(|i| DualSVec64::from_re(x[i]).derivative(i));
    let g64 = loss(&seeds);
    let seeds_r: [DualSVec<Rounded<f64>, 4>; 4] =
        std::array::from_fn(|i| DualSVec::from_re(Rounded::new(x[i])).derivative(i));
    let gr = loss(&seeds_r);
    let (e64, er) = (g64.eps.0.unwrap(), gr.eps.0.unwrap());
    for i in 0..4 {
        assert_eq!(er[i].value(), e64[i]);
        // each gradient component carries its own bound, a few ε of its terms
        assert!(
            er[i].bound() > 0.0 && er[i].bound() < 1e-12,
            "component {i}: {}",
            er[i]
        );
        // the directional derivative agrees with a scalar Dual seeded along e_i
        let xi: Vec<Dual<Rounded<f64>>> = (0..4)
            .map(|j| {
                Dual::new(
                    Rounded::new(x[j]),
                    Rounded::new(f64::from(u8::from(i == j))),
                )
            })
            .collect();
        assert_eq!(loss(&xi).eps.value(), e64[i]);
    }
}
