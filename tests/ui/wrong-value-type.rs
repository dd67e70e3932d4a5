use gradient_checked::prelude::*;

#[gradient_checked(samples = "many", seed = 1.5, rtol = abc, grad = 3, mode = 1)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
