use gradient_checked::prelude::*;

#[gradient_checked(smaples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(tolerance = 1e-6)]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
