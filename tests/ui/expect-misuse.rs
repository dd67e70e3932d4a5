use gradient_checked::prelude::*;

fn grad(x: f64) -> f64 {
    2.0 * x
}

#[gradient_checked(grad = grad, expect(mismatc, mismatch, mismatch))]
fn typo_and_repeat<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(grad = grad, expect())]
fn empty<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(grad = grad, expect = mismatch)]
fn wrong_form<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
