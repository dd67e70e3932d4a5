use gradient_checked::prelude::*;

fn grad(p: &[f64; 3]) -> [f64; 3] {
    *p
}

#[gradient_checked(samples = 3, grad = grad)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, p: &[D; 2]) -> D {
    x * p[0] * p[1]
}
