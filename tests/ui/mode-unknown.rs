use gradient_checked::prelude::*;

#[gradient_checked(mode = slow)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(mode = fats)]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
