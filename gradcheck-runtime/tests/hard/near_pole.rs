//! Class 6: inputs of size 1e-10 near a pole at 0, as SI lengths are. Values and derivatives
//! are huge or tiny in absolute terms, and a finite-difference step of fixed absolute size
//! would cross the pole.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};
use num_dual::DualNum;

hard_fn!(Reciprocal, |x| x[0].recip());
fn reciprocal_grad(x: &[f64]) -> Vec<f64> {
    vec![-1.0 / (x[0] * x[0])]
}
pub fn reciprocal_tiny() -> Case {
    Case::new(
        "reciprocal_tiny",
        Class::NearPole,
        Reciprocal,
        reciprocal_grad,
    )
    .flat(1, 1e-10..1e-9)
}

hard_fn!(Ln, |x| x[0].ln());
fn ln_grad(x: &[f64]) -> Vec<f64> {
    vec![1.0 / x[0]]
}
pub fn log_tiny() -> Case {
    Case::new("log_tiny", Class::NearPole, Ln, ln_grad).flat(1, 1e-10..1e-9)
}

/// Argon: σ = 3.4e-10 m, ε = 1.65e-21 J.
const LJ_SIGMA: f64 = 3.4e-10;
const LJ_EPS: f64 = 1.65e-21;

fn lj<D: DualNum<Primitive = f64> + Copy>(r: D) -> D {
    let s6 = (D::from(LJ_SIGMA) / r).powi(6);
    (s6 * s6 - s6) * (4.0 * LJ_EPS)
}
fn lj_slope(r: f64) -> f64 {
    let s6 = (LJ_SIGMA / r).powi(6);
    4.0 * LJ_EPS * (6.0 * s6 - 12.0 * s6 * s6) / r
}

hard_fn!(LennardJones, |x| lj(x[0]));
fn lennard_jones_grad(x: &[f64]) -> Vec<f64> {
    vec![lj_slope(x[0])]
}
pub fn lennard_jones_si_r() -> Case {
    Case::new(
        "lennard_jones_si_r",
        Class::NearPole,
        LennardJones,
        lennard_jones_grad,
    )
    .param("r", 1, Some(3e-10..1e-9))
}

// An argon dimer given by its displacement vector in metres.
hard_fn!(LennardJonesDimer, |x| {
    lj((x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt())
});
fn lennard_jones_dimer_grad(x: &[f64]) -> Vec<f64> {
    let r = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt();
    let s = lj_slope(r);
    x.iter().map(|d| s * d / r).collect()
}
pub fn lennard_jones_si_dimer() -> Case {
    Case::new(
        "lennard_jones_si_dimer",
        Class::NearPole,
        LennardJonesDimer,
        lennard_jones_dimer_grad,
    )
    .param("d", 3, Some(2e-10..6e-10))
}

/// Coulomb constant × e², J·m.
const KE2: f64 = 8.987_551_792_3e9 * 1.602_176_634e-19 * 1.602_176_634e-19;
/// Born–Mayer repulsion for gas-phase NaCl: ρ = 3.21e-11 m, A chosen so that the minimum
/// sits at 2.36e-10 m.
const BM_RHO: f64 = 3.21e-11;
const BM_A: f64 = 2.07e-16;

// The ionic pair potential −ke²/r + A e^(−r/ρ) in SI units.
hard_fn!(BornMayer, |x| {
    let r = x[0];
    -r.recip() * KE2 + (-r / BM_RHO).exp() * BM_A
});
fn born_mayer_grad(x: &[f64]) -> Vec<f64> {
    let r = x[0];
    vec![KE2 / (r * r) - BM_A / BM_RHO * (-r / BM_RHO).exp()]
}
pub fn born_mayer_si() -> Case {
    Case::new("born_mayer_si", Class::NearPole, BornMayer, born_mayer_grad).param(
        "r",
        1,
        Some(2e-10..5e-10),
    )
}

corpus!(
    reciprocal_tiny,
    log_tiny,
    lennard_jones_si_r,
    lennard_jones_si_dimer,
    born_mayer_si,
);
