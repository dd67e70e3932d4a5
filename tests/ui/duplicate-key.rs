use gradient_checked::prelude::*;

fn grad(x: f64) -> f64 {
    2.0 * x
}

#[gradient_checked(samples = 3, grad = grad, samples = 4, grad = grad)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
