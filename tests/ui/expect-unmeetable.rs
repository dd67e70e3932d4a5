use gradient_checked::prelude::*;

#[gradient_checked(expect(unstable))]
fn a_warning<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[gradient_checked(allow(kink), expect(kink))]
fn allowed_and_expected<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x.abs()
}

#[gradient_checked(expect(mismatch, hessian_mismatch))]
fn nothing_to_compare<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
