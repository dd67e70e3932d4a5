use gradient_checked::prelude::*;

#[gradient_checked(norm(min = 10, max = 1))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(norm(mni = 1e-8))]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
