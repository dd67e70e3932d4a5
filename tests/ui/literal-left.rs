use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, w: &[[D; 2]; 2]) -> D {
    let p = 1.0 / (x.exp() + 1.0);
    p * w[0][1] + 2.0 - w[1][0]
}

fn main() {}
