// The template of a struct whose size is not in its type: what the attribute asks for when
// a parameter has no `shape`, `dims` or `at`.
use gradient_checked::params::FixedShape;
use gradient_checked::prelude::*;

#[derive(Clone, Differentiable)]
struct Layer<D> {
    bias: Vec<D>,
}

fn main() {
    let _ = <Layer<f64> as FixedShape>::template();
}
