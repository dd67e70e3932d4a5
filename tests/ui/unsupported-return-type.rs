use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> (D, D) {
    (x, x)
}

#[gradient_checked(samples = 3)]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) {
    let _ = x;
}

fn main() {}
