//! The witness's verdicts on functions whose nature is known.

use super::examine::outweighed;
use super::*;
use crate::numerics::fd::Site;
use crate::precision::F64;
use crate::Kind;

fn site(s0: f64, f0: f64) -> Site {
    Site {
        s0,
        f0,
        noise: 0.0,
        scale: s0.abs().max(1.0),
        prof: &F64,
    }
}

fn examine_fn(f: impl Fn(f64) -> f64, s0: f64, exact: f64) -> Verdict {
    let mut line = |s: f64| Some(f(s)).filter(|v| v.is_finite());
    examine(&mut line, &site(s0, f(s0)), exact)
}

#[test]
fn smooth_functions_are_smooth() {
    assert!(matches!(
        examine_fn(f64::sin, 0.4, 0.4f64.cos()),
        Verdict::Smooth(_)
    ));
    assert!(matches!(
        examine_fn(|x| x * x * x, 2.0, 12.0),
        Verdict::Smooth(_)
    ));
}

#[test]
fn a_wrong_derivative_at_a_smooth_point_is_not_singular() {
    // The dual says 0 (a detached chain); the function is x² and smooth.
    match examine_fn(|x| x * x, 1.5, 0.0) {
        Verdict::Undecided { .. } | Verdict::Singular { .. } | Verdict::Edge { .. } => {
            panic!("should be smooth")
        }
        Verdict::Smooth(e) => assert!((e.value - 3.0).abs() < 1e-8),
    }
}

#[test]
fn kinks_are_named_with_both_slopes() {
    for (f, l, r) in [
        (
            Box::new(|x: f64| x.abs()) as Box<dyn Fn(f64) -> f64>,
            -1.0,
            1.0,
        ),
        (Box::new(|x: f64| x.max(0.0)), 0.0, 1.0),
        (Box::new(|x: f64| (2.0 * x).max(-x)), -1.0, 2.0),
    ] {
        match examine_fn(f, 0.0, r) {
            Verdict::Singular {
                kind: Kind::Kink,
                left: Some(a),
                right: Some(b),
                ..
            } => {
                assert!((a.value - l).abs() < 1e-8 && (b.value - r).abs() < 1e-8);
            }
            v => panic!("{v:?}"),
        }
    }
}

#[test]
fn jumps_are_discontinuities() {
    for f in [
        |x: f64| x.signum(),
        |x: f64| if x >= 0.0 { x + 1.0 } else { x },
        |x: f64| x.floor(),
    ] {
        let v = examine_fn(f, 0.0, 1.0);
        assert!(
            matches!(
                v,
                Verdict::Singular {
                    kind: Kind::Discontinuity,
                    ..
                }
            ),
            "{v:?}"
        );
    }
}

#[test]
fn cusps_are_unbounded() {
    for f in [
        |x: f64| x.abs().sqrt() * x.signum(),
        |x: f64| x.cbrt(),
        |x: f64| x.cbrt() + x * x,
    ] {
        let v = examine_fn(f, 0.0, 0.0);
        assert!(
            matches!(
                v,
                Verdict::Singular {
                    kind: Kind::UnboundedDerivative,
                    ..
                }
            ),
            "{v:?}"
        );
    }
}

#[test]
fn domain_edges_are_edges() {
    // Defined on one side only, and smooth there: an edge, not a singularity.
    let mut half = |s: f64| (s >= 0.0).then_some(2.0 * s);
    let v = examine(&mut half, &site(0.0, 0.0), 5.0);
    assert!(matches!(v, Verdict::Edge { .. }), "{v:?}");
    // ln 1e-300 away from its pole: the right slope grows without bound at every step.
    let v = examine_fn(f64::ln, 1e-300, 1e300);
    assert!(
        matches!(
            v,
            Verdict::Singular {
                kind: Kind::UnboundedDerivative,
                ..
            }
        ),
        "{v:?}"
    );
}

#[test]
fn near_a_kink_or_a_jump_the_step_shrinks_to_the_smooth_side() {
    for d in [4e-6, -1e-6, 2e-8] {
        let slope = if d > 0.0 { 1.0 } else { 0.0 };
        let v = examine_fn(|x| x.max(0.0), d, slope);
        assert!(matches!(v, Verdict::Smooth(_)), "{d}: {v:?}");
        let v = examine_fn(|x| x.floor() + x, d, 1.0);
        assert!(matches!(v, Verdict::Smooth(_)), "{d}: {v:?}");
    }
}

#[test]
fn a_staircase_does_not_convict_the_dual_derivative() {
    // (x + 1e13) - 1e13 rounds to multiples of 2^-9: flat at small steps, slope 1 at large.
    match examine_fn(|x| (x + 1e13) - 1e13, 0.3, 1.0) {
        Verdict::Undecided { .. } => {}
        Verdict::Smooth(e) => assert!(!site(0.3, 0.3).convicts(&e, 1.0), "{e:?}"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn a_blunt_estimate_does_not_overrule_a_sharp_one_that_agrees_with_it() {
    let sharp = Estimate::new(1.0, 1e-12);
    let blunt = Estimate::new(1.0 + 1e-9, 1e-8);
    // 1 + 2e-8 is within the blunt error, 2e4 sharp errors away: outweighed.
    assert!(outweighed(
        &site(1.0, 1.0),
        &blunt,
        Some(&sharp),
        1.0 + 2e-8
    ));
    // A near miss of the sharp one proves nothing.
    assert!(!outweighed(
        &site(1.0, 1.0),
        &blunt,
        Some(&sharp),
        1.0 + 5e-12
    ));
    // A "sharp" estimate that disagrees with the blunt one misjudged its error.
    let off = Estimate::new(1.0 + 1e-6, 1e-12);
    assert!(!outweighed(&site(1.0, 1.0), &blunt, Some(&off), 1.0 + 2e-8));
}

#[test]
fn convicting_needs_a_large_gap_and_a_sharp_estimate() {
    let e = Estimate::new(3.0, 1e-9);
    assert!(site(1.0, 1.0).convicts(&e, 1.5));
    assert!(!site(1.0, 1.0).convicts(&e, 3.0 + 1e-8));
    let blunt = Estimate::new(3.0, 0.1);
    assert!(!site(1.0, 1.0).convicts(&blunt, 1.5));
}

/// The margins of agreement and conviction, each pinned where it alone decides (found by
/// mutation testing: every one of these survived a changed operator before).
#[test]
fn agreement_is_padded_by_the_resolution_of_the_value_itself() {
    // 1e-10 of a derivative of 1e6: 1e-4, however small the estimate's own error.
    let e = Estimate::new(1e6, 0.0);
    assert!(site(1.0, 1.0).confirms(&e, 1e6 * (1.0 + 0.5e-10)));
    assert!(!site(1.0, 1.0).confirms(&e, 1e6 * (1.0 + 2e-10)));
}

#[test]
fn an_underestimated_error_still_agrees_within_the_padding() {
    // Off by 5e-10 with an error estimate of 0: beyond 3 errors and the resolution, within
    // the padding (1e-9 of the derivative): settled, not convicted.
    let e = Estimate::new(1.0 + 5e-10, 0.0);
    assert!(!site(1.0, 1.0).confirms(&e, 1.0));
    assert!(site(1.0, 1.0).settles(&e, 1.0));
    assert!(!site(1.0, 1.0).settles(&Estimate::new(1.0 + 2e-9, 0.0), 1.0));
}

#[test]
fn values_too_noisy_to_resolve_the_gap_convict_nothing() {
    // Noise of 1e-3 on values of 1: differences resolve slopes of about 165 at the balanced
    // step, so a gap of 1.5 is not seen, however sharp the estimate claims to be.
    let e = Estimate::new(3.0, 1e-9);
    assert!(site(1.0, 1.0).convicts(&e, 1.5));
    assert!(!site(1.0, 1.0).with_noise(1e-3).convicts(&e, 1.5));
}

#[test]
fn a_flat_estimate_is_sharp_by_the_function_s_own_slope_scale() {
    // The slope is 0 (an extremum): an error of half a millionth of |f|/scale is sharp, and
    // convicts a value of 1.
    let e = Estimate::new(0.0, 5e-7);
    assert!(site(1.0, 1.0).convicts(&e, 1.0));
    assert!(!site(1.0, 1.0).convicts(&Estimate::new(0.0, 5e-6), 1.0));
}

#[test]
fn a_glance_settles_smooth_entries_and_nothing_else() {
    let glance_fn = |f: &dyn Fn(f64) -> f64, s0: f64, exact: f64| {
        let mut line = |s: f64| Some(f(s)).filter(|v| v.is_finite());
        glance(&mut line, &site(s0, f(s0)), exact)
    };
    assert!(glance_fn(&f64::sin, 0.7, 0.7f64.cos()));
    assert!(glance_fn(&|x: f64| 1e8 * x.exp(), 3.0, 1e8 * 3f64.exp()));
    // A dual chain off by a whole term, or by 1e-6 of the slope: not settled.
    assert!(!glance_fn(&|x: f64| x * x, 1.5, 1.5));
    assert!(!glance_fn(&f64::sin, 0.7, 0.7f64.cos() * (1.0 + 1e-6)));
    // A kink inside the step: the central difference straddles it.
    assert!(!glance_fn(&|x: f64| x.abs(), 1e-7, 1.0));
}

/// The function along a coordinate evaluated in `f32`, as the engine's lines of an `f32`
/// function are.
struct Line32<F: Fn(f32) -> f32>(F);

impl<F: Fn(f32) -> f32> Line for Line32<F> {
    fn at(&mut self, s: f64) -> Option<f64> {
        Some(f64::from((self.0)(s as f32))).filter(|v| v.is_finite())
    }
    fn profile(&self) -> &'static crate::precision::Profile {
        &crate::precision::F32
    }
}

/// `2·sin(x) + cos(300.33)` in `f32` at x = 1669.68 (the corpus32 `wave_1e3` point), with the
/// value noise the engine measures there (1.76e-5: the rounding bound of `0.5·x₁` carried
/// through `cos`), and the `f32` dual derivative `2·cos(x)`.
fn wave_1e3() -> (Line32<impl Fn(f32) -> f32>, Site, f64) {
    let c = (0.5f32 * 600.658_6_f32).cos();
    let mut line = Line32(move |s: f32| 2.0 * s.sin() + c);
    let s0 = 1_669.678_344_726_562_5;
    let f0 = line.at(s0).unwrap();
    let site = Site::new(&line, s0, f0).with_noise(1.755_660_6e-5);
    (line, site, f64::from(2.0 * (s0 as f32).cos()))
}

#[test]
fn a_coarse_estimate_over_periods_of_sin_does_not_convict_a_correct_f32_derivative() {
    // Ridders from 1e-2·|x| = 16.7 (2.6 periods) gives 7.83e-3 ± 1.6e-5; steps of 0.08 give
    // the true -0.156142. Smooth at one scale and not at another: not a conviction.
    let (mut line, site, exact) = wave_1e3();
    match examine(&mut line, &site, exact) {
        Verdict::Smooth(e) => assert!(!site.convicts(&e, exact), "{e:?} vs {exact}"),
        Verdict::Undecided { .. } => {}
        v => panic!("{v:?}"),
    }
}

#[test]
fn a_detached_term_at_the_same_f32_site_is_never_confirmed() {
    // The smooth twin of the same size: x²/2000 in f32 around 1669.68, smooth at every scale,
    // and a dual chain that lost the term's second factor (`x·x.re()`: half the slope).
    let mut line = Line32(|s: f32| s * s * 5e-4);
    let s0 = 1_669.678_344_726_562_5;
    let f0 = line.at(s0).unwrap();
    let site = Site::new(&line, s0, f0).with_noise(f0 * 2e-7);
    let broken = f64::from(s0 as f32 * 5e-4);
    match examine(&mut line, &site, broken) {
        Verdict::Smooth(e) => {
            assert!(site.convicts(&e, broken), "{e:?} vs {broken}");
            assert!((e.value - 2.0 * broken).abs() < 1e-3 * e.value, "{e:?}");
        }
        v => panic!("{v:?}"),
    }
    // And at the wave's site the broken chain (the slope halved) is not settled either.
    let (mut line, site, exact) = wave_1e3();
    assert!(!matches!(
        examine(&mut line, &site, 0.5 * exact),
        Verdict::Smooth(e) if site.settles(&e, 0.5 * exact)
    ));
}
