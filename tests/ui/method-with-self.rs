use gradient_checked::prelude::*;

struct Model {
    scale: f64,
}

#[gradient_checked]
impl Model {
    #[gradient_checked(samples = 3)]
    fn loss<D: DualNum<Primitive = f64> + Copy>(&self, x: D) -> D {
        x * self.scale
    }
}

fn main() {}
