use gradient_checked::prelude::*;

#[derive(Clone, Differentiable)]
struct Kernel<D: DualNum<Primitive = f64> + Copy> {
    length_scale: D,
}

#[derive(Clone, Differentiable)]
struct Layer<D>
where
    D: Copy,
{
    bias: Vec<D>,
}

fn main() {}
