use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(a: &mut D, b: Option<D>, c: (D, D), d: &[[D; 2]]) -> D {
    let _ = (b, c, d);
    *a
}

fn main() {}
