use gradient_checked::prelude::*;

#[gradient_checked(directions = 0)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(mode = full, directions = 4)]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
