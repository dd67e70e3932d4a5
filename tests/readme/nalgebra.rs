use gradient_checked::prelude::*;
use nalgebra::{SMatrix, SVector};

/// ½|W x|² for a fixed x: the gradient is (W x) xᵀ.
fn grad(w: &SMatrix<f64, 2, 3>, x: &SVector<f64, 3>) -> SMatrix<f64, 2, 3> {
    (w * x) * x.transpose()
}

static X: SVector<f64, 3> = SVector::<f64, 3>::new(0.5, -1.0, 2.0);

#[gradient_checked(samples = 16, grad = grad, data(x = &X))]
fn half_norm<D: DualNum<Primitive = f64> + Copy>(w: &SMatrix<D, 2, 3>, x: &SVector<f64, 3>) -> D {
    let mut s = D::from(0.0);
    for r in 0..2 {
        let y: D = (0..3).map(|c| w[(r, c)] * x[c]).sum();
        s += y * y * 0.5;
    }
    s
}
