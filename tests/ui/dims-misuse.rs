use gradient_checked::prelude::*;

#[gradient_checked(dims(p = 3, q = 2, v = 0))]
fn f<D: DualNum<Primitive = f64> + Copy>(p: [D; 3], v: Vec<D>) -> D {
    p[0] * v[0]
}

fn main() {}
