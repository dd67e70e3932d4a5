//! What `#[gradient_checked]` expands to calls to make a parameter's template (from
//! `dims(..)`, from the width of flat `at` points, from its type) and to flatten `at(..)`
//! values, each with the message a user needs when the attribute's numbers do not fit the
//! type. Not public API.

use super::{Differentiable, FromDims};

/// The template `dims(name = ..)` describes.
///
/// # Panics
/// When the numbers do not fit the type (a length for a matrix, any for a fixed-size type).
///
/// ```
/// use gradcheck_runtime::params::__generated::dims_template;
/// let w: Vec<Vec<f64>> = dims_template("w", &[2, 3]);
/// assert_eq!((w.len(), w[1].len()), (2, 3));
/// ```
#[track_caller]
pub fn dims_template<T: FromDims>(name: &str, dims: &[usize]) -> T {
    T::from_dims(dims).unwrap_or_else(|e| panic!("dims({name} = ..): {e}"))
}

/// The template of a type whose size the type fixes (`[[f64; 3]; 2]`, `SVector`, a struct of
/// scalars), `None` for one that needs a size.
///
/// ```
/// use gradcheck_runtime::params::__generated::fixed_template;
/// assert_eq!(fixed_template::<[f64; 2]>(), Some([0.0; 2]));
/// assert_eq!(fixed_template::<Vec<f64>>(), None);
/// ```
pub fn fixed_template<T: FromDims>() -> Option<T> {
    if T::RANK == 0 {
        T::from_dims(&[]).ok()
    } else {
        None
    }
}

/// The template of the one parameter without a size when flat `at` points give `width`
/// values and the parameters with a size take `taken` of them: it holds the rest.
/// `unsized_names` are every parameter without a size, in order.
///
/// # Panics
/// When several parameters lack a size, when the points leave nothing, or when what they
/// leave is no whole number of the type's elements.
///
/// ```
/// use gradcheck_runtime::params::__generated::rest_template;
/// let v: Vec<[f64; 2]> = rest_template("v", 7, 1, &["v"]);
/// assert_eq!(v.len(), 3);
/// ```
#[track_caller]
pub fn rest_template<T: FromDims>(
    name: &str,
    width: usize,
    taken: usize,
    unsized_names: &[&str],
) -> T {
    if unsized_names.len() > 1 {
        panic!(
            "`at`: the points cannot be shared among several parameters without a size in their type ({}): give `dims(..)` or `shape(..)` for all but one",
            unsized_names.join(", ")
        );
    }
    let Some(rest) = width.checked_sub(taken).filter(|&r| r > 0) else {
        panic!("`at`: a point has {width} values and the other parameters take {taken}, which leaves none for `{name}`");
    };
    T::from_count(rest).unwrap_or_else(|| {
        panic!("`at`: the points leave {rest} values for `{name}`, which do not fit its type: give `dims({name} = ..)` or `shape({name} = ..)`")
    })
}

/// Appends the scalars of `value`, the value `at(name = ..)` gives parameter `name` at
/// explicit point `point` (0-based), to `out` (widened to `f64` from the function's primitive
/// `R`), checking that it has as many as the parameter's template.
///
/// # Panics
/// When the value's size differs from the template's.
///
/// ```
/// use gradcheck_runtime::params::__generated::push_value;
/// let mut point = vec![];
/// push_value(&mut point, "p", 0, &vec![[0.0; 2]; 2], &vec![[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(point, [1.0, 2.0, 3.0, 4.0]);
/// ```
#[track_caller]
pub fn push_value<R: crate::precision::Real, T: Differentiable<Leaf = R>>(
    out: &mut Vec<f64>,
    name: &str,
    point: usize,
    template: &T,
    value: &T,
) {
    let (want, got) = (template.count(), value.count());
    if want != got {
        panic!(
            "`at(..)` number {}: `{name}` has {got} scalars, but its shape (the first `at(..)` or `shape({name} = ..)`) has {want}: every point gives each parameter the same shape",
            point + 1
        );
    }
    let mut flat = Vec::with_capacity(got);
    value.flatten_into(&mut flat);
    out.extend(flat.into_iter().map(R::widen));
}
