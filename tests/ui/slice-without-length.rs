use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
    x[0]
}

#[gradient_checked(at = [[1.0, 2.0, 3.0]])]
fn g<D: DualNum<Primitive = f64> + Copy>(x: &[D], y: Vec<D>) -> D {
    x[0] * y[0]
}

fn main() {}
