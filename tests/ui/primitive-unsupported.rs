use gradient_checked::prelude::*;

// The macro reads the bound's tokens: it knows `f64` and `f32`, not what an alias stands for.
type Float = f64;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = Float> + Copy>(x: D) -> D {
    x * x
}

fn main() {}
