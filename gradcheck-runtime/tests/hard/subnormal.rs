//! Class 9: values and derivatives that fall into the subnormal range (below 2.2e-308, where
//! f64 keeps fewer than 53 bits) or underflow to 0 at some points of a natural domain.

use crate::harness::{Case, Class};
use crate::{corpus, hard_fn};

// A squared-exponential kernel with a short length scale on inputs in [0, 1]:
// the exponent d²/2ℓ² reaches 1250, crossing the subnormal band 708..745 on the way to 0.
hard_fn!(SeKernel, |x| {
    let (a, b, l) = (x[0], x[1], x[2]);
    let d = a - b;
    (-(d * d) / (l * l * 2.0)).exp()
});
fn se_kernel_grad(x: &[f64]) -> Vec<f64> {
    let (a, b, l) = (x[0], x[1], x[2]);
    let d = a - b;
    let k = (-(d * d) / (2.0 * l * l)).exp();
    let dl = d / (l * l);
    vec![-dl * k, dl * k, dl * (d / l) * k]
}
pub fn se_kernel_small_lengthscale() -> Case {
    Case::new(
        "se_kernel_small_lengthscale",
        Class::Subnormal,
        SeKernel,
        se_kernel_grad,
    )
    .param("a", 1, Some(0.0..1.0))
    .param("b", 1, Some(0.0..1.0))
    .param("length_scale", 1, Some(0.02..0.05))
}

const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

// The standard normal density far in its tail: 1e-196 at 30, subnormal beyond 37.6, 0
// beyond 38.6.
hard_fn!(GaussianTail, |x| {
    let t = x[0];
    (-(t * t) * 0.5).exp() * INV_SQRT_2PI
});
fn gaussian_tail_grad(x: &[f64]) -> Vec<f64> {
    let phi = (-0.5 * x[0] * x[0]).exp() * INV_SQRT_2PI;
    vec![-x[0] * phi]
}
pub fn gaussian_tail_far() -> Case {
    Case::new(
        "gaussian_tail_far",
        Class::Subnormal,
        GaussianTail,
        gaussian_tail_grad,
    )
    .flat(1, 30.0..40.0)
}

const K_B: f64 = 1.380_649e-23; // J/K

// The Boltzmann factor exp(−E/k_BT) of a 0.9–1 eV barrier at 15–20 K: E/k_BT from 522 to
// 773, so values from 1e-227 through the subnormals to 0.
hard_fn!(Boltzmann, |x| {
    let (e, t) = (x[0], x[1]);
    (-e / (t * K_B)).exp()
});
/// ∂f/∂E = −f/(k_BT) and ∂f/∂T = f·E/(k_BT²), each as one exponential of a sum of logs:
/// f itself may be subnormal (a few bits) where these are normal numbers, and f/(k_BT)
/// would carry f's lost bits (13% error at f ~ 1e-323).
fn boltzmann_grad(x: &[f64]) -> Vec<f64> {
    let (e, t) = (x[0], x[1]);
    let u = -e / (K_B * t);
    vec![
        -(u - (K_B * t).ln()).exp(),
        (u + (e / (K_B * t)).ln() - t.ln()).exp(),
    ]
}
pub fn boltzmann_low_temperature() -> Case {
    Case::new(
        "boltzmann_low_temperature",
        Class::Subnormal,
        Boltzmann,
        boltzmann_grad,
    )
    .param("energy", 1, Some(1.44e-19..1.60e-19))
    .param("temperature", 1, Some(15.0..20.0))
}

// A likelihood as a product of 32 small probabilities: ~1e-296, down to 1e-320 (subnormal).
hard_fn!(LikelihoodProduct, |x| x.iter().copied().product::<D>());
/// ∂/∂pᵢ = Π_{j≠i} pⱼ from prefix and suffix products (P/pᵢ would divide a subnormal P).
fn likelihood_product_grad(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut prefix = vec![1.0; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] * x[i];
    }
    let mut suffix = 1.0;
    let mut g = vec![0.0; n];
    for i in (0..n).rev() {
        g[i] = prefix[i] * suffix;
        suffix *= x[i];
    }
    g
}
pub fn likelihood_product_32() -> Case {
    Case::new(
        "likelihood_product_32",
        Class::Subnormal,
        LikelihoodProduct,
        likelihood_product_grad,
    )
    .param("p", 32, Some(1e-10..1e-9))
}

corpus!(
    se_kernel_small_lengthscale,
    gaussian_tail_far,
    boltzmann_low_temperature,
    likelihood_product_32,
);
