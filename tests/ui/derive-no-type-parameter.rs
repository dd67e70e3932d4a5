use gradient_checked::prelude::*;

#[derive(Clone, Differentiable)]
struct Kernel {
    length_scale: f64,
    amplitude: f64,
}

fn main() {}
