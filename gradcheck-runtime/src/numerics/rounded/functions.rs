//! `DualNum for Rounded<F>`: every value is `F`'s own `DualNum` method on the value (so it is
//! bit-identical to a generic function evaluated on `F`), and every bound is
//! `(how the input error travels) + c·u·|v| + η` with the rules of [`super::propagate`].

use super::propagate::{
    arc_sin_cos_input, cos_sin, expm1_up, hyp, lit, local, log_input, power_input, powi_local,
    round_off, through, unit, ULP1, ULP2, ULP4,
};
use super::Rounded;
use num_dual::{DualNum, DualNumFloat};
use num_traits::{Float, One};

impl<F: DualNumFloat> Rounded<F> {
    /// A library call `g(a)` whose input error has already been carried to the output (`prop`).
    #[inline]
    fn call(v: F, prop: F, c: f64) -> Self {
        Self {
            v,
            e: prop + local(c, v),
        }
    }

    /// `sin` or `cos` with value `v` and `|the other one|` = `other`: by the mean value theorem
    /// the input error moves the output by at most `min(1, |g'(a)| + e_a)·e_a`.
    #[inline]
    fn trig(v: F, other: F, ea: F) -> Self {
        let coef = (other.abs() + ea).min(F::one());
        Self::call(v, through(coef, ea), ULP1)
    }
}

impl<F: DualNumFloat> DualNum for Rounded<F> {
    type Primitive = F;
    const NDERIV: usize = 0;
    type InnerDual = Self;

    #[inline]
    fn from_re(re: Self) -> Self {
        re
    }

    #[inline]
    fn scale(self, factor: &Self) -> Self {
        self * *factor
    }

    #[inline]
    fn recip(&self) -> Self {
        Self::one() / *self
    }

    fn powi(&self, n: i32) -> Self {
        let v = DualNum::powi(&self.v, n);
        if n == 0 {
            return Self::new(v);
        }
        let p = lit::<F>(f64::from(n.unsigned_abs()));
        let prop = power_input(self.v.abs(), v.abs(), self.e, p, n < 0, F::one());
        Self {
            v,
            e: prop + powi_local(v, n),
        }
    }

    fn powf(&self, n: F) -> Self {
        let v = Float::powf(self.v, n); // = F::powf, as `F`'s `DualNum::powf`
        if n == F::zero() {
            return Self::new(v);
        }
        let prop = power_input(
            self.v.abs(),
            v.abs(),
            self.e,
            n.abs(),
            n < F::zero(),
            F::one(),
        );
        Self::call(v, prop, ULP1)
    }

    /// Correctly rounded (IEEE 754): `u|v|`.
    fn sqrt(&self) -> Self {
        let v = DualNum::sqrt(&self.v);
        let prop = power_input(self.v.abs(), v.abs(), self.e, F::HALF, false, F::one());
        Self {
            v,
            e: prop + unit::<F>() * v.abs(),
        }
    }

    fn cbrt(&self) -> Self {
        let v = DualNum::cbrt(&self.v);
        let prop = power_input(self.v.abs(), v.abs(), self.e, F::THIRD, false, F::TWO);
        Self::call(v, prop, ULP4)
    }

    fn exp(&self) -> Self {
        let v = DualNum::exp(&self.v);
        Self::call(v, through(v.abs(), expm1_up(self.e)), ULP1)
    }

    fn exp2(&self) -> Self {
        let v = DualNum::exp2(&self.v);
        Self::call(v, through(v.abs(), expm1_up(F::LN_2() * self.e)), ULP1)
    }

    /// `exp(a) = 1 + v`, so the input term needs no second call.
    fn exp_m1(&self) -> Self {
        let v = DualNum::exp_m1(&self.v);
        let prop = through((F::one() + v).abs(), expm1_up(self.e));
        Self::call(v, prop, ULP1)
    }

    fn ln(&self) -> Self {
        let v = DualNum::ln(&self.v);
        Self::call(v, log_input(self.v.abs(), self.e, F::one()), ULP1)
    }

    /// `F::log` is `ln(a)/ln(base)`: two calls and a division, `(2 + 2 + 1)u`.
    fn log(&self, base: F) -> Self {
        let v = Float::log(self.v, base); // = F::log, as `F`'s `DualNum::log`
        let prop = log_input(self.v.abs(), self.e, base.ln().abs().recip());
        Self::call(v, prop, 2.0 * ULP1 + 1.0)
    }

    fn log2(&self) -> Self {
        let v = DualNum::log2(&self.v);
        Self::call(v, log_input(self.v.abs(), self.e, F::LOG2_E()), ULP2)
    }

    fn log10(&self) -> Self {
        let v = DualNum::log10(&self.v);
        Self::call(v, log_input(self.v.abs(), self.e, F::LOG10_E()), ULP2)
    }

    fn ln_1p(&self) -> Self {
        let v = DualNum::ln_1p(&self.v);
        let prop = log_input((F::one() + self.v).abs(), self.e, F::one());
        Self::call(v, prop, ULP1)
    }

    /// `|cos a| = sqrt(1 − v²)` from the value itself: no second call.
    fn sin(&self) -> Self {
        let v = DualNum::sin(&self.v);
        Self::trig(v, cos_sin(v), self.e)
    }

    /// `|sin a| = sqrt(1 − v²)`, as for `sin`.
    fn cos(&self) -> Self {
        let v = DualNum::cos(&self.v);
        Self::trig(v, cos_sin(v), self.e)
    }

    fn sin_cos(&self) -> (Self, Self) {
        let (s, c) = DualNum::sin_cos(&self.v);
        (Self::trig(s, c, self.e), Self::trig(c, s, self.e))
    }

    /// `tan(a+α) − tan a = tan α·(1 + tan²a)/(1 − tan a·tan α)`, with `tan e ≤ e(1 + e²)` for
    /// `e ≤ 1/2`; unbounded when the exact input may reach a pole.
    fn tan(&self) -> Self {
        let v = DualNum::tan(&self.v);
        let ea = self.e;
        let prop = if ea == F::zero() {
            F::zero()
        } else if ea <= F::HALF {
            let te = ea * (F::one() + ea * ea);
            let den = F::one() - v.abs() * te;
            if den > F::zero() {
                te * (F::one() + v * v) / den
            } else {
                F::infinity()
            }
        } else {
            F::infinity()
        };
        Self::call(v, prop, ULP1)
    }

    fn asin(&self) -> Self {
        let v = DualNum::asin(&self.v);
        Self::call(v, arc_sin_cos_input(self.v, self.e), ULP1)
    }

    fn acos(&self) -> Self {
        let v = DualNum::acos(&self.v);
        Self::call(v, arc_sin_cos_input(self.v, self.e), ULP1)
    }

    /// `|atan'| = 1/(1 + ξ²)` is largest at the point of the interval nearest 0.
    fn atan(&self) -> Self {
        let v = DualNum::atan(&self.v);
        let m = (self.v.abs() - self.e).max(F::zero());
        Self::call(v, through(hyp(m, false).powi(2).recip(), self.e), ULP1)
    }

    /// Along the segment from `(x, y)` to the exact point, `x·dy − y·dx` is constant and
    /// `|p| ≥ ρ − δ`, so the angle moves by at most `(|x|e_y + |y|e_x)/(ρ − δ)²`. When the exact
    /// `y` may have the other sign with `x < 0`, the exact angle may sit across the branch cut
    /// (a jump of 2π); when `δ ≥ ρ` it may be anything.
    fn atan2(&self, other: Self) -> Self {
        let (y, x) = (*self, other);
        let v = DualNum::atan2(&y.v, x.v);
        let zero = F::zero();
        let prop = if y.e == zero && x.e == zero {
            zero
        } else if x.v < zero && y.e >= y.v.abs() && y.e > zero {
            F::TWO * F::PI()
        } else {
            let rho = x.v.hypot(y.v);
            let d = x.e + y.e;
            if d < rho {
                (x.v.abs() * y.e + y.v.abs() * x.e) / ((rho - d) * (rho - d))
            } else {
                F::PI()
            }
        };
        Self::call(v, prop, ULP2)
    }

    /// `cosh(a + α) ≤ cosh(a)·e^|α|`, and `cosh a = sqrt(1 + v²)`.
    fn sinh(&self) -> Self {
        let v = DualNum::sinh(&self.v);
        let coef = hyp(v, false) * (F::one() + expm1_up(self.e));
        Self::call(v, through(coef, self.e), ULP2)
    }

    /// `|sinh(a + α)| ≤ e^|α|·(|sinh a| + cosh(a)·|α|)`, and `|sinh a| = sqrt(v² − 1)`.
    fn cosh(&self) -> Self {
        let v = DualNum::cosh(&self.v);
        let coef = (F::one() + expm1_up(self.e)) * (hyp(v, true) + v.abs() * self.e);
        Self::call(v, through(coef, self.e), ULP2)
    }

    /// `sech²(a + α) ≤ sech²(a)·e^(2|α|)`, with `sech² a = (1 − |v|)(1 + |v|)` plus 8u for the
    /// value's own error (which makes it exactly 0 once tanh saturates, above |a| ≈ 19).
    fn tanh(&self) -> Self {
        let v = DualNum::tanh(&self.v);
        let sech2 = (F::one() - v.abs()) * (F::one() + v.abs()) + lit::<F>(8.0) * unit::<F>();
        let coef = (sech2 * (F::one() + expm1_up(F::TWO * self.e))).min(F::one());
        Self::call(v, through(coef, self.e), ULP2)
    }

    /// `|asinh'| = 1/sqrt(1 + ξ²)`, largest at the point of the interval nearest 0. The value is
    /// std's own formula `ln_1p(|a| + |a|/(hypot(1, 1/|a|) + 1/|a|))`: its argument's rounding
    /// reaches the result damped by `ln_1p`'s condition (≤ 1), within 2 ulp (measured 1.8u·|v|).
    fn asinh(&self) -> Self {
        let v = DualNum::asinh(&self.v);
        let m = (self.v.abs() - self.e).max(F::zero());
        Self::call(v, through(hyp(m, false).recip(), self.e), ULP2)
    }

    /// `|acosh'| = 1/sqrt(ξ² − 1)`, largest at `a − e_a`; within `e_a` of 1, concavity gives
    /// `acosh(1 + e) ≤ e + sqrt(e(2 + e))`. The value is std's own formula
    /// `ln(a + sqrt(a − 1)·sqrt(a + 1))`, whose argument is rounded by up to ~4u relative: `4u`
    /// absolute on top of `ln`'s own error (measured: 1u absolute, 2 100u·|v| near a = 1).
    fn acosh(&self) -> Self {
        let v = DualNum::acosh(&self.v);
        let (a, ea) = (self.v, self.e);
        let b = a - ea;
        let prop = if ea == F::zero() {
            F::zero()
        } else if b > F::one() {
            ea / hyp(b, true)
        } else {
            ea + (ea * (F::TWO + ea)).sqrt()
        };
        Self::call(v, prop + lit::<F>(4.0) * unit::<F>(), ULP1)
    }

    /// `|atanh'| = 1/(1 − ξ²)`, largest at `|a| + e_a`; unbounded if that reaches 1. The value
    /// is std's own formula `ln_1p(2a/(1 − a))/2`, whose argument is rounded by ~2u relative and
    /// then amplified by `ln_1p` near −1: `2u·|a|/|1 + a|` absolute, taken as 3u (measured:
    /// 10⁶ u·|v| at a = −1 + 1.3e-7, all of it this term).
    fn atanh(&self) -> Self {
        let v = DualNum::atanh(&self.v);
        let (a, ea) = (self.v, self.e);
        let b = a.abs() + ea;
        let prop = if ea == F::zero() {
            F::zero()
        } else if b < F::one() {
            ea / ((F::one() - b) * (F::one() + b))
        } else {
            F::infinity()
        };
        let formula = lit::<F>(3.0) * unit::<F>() * (a / (F::one() + a)).abs();
        Self::call(v, prop + formula, ULP1)
    }

    /// `F`'s own formula, branch and order of operations, on `Rounded` (so the bound is that of
    /// the formula; the Taylor branch's truncation, x⁴/120 < ε⁴, is not added).
    fn sph_j0(&self) -> Self {
        if self.v.abs() < F::epsilon() {
            Self::one() - *self * *self / F::SIX
        } else {
            self.sin() / *self
        }
    }

    fn sph_j1(&self) -> Self {
        if self.v.abs() < F::epsilon() {
            *self / F::THREE
        } else {
            let sc = self.sin_cos();
            let rec = self.recip();
            (sc.0 * rec - sc.1) * rec
        }
    }

    fn sph_j2(&self) -> Self {
        if self.v.abs() < F::epsilon() {
            *self * *self / F::FIFTEEN
        } else {
            let sc = self.sin_cos();
            let s2 = *self * *self;
            let three = Self::new(F::THREE);
            ((three - s2) * sc.0 - three * *self * sc.1) / (*self * s2)
        }
    }

    /// Fused, as `F::mul_add`: one rounding for `x·a + b`.
    fn mul_add(&self, a: Self, b: Self) -> Self {
        let v = DualNum::mul_add(&self.v, a.v, b.v);
        let prop = through(self.v.abs(), a.e) + through(a.v.abs(), self.e) + self.e * a.e + b.e;
        Self {
            v,
            e: prop + round_off(F::one(), v),
        }
    }

    /// `F::powd` is `powf`: the base's error as in [`DualNum::powf`] (with the exponent's
    /// largest magnitude), the exponent's as `|v|·expm1(e_y·|ln a|)`, combined as relative
    /// factors `(1 + ρ₁)(1 + ρ₂) − 1`.
    fn powd(&self, exp: Self) -> Self {
        let v = DualNum::powd(&self.v, exp.v);
        if exp.v == F::zero() && exp.e == F::zero() {
            return Self::new(v);
        }
        let p = exp.v.abs() + exp.e;
        let base = power_input(
            self.v.abs(),
            v.abs(),
            self.e,
            p,
            exp.v < F::zero(),
            F::one(),
        );
        // an exact exponent, or a zero power (0^y' = 0 for every y' > 0), moves nothing
        let expo = if exp.e == F::zero() || v == F::zero() {
            F::zero()
        } else {
            v.abs() * expm1_up(exp.e * self.v.abs().ln().abs())
        };
        let cross = if v == F::zero() {
            F::zero()
        } else {
            base * expo / v.abs()
        };
        Self::call(v, base + expo + cross, ULP1)
    }
}
