//! The `#[gradient_checked]` attribute. Use it through the `gradient-checked` crate, which
//! re-exports it with the runtime the generated tests call.
//!
//! The crate is a pipeline of plain modules, each unit-tested without the compiler:
//! `attr` parses the attribute, `signature` analyses the function's shape, `valid`
//! checks the two together, `expand` generates the test module, and `item` runs the
//! pipeline for a function or an `impl` block. `params` holds what parameters in structures
//! need (the keys `shape`, `at(..)`, `dims(W = [r, c])`, domain paths; the forms refused from
//! their syntax; the code that rebuilds every other form through the runtime's traits), and
//! `literal_left` the check for numbers on the left of a `D`. Errors are collected (`ctxt`)
//! and reported together.

mod attr;
mod ctxt;
mod derive;
mod expand;
#[cfg(test)]
mod fuzz;
mod item;
mod literal_left;
mod params;
mod signature;
mod suggest;
mod symbol;
mod valid;

use proc_macro::TokenStream;

/// Generates `#[test]`s proving a generic function's hand-written derivatives right.
///
/// ```ignore
/// use gradient_checked::prelude::*;
///
/// fn grad(p: &[f64; 2]) -> [f64; 2] { [2.0 * p[0], 2.0 * p[1]] }
///
/// #[gradient_checked(at = [[1.0, 2.0]], samples = 8, domain = -2.0..2.0, grad = grad)]
/// fn sq<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
///     p[0] * p[0] + p[1] * p[1]
/// }
/// ```
///
/// The function stays exactly as written. Beside it, under `#[cfg(test)]`, a module named
/// after it holds one test per check: `sq::gradient`, plus `sq::hessian` with
/// `hessian = ..` and `sq::reference` with `reference = ..`. The same module offers
/// `sq::gradient_report()` (and `hessian_report`, `reference_report`), which run the check
/// and return its `Report` instead of asserting it, for tests that inspect findings.
///
/// Keys: `at` (`= [[..], ..]` flat, or one `at(x = .., k = ..)` per point given as values),
/// `samples`, `domain` (`= a..b` and/or `(x = a..b, k.length_scale = a..b, ..)`, the most
/// specific path winning), `seed`, `grad`, `hessian`, `reference`, `data(name = expr, ..)`,
/// `dims(v = n, W = [rows, columns], ..)`, `shape(net = expr, ..)`, `allow(kind, ..)`,
/// `expect(kind, ..)`,
/// `rtol`, `atol`, `norm(min = .., max = ..)`, `mode = full | fast`, `directions`; see
/// CONTRACT.md for their meaning.
///
/// # Declared failures
///
/// `expect(mismatch)` (one or more finding kinds) turns the generated test around: it passes
/// only when the check finds an error of one of the named kinds, and fails with the report
/// otherwise, also when the errors it finds are all of other kinds. The JSON report is the
/// same as without `expect` (`passed` is `false`). For tests of known bugs, of a checker and
/// of documentation examples. Each generated test is turned around only when its check can
/// report one of the kinds (`hessian_mismatch` turns `hessian`, `mismatch` turns `gradient`;
/// `panic`, `nonfinite_value`, `nonfinite_derivative` and `nondeterministic` turn every
/// test). Naming a warning (`unstable`), a kind also in `allow`, or a comparison the
/// attribute does not ask for (`mismatch` without `grad`) is a compile error.
///
/// ```ignore
/// #[gradient_checked(samples = 8, grad = wrong_grad, expect(mismatch))]
/// fn known_bug<D: DualNum<Primitive = f64> + Copy>(x: D) -> D { x * x }
/// ```
///
/// # Remembered failures
///
/// When a generated test fails, the failing point (the simplest one found, else the worst)
/// is appended to `gradcheck-regressions/<function path>.txt` in the package that holds the
/// test (its `CARGO_MANIFEST_DIR`; `::` in the path becomes `.`), one point per line with a
/// comment saying what failed there. Every later run checks those points first, with origin
/// `regression` in the report, whatever the seed or the number of samples: a bug a random
/// seed found once is not lost when the seed changes. Commit the folder, as proptest's
/// `proptest-regressions`; delete a line to forget its point. Lines whose length no longer
/// matches the function's inputs are skipped. A test with `expect(..)` remembers nothing.
///
/// # Parameters
///
/// Every parameter whose type mentions the dual type is differentiable, whatever its form:
/// `D`, arrays, slices and `Vec`s of any form, nalgebra and ndarray containers, structs with
/// `#[derive(Differentiable)]`, by value or by `&`. The generated code rebuilds each from a
/// template of its `f64` type through the runtime's `Differentiable` and `Lend` traits, so a
/// new container is an impl there. Reports name components `w[1][2]`, `W[1,2]`,
/// `k.length_scale`. `grad` returns the parameters' own types over `f64` (a tuple for
/// several). A form no impl can take (`&mut D`, `Option<D>`, ...) is refused with the rewrite;
/// a number on the left of a `D` (`1.0 / x`) is an error that says how to write it.
///
/// # Associated functions
///
/// An attribute on a function inside an `impl` cannot add a module there, so mark the block
/// too: `#[gradient_checked]` (no arguments) on the `impl` collects the functions carrying
/// `#[gradient_checked(..)]` (or `#[cfg_attr(test, gradient_checked(..))]`), removes those
/// attributes and puts each function's test module beside the block, calling
/// `<Type>::function`. `Self` may be used in the arguments (`grad = Self::loss_grad`).
/// Functions taking `self` cannot be checked, nor functions of generic `impl` blocks; two
/// annotated functions of the same name in one module would need two modules of that name.
///
/// # Lengths
///
/// `[D; N]` takes its length from its type (a literal or any constant in scope); `&[D]` and
/// `Vec<D>` from `dims(x = n)`, or from what the explicit points of `at` leave after the
/// other parameters. Point lengths are checked at compile time where the macro knows every
/// size; other forms take their sizes from `shape(..)`, `dims(..)`, the first `at(..)` or
/// their type, and their points are checked when the test runs.
#[proc_macro_attribute]
pub fn gradient_checked(args: TokenStream, input: TokenStream) -> TokenStream {
    item::expand(args.into(), input.into()).into()
}

/// Makes a struct generic over its scalar a parameter form of `#[gradient_checked]`: its
/// fields, in declaration order, each any form (the scalar, arrays, slices, `Vec`s,
/// nalgebra and ndarray containers, other derived structs), are flattened one after the
/// other and named `k.length_scale`, `net.layers[1].bias[0]` in reports.
///
/// ```ignore
/// use gradient_checked::prelude::*;
///
/// #[derive(Clone, Debug, Differentiable)]
/// struct Kernel<D> {
///     length_scale: D,
///     amplitude: D,
/// }
/// ```
///
/// The struct takes exactly one type parameter, the scalar, without bounds (the checker
/// rebuilds it over `f64`, `f32` and dual numbers); lifetimes and const parameters are kept.
/// A field whose type does not mention the scalar is not differentiated: rebuilding copies
/// it from the template (it must be `Clone`; `Default` too for a template made without a
/// value). The derive implements the runtime's `Shape`, `Differentiable` and, when every
/// field's size is in its type, `FixedShape`.
#[proc_macro_derive(Differentiable)]
pub fn derive_differentiable(input: TokenStream) -> TokenStream {
    derive::derive(input.into()).into()
}
