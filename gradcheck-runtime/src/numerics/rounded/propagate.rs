//! The propagation rules' building blocks: the unit roundoff, the subnormal floor, the libm
//! allowance, and rigorous (not merely first-order) bounds on how an input error travels through
//! a power, an exponential or a logarithm. The module docs record why each one is what it is.

use num_dual::DualNumFloat;

/// The unit roundoff u = ε/2: |fl(x) − x| ≤ u·|x| for x in the normal range.
#[inline]
pub(super) fn unit<F: DualNumFloat>() -> F {
    tick();
    F::epsilon() * F::HALF
}

thread_local! {
    /// Rounded operations on this thread (each adds its own rounding once, through `unit`).
    static OPERATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one rounded operation.
#[inline]
fn tick() {
    OPERATIONS.with(|c| c.set(c.get().wrapping_add(1)));
}

/// Runs `f` and counts the rounded operations it performs on this thread: a measure of an
/// evaluation's cost that is the same on every machine (the points' budget uses it).
pub(crate) fn count_operations<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = OPERATIONS.with(|c| c.get());
    let out = f();
    (out, OPERATIONS.with(|c| c.get()).wrapping_sub(before))
}

/// The subnormal spacing η (4.9e-324 in f64, 1.4e-45 in f32): below `F::MIN_POSITIVE` rounding
/// is absolute, and η bounds it (round to nearest gives η/2; η itself is representable).
#[inline]
pub(super) fn eta<F: DualNumFloat>() -> F {
    F::min_positive_value() * F::epsilon()
}

/// One rounding of a product, quotient or library call with result `v` and allowance `c` (in
/// units of u): `max(c·u·|v|, η)`. The relative term covers normal results; below
/// `MIN_POSITIVE` rounding is absolute, and `c·u·|v| < η` there, so the maximum covers both
/// (and is cheaper than `c·u·|v| + η`).
#[inline]
pub(super) fn round_off<F: DualNumFloat>(c: F, v: F) -> F {
    (c * unit::<F>() * v.abs()).max(eta())
}

/// A constant of the rules (a coefficient, never a value), in `F`.
#[inline]
pub(super) fn lit<F: DualNumFloat>(x: f64) -> F {
    F::from_f64(x).unwrap_or_else(F::nan)
}

/// Allowance for a library function listed at 1 ulp by glibc (x86_64, round to nearest, double
/// and float: exp, exp2, expm1, log, log1p, sin, cos, tan, asin, acos, atan, pow), in units of
/// u·|v|: 1 ulp ≤ 2u·|v|.
pub(super) const ULP1: f64 = 2.0;
/// Listed at 2 ulp (sinh, cosh, tanh, log2, log10, atan2f; measured up to 2.3u·|v| for tanh),
/// and std's own `asinh` formula (measured 1.8u·|v|).
pub(super) const ULP2: f64 = 4.0;
/// glibc's `cbrt` (double) is listed at 4 ulp (measured below 1u·|v| here).
pub(super) const ULP4: f64 = 8.0;

/// The local rounding term of a library call with result `v`: `max(c·u·|v|, η)`.
#[inline]
pub(super) fn local<F: DualNumFloat>(c: f64, v: F) -> F {
    round_off(lit::<F>(c), v)
}

/// `coef · e`, where an exact input (`e = 0`) contributes nothing even when the coefficient is
/// infinite (the derivative of `sqrt` or `asin` at the edge of the domain).
#[inline]
pub(super) fn through<F: DualNumFloat>(coef: F, e: F) -> F {
    if e == F::zero() {
        F::zero()
    } else {
        coef * e
    }
}

/// An upper bound on `exp(x) − 1` for `x ≥ 0` without a libm call when `x ≤ 1`:
/// `expm1(x) = x + x²/2 + x³/6 + … ≤ x + x²(e − 2) ≤ x(1 + x)`.
#[inline]
pub(super) fn expm1_up<F: DualNumFloat>(x: F) -> F {
    if x <= F::one() {
        x * (F::one() + x)
    } else {
        x.exp_m1()
    }
}

/// How an input error `ea` on `a` travels through `|a|^p` (`p > 0`, `neg` for `|a|^-p`), whose
/// value has magnitude `v_abs`: a rigorous bound on `| |a+α|^(±p) − |a|^(±p) |` for
/// `|α| ≤ ea`, not the first-order `p·|v|·ea/|a|`, because an input that is itself the result of
/// a cancellation can carry a relative error near 1, where the first order misses by 2× and
/// more (a square root of a cancelled difference).
///
/// With r = ea/|a|: `(1+r)^p − 1 ≤ expm1(p·r)` and `1 − (1−r)^p ≤ p·r/(1−r)` (p ≤ 1),
/// `(1−r)^(−p) − 1 ≤ expm1(p·r/(1−r))`. When r > 1/2 the exact input may be near 0: the
/// error is then at most `(|a| + ea)^p` (times `odd_factor` = 2 for an odd root, whose exact
/// input may even have the other sign), and unbounded for a negative power.
pub(super) fn power_input<F: DualNumFloat>(
    a_abs: F,
    v_abs: F,
    ea: F,
    p: F,
    neg: bool,
    odd_factor: F,
) -> F {
    if ea == F::zero() {
        return F::zero();
    }
    let one = F::one();
    let r = ea / a_abs; // inf when a = 0
    let s = if !neg && p >= one && r <= F::HALF {
        p * r
    } else if r <= F::HALF {
        p * r / (one - r)
    } else if neg {
        return F::infinity();
    } else {
        return odd_factor * (a_abs + ea).powf(p);
    };
    v_abs * expm1_up(s)
}

/// How an input error travels through a logarithm `ln(b)` scaled by `scale`, with `b_abs` the
/// argument's magnitude: `|ln(1 ± r)| ≤ r/(1 − r)` for `r = eb/|b| < 1`, unbounded beyond.
#[inline]
pub(super) fn log_input<F: DualNumFloat>(b_abs: F, eb: F, scale: F) -> F {
    if eb == F::zero() {
        return F::zero();
    }
    let r = eb / b_abs;
    if r < F::one() {
        scale * r / (F::one() - r)
    } else {
        F::infinity()
    }
}

/// `sqrt(1 + x²)` (or `sqrt(x² − 1)` with `minus`) as a derivative coefficient, without the
/// overflow of `x²` for |x| > 1e154: beyond 1e8 the correction is below u.
#[inline]
pub(super) fn hyp<F: DualNumFloat>(x: F, minus: bool) -> F {
    let x = x.abs();
    if x > lit::<F>(1e8) {
        x
    } else if minus {
        ((x - F::one()) * (x + F::one())).max(F::zero()).sqrt()
    } else {
        (F::one() + x * x).sqrt()
    }
}

/// Rounding budget of `__powidf2` (repeated squaring): a product of |n| factors formed with
/// any tree of multiplications is within `(|n| − 1)u` relative; a negative power adds the
/// final division. Each multiplication can underflow by η, damped by the later factors.
pub(super) fn powi_local<F: DualNumFloat>(v: F, n: i32) -> F {
    let m = n.unsigned_abs();
    let u = unit::<F>();
    let mults = lit::<F>(2.0 * f64::from(32 - m.leading_zeros()));
    // (|n| − 1)u for the products, + u for the division when n < 0 (u of slack when n > 0)
    let rel = lit::<F>(f64::from(m)) * u;
    // intermediates are ≥ |v| when |a| < 1, so none underflowed if |v| is normal
    let under = if v.abs() < F::min_positive_value() {
        mults * eta::<F>()
    } else {
        F::zero()
    };
    if n > 0 {
        rel * v.abs() + under
    } else {
        // the positive power P ≈ 1/|v| underflows only when |v| > 1/MIN_POSITIVE; the
        // final division only when |v| < MIN_POSITIVE (covered by `under`)
        let p_under = if v.abs() * F::min_positive_value() > F::HALF {
            mults * eta::<F>() * v.abs() * v.abs()
        } else {
            F::zero()
        };
        rel * v.abs() + p_under + under
    }
}

/// `sqrt(1 − c²)`: `|sin a|` from the value of `cos a`, or `|cos a|` from `sin a`.
#[inline]
pub(super) fn cos_sin<F: DualNumFloat>(c: F) -> F {
    ((F::one() - c.abs()) * (F::one() + c.abs()))
        .max(F::zero())
        .sqrt()
}

/// `asin`/`acos`: `|g'| = 1/sqrt(1 − ξ²)` is largest at `|a| + e_a`; within `e_a` of ±1 the
/// edge's square-root behaviour gives `|Δ| ≤ (π/2)·sqrt(e_a)` (π beyond `e_a = 1`).
pub(super) fn arc_sin_cos_input<F: DualNumFloat>(a: F, ea: F) -> F {
    if ea == F::zero() {
        return F::zero();
    }
    let b = a.abs() + ea;
    if b < F::one() {
        ea / ((F::one() - b) * (F::one() + b)).sqrt()
    } else if ea <= F::one() {
        F::FRAC_PI_2() * ea.sqrt()
    } else {
        F::PI()
    }
}
