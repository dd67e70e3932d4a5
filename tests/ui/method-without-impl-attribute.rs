use gradient_checked::prelude::*;

struct Model;

impl Model {
    #[gradient_checked(samples = 3)]
    fn loss<D: DualNum<Primitive = f64> + Copy>(x: [D; Self::N]) -> D {
        x[0]
    }
    const N: usize = 1;
}

struct Other;

impl Other {
    #[gradient_checked(samples = 3)]
    fn loss<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
        x
    }
}

fn main() {}
