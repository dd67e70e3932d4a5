use gradient_checked::prelude::*;

#[gradient_checked(domain = 0.0..=1.0)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(domain = 0.0..)]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(domain(z = 0.0..1.0, xs = 0.0..1.0), data(xs = 1.0))]
fn h<D: DualNum<Primitive = f64> + Copy>(x: D, xs: f64) -> D {
    x * xs
}

fn main() {}
