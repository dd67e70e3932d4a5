use gradient_checked::prelude::*;

#[gradient_checked(shape(x = 1.0, w = vec![vec![0.0; 2]], q = 1.0), dims(w = [1, 2]))]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D, w: Vec<Vec<D>>) -> D {
    x * w[0][0]
}

fn main() {}
