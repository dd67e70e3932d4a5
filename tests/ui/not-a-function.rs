use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
struct Loss;

#[gradient_checked]
pub const K: f64 = 1.0;

fn main() {}
