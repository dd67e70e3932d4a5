// A mistake in the attribute gives one error: the test that calls `f::gradient_report()`
// still resolves (the macro emits the module's report functions even when it fails).
use gradient_checked::prelude::*;

#[gradient_checked(samples = 3, smaples = 4)]
fn f<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}

#[test]
fn reads_the_report() {
    assert!(f::gradient_report().passed());
}
