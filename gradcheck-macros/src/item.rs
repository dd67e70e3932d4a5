//! What the attribute is applied to, and the pipeline for each function: parse the attribute,
//! analyse the signature, validate, expand. A function with mistakes is emitted unchanged
//! beside the errors, so one mistake does not bring a cascade of unrelated ones.

use crate::ctxt::Ctxt;
use crate::expand::{self, Owner, Subject};
use crate::signature::{self, tidy};
use crate::{attr, valid};
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{Attribute, ImplItem, Item, ItemFn, ItemImpl, Meta, Token};

/// The attribute's expansion for any item.
pub fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(e) => {
            let e = e.to_compile_error();
            return quote!(#input #e);
        }
    };
    let mut cx = Ctxt::new();
    let output = match item {
        Item::Fn(f) => free_fn(args, input, &f, &mut cx),
        Item::Impl(i) => impl_block(args, i, &mut cx),
        other => {
            cx.error_spanned_by(
                item_keyword(&other),
                "#[gradient_checked] applies to a generic function, or to an `impl` block whose associated functions carry #[gradient_checked(..)]",
            );
            input
        }
    };
    let errors = cx.into_compile_errors();
    quote!(#output #errors)
}

/// A free function: kept exactly as written (its very tokens), followed by its test module.
fn free_fn(args: TokenStream, input: TokenStream, f: &ItemFn, cx: &mut Ctxt) -> TokenStream {
    if f.sig.receiver().is_none()
        && signature::mentions(
            f.sig.to_token_stream(),
            &Ident::new("Self", proc_macro2::Span::call_site()),
        )
    {
        cx.error_spanned_by(
            &f.sig.ident,
            "this looks like an associated function (its signature mentions `Self`): an attribute on a function inside an `impl` cannot add a test module there; put #[gradient_checked] on the `impl` block as well",
        );
        // No module here: inside an `impl` a module is itself an error.
        return input;
    }
    let tests = function(args, &f.sig, None, Vec::new(), cx);
    // A number on the left of a `D` is an error of its own; the function is then emitted
    // with that number wrapped, so that rustc adds no second error about it.
    let input = match crate::literal_left::check_body(&f.sig, &f.block, cx) {
        Some(block) => {
            let mut f = f.clone();
            *f.block = block;
            f.into_token_stream()
        }
        None => input,
    };
    quote!(#input #tests)
}

/// The test module of one function, or nothing when it has errors (recorded in `cx`).
fn function(
    args: TokenStream,
    sig: &syn::Signature,
    owner: Option<&Owner>,
    cfgs: Vec<TokenStream>,
    cx: &mut Ctxt,
) -> TokenStream {
    // Its own context: in an impl block, one function's mistakes must not stop another's tests.
    let mut local = Ctxt::new();
    let attrs = attr::parse(args, &mut local);
    let checked = signature::analyze(sig, &mut local).map(|sig| {
        let plan = valid::validate(&attrs, &sig, &mut local);
        (sig, plan)
    });
    let failed = local.has_errors();
    cx.absorb(local);
    match checked {
        Some((sig, plan)) if !failed => expand::test_module(&Subject {
            sig: &sig,
            attrs: &attrs,
            plan: &plan,
            owner,
            cfgs,
        }),
        _ => expand::fallback_module(&sig.ident, &cfgs),
    }
}

/// `#[gradient_checked] impl Type { #[gradient_checked(..)] fn f<D ..>(..) .. }`: an attribute
/// on an associated function cannot put a module inside the `impl`, so the one on the block
/// collects the functions' attributes, removes them, and puts the modules beside the block.
fn impl_block(args: TokenStream, mut block: ItemImpl, cx: &mut Ctxt) -> TokenStream {
    if !args.is_empty() {
        cx.error_spanned_by(&args, "on an `impl` block, write #[gradient_checked] without arguments and give each associated function its own #[gradient_checked(..)]");
    }
    if !block.generics.params.is_empty() {
        cx.error_spanned_by(&block.generics, "generic `impl` blocks are not supported: the generated tests need a concrete type to call");
    }
    let owner = Owner {
        self_ty: (*block.self_ty).clone(),
        trait_path: block.trait_.as_ref().map(|(_, p, _)| p.clone()),
    };
    let mut modules = Vec::new();
    let mut found = 0;
    for item in &mut block.items {
        let ImplItem::Fn(method) = item else { continue };
        for (args, cfgs) in take_attributes(&mut method.attrs, cx) {
            found += 1;
            if !block.generics.params.is_empty() {
                continue;
            }
            // Inside the generated module `Self` means nothing: spell the type instead.
            let sig: syn::Signature =
                match syn::parse2(replace_self(method.sig.to_token_stream(), &owner.self_ty)) {
                    Ok(sig) => sig,
                    Err(e) => {
                        cx.syn_error(e);
                        continue;
                    }
                };
            let args = replace_self(args, &owner.self_ty);
            modules.push(function(args, &sig, Some(&owner), cfgs, cx));
            if let Some(block) = crate::literal_left::check_body(&sig, &method.block, cx) {
                method.block = block;
            }
        }
    }
    if found == 0 {
        cx.error_spanned_by(
            block.impl_token,
            format!("no associated function of `{}` carries #[gradient_checked(..)]: mark the functions to check", tidy(&block.self_ty)),
        );
    }
    quote!(#block #(#modules)*)
}

/// Removes `#[gradient_checked(..)]` (also inside `#[cfg_attr(pred, ..)]`) from `attrs`:
/// each one's arguments and the `cfg` predicates that gate it.
fn take_attributes(
    attrs: &mut Vec<Attribute>,
    cx: &mut Ctxt,
) -> Vec<(TokenStream, Vec<TokenStream>)> {
    let mut found = Vec::new();
    let mut kept = Vec::new();
    for attr in attrs.drain(..) {
        if is_ours(attr.path()) {
            match args_of(&attr.meta, cx) {
                Some(args) => found.push((args, Vec::new())),
                None => continue,
            }
            continue;
        }
        if !attr.path().is_ident("cfg_attr") {
            kept.push(attr);
            continue;
        }
        let Ok(list) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else {
            kept.push(attr);
            continue;
        };
        let mut items = list.into_iter();
        let Some(predicate) = items.next() else {
            kept.push(attr);
            continue;
        };
        let (ours, rest): (Vec<Meta>, Vec<Meta>) = items.partition(|m| is_ours(m.path()));
        for m in &ours {
            if let Some(args) = args_of(m, cx) {
                found.push((args, vec![predicate.to_token_stream()]));
            }
        }
        if ours.is_empty() {
            kept.push(attr);
        } else if !rest.is_empty() {
            let mut attr = attr;
            attr.meta = syn::parse_quote!(cfg_attr(#predicate, #(#rest),*));
            kept.push(attr);
        }
    }
    *attrs = kept;
    found
}

fn is_ours(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|s| s.ident == "gradient_checked")
}

fn args_of(meta: &Meta, cx: &mut Ctxt) -> Option<TokenStream> {
    match meta {
        Meta::Path(_) => Some(TokenStream::new()),
        Meta::List(l) => Some(l.tokens.clone()),
        Meta::NameValue(nv) => {
            cx.error_spanned_by(nv, "write #[gradient_checked(key = value, ..)]");
            None
        }
    }
}

/// `Self` spelled as the type: `<Type>` before `::` (so `Self::N` reads `<Type>::N`), the
/// type itself elsewhere.
fn replace_self(tokens: TokenStream, ty: &syn::Type) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "Self" => {
                // `Self::N`, not `Self: Sized` (a bound, where `<Type>` would not parse).
                let path_follows = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p))
                    if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint);
                if path_follows {
                    quote::quote_spanned!(id.span()=> <#ty>).to_tokens(&mut out);
                } else {
                    ty.to_tokens(&mut out);
                }
            }
            TokenTree::Group(g) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), replace_self(g.stream(), ty));
                ng.set_span(g.span());
                ng.to_tokens(&mut out);
            }
            other => other.to_tokens(&mut out),
        }
    }
    out
}

/// The keyword that starts an item (`struct`, `mod`, ..), where "applies to" errors point.
fn item_keyword(item: &Item) -> TokenStream {
    let tokens = item.to_token_stream();
    tokens
        .clone()
        .into_iter()
        .find(|t| matches!(t, TokenTree::Ident(i) if !matches!(i.to_string().as_str(), "pub" | "crate" | "unsafe" | "extern")))
        .map_or(tokens, |t| t.into_token_stream())
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::File;

    fn expand_str(args: TokenStream, item: TokenStream) -> File {
        syn::parse2(expand(args, item)).expect("the expansion parses as a file")
    }

    fn is_cfg_test(attrs: &[Attribute]) -> bool {
        attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.meta.to_token_stream().to_string() == "cfg (test)"
        })
    }

    /// Zero cost: outside `cfg(test)` the function is exactly what was written.
    #[test]
    fn outside_cfg_test_the_function_is_token_identical() {
        let item = quote! {
            /// Docs stay.
            #[inline]
            pub fn beale<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {
                let [x, y] = *p;
                (D::from(1.5) - x + x * y).powi(2)
            }
        };
        let file = expand_str(
            quote!(
                at = [[1.0, 2.0]],
                samples = 4,
                domain = -4.5..4.5,
                seed = 7,
                grad = g,
                rtol = 1e-6
            ),
            item.clone(),
        );
        assert_eq!(
            file.items[0].to_token_stream().to_string(),
            item.to_string()
        );
        assert_eq!(file.items.len(), 2);
        for extra in &file.items[1..] {
            let Item::Mod(m) = extra else {
                panic!("only a module is added, got {}", extra.to_token_stream())
            };
            assert!(is_cfg_test(&m.attrs), "the module is under #[cfg(test)]");
            assert_eq!(m.ident, "beale");
        }
    }

    #[test]
    fn the_test_module_has_one_test_per_check() {
        let file = expand_str(
            quote!(grad = g, hessian = h, reference = r),
            quote!(
                fn f<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
                    x * y
                }
            ),
        );
        let Item::Mod(m) = &file.items[1] else {
            panic!()
        };
        let (_, items) = m.content.as_ref().unwrap();
        let tests: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Fn(f)
                    if f.attrs
                        .iter()
                        .any(|a| a.path().segments.last().unwrap().ident == "test") =>
                {
                    Some(f.sig.ident.to_string())
                }
                _ => None,
            })
            .collect();
        assert_eq!(tests, ["gradient", "hessian", "reference"]);
    }

    #[test]
    fn errors_keep_the_function_and_add_only_the_fallback() {
        let item = quote!(
            fn f<D: DualNum<Primitive = f64>>(x: D) -> D {
                x
            }
        );
        let out = expand(quote!(smaples = 3, domain = 1..0), item.clone()).to_string();
        assert!(out.starts_with(&item.to_string()), "{out}");
        // The module with the report functions only (so `f::gradient_report()` resolves),
        // no test in it.
        assert!(out.contains("mod f"), "{out}");
        assert!(out.contains("fn gradient_report"), "{out}");
        assert!(!out.contains("v1 :: test"), "no test on error: {out}");
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
    }

    #[test]
    fn an_impl_block_loses_the_method_attributes_and_gains_modules() {
        let file = expand_str(
            TokenStream::new(),
            quote! {
                impl Model {
                    #[gradient_checked(samples = 4, grad = Self::g)]
                    fn loss<D: DualNum<Primitive = f64>>(x: [D; Self::N]) -> D { x[0] }
                    #[cfg_attr(test, gradient_checked(samples = 2), inline)]
                    fn other<D: DualNum<Primitive = f64>>(x: D) -> D { x }
                    fn plain() {}
                }
            },
        );
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("gradient_checked (samples"), "{text}");
        assert!(text.contains("# [cfg_attr (test , inline)]"), "{text}");
        assert!(text.contains("< Model > :: g"), "Self is spelt out: {text}");
        assert!(text.contains("< Model > :: loss"), "{text}");
        assert_eq!(file.items.len(), 3, "the impl and two modules");
    }

    #[test]
    fn non_functions_are_refused() {
        let out = expand(
            TokenStream::new(),
            quote!(
                struct S;
            ),
        )
        .to_string();
        assert!(out.contains("applies to a generic function"), "{out}");
    }
}
