use gradient_checked::prelude::*;

#[derive(Differentiable)]
enum Model<D> {
    Linear(D),
    Quadratic(D, D),
}

fn main() {}
