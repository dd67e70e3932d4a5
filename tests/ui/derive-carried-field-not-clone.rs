use gradient_checked::prelude::*;

struct Tokenizer;

#[derive(Differentiable)]
struct Model<D> {
    weights: Vec<D>,
    tokenizer: Tokenizer,
}

fn main() {}
