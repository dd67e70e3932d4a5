use gradient_checked::prelude::*;

#[gradient_checked(at = [[1.0, 2.0], [1.0, 2.0, 3.0], [4.0]])]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, p: &[D; 2]) -> D {
    x * p[0] * p[1]
}

fn main() {}
