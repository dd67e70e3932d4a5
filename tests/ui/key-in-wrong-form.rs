use gradient_checked::prelude::*;

#[gradient_checked(data = 3, samples(3), grad)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
