//! Tests of [`Rounded`](super::Rounded): bit-identity with plain floats and num-dual
//! (`identity`), the bound covering the true error on random expression trees and on
//! expressions with known exact values (`coverage`, `known`), the motivating cases (`cases`).

mod cases;
mod coverage;
mod identity;
mod known;
mod tree;

use num_dual::{DualNum, DualNumFloat};

/// A constant of a test expression, in the expression's primitive type.
pub(super) fn c<P: DualNumFloat>(x: f64) -> P {
    P::from_f64(x).unwrap()
}

/// Every `DualNum` method and operator form, as numbered generic expressions of `x` and `y`
/// (`None` past the end). Constants on the right are plain `P`.
pub(super) fn catalogue<D, P>(k: usize, x: D, y: D) -> Option<D>
where
    D: DualNum<Primitive = P> + Copy,
    P: DualNumFloat,
{
    let three = c::<P>(3.0);
    Some(match k {
        0 => x + y,
        1 => x - y,
        2 => x * y,
        3 => x / y,
        4 => x + three,
        5 => x - three,
        6 => x * c::<P>(0.1),
        7 => x / c::<P>(7.0),
        8 => {
            let mut z = x;
            z += y;
            z *= x;
            z -= three;
            z /= y;
            z *= c::<P>(1.5);
            z += c::<P>(0.25);
            z -= c::<P>(1e-3);
            z /= c::<P>(3.0);
            z
        }
        9 => -x,
        10 => x.recip(),
        11 => x.powi(0),
        12 => x.powi(1),
        13 => x.powi(2),
        14 => x.powi(3),
        15 => x.powi(-1),
        16 => x.powi(-3),
        17 => x.powi(7),
        18 => x.powi(40),
        19 => x.powi(-17),
        20 => x.powf(c(0.5)),
        21 => x.powf(c(2.0)),
        22 => x.powf(c(-1.5)),
        23 => x.powf(c(3.7)),
        24 => x.powf(c(0.0)),
        25 => x.powf(c(1.0)),
        26 => x.sqrt(),
        27 => x.cbrt(),
        28 => x.exp(),
        29 => x.exp2(),
        30 => x.exp_m1(),
        31 => x.ln(),
        32 => x.log(c(3.0)),
        33 => x.log2(),
        34 => x.log10(),
        35 => x.ln_1p(),
        36 => x.sin(),
        37 => x.cos(),
        38 => x.tan(),
        39 => x.sin_cos().0 * y + x.sin_cos().1,
        40 => x.asin(),
        41 => x.acos(),
        42 => x.atan(),
        43 => x.atan2(y),
        44 => x.sinh(),
        45 => x.cosh(),
        46 => x.tanh(),
        47 => x.asinh(),
        48 => x.acosh(),
        49 => x.atanh(),
        50 => x.sph_j0(),
        51 => x.sph_j1(),
        52 => x.sph_j2(),
        53 => x.mul_add(y, x),
        54 => x.powd(y),
        55 => x.abs() + y.signum(),
        56 => [x, y, x * y].into_iter().sum(),
        57 => [x, y, x + y].into_iter().product(),
        58 => (x * y + three).sin() / (x - y).exp() + x.inv(),
        59 => x.abs_sub(&y),
        60 => x * y.recip(),
        61 => (x * x - y * y).sqrt() + x.powi(4) - x.powi(3) * c::<P>(400.0),
        62 => {
            // a branch on the value, as user code does
            if x > y {
                x.ln_1p()
            } else if x == y {
                y
            } else {
                (y - x).sqrt()
            }
        }
        63 => D::from_f64(0.1).unwrap() * x + D::from(three),
        64 => x.sph_j0() + x.sph_j1() * y - x.sph_j2(),
        _ => return None,
    })
}

/// Input pairs for the catalogue: ordinary points, tiny, huge, subnormal, signed zeros,
/// domain edges and points outside domains (where both sides must give the same NaN/inf).
pub(super) const PAIRS: &[(f64, f64)] = &[
    (0.3, 0.7),
    (-1.7, 2.5),
    (1e-5, 3.0),
    (25.0, -0.2),
    (100.1, 1e-8),
    (0.0, 1.0),
    (-0.0, -2.0),
    (1e300, 1e-300),
    (5e-324, 2.0),
    (0.999, -0.5),
    (1.5, 0.1),
    (2.0, 2.0),
    (-3.25, -1e-7),
    (1.0, 1.0),
    (1e-9, -1e-9),
    (700.0, 0.5),
];
