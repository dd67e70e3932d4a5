use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f(x: f64) -> f64 {
    x * x
}

#[gradient_checked(samples = 3)]
fn g<T: Copy + std::ops::Mul<Output = T>>(x: T) -> T {
    x * x
}

fn main() {}
