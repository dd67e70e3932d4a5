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
#![deny(missing_docs)]

mod attr;
mod ctxt;
mod derive;
mod expand;
#[cfg(test)]
mod fuzz;
mod item;
// The finding kinds' table, the same file as the `gradcheck-kinds` crate's (a symbolic link):
// the attribute accepts exactly the kinds the engine reports, and the published proc-macro
// depends on no unpublished crate. Only the names are read here.
#[allow(dead_code)]
mod kinds_table;
mod literal_left;
mod params;
mod signature;
mod spanned;
mod suggest;
mod symbol;
mod valid;

use proc_macro::TokenStream;

#[doc = include_str!("../doc/attribute.md")]
#[proc_macro_attribute]
pub fn gradient_checked(args: TokenStream, input: TokenStream) -> TokenStream {
    item::expand(args.into(), input.into()).into()
}

/// Makes a struct generic over its scalar a parameter form of `#[gradient_checked]`: its
/// fields, in declaration order, each any form (the scalar, arrays, slices, `Vec`s,
/// nalgebra and ndarray containers, other derived structs), are flattened one after the
/// other and named `k.length_scale`, `net.layers[1].bias[0]` in reports.
///
/// ```
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
