use gradient_checked::prelude::*;

/// Softplus of the margin m = w₀ − 2w₁: the gradient is σ(m)·(1, −2).
fn grad(w: &[f32; 2]) -> [f32; 2] {
    let s = 1.0 / (1.0 + (w[1] * 2.0 - w[0]).exp());
    [s, -2.0 * s]
}

#[gradient_checked(samples = 16, domain = -3.0..3.0, grad = grad)]
fn softplus<D: DualNum<Primitive = f32> + Copy>(w: &[D; 2]) -> D {
    (w[0] - w[1] * 2.0).exp().ln_1p()
}

/// (1 + 10⁻⁴x − 1)·10⁴ is x, but 1 + 10⁻⁴x keeps about three of x's digits in f32.
fn lossy_grad(_x: f32) -> f32 {
    1.0
}

#[gradient_checked(samples = 16, domain = 1.0..2.0, grad = lossy_grad, precision = f32)]
fn lossy<D: DualNum + Copy>(x: D) -> D {
    let c = D::from_f64(1e-4).unwrap();
    ((D::one() + x * c) - D::one()) / c
}
