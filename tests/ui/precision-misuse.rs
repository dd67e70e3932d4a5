use gradient_checked::prelude::*;

// The bound fixes f32: `precision = f64` cannot be honoured.
#[gradient_checked(samples = 3, precision = f64)]
fn fixed<D: DualNum<Primitive = f32> + Copy>(x: D) -> D {
    x * x
}

// Not a primitive.
#[gradient_checked(samples = 3, precision = f16)]
fn unknown<D: DualNum + Copy>(x: D) -> D {
    x * x
}

fn main() {}
