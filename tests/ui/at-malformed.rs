use gradient_checked::prelude::*;

#[gradient_checked(at = [])]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(at = [[1.0], 2.0])]
fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(at = [[one]])]
fn h<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

fn main() {}
