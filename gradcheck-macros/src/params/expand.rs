//! The generated code that turns the engine's flat input into the function's arguments, for
//! every differentiable parameter alike: a *template* per parameter (a value of its type over
//! the primitive the function is checked in, `f64` or `f32`, from `shape(..)`, `dims(..)`, the
//! first `at(..)`, the width of flat `at` points, or its type alone), rebuilt over whatever
//! number type the engine evaluates with (the `f64` shadow of an `f32` check too) and lent in
//! the form the signature takes. Every type-dependent step goes through the runtime's traits
//! (`Differentiable`, `Lend`, `FixedShape`, `FromDims`), so a new container is an impl there.
//!
//! ```text
//! struct __Subject { __t0: Arc<dyn Any + Send + Sync>, .., __layout: Layout }
//! fn __setup() -> (__Subject, Vec<Vec<f64>>) { .. }          // templates, `at(..)` points
//! // in eval (and in the adapters of grad, hessian, reference, over the primitive):
//! let mut __flat = __x;
//! let __t0 = self.__t0.downcast_ref::<<Kernel<f64> as Differentiable>::With<f64>>()..;
//! let mut __o0 = Some(Differentiable::rebuild(__t0, &mut __flat));
//! f::<__D>(<_ as Lend<&Kernel<__D>>>::lend(&mut __o0), ..)
//! ```
//!
//! The templates are held type-erased and their types named only inside function bodies:
//! there an elided lifetime (`ArrayView1<f64>`) is inferred, where a struct field or a type
//! alias would need it spelt out, which the macro cannot do for a type it does not know. The
//! downcast is one `TypeId` comparison per evaluation.

use crate::attr::Attrs;
use crate::params::types::{owned, replace_dual, respan, set_lifetimes};
use crate::signature::{Param, ParamKind, Primitive, Signature};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned as _;

/// The differentiable parameters of a signature, in order.
fn differentiable(sig: &Signature) -> impl Iterator<Item = (usize, &Param)> {
    sig.params
        .iter()
        .filter(|p| p.kind.is_differentiable())
        .enumerate()
}

fn template_field(i: usize) -> Ident {
    format_ident!("__t{}", i)
}

/// The span errors about a parameter's type point at.
fn type_span(p: &Param) -> Span {
    p.ty.span()
}

/// The parameter's name as reports write it.
pub fn name_of(p: &Param) -> String {
    p.name.unraw().to_string()
}

/// The template's type, `<T as Differentiable>::With<f64>` for a parameter of type `T` or
/// `&T` (with `f64` for the dual type; `f32` for a function checked in `f32`): for use in a
/// function body. Spanned on the parameter, so that its errors point there and, being
/// identical, are reported once.
fn template_type(sig: &Signature, p: &Param, prim: Primitive) -> TokenStream {
    let ty = set_lifetimes(
        replace_dual(owned(&p.ty).to_token_stream(), &sig.dual, &quote!(#prim)),
        "static",
    );
    respan(
        quote!(<#ty as __gc::Differentiable>::With<#prim>),
        type_span(p),
    )
}

/// Template `i` of `subject`, downcast to its type.
fn template_ref(
    sig: &Signature,
    i: usize,
    p: &Param,
    subject: &TokenStream,
    prim: Primitive,
) -> TokenStream {
    let field = template_field(i);
    let ty = template_type(sig, p, prim);
    respan(
        quote!((*#subject.#field).downcast_ref::<#ty>().expect("a template of its own type")),
        type_span(p),
    )
}

/// The struct holding the templates, type-erased, and the layout made from them.
pub fn items(sig: &Signature) -> TokenStream {
    let fields = differentiable(sig).map(|(i, _)| {
        let field = template_field(i);
        quote!(#field: ::std::sync::Arc<dyn ::core::any::Any + ::core::marker::Send + ::core::marker::Sync>)
    });
    quote! {
        /// The templates of the differentiable parameters (their shapes, and the values of
        /// their fields without `D`), and the layout naming their components.
        pub(super) struct __Subject {
            #(#fields,)*
            __layout: __gc::Layout,
        }
    }
}

/// `fn __setup() -> (__Subject, Vec<Vec<f64>>)`: the templates over the primitive `prim`,
/// then the points `at(..)` gives as values, flattened (and widened to `f64`).
pub fn setup(sig: &Signature, attrs: &Attrs, prim: Primitive) -> TokenStream {
    let diff: Vec<(usize, &Param)> = differentiable(sig).collect();
    let flat_width = attrs
        .at
        .as_ref()
        .and_then(|at| at.value.first())
        .map(|p| p.value.len());
    let mut lets = Vec::new();
    // Parameters whose size waits for what the flat points leave.
    let mut pending = Vec::new();
    for &(i, p) in &diff {
        let field = template_field(i);
        let ty = template_type(sig, p, prim);
        let span = type_span(p);
        let name = name_of(p);
        // The first `at(..)` value is evaluated twice, for the template and for the point:
        // the template must not be moved into the point list before the later points are
        // checked against it, and a clone would ask `Clone` of every struct.
        let value = |e: &syn::Expr| {
            let span = e.span();
            quote_spanned!(span=> { let __v: #ty = ::core::convert::Into::into(#e); __v })
        };
        // `shape`, then `dims`, then the first `at(..)`: the later `at(..)` values are
        // checked against whichever gave the shape.
        let explicit = if let Some(s) = attrs.shape.iter().find(|s| s.name == p.name) {
            Some(value(&s.value))
        } else if let Some(d) = attrs.dims.iter().find(|d| d.name == p.name) {
            let numbers = d.value.value.iter().map(|&n| n as usize);
            Some(respan(
                quote!(__gc::dims_template::<#ty>(#name, &[#(#numbers),*])),
                span,
            ))
        } else {
            attrs
                .at_values
                .first()
                .and_then(|at| at.value.iter().find(|v| v.name == p.name))
                .map(|v| value(&v.value))
        };
        match (explicit, flat_width) {
            (Some(e), _) => lets.push(quote!(let #field: #ty = #e;)),
            (None, None) => lets.push(respan(
                quote!(let #field: #ty = <#ty as __gc::FixedShape>::template();),
                span,
            )),
            (None, Some(_)) => {
                lets.push(respan(
                    quote!(let #field: ::core::option::Option<#ty> = __gc::fixed_template::<#ty>();),
                    span,
                ));
                pending.push((i, p));
            }
        }
    }
    if let (Some(width), false) = (flat_width, pending.is_empty()) {
        let taken = diff.iter().map(|&(i, _)| {
            let field = template_field(i);
            if pending.iter().any(|&(j, _)| j == i) {
                quote!(+ #field.as_ref().map_or(0, |__t| __gc::Shape::count(__t)))
            } else {
                quote!(+ __gc::Shape::count(&#field))
            }
        });
        let unsized_names = pending.iter().map(|&(i, p)| {
            let field = template_field(i);
            let name = name_of(p);
            quote!((#name, #field.is_none()))
        });
        lets.push(quote! {
            let __taken: usize = 0 #(#taken)*;
            let __unsized: ::std::vec::Vec<&str> = [#(#unsized_names),*]
                .into_iter()
                .filter(|(_, __missing)| *__missing)
                .map(|(__name, _)| __name)
                .collect();
        });
        for &(i, p) in &pending {
            let field = template_field(i);
            let ty = template_type(sig, p, prim);
            let name = name_of(p);
            lets.push(respan(
                quote! {
                    let #field: #ty = match #field {
                        ::core::option::Option::Some(__t) => __t,
                        ::core::option::Option::None => __gc::rest_template::<#ty>(#name, #width, __taken, &__unsized),
                    };
                },
                type_span(p),
            ));
        }
    }
    let points = attrs.at_values.iter().enumerate().map(|(k, at)| {
        let pushes = diff.iter().filter_map(|&(i, p)| {
            let v = at.value.iter().find(|v| v.name == p.name)?;
            let (field, ty, name) = (template_field(i), template_type(sig, p, prim), name_of(p));
            let e = &v.value;
            let span = e.span();
            let value =
                quote_spanned!(span=> { let __v: #ty = ::core::convert::Into::into(#e); __v });
            Some(quote!(__gc::push_value(&mut __p, #name, #k, &#field, &#value);))
        });
        quote! {{
            let mut __p: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
            #(#pushes)*
            __points.push(__p);
        }}
    });
    let shared = diff.iter().map(|&(i, _)| {
        let field = template_field(i);
        quote!(let #field = ::std::sync::Arc::new(#field);)
    });
    let layout = diff.iter().map(|&(i, p)| {
        let field = template_field(i);
        let name = name_of(p);
        quote!(.shared_param(#name, #field.clone()))
    });
    let fields = diff.iter().map(|&(i, _)| template_field(i));
    quote! {
        /// The templates, and the points `at(..)` gives as values (flattened).
        fn __setup() -> (__Subject, ::std::vec::Vec<::std::vec::Vec<f64>>) {
            #(#lets)*
            #[allow(unused_mut)]
            let mut __points: ::std::vec::Vec<::std::vec::Vec<f64>> = ::std::vec::Vec::new();
            #(#points)*
            #(#shared)*
            let __layout = __gc::Layout::new() #(#layout)*;
            (__Subject { #(#fields,)* __layout }, __points)
        }
    }
}

/// The statements that cut the flat input `x` into rebuilt parameters over `number` (the
/// engine's `__D`, or the primitive in the adapters), and the call's arguments (data
/// parameters get `data`'s value): the same code for the dual evaluation and the hand-written
/// functions. The templates are over `prim`, whatever `number` is.
pub fn arguments(
    sig: &Signature,
    attrs: &Attrs,
    subject: &TokenStream,
    x: &Ident,
    number: &TokenStream,
    prim: Primitive,
) -> (TokenStream, Vec<TokenStream>) {
    let mut prelude = vec![quote!(#[allow(unused_mut)] let mut __flat = #x;)];
    let mut args = Vec::new();
    let mut index = 0;
    for p in &sig.params {
        if !p.kind.is_differentiable() {
            let value = attrs
                .data
                .iter()
                .find(|d| d.name == p.name)
                .map(|d| &d.value);
            args.push(
                value.map_or_else(|| quote!(::core::unreachable!()), |v| v.to_token_stream()),
            );
            continue;
        }
        let i = index;
        index += 1;
        let span = type_span(p);
        let template = template_ref(sig, i, p, subject, prim);
        if let ParamKind::Slice = p.kind {
            // `&[D]` borrows the flat input itself: no copy of a million scalars per call.
            let a = format_ident!("__a{}", i);
            prelude.push(quote! {
                let (#a, __rest) = __flat.split_at(__gc::Shape::count(#template));
                __flat = __rest;
            });
            args.push(a.to_token_stream());
            continue;
        }
        let o = format_ident!("__o{}", i);
        prelude.push(respan(
            quote!(let mut #o = ::core::option::Option::Some(__gc::Differentiable::rebuild(#template, &mut __flat));),
            span,
        ));
        let target = set_lifetimes(replace_dual(p.ty.to_token_stream(), &sig.dual, number), "_");
        args.push(respan(
            quote!(<_ as __gc::Lend<#target>>::lend(&mut #o)),
            span,
        ));
    }
    (quote!(#(#prelude)*), args)
}

/// The types of the hand-written functions' parameters for the differentiable ones: the
/// parameter's type with the primitive (`f64`, `f32`) for the dual type, lifetimes elided.
pub fn primitive_type(sig: &Signature, p: &Param, prim: Primitive) -> TokenStream {
    set_lifetimes(
        replace_dual(p.ty.to_token_stream(), &sig.dual, &quote!(#prim)),
        "_",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctxt::Ctxt;
    use crate::{attr, signature};

    fn expand(args: TokenStream, sig: syn::Signature) -> (String, String) {
        let mut cx = Ctxt::new();
        let attrs = attr::parse(args, &mut cx);
        let sig = signature::analyze(&sig, &mut cx).expect("a checkable signature");
        assert!(!cx.has_errors(), "{:?}", cx.messages());
        let (prelude, args) = arguments(
            &sig,
            &attrs,
            &quote!(self),
            &format_ident!("__x"),
            &quote!(__D),
            Primitive::F64,
        );
        let call = quote!(#prelude f(#(#args),*)).to_string();
        (call, setup(&sig, &attrs, Primitive::F64).to_string())
    }

    #[test]
    fn every_form_is_rebuilt_and_lent_through_the_runtime_traits() {
        let (call, setup) = expand(
            quote!(dims(p = 3), shape(net = Net::zeros(&[2, 1]))),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(k: &Kernel<D>, p: &[[D; 2]], net: Net<D>, xs: &[f64]) -> D),
        );
        assert!(call.contains("Lend < & Kernel < __D > >"), "{call}");
        assert!(call.contains("Lend < & [[__D ; 2]] >"), "{call}");
        assert!(call.contains("Lend < Net < __D > >"), "{call}");
        assert!(
            call.contains("unreachable"),
            "the data parameter without `data`: {call}"
        );
        assert!(
            setup.contains("FixedShape > :: template"),
            "k's size is its type's: {setup}"
        );
        assert!(setup.contains("dims_template :: < < [[f64 ; 2]] as __gc :: Differentiable > :: With < f64 > > (\"p\" , & [3usize])"), "{setup}");
        assert!(setup.contains("Net :: zeros"), "{setup}");
    }

    #[test]
    fn templates_of_an_f32_function_are_over_f32() {
        let mut cx = Ctxt::new();
        let attrs = attr::parse(quote!(dims(w = [2, 3])), &mut cx);
        let sig = signature::analyze(
            &syn::parse_quote!(fn f<D: DualNum<Primitive = f32>>(k: &Kernel<D>, w: &DMatrix<D>) -> D),
            &mut cx,
        )
        .unwrap();
        let setup = setup(&sig, &attrs, Primitive::F32).to_string();
        assert!(
            setup.contains("< Kernel < f32 > as __gc :: Differentiable > :: With < f32 >"),
            "{setup}"
        );
        assert!(
            setup.contains("< DMatrix < f32 > as __gc :: Differentiable > :: With < f32 >"),
            "{setup}"
        );
        assert!(!setup.contains("With < f64"), "{setup}");
        let (prelude, _) = arguments(
            &sig,
            &attrs,
            &quote!(self.0),
            &format_ident!("__x"),
            &quote!(__D),
            Primitive::F32,
        );
        assert!(
            prelude.to_string().contains("With < f32 >"),
            "the f64 shadow rebuilds the f32 templates: {prelude}"
        );
    }

    #[test]
    fn a_slice_of_scalars_borrows_the_flat_input() {
        let (call, _) = expand(
            quote!(dims(v = 3)),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(v: &[D]) -> D),
        );
        assert!(call.contains("split_at"), "{call}");
        assert!(!call.contains("Lend"), "{call}");
    }

    #[test]
    fn flat_points_leave_the_rest_to_the_one_parameter_without_a_size() {
        let (_, setup) = expand(
            quote!(at = [[1.0, 2.0, 3.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(k: &Kernel<D>, v: &DVector<D>) -> D),
        );
        assert_eq!(setup.matches("fixed_template").count(), 2, "{setup}");
        assert_eq!(setup.matches("rest_template").count(), 2, "{setup}");
        assert!(setup.contains("(\"v\" , 3usize , __taken"), "{setup}");
    }
}
