//! Every `DualNum` method and operator of `DualLanes` gives, lane by lane, what num-dual's
//! `DualSVec` gives at the same point and seeds (the same formulas in the same order, so the
//! same bits), in f64 at 4 and 8 lanes and in f32 at 4.

use super::{DualLanes, Slopes};
use nalgebra::{Const, SVector, U1};
use num_dual::DualStruct;
use num_dual::{DualNum, DualSVec, DualVec};
use num_traits::{Float, FloatConst, Inv, Signed, Zero};

/// Real parts inside every function's domain (acosh needs > 1: it gets `1 + x²`).
const RES: [f64; 4] = [0.3, -0.7, 0.55, 0.05];
/// Dense seeds: every lane non-zero, different per input.
fn seed(k: usize, lane: usize) -> f64 {
    0.25 + 0.5 * ((3 * k + 5 * lane) % 7) as f64 - 1.1 * (lane % 2) as f64
}

fn lanes<F: DualNum<Primitive = F> + Float, const N: usize>(k: usize) -> DualLanes<F, Const<N>> {
    let eps: SVector<F, N> = SVector::from_fn(|i, _| F::from_f64(seed(k, i)).unwrap());
    DualLanes::new(F::from_f64(RES[k]).unwrap(), Slopes(eps))
}

fn dual<F: DualNum<Primitive = F> + Float, const N: usize>(k: usize) -> DualSVec<F, N> {
    let eps: SVector<F, N> = SVector::from_fn(|i, _| F::from_f64(seed(k, i)).unwrap());
    DualVec::new(
        F::from_f64(RES[k]).unwrap(),
        num_dual::Derivative::some(eps),
    )
}

fn same<F: DualNum<Primitive = F> + Float, const N: usize>(
    what: &str,
    a: &DualLanes<F, Const<N>>,
    b: &DualSVec<F, N>,
) {
    let want: Vec<F> = b
        .eps
        .unwrap_generic(Const::<N>, U1)
        .iter()
        .copied()
        .collect();
    let same_bits = |x: F, y: F| x == y || (x.is_nan() && y.is_nan());
    assert!(same_bits(a.re, b.re), "{what}: value {} vs {}", a.re, b.re);
    for (i, (x, y)) in a.eps.as_slice().iter().zip(&want).enumerate() {
        assert!(same_bits(*x, *y), "{what}: lane {i}: {x} vs {y}");
    }
}

/// The primitive `c` as the number type of `_like`.
fn lift<D: DualNum>(_like: &D, c: D::Primitive) -> D {
    D::from(c)
}

/// Constants built every way the number types offer.
fn constants<D: DualNum + FloatConst>(_like: &D) -> D {
    D::PI() + D::E() + D::from_i32(3).unwrap() + D::one() - D::zero()
}

/// `$e` evaluated at `DualLanes` and at `DualSVec` from the same inputs `$x` (input k) and `$y`
/// (input k + 1), for every k.
macro_rules! agree {
    ($F:ty, $N:literal, $what:expr, |$x:ident, $y:ident| $e:expr) => {
        for k in 0..RES.len() - 1 {
            let ($x, $y) = (lanes::<$F, $N>(k), lanes::<$F, $N>(k + 1));
            let a = $e;
            let ($x, $y) = (dual::<$F, $N>(k), dual::<$F, $N>(k + 1));
            let b = $e;
            same::<$F, $N>(&format!("{} at input {k}", $what), &a, &b);
        }
    };
}

macro_rules! all_methods {
    ($name:ident, $F:ty, $N:literal) => {
        #[test]
        #[allow(clippy::redundant_closure_call, unused_variables)]
        fn $name() {
            type F = $F;
            let c: F = 1.7;
            agree!(F, $N, "recip", |x, y| x.recip());
            agree!(F, $N, "inv", |x, y| x.inv());
            for n in [-3, -2, -1, 0, 1, 2, 3, 5] {
                agree!(F, $N, format!("powi({n})"), |x, y| x.powi(n));
            }
            for p in [-1.3, 0.0, 1.0, 2.0, 2.5, 0.5] {
                agree!(F, $N, format!("powf({p})"), |x, y| (x * x + 0.5).powf(p));
            }
            agree!(F, $N, "powd", |x, y| (x * x + 0.5).powd(y));
            agree!(F, $N, "sqrt", |x, y| (x * x + 0.1).sqrt());
            agree!(F, $N, "cbrt", |x, y| x.cbrt());
            agree!(F, $N, "exp", |x, y| x.exp());
            agree!(F, $N, "exp2", |x, y| x.exp2());
            agree!(F, $N, "exp_m1", |x, y| x.exp_m1());
            agree!(F, $N, "ln", |x, y| (x * x + 0.1).ln());
            agree!(F, $N, "log", |x, y| (x * x + 0.1).log(3.0));
            agree!(F, $N, "log2", |x, y| (x * x + 0.1).log2());
            agree!(F, $N, "log10", |x, y| (x * x + 0.1).log10());
            agree!(F, $N, "ln_1p", |x, y| x.ln_1p());
            agree!(F, $N, "sin", |x, y| x.sin());
            agree!(F, $N, "cos", |x, y| x.cos());
            agree!(F, $N, "tan", |x, y| x.tan());
            agree!(F, $N, "sin_cos.0", |x, y| x.sin_cos().0);
            agree!(F, $N, "sin_cos.1", |x, y| x.sin_cos().1);
            agree!(F, $N, "asin", |x, y| x.asin());
            agree!(F, $N, "acos", |x, y| x.acos());
            agree!(F, $N, "atan", |x, y| x.atan());
            agree!(F, $N, "atan2", |x, y| x.atan2(y));
            agree!(F, $N, "sinh", |x, y| x.sinh());
            agree!(F, $N, "cosh", |x, y| x.cosh());
            agree!(F, $N, "tanh", |x, y| x.tanh());
            agree!(F, $N, "asinh", |x, y| x.asinh());
            agree!(F, $N, "acosh", |x, y| (x * x + 1.2).acosh());
            agree!(F, $N, "atanh", |x, y| x.atanh());
            agree!(F, $N, "sph_j0", |x, y| x.sph_j0());
            agree!(F, $N, "sph_j1", |x, y| x.sph_j1());
            agree!(F, $N, "sph_j2", |x, y| x.sph_j2());
            agree!(F, $N, "mul_add", |x, y| x.mul_add(y, x));
            agree!(F, $N, "abs", |x, y| x.abs());
            agree!(F, $N, "signum", |x, y| x.signum() * y);
            agree!(F, $N, "neg", |x, y| -x);
            agree!(F, $N, "scale", |x, y| x.scale(&c));
            // Operators between two numbers, by value and by reference, and their assignments.
            agree!(F, $N, "x + y", |x, y| x + y);
            agree!(F, $N, "x - y", |x, y| x - y);
            agree!(F, $N, "x * y", |x, y| x * y);
            agree!(F, $N, "x / y", |x, y| x / y);
            agree!(F, $N, "&x * &y", |x, y| &x * &y);
            agree!(F, $N, "&x / y", |x, y| &x / y);
            agree!(F, $N, "x - &y", |x, y| x - &y);
            agree!(F, $N, "+=", |x, y| {
                let mut z = x;
                z += y;
                z
            });
            agree!(F, $N, "-=", |x, y| {
                let mut z = x;
                z -= y;
                z
            });
            agree!(F, $N, "*=", |x, y| {
                let mut z = x;
                z *= y;
                z
            });
            agree!(F, $N, "/=", |x, y| {
                let mut z = x;
                z /= y;
                z
            });
            // With the primitive on the right, and as a constant on the left.
            agree!(F, $N, "x + c", |x, y| x + c);
            agree!(F, $N, "x - c", |x, y| x - c);
            agree!(F, $N, "x * c", |x, y| x * c);
            agree!(F, $N, "x / c", |x, y| x / c);
            agree!(F, $N, "x *= c", |x, y| {
                let mut z = x;
                z *= c;
                z /= 3.0;
                z += c;
                z -= 0.5;
                z
            });
            agree!(F, $N, "c - x", |x, y| lift(&x, c) - x);
            agree!(F, $N, "c / x", |x, y| lift(&x, c) / x);
            agree!(F, $N, "sum", |x, y| [x, y, x * y].into_iter().sum::<_>());
            agree!(F, $N, "product", |x, y| [x, y, x + y].iter().product::<_>());
            agree!(F, $N, "constants", |x, y| x * constants(&x));
        }
    };
}

all_methods!(f64_at_4_lanes, f64, 4);
all_methods!(f64_at_8_lanes, f64, 8);
all_methods!(f32_at_4_lanes, f32, 4);

#[test]
fn comparisons_and_signs_follow_the_value() {
    let x = DualLanes::<f64, Const<2>>::from_re(-1.5).derivative(0);
    let y = DualLanes::<f64, Const<2>>::from_re(2.0).derivative(1);
    assert!(x < y && y > 1.0 && x == -1.5 && x != y);
    assert!(x.is_negative() && !x.is_positive() && !x.is_zero());
    assert_eq!(x.re(), -1.5);
    // |x| has the derivative of -x where x < 0.
    assert_eq!(x.abs().eps.as_slice(), &[-1.0, 0.0]);
    assert_eq!(format!("{}", y), "2 + [0.0, 1.0]ε");
}

#[test]
fn a_generic_function_gives_its_gradient_in_one_pass() {
    // Extended Rosenbrock on four inputs, each carried by its own lane.
    fn rosenbrock<D: DualNum<Primitive = f64> + Copy>(x: &[D]) -> D {
        x.chunks(2)
            .map(|p| (D::one() - p[0]).powi(2) + (p[1] - p[0] * p[0]).powi(2) * 100.0)
            .sum()
    }
    let at = [0.3, -0.2, 1.1, 0.9];
    let x: Vec<DualLanes<f64, Const<4>>> = (0..4)
        .map(|i| DualLanes::from_re(at[i]).derivative(i))
        .collect();
    let g = rosenbrock(&x).eps;
    for (p, q) in at.chunks(2).zip(g.as_slice().chunks(2)) {
        let (a, b) = (p[0], p[1]);
        assert_eq!(q[0], -2.0 * (1.0 - a) - 400.0 * a * (b - a * a));
        assert_eq!(q[1], 200.0 * (b - a * a));
    }
}
