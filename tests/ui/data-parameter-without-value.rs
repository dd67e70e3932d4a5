use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(w: D, scale: f64) -> D {
    w * scale
}

fn main() {}
