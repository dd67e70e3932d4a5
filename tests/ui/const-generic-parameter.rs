use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy, const N: usize>(x: [D; N]) -> D {
    x[0]
}

fn main() {}
