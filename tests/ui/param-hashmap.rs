use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(w: std::collections::HashMap<usize, D>) -> D {
    w[&0]
}

fn main() {}
