use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy, E: DualNum<Primitive = f64> + Copy>(x: D, y: E) -> D {
    x * y.re()
}

fn main() {}
