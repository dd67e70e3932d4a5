//! `#[derive(Differentiable)]`: a struct generic over its scalar becomes a parameter form,
//! flattened field by field in declaration order and named `k.length_scale`. `ast` analyses
//! the struct (and reports what cannot be derived for), `expand` writes the impls of the
//! runtime's `Shape`, `Differentiable` and `FixedShape`.

mod ast;
mod expand;
mod forms;

use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;

/// The derive's expansion: the impls, or the errors.
pub fn derive(input: TokenStream) -> TokenStream {
    let item: syn::Item = match syn::parse2(input) {
        Ok(item) => item,
        Err(e) => return e.to_compile_error(),
    };
    let mut cx = Ctxt::new();
    match ast::analyze(&item, &mut cx) {
        Some(input) if !cx.has_errors() => expand::expand(&input),
        _ => cx.into_compile_errors(),
    }
}
