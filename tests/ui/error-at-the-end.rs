// A mistake at the very end of the arguments, or of a key's parentheses, is reported at the
// last token or the closing parenthesis (not over the whole attribute); a function without
// parameters is told so at its parentheses.
use gradient_checked::prelude::*;

#[gradient_checked(samples = 3, grad =)]
fn a<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(data(xs = XS &))]
fn b<D: DualNum<Primitive = f64> + Copy>(x: D, xs: &[f64]) -> D {
    x * xs[0]
}

#[gradient_checked(samples = 3)]
fn c<D: DualNum<Primitive = f64> + Copy>() -> D {
    D::from(1.0)
}

fn main() {}
