use gradient_checked::prelude::*;

#[gradient_checked(domain = 1.0..-1.0, domain(x = 2..2))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    x * y
}

fn main() {}
