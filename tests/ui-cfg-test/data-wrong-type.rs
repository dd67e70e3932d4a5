use gradient_checked::prelude::*;

#[gradient_checked(samples = 3, data(xs = 3.0))]
fn f<D: DualNum<Primitive = f64> + Copy>(w: D, xs: &[f64]) -> D {
    w * xs[0]
}
