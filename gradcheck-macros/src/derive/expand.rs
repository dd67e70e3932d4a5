//! Code generation for `#[derive(Differentiable)]`: three impls, each method one line per
//! field, the per-field code spanned on the field's type so that a field of an unsupported
//! form is reported there.
//!
//! ```text
//! impl<D: Leaf> Shape for Kernel<D> { count, name, select, paths }   // names, domains
//! impl<D: Leaf> Differentiable for Kernel<D> {                        // flatten, rebuild
//!     type With<__U: Element> = Kernel<<D as Leaf>::Rebuilt<__U>>; ..
//! }
//! impl<D: Leaf> FixedShape for Kernel<D>                              // a template with no hint,
//!     where D: FixedShape, for<'x> String: Default { .. }             // when every field has one
//! ```

use super::ast::{span_of, Field, Input};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::{parse_quote, GenericParam};

/// The impls for `input`.
pub fn expand(input: &Input) -> TokenStream {
    let p = quote!(::gradient_checked::params);
    let name = input.ident;
    let d = input.scalar;
    let mut generics = input.generics.clone();
    for gp in &mut generics.params {
        if let GenericParam::Type(t) = gp {
            t.bounds.push(parse_quote!(#p::Leaf));
        }
    }
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    // `<D as Leaf>::Rebuilt<__U>` is `__U` for every scalar; spelt so, a struct whose field
    // is no form gives one error, not one per use of the rebuilt value.
    let with_args = input.generics.params.iter().map(|gp| match gp {
        GenericParam::Lifetime(l) => l.lifetime.to_token_stream(),
        GenericParam::Type(_) => quote!(<#d as #p::Leaf>::Rebuilt<__U>),
        GenericParam::Const(c) => c.ident.to_token_stream(),
    });
    let with = quote!(#name<#(#with_args),*>);

    let diff: Vec<&Field> = input.fields.iter().filter(|f| f.differentiated).collect();
    let names = diff.iter().map(|f| &f.name);
    let members: Vec<&TokenStream> = diff.iter().map(|f| &f.member).collect();
    let fields = quote!(&[#((#names, &self.#members as &dyn #p::Shape)),*]);
    let counts = diff.iter().map(|f| {
        let m = &f.member;
        quote_spanned!(span_of(f.ty)=> + #p::Shape::count(&self.#m))
    });
    let fixed = diff.iter().map(|f| {
        let ty = f.ty;
        quote_spanned!(span_of(ty)=> <#ty as #p::Differentiable>::FIXED)
    });
    let flattens = diff.iter().map(|f| {
        let m = &f.member;
        quote_spanned!(span_of(f.ty)=> #p::Differentiable::flatten_into(&self.#m, __out);)
    });
    let rebuilds = input.fields.iter().map(|f| {
        let m = &f.member;
        if f.differentiated {
            quote_spanned!(span_of(f.ty)=> #m: #p::Differentiable::rebuild(&self.#m, __flat))
        } else {
            quote_spanned!(span_of(f.ty)=> #m: ::core::clone::Clone::clone(&self.#m))
        }
    });
    let fixed_shape = fixed_shape(input, &generics);
    quote! {
        #[automatically_derived]
        impl #impl_g #p::Shape for #name #ty_g #where_c {
            fn count(&self) -> usize {
                0 #(#counts)*
            }
            fn name(&self, __index: usize, __out: &mut ::std::string::String) {
                #p::__derive::fields_name(#fields, __index, __out)
            }
            fn select(&self, __path: &str) -> ::core::option::Option<::core::ops::Range<usize>> {
                #p::__derive::fields_select(#fields, __path)
            }
            fn paths(&self, __prefix: &mut ::std::string::String, __out: &mut ::std::vec::Vec<::std::string::String>) {
                #p::__derive::fields_paths(#fields, __prefix, __out)
            }
        }

        #[automatically_derived]
        impl #impl_g #p::Differentiable for #name #ty_g #where_c {
            type Leaf = #d;
            type With<__U: #p::Element> = #with;
            const FIXED: ::core::option::Option<usize> = #p::__derive::fixed_sum(&[#(#fixed),*]);

            fn flatten_into(&self, __out: &mut ::std::vec::Vec<#d>) {
                #(#flattens)*
            }
            fn rebuild<__U: #p::Element>(&self, __flat: &mut &[__U]) -> Self::With<__U> {
                // A struct expression evaluates its fields in the order written: the
                // declaration order, which is the flattened order.
                #name { #(#rebuilds),* }
            }
        }

        #fixed_shape
    }
}

/// `FixedShape` when every differentiated field has one and every other field a `Default`.
/// The `Default` bounds do not mention the scalar, so they are written `for<'__x> T:
/// Default`: a bound without generic parameters that does not hold is an error at the impl,
/// one that is higher-ranked is only an impl that never applies.
fn fixed_shape(input: &Input, generics: &syn::Generics) -> TokenStream {
    let p = quote!(::gradient_checked::params);
    let name = input.ident;
    let mut generics = generics.clone();
    let where_c = generics.make_where_clause();
    for f in &input.fields {
        let ty = f.ty;
        where_c.predicates.push(if f.differentiated {
            parse_quote!(#ty: #p::FixedShape)
        } else {
            parse_quote!(for<'__x> #ty: ::core::default::Default)
        });
    }
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    let values = input.fields.iter().map(|f| {
        let m = &f.member;
        if f.differentiated {
            quote_spanned!(span_of(f.ty)=> #m: #p::FixedShape::template())
        } else {
            quote_spanned!(span_of(f.ty)=> #m: ::core::default::Default::default())
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_g #p::FixedShape for #name #ty_g #where_c {
            fn template() -> Self {
                #name { #(#values),* }
            }
        }
    }
}
