// A parameter whose type does not fix its size, with no `dims`, `shape` or `at`: one error
// on its type saying how to give one.
use gradient_checked::prelude::*;

#[gradient_checked(samples = 3)]
fn f<D: DualNum<Primitive = f64> + Copy>(w: Vec<Vec<D>>) -> D {
    w[0][0]
}
