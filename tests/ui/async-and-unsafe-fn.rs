use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
async fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

#[gradient_checked(samples = 3)]
unsafe fn g<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x
}

fn main() {}
