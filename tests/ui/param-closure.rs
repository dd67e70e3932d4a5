use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(g: impl Fn(D) -> D) -> D {
    g(D::from(1.0))
}

fn main() {}
