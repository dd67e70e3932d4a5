use gradient_checked::prelude::*;

#[gradient_checked(allow(knik, nan, kink, kink))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x.abs()
}

fn main() {}
