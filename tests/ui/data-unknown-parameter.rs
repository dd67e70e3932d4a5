use gradient_checked::prelude::*;

static XS: [f64; 2] = [1.0, 2.0];

#[gradient_checked(data(xs = &XS, yss = &XS, w = &XS))]
fn f<D: DualNum<Primitive = f64> + Copy>(w: &[D; 2], xs: &[f64], ys: &[f64]) -> D {
    w[0] * xs[0] + w[1] * ys[0]
}

fn main() {}
