use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>([a, b]: [D; 2]) -> D {
    a * b
}

fn main() {}
