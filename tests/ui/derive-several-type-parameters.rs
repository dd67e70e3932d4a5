use gradient_checked::prelude::*;

#[derive(Clone, Differentiable)]
struct Model<D, E> {
    weights: Vec<D>,
    bias: E,
}

fn main() {}
