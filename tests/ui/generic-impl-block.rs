use gradient_checked::prelude::*;

struct Model<T>(T);

#[gradient_checked]
impl<T> Model<T> {
    #[gradient_checked(samples = 3)]
    fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x * x
    }
}

fn main() {}
