use gradient_checked::prelude::*;

const N: usize = 3;

#[gradient_checked(at = [[1.0, 2.0]])]
fn f<D: DualNum<Primitive = f64> + Copy>(p: &[D; N]) -> D {
    p[0] * p[1] * p[2]
}

#[gradient_checked(at = [[1.0, 2.0]])]
fn g<D: DualNum<Primitive = f64> + Copy>(p: &[D; N], rest: &[D]) -> D {
    p[0] * rest[0]
}
