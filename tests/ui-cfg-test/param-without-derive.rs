// A struct parameter whose type has no #[derive(Differentiable)]: one error, on the
// parameter's type, saying what the forms are.
use gradient_checked::prelude::*;

struct Kernel<D> {
    length_scale: D,
    amplitude: D,
}

fn grad(k: &Kernel<f64>) -> (f64, f64) {
    (k.length_scale, k.amplitude)
}

#[gradient_checked(samples = 3, grad = grad)]
fn f<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>) -> D {
    k.length_scale * k.amplitude
}
