use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: Option<D>) -> D {
    x.unwrap_or(D::from(0.0))
}

fn main() {}
