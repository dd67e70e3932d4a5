use gradient_checked::prelude::*;

// `Inner` lacks #[derive(Differentiable)].
#[derive(Clone)]
struct Inner<D> {
    a: D,
}

#[derive(Clone, Differentiable)]
struct Outer<D> {
    inner: Inner<D>,
}

fn main() {}
