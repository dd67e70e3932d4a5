//! Physics in SI units and points that mix scales: inputs of 1e11 m or 1e-7 m, values of
//! 1e33 J or 1e13 W·sr⁻¹·m⁻³, components of one point 16 orders of magnitude apart.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

const G: f64 = 6.674_30e-11; // m³ kg⁻¹ s⁻²
const M_SUN: f64 = 1.988_92e30; // kg
const M_EARTH: f64 = 5.9722e24; // kg

// The Sun–Earth potential energy −GMm/|r| at positions of an astronomical unit.
hard_fn!(Gravitation, |x| {
    let r = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt();
    -r.recip() * (G * M_SUN * M_EARTH)
});
fn gravitation_grad(x: &[f64]) -> Vec<f64> {
    let r = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt();
    let k = G * M_SUN * M_EARTH / (r * r * r);
    x.iter().map(|c| k * c).collect()
}
pub fn gravitation_si() -> Case {
    Case::new(
        "gravitation_si",
        Class::Other,
        Gravitation,
        gravitation_grad,
    )
    .param("r", 3, Some(5e10..1.5e11))
}

const R: f64 = 8.314_462_618; // J mol⁻¹ K⁻¹

// An Arrhenius rate A·exp(−Eₐ/RT): A ~ 1e13 s⁻¹, Eₐ ~ 1e5 J/mol, T ~ 300 K in one point.
hard_fn!(Arrhenius, |x| {
    let (a, ea, t) = (x[0], x[1], x[2]);
    a * (-ea / (t * R)).exp()
});
fn arrhenius_grad(x: &[f64]) -> Vec<f64> {
    let (a, ea, t) = (x[0], x[1], x[2]);
    let e = (-ea / (R * t)).exp();
    let k = a * e;
    vec![e, -k / (R * t), k * (ea / (R * t)) / t]
}
pub fn arrhenius_mixed() -> Case {
    Case::new("arrhenius_mixed", Class::Other, Arrhenius, arrhenius_grad)
        .param("prefactor", 1, Some(1e12..1e13))
        .param("activation_energy", 1, Some(5e4..1e5))
        .param("temperature", 1, Some(300.0..400.0))
}

// A point with one component near 1e8 and one near 1e-8.
hard_fn!(MixedScales, |x| {
    let (a, b) = (x[0], x[1]);
    (a * b).sin() + a * b * b + a.ln() * b
});
fn mixed_scales_grad(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    let c = (a * b).cos();
    vec![b * c + b * b + b / a, a * c + 2.0 * a * b + a.ln()]
}
pub fn mixed_scales() -> Case {
    Case::new("mixed_scales", Class::Other, MixedScales, mixed_scales_grad)
        .param("a", 1, Some(1e8..2e8))
        .param("b", 1, Some(1e-8..2e-8))
}

const H: f64 = 6.626_070_15e-34; // J s
const C: f64 = 299_792_458.0; // m/s
const K_B: f64 = 1.380_649e-23; // J/K

// Planck's spectral radiance B(λ, T) = 2hc²/λ⁵ / (e^(hc/λkT) − 1) for visible light and
// stellar temperatures: λ ~ 5e-7 m, T ~ 5e3 K, B ~ 1e13.
hard_fn!(Planck, |x| {
    let (l, t) = (x[0], x[1]);
    let u = (l * t * K_B).recip() * (H * C);
    (l.powi(5) * (u.exp() - 1.0)).recip() * (2.0 * H * C * C)
});
/// With u = hc/λkT: ∂B/∂T = B·u eᵘ/((eᵘ − 1)T), ∂B/∂λ = B·(u eᵘ/(eᵘ − 1) − 5)/λ.
fn planck_grad(x: &[f64]) -> Vec<f64> {
    let (l, t) = (x[0], x[1]);
    let u = H * C / (l * K_B * t);
    let em1 = u.exp_m1();
    let b = 2.0 * H * C * C / (l.powi(5) * em1);
    let q = u * u.exp() / em1;
    vec![b * (q - 5.0) / l, b * q / t]
}
pub fn planck_radiance() -> Case {
    Case::new("planck_radiance", Class::Other, Planck, planck_grad)
        .param("wavelength", 1, Some(4e-7..7e-7))
        .param("temperature", 1, Some(3000.0..6000.0))
}

corpus!(
    gravitation_si,
    arrhenius_mixed,
    mixed_scales,
    planck_radiance
);
