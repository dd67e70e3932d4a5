use gradient_checked::prelude::*;

#[derive(Differentiable)]
union Bits<D: Copy> {
    value: D,
}

fn main() {}
