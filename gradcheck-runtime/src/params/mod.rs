//! Parameters as users write them: scalars, arrays, slices, `Vec`s, nalgebra and ndarray
//! containers, and structs with `#[derive(Differentiable)]`, nested to any depth.
//!
//! The engine differentiates one flat slice of scalars. [`Differentiable`] is the bridge: it
//! flattens a value into that slice, rebuilds the value from a slice of *another* number
//! type (the engine evaluates the user's function at `f64`, at dual numbers, ...), and, with
//! its object-safe part [`Shape`], names every component for reports and finds the
//! components a `domain(path = ..)` covers. It is implemented once per container form, so a
//! new container is one impl.
//!
//! | form | flattened order | component names |
//! | --- | --- | --- |
//! | a scalar `D` | itself | `x` |
//! | `[E; N]`, `[E]`, `Vec<E>` | element by element | `w[2]`, `w[1][2]` |
//! | nalgebra `SVector<D, N>`, `DVector<D>` | index order | `v[2]` |
//! | nalgebra `SMatrix<D, R, C>`, `DMatrix<D>` | column-major (nalgebra's storage) | `W[1,2]` (row, column) |
//! | ndarray `Array1<D>`, `ArrayView1<D>` (feature `ndarray`) | index order | `v[2]` |
//! | ndarray `Array2<D>`, `ArrayView2<D>` (feature `ndarray`) | logical row-major | `W[1,2]` |
//! | a `#[derive(Differentiable)]` struct | fields in declaration order | `k.amplitude` |
//! | tuples `(A, B, ..)` (several parameters' gradients) | element by element | `.0`, `.1` |
//!
//! Rebuilding needs a *template*: a value whose shape (lengths, matrix sizes) and whose
//! non-differentiated struct fields the result copies. Types with a shape of their own give
//! one through [`FixedShape`]; the others through [`FromDims`] (`dims(v = 1000)`) or a value.
//!
//! ```
//! use gradcheck_runtime::params::{flatten, rebuild, Differentiable, Shape};
//! use nalgebra::SMatrix;
//! use num_dual::Dual64;
//!
//! let w = SMatrix::<f64, 2, 2>::new(1.0, 2.0, 3.0, 4.0); // rows (1, 2) and (3, 4)
//! assert_eq!(flatten(&w), vec![1.0, 3.0, 2.0, 4.0]); // column-major
//! let mut name = String::from("W");
//! w.name(1, &mut name);
//! assert_eq!(name, "W[1,0]");
//!
//! // The same matrix over dual numbers, the derivative seeded on component 1 (W[1,0]).
//! let x: Vec<Dual64> = flatten(&w).iter().enumerate()
//!     .map(|(i, &v)| if i == 1 { Dual64::from(v).derivative() } else { Dual64::from(v) })
//!     .collect();
//! let wd: SMatrix<Dual64, 2, 2> = rebuild(&w, &x);
//! assert_eq!(wd[(1, 0)].eps, 1.0);
//! ```

mod dims;
mod generated;
mod layout;
mod lend;
mod nalgebra_impls;
mod names;
#[cfg(feature = "ndarray")]
mod ndarray_impls;
mod std_impls;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_linalg;

use std::ops::Range;

pub use dims::{DimsError, FixedShape, FromDims};
pub use layout::{DomainMap, Layout, Param, PathError};
pub use lend::Lend;
pub use names::Flat;

/// What `#[gradient_checked]` expands to calls. Not public API.
#[doc(hidden)]
pub mod __generated {
    pub use super::generated::{dims_template, fixed_template, push_value, rest_template};
}

/// What `#[derive(Differentiable)]` expands to calls. Not public API.
#[doc(hidden)]
pub mod __derive {
    pub use super::names::{fields_name, fields_paths, fields_select, fixed_sum};
}

/// A type a value can be rebuilt over: anything nalgebra can store (`Clone + PartialEq +
/// Debug + 'static`). Every `DualNum` is one, so the engine can rebuild a parameter at any
/// number type it evaluates with, without naming the type.
///
/// ```
/// fn rebuildable<U: gradcheck_runtime::params::Element>() {}
/// rebuildable::<num_dual::Dual64>();
/// rebuildable::<num_dual::HyperDualSVec64<2, 3>>();
/// ```
pub trait Element: nalgebra::Scalar {}

impl<T: nalgebra::Scalar> Element for T {}

/// A scalar: one component of a parameter. Implemented for `f32`, `f64` and num-dual's
/// number types (each generically over its inner type and dimensions); [`Shape`] and
/// [`Differentiable`] follow for every `Leaf`.
///
/// A marker of its own rather than `DualNum` so that "a scalar is a parameter" and "a `Vec`
/// of parameters is a parameter" can both be blanket impls: coherence knows this crate's
/// marker is not implemented for `Vec`, which it cannot know of a foreign trait. A new number
/// type that should appear *inside* a template (not only as a rebuild target, which any
/// [`Element`] is) implements it.
///
/// ```
/// use gradcheck_runtime::params::Leaf;
/// fn leaf<L: Leaf>() {}
/// leaf::<f64>();
/// leaf::<num_dual::DualSVec64<3>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parameter form gradient-checked can differentiate",
    label = "not a differentiable parameter form",
    note = "the forms: the scalar `D`; `[T; N]`, `&[T]`, `Vec<T>` and tuples of any form; nalgebra `SVector`, `SMatrix`, `DVector`, `DMatrix` of `D`; ndarray `Array1`, `Array2` (and views) of `D` with the feature `ndarray`; structs generic over `D` with `#[derive(Differentiable)]`"
)]
pub trait Leaf: Element + num_traits::Zero {
    /// What a scalar of this type rebuilds as over `U`: `U` itself for every scalar.
    ///
    /// Spelt as a projection through `Leaf`, not as `U`, so that for a type that is no
    /// parameter form (a struct without the derive) rustc has nothing to normalize a
    /// rebuilt type to: one error, where `U` would let every later use of the value report
    /// another.
    type Rebuilt<U: Element>: Element;

    /// A `U` as [`Rebuilt<U>`](Leaf::Rebuilt), which it is.
    ///
    /// ```
    /// use gradcheck_runtime::params::Leaf;
    /// assert_eq!(<f64 as Leaf>::rebuilt(2.0_f32), 2.0_f32);
    /// ```
    fn rebuilt<U: Element>(value: U) -> Self::Rebuilt<U>;
}

/// The shape of a value, as reports and domains see it: how many scalars, what each is
/// called, which components a path covers. Object-safe, so the engine can keep templates of
/// different types side by side (`Box<dyn Shape>`).
///
/// ```
/// use gradcheck_runtime::params::Shape;
/// let w = vec![vec![1.0, 2.0, 3.0], vec![4.0]];
/// assert_eq!(w.count(), 4);
/// let mut name = String::from("w");
/// w.name(3, &mut name);
/// assert_eq!(name, "w[1][0]");
/// assert_eq!(w.select("[0]"), Some(0..3));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parameter form gradient-checked can differentiate",
    label = "not a differentiable parameter form",
    note = "the forms: the scalar `D`; `[T; N]`, `&[T]`, `Vec<T>` and tuples of any form; nalgebra `SVector`, `SMatrix`, `DVector`, `DMatrix` of `D`; ndarray `Array1`, `Array2` (and views) of `D` with the feature `ndarray`; structs generic over `D` with `#[derive(Differentiable)]`"
)]
pub trait Shape {
    /// The number of scalars.
    ///
    /// ```
    /// use gradcheck_runtime::params::Shape;
    /// assert_eq!([[0.0; 3]; 2].count(), 6);
    /// ```
    fn count(&self) -> usize;

    /// Appends the name of component `index` (0-based, in flattened order) relative to the
    /// value: `[2]`, `[1][2]`, `[1,2]`, `.length_scale`, `.layers[1].bias[0]`, nothing for a
    /// scalar. Written on demand, so a million components need no million strings.
    ///
    /// ```
    /// use gradcheck_runtime::params::Shape;
    /// let mut name = String::from("w");
    /// [[0.0; 3]; 2].name(4, &mut name);
    /// assert_eq!(name, "w[1][1]");
    /// ```
    fn name(&self, index: usize, out: &mut String);

    /// The components a relative path covers (`""` is the whole value, `"[1]"`, `"[1,2]"`,
    /// `".w"`, `".layers[0].w"`), or `None` if the path names nothing in this value.
    /// Every path covers a contiguous range.
    ///
    /// ```
    /// use gradcheck_runtime::params::Shape;
    /// let w = [[0.0; 3]; 2];
    /// assert_eq!(w.select("[1]"), Some(3..6));
    /// assert_eq!(w.select("[1][2]"), Some(5..6));
    /// assert_eq!(w.select("[2]"), None);
    /// ```
    fn select(&self, path: &str) -> Option<Range<usize>>;

    /// Appends the paths this value accepts, after `prefix`, for error messages: the value
    /// itself, then one pattern per level (`w[0..2]`, `net.layers[0..2].w[0..3,0..2]`), the
    /// element patterns taken from the first element.
    ///
    /// ```
    /// use gradcheck_runtime::params::Shape;
    /// let mut paths = Vec::new();
    /// vec![0.0; 3].paths(&mut "w".to_string(), &mut paths);
    /// assert_eq!(paths, ["w", "w[0..3]"]);
    /// ```
    fn paths(&self, prefix: &mut String, out: &mut Vec<String>);
}

/// A parameter container: flattened into the engine's flat input, rebuilt from it over any
/// number type, named in reports (through [`Shape`]).
///
/// Implemented for scalars ([`Leaf`]), `[E; N]`, `[E]`, `Vec<E>`, tuples, `PhantomData`,
/// nalgebra's `SMatrix` (so `SVector`), `DVector` and `DMatrix`, ndarray's one- and
/// two-dimensional arrays and views (feature `ndarray`), and structs through
/// `#[derive(Differentiable)]`.
///
/// ```
/// use gradcheck_runtime::params::{Differentiable, flatten};
/// use num_dual::Dual64;
///
/// let p: Vec<[f64; 2]> = vec![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(flatten(&p), vec![1.0, 2.0, 3.0, 4.0]);
/// let flat = [Dual64::from(5.0), Dual64::from(6.0), Dual64::from(7.0), Dual64::from(8.0)];
/// let mut rest = &flat[..];
/// let q: Vec<[Dual64; 2]> = p.rebuild(&mut rest);
/// assert_eq!(q[1][0].re, 7.0);
/// assert!(rest.is_empty());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parameter form gradient-checked can differentiate",
    label = "not a differentiable parameter form",
    note = "the forms: the scalar `D`; `[T; N]`, `&[T]`, `Vec<T>` and tuples of any form; nalgebra `SVector`, `SMatrix`, `DVector`, `DMatrix` of `D`; ndarray `Array1`, `Array2` (and views) of `D` with the feature `ndarray`; structs generic over `D` with `#[derive(Differentiable)]`"
)]
pub trait Differentiable: Shape {
    /// The scalar type the value holds (`D` in `Kernel<D>`).
    type Leaf: Leaf;

    /// The same container over `U`: `Kernel<U>` for `Kernel<D>`, `Vec<U>` for `[D]`,
    /// `Array1<U>` for an `ArrayView1<D>` (views rebuild owned).
    type With<U: Element>;

    /// The number of scalars when the type alone fixes it (`Some(6)` for `[[D; 3]; 2]`,
    /// `None` for `Vec<D>`): lets a `Vec` of fixed-size elements count and name its
    /// components without visiting them.
    const FIXED: Option<usize>;

    /// Appends the scalars in flattened order.
    ///
    /// ```
    /// use gradcheck_runtime::params::Differentiable;
    /// let mut out = vec![];
    /// [[1.0, 2.0], [3.0, 4.0]].flatten_into(&mut out);
    /// assert_eq!(out, [1.0, 2.0, 3.0, 4.0]);
    /// ```
    fn flatten_into(&self, out: &mut Vec<Self::Leaf>);

    /// Rebuilds the value over `U`, taking its scalars from the front of `flat` (which is
    /// advanced past them); the shape and any non-differentiated parts come from `self`.
    ///
    /// # Panics
    /// If `flat` holds fewer scalars than `self`.
    ///
    /// ```
    /// use gradcheck_runtime::params::Differentiable;
    /// let mut flat: &[f32] = &[1.0, 2.0, 3.0];
    /// let v: Vec<f32> = vec![0.0_f64; 2].rebuild(&mut flat);
    /// assert_eq!((v, flat), (vec![1.0, 2.0], &[3.0_f32][..]));
    /// ```
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U>;

    /// [`flatten_into`](Differentiable::flatten_into) for every item of a slice; scalars
    /// override it with one copy.
    ///
    /// ```
    /// use gradcheck_runtime::params::Differentiable;
    /// let mut out = vec![];
    /// f64::flatten_all(&[1.0, 2.0], &mut out);
    /// assert_eq!(out, [1.0, 2.0]);
    /// ```
    fn flatten_all(items: &[Self], out: &mut Vec<Self::Leaf>)
    where
        Self: Sized,
    {
        for item in items {
            item.flatten_into(out);
        }
    }

    /// [`rebuild`](Differentiable::rebuild) for every item of a slice; scalars override it
    /// with one copy.
    ///
    /// ```
    /// use gradcheck_runtime::params::Differentiable;
    /// let mut flat: &[f64] = &[1.0, 2.0, 3.0];
    /// assert_eq!(f64::rebuild_all(&[0.0, 0.0], &mut flat), vec![1.0, 2.0]);
    /// ```
    fn rebuild_all<U: Element>(items: &[Self], flat: &mut &[U]) -> Vec<Self::With<U>>
    where
        Self: Sized,
    {
        items.iter().map(|item| item.rebuild(flat)).collect()
    }
}

/// The scalars of `value`, in flattened order.
///
/// ```
/// use gradcheck_runtime::params::flatten;
/// assert_eq!(flatten(&(2.0, [3.0, 4.0])), vec![2.0, 3.0, 4.0]);
/// ```
pub fn flatten<T: Differentiable + ?Sized>(value: &T) -> Vec<T::Leaf> {
    let mut out = Vec::with_capacity(value.count());
    value.flatten_into(&mut out);
    out
}

/// `template` rebuilt over `U` from exactly `flat`.
///
/// # Panics
/// If `flat` does not hold exactly `template.count()` scalars.
///
/// ```
/// use gradcheck_runtime::params::rebuild;
/// let w: [[f32; 2]; 2] = rebuild(&[[0.0_f64; 2]; 2], &[1.0_f32, 2.0, 3.0, 4.0]);
/// assert_eq!(w, [[1.0, 2.0], [3.0, 4.0]]);
/// ```
#[track_caller]
pub fn rebuild<T: Differentiable + ?Sized, U: Element>(template: &T, flat: &[U]) -> T::With<U> {
    let count = template.count();
    assert_eq!(
        flat.len(),
        count,
        "rebuild: {} scalars for a template of {count}",
        flat.len()
    );
    let mut rest = flat;
    template.rebuild(&mut rest)
}

/// What a hand-written gradient returns for a scalar function: the parameter's own type over
/// the primitive (`Kernel<f64>`, `SVector<f64, 3>`, `[[f64; 3]; 4]`, `Vec<T>` for `&[T]`), a
/// tuple of those for several parameters, or the flat forms (`[f64; N]`, `Vec<f64>`, a tuple
/// of `f64`): every one flattens, by [`Differentiable`], to the same components.
///
/// ```
/// use gradcheck_runtime::params::IntoGradient;
/// use nalgebra::SVector;
/// let g = ([[1.0, 2.0], [3.0, 4.0]], SVector::<f64, 2>::new(5.0, 6.0));
/// assert_eq!(IntoGradient::<f64>::into_gradient(g), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// ```
#[diagnostic::on_unimplemented(
    message = "a hand-written gradient must return the parameter's type with `f64` (a tuple of them for several parameters) or a flat `[f64; N]` / `Vec<f64>`, not `{Self}`",
    label = "this gradient type is not supported"
)]
pub trait IntoGradient<F> {
    /// The gradient's components, in flattened parameter order.
    fn into_gradient(self) -> Vec<F>;
}

/// Any form whose scalars are `F`. The scalar type is checked when the gradient is
/// converted, not by a bound `Differentiable<Leaf = F>`: for a type that is no form at all
/// (`String`) such a bound would add a second, confusing error ("type mismatch resolving
/// `<String as Differentiable>::Leaf == f64`") to the one that says what a gradient returns.
///
/// # Panics
/// When the gradient's scalars are not `F` (an `f32` gradient of an `f64` function).
impl<F: Leaf, G: Differentiable> IntoGradient<F> for G {
    #[track_caller]
    fn into_gradient(self) -> Vec<F> {
        let flat: Box<dyn std::any::Any> = Box::new(flatten(&self));
        match flat.downcast::<Vec<F>>() {
            Ok(values) => *values,
            Err(_) => panic!(
                "the hand-written gradient holds `{}`s; it must hold `{}`s, the function's primitive type",
                std::any::type_name::<G::Leaf>(),
                std::any::type_name::<F>()
            ),
        }
    }
}
