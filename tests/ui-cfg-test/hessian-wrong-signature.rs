use gradient_checked::prelude::*;

fn hess(x: f64, y: f64) -> [[f64; 2]; 2] {
    [[y, x], [x, 0.0]]
}

#[gradient_checked(samples = 3, hessian = hess)]
fn f<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
    p[0] * p[0] * p[1]
}
