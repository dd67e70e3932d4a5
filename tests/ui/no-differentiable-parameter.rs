use gradient_checked::prelude::*;

#[gradient_checked(samples = 3, data(x = 1.0))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: f64) -> D {
    D::from(x)
}

fn main() {}
