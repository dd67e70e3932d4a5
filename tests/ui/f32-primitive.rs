use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f32> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
