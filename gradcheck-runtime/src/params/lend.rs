//! From the value the engine rebuilds to the argument the user's function takes. The engine
//! rebuilds every parameter owned (`Kernel<D>`, `Vec<[D; 3]>` for a `&[[D; 3]]`, `Array1<D>`
//! for an `ArrayView1<D>`); [`Lend`] hands it over by value, by reference, as a slice or as a
//! view, whichever the signature asks for. A container whose parameter type borrows
//! differently from `&T` (a view type) adds one impl here, not a change to the macro.

use std::fmt;

/// Hands over a rebuilt value as the parameter type `P`: moved out for a parameter taken by
/// value, borrowed for `&T`, as a slice for `&[E]` (rebuilt as a `Vec<E>`), as a view for
/// ndarray's `ArrayView1`/`ArrayView2` (rebuilt as `Array1`/`Array2`, feature `ndarray`).
///
/// Implemented on `&mut Option<Owned>` so that one call takes the value or lends it, and the
/// parameter type alone chooses which.
///
/// ```
/// use gradcheck_runtime::params::Lend;
/// fn f(a: &[f64], b: &Vec<f64>, c: Vec<f64>) -> f64 {
///     a[0] + b[1] + c[2]
/// }
/// let (mut a, mut b, mut c) = (Some(vec![1.0]), Some(vec![0.0, 2.0]), Some(vec![0.0, 0.0, 3.0]));
/// let y = f(
///     <_ as Lend<&[f64]>>::lend(&mut a),
///     <_ as Lend<&Vec<f64>>>::lend(&mut b),
///     <_ as Lend<Vec<f64>>>::lend(&mut c),
/// );
/// assert_eq!(y, 6.0);
/// assert!(c.is_none(), "taken by value");
/// ```
#[diagnostic::on_unimplemented(
    message = "a parameter of type `{P}` cannot be lent from the value the checker rebuilds",
    label = "not a parameter form",
    note = "parameters are taken by value (`T`), by reference (`&T`), as a slice (`&[T]`) or as an ndarray view, `T` any form: the scalar `D`, arrays, `Vec`s, nalgebra and ndarray containers of `D`, structs with #[derive(Differentiable)]"
)]
pub trait Lend<P> {
    /// The argument.
    ///
    /// # Panics
    /// If the value was already taken (each rebuilt value is lent once).
    fn lend(self) -> P;
}

#[track_caller]
fn taken() -> ! {
    panic!("{}", Taken)
}

/// The message of a second `lend` of one value.
struct Taken;

impl fmt::Display for Taken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rebuilt parameter was lent twice")
    }
}

/// By value: the rebuilt value itself.
impl<T> Lend<T> for &mut Option<T> {
    fn lend(self) -> T {
        self.take().unwrap_or_else(|| taken())
    }
}

/// `&T`: a reference to the rebuilt value.
impl<'a, T> Lend<&'a T> for &'a mut Option<T> {
    fn lend(self) -> &'a T {
        self.as_ref().unwrap_or_else(|| taken())
    }
}

/// `&[E]`: the rebuilt `Vec<E>` as a slice.
impl<'a, E> Lend<&'a [E]> for &'a mut Option<Vec<E>> {
    fn lend(self) -> &'a [E] {
        self.as_deref().unwrap_or_else(|| taken())
    }
}
