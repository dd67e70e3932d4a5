use gradient_checked::prelude::*;

struct Model;

#[gradient_checked]
impl Model {
    fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x * x
    }
}

fn main() {}
