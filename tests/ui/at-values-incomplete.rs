use gradient_checked::prelude::*;

#[gradient_checked(at(x = 1.0, w = [2.0, 3.0]), at(x = 0.5), at(x = 0.5, w = [1.0, 1.0], xs = 2.0), data(xs = 1.0))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, w: [D; 2], xs: f64) -> D {
    x * w[0] * w[1] * xs
}

fn main() {}
