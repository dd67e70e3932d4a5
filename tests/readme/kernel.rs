use gradient_checked::prelude::*;

#[derive(Clone, Debug, Differentiable)]
struct Kernel<D> {
    length_scale: D,
    amplitude: D,
}

/// Σ over pairs a² exp(−d²/(2l²)), by hand.
fn kernel_grad(k: &Kernel<f64>, xs: &[f64]) -> Kernel<f64> {
    let (l, a) = (k.length_scale, k.amplitude);
    let mut g = Kernel {
        length_scale: 0.0,
        amplitude: 0.0,
    };
    for i in 0..xs.len() {
        for j in i + 1..xs.len() {
            let d2 = (xs[i] - xs[j]).powi(2);
            let e = (-d2 / (2.0 * l * l)).exp();
            g.amplitude += 2.0 * a * e;
            g.length_scale += a * a * e * d2 / (l * l * l);
        }
    }
    g
}

static XS: [f64; 4] = [0.0, 0.4, 1.1, 2.0];

#[gradient_checked(samples = 16, domain(k.length_scale = 0.5..3.0), grad = kernel_grad, data(xs = &XS))]
fn kernel_sum<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>, xs: &[f64]) -> D {
    let l2 = k.length_scale * k.length_scale * 2.0;
    let mut s = D::from(0.0);
    for i in 0..xs.len() {
        for j in i + 1..xs.len() {
            let d2 = (xs[i] - xs[j]).powi(2);
            s += k.amplitude * k.amplitude * (D::from(-d2) / l2).exp();
        }
    }
    s
}
