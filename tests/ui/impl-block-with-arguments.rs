use gradient_checked::prelude::*;

struct Model;

#[gradient_checked(samples = 3)]
impl Model {
    #[gradient_checked(samples = 3)]
    fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x * x
    }
}

fn main() {}
