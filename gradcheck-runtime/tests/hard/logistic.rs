//! The logistic function and softplus out to ±40, each written naively and stably. The naive
//! forms are correct functions whose values are flat (1/(1 + e^−40) is 1.0; ln(1 + e^−40) is
//! 0.0) or rounding-noisy in one tail; the stable forms branch on the sign.

use crate::harness::{Case, Class};
use crate::num::{sigmoid, sigmoid_slope};
use crate::{corpus, hard_fn};

hard_fn!(SoftplusNaive, |x| (x[0].exp() + 1.0).ln());
hard_fn!(SoftplusStable, |x| {
    let t = x[0];
    if t.re() > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
});
fn softplus_grad(x: &[f64]) -> Vec<f64> {
    vec![sigmoid(x[0])]
}
pub fn softplus_naive() -> Case {
    Case::new(
        "softplus_naive",
        Class::FlatValue,
        SoftplusNaive,
        softplus_grad,
    )
    .flat(1, -40.0..40.0)
}
pub fn softplus_stable() -> Case {
    Case::new(
        "softplus_stable",
        Class::Other,
        SoftplusStable,
        softplus_grad,
    )
    .flat(1, -40.0..40.0)
}

hard_fn!(LogisticNaive, |x| ((-x[0]).exp() + 1.0).recip());
hard_fn!(LogisticStable, |x| {
    let t = x[0];
    if t.re() >= 0.0 {
        ((-t).exp() + 1.0).recip()
    } else {
        let e = t.exp();
        e / (e + 1.0)
    }
});
fn logistic_grad(x: &[f64]) -> Vec<f64> {
    vec![sigmoid_slope(x[0])]
}
pub fn logistic_naive() -> Case {
    Case::new(
        "logistic_naive",
        Class::FlatValue,
        LogisticNaive,
        logistic_grad,
    )
    .flat(1, -40.0..40.0)
}
pub fn logistic_stable() -> Case {
    Case::new(
        "logistic_stable",
        Class::Other,
        LogisticStable,
        logistic_grad,
    )
    .flat(1, -40.0..40.0)
}

corpus!(
    softplus_naive,
    softplus_stable,
    logistic_naive,
    logistic_stable
);
