//! Code generation alone: from a validated function to its test module.
//!
//! ```text
//! #[cfg(test)]
//! mod beale {                              // named after the function: tests read `beale::gradient`
//!     const __PATH: &str = module_path!(); // == the function's path, the module being named after it
//!     #[test] fn gradient() { .. }         // one test per check, so nextest spreads them
//!     #[test] fn hessian() { .. }          // with `hessian = ..`
//!     #[test] fn reference() { .. }        // with `reference = ..`
//!     pub(super) fn gradient_report() -> Report { .. } // the same check, returned instead of asserted
//!     mod __imp {
//!         use super::super::*;             // the user's scope, so `grad = g`, `data(..)` and
//!                                          // `[D; N]` resolve as written; a nested module so the
//!                                          // test names above cannot shadow a user's `gradient`
//!         struct __Subject { __t0: .. }    // the templates; impl Function: rebuilds the
//!                                          // parameters from x
//!         fn __setup() -> (__Subject, ..)  // the templates and the `at(..)` points
//!         fn __spec(..) -> Spec { .. }     // the attribute's keys, one builder call each
//!         fn __gradient() -> (Spec, Report) { .. }  // and __hessian, __reference
//!     }
//! }
//! ```

use crate::attr::{first_span, Attrs};
use crate::params::expand as params;
use crate::signature::{Output, ParamKind, Primitive, Signature};
use crate::symbol;
use crate::valid::Plan;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned as _;
use syn::Type;

/// The `impl` block an associated function lives in.
pub struct Owner {
    /// `Model` in `impl Model`.
    pub self_ty: Type,
    /// `Loss` in `impl Loss for Model`.
    pub trait_path: Option<syn::Path>,
}

/// A function ready to expand: its signature, attribute and validated lengths.
pub struct Subject<'a> {
    /// The analysed signature (with `Self` already replaced inside an `impl`).
    pub sig: &'a Signature,
    /// The attribute's values.
    pub attrs: &'a Attrs,
    /// The lengths validation worked out.
    pub plan: &'a Plan,
    /// The `impl` block, for associated functions.
    pub owner: Option<&'a Owner>,
    /// Extra `cfg` predicates the test module must honour (from `cfg_attr(pred, ..)` on a
    /// method inside an annotated `impl`).
    pub cfgs: Vec<TokenStream>,
}

/// One generated check: its test name and the function in `__imp` that runs it.
struct Check {
    name: &'static str,
    body: TokenStream,
}

/// The test module for `s`, entirely under `#[cfg(test)]`.
pub fn test_module(s: &Subject) -> TokenStream {
    let name = &s.sig.ident;
    let checks = checks(s);
    let names: Vec<&str> = checks.iter().map(|c| c.name).collect();
    // `expect(..)`: each test is turned around when its check can report one of the kinds.
    let expected: Vec<String> = s
        .attrs
        .expect
        .iter()
        .flat_map(|e| &e.value)
        .map(|k| k.to_string())
        .collect();
    let tests = checks.iter().map(|c| {
        let test = format_ident!("{}", c.name);
        let report = format_ident!("{}_report", c.name);
        let run = format_ident!("__{}", c.name);
        let check = c.name;
        let doc = format!("The `{check}` check's report, returned instead of asserted (for tests that inspect findings).");
        let finish = if expected.is_empty() {
            quote!(::gradient_checked::__private::finish(&__spec, #check, __report))
        } else {
            quote!(::gradient_checked::__private::finish_expecting(&__spec, #check, __report, &[#(#expected),*]))
        };
        quote! {
            #[::core::prelude::v1::test]
            fn #test() {
                let (__spec, __report) = __imp::#run();
                #finish;
            }
            #[doc = #doc]
            pub(super) fn #report() -> ::gradient_checked::__private::Report {
                __imp::#run().1
            }
        }
    });
    let runs = checks.iter().map(|c| {
        let run = format_ident!("__{}", c.name);
        let body = &c.body;
        quote! {
            pub(super) fn #run() -> (__gc::Spec, __gc::Report) {
                let (__s, __points) = __setup();
                let __spec = __spec(&__s, &__points);
                let __report = { #body };
                (__spec, __report)
            }
        }
    });
    let cfgs = &s.cfgs;
    let const_checks = s.plan.const_checks.iter().map(|c| {
        let span = first_span(&c.span);
        let (cond, msg) = (&c.condition, &c.message);
        quote_spanned!(span=> const _: () = ::core::assert!(#cond, #msg);)
    });
    let prim = s.plan.primitive;
    let subject = quote!(self);
    let (prelude, eval_args) = params::arguments(
        s.sig,
        s.attrs,
        &subject,
        &format_ident!("__x"),
        &quote!(__D),
        prim,
    );
    let call = call(s);
    let spec = spec(s, &names);
    let items = params::items(s.sig);
    let setup = params::setup(s.sig, s.attrs, prim);
    let shadow = s.plan.shadow.then(|| shadow(s, &call));
    quote! {
        #[cfg(test)]
        #(#[cfg(#cfgs)])*
        #[allow(non_snake_case, dead_code)]
        mod #name {
            const __PATH: &str = ::core::module_path!();
            #(#tests)*

            mod __imp {
                #[allow(unused_imports)]
                use super::super::*;
                use ::gradient_checked::__private as __gc;

                #(#const_checks)*
                #items

                /// The function as the engine sees it: one flat slice in, the outputs out.
                impl __gc::Function for __Subject {
                    type Real = #prim;
                    fn eval<__D: __gc::Number<#prim>>(&self, __x: &[__D]) -> ::std::vec::Vec<__D> {
                        #prelude
                        __gc::IntoOutputs::<__D>::into_outputs(#call(#(#eval_args),*))
                    }
                }
                #shadow

                #setup

                pub(super) fn __spec(__s: &__Subject, __points: &[::std::vec::Vec<f64>]) -> __gc::Spec {
                    let mut __spec = #spec;
                    for __p in __points {
                        __spec = __spec.at(__p);
                    }
                    __spec
                }

                #(#runs)*
            }
        }
    }
}

/// What user code may refer to when the expansion failed: the test module with its report
/// functions, so that one mistake gives one error (the real one) and not a second
/// "unresolved module" where a test calls `f::gradient_report()` (as thiserror-impl's
/// fallback does for its derive).
pub fn fallback_module(name: &Ident, cfgs: &[TokenStream]) -> TokenStream {
    let reports = ["gradient", "hessian", "reference"].map(|c| {
        let report = format_ident!("{}_report", c);
        quote! {
            pub(super) fn #report() -> ::gradient_checked::__private::Report {
                ::core::unreachable!("#[gradient_checked] has errors: its tests were not generated")
            }
        }
    });
    quote! {
        #[cfg(test)]
        #(#[cfg(#cfgs)])*
        #[allow(non_snake_case, dead_code)]
        mod #name {
            #(#reports)*
        }
    }
}

/// `__Shadow`, the function evaluated in `f64` beside its `f32` check (its bound leaves the
/// primitive free): the same templates (over `f32`), rebuilt over `f64` numbers.
fn shadow(s: &Subject, call: &TokenStream) -> TokenStream {
    let (prelude, args) = params::arguments(
        s.sig,
        s.attrs,
        &quote!(self.0),
        &format_ident!("__x"),
        &quote!(__D),
        s.plan.primitive,
    );
    quote! {
        /// The function computed in `f64`: what its `f32` check loses is measured against it.
        pub(super) struct __Shadow<'a>(pub(super) &'a __Subject);

        impl __gc::Function for __Shadow<'_> {
            type Real = f64;
            fn eval<__D: __gc::Number<f64>>(&self, __x: &[__D]) -> ::std::vec::Vec<__D> {
                #prelude
                __gc::IntoOutputs::<__D>::into_outputs(#call(#(#args),*))
            }
        }
    }
}

/// A closure over the engine's `f64` point running `body` with `__x` in the primitive: the
/// point itself for `f64`, its `f32` numbers (which it holds exactly) for `f32`.
fn adapter(prim: Primitive, body: TokenStream) -> TokenStream {
    match prim {
        Primitive::F64 => quote!(|__x: &[f64]| { #body }),
        Primitive::F32 => quote!(|__x64: &[f64]| {
            let __xr: ::std::vec::Vec<f32> = __gc::narrow(__x64);
            let __x: &[f32] = &__xr;
            #body
        }),
    }
}

/// The path the function is called by, with the dual type named when that is safe.
fn call(s: &Subject) -> TokenStream {
    let name = &s.sig.ident;
    let turbofish = s.sig.turbofish.then(|| quote!(::<__D>));
    match s.owner {
        None => quote!(super::super::#name #turbofish),
        Some(Owner {
            self_ty,
            trait_path: None,
        }) => quote!(<#self_ty>::#name #turbofish),
        Some(Owner {
            self_ty,
            trait_path: Some(t),
        }) => quote!(<#self_ty as #t>::#name #turbofish),
    }
}

/// The `Spec` builder chain: one call per key the attribute gives.
fn spec(s: &Subject, checks: &[&str]) -> TokenStream {
    let a = s.attrs;
    let path = match s.owner {
        None => quote!(super::__PATH),
        Some(o) => {
            let shown = format!("{}::{}", tidy_type(&o.self_ty), s.sig.ident);
            // The module is named after the function and sits beside the impl: swap its last
            // segment for `Type::function`.
            quote! {{
                let __module = super::__PATH;
                let __parent = match __module.rfind("::") { ::core::option::Option::Some(i) => &__module[..i], ::core::option::Option::None => __module };
                ::std::format!("{}::{}", __parent, #shown)
            }}
        }
    };
    let mut calls = Vec::new();
    for point in a.at.iter().flat_map(|at| &at.value) {
        let values = point.value.iter().map(|v| float(*v));
        calls.push(quote!(.at(&[#(#values),*])));
    }
    if let Some(n) = &a.samples {
        let n = n.value as usize;
        calls.push(quote!(.samples(#n)));
    }
    if let Some(d) = &a.domain {
        let (lo, hi) = (float(d.value.0), float(d.value.1));
        calls.push(quote!(.domain(#lo..#hi)));
    }
    for d in &a.param_domains {
        let path = &d.path;
        let (lo, hi) = (float(d.value.value.0), float(d.value.value.1));
        calls.push(quote!(.param_domain(#path, #lo..#hi)));
    }
    if let Some(seed) = &a.seed {
        let seed = seed.value;
        calls.push(quote!(.seed(#seed)));
    }
    for kind in &a.allow {
        // Validated against the same table the runtime's `Kind` is made from.
        let name = kind.to_string();
        calls.push(quote!(.allow(__gc::kind(#name))));
    }
    for (method, value) in [
        ("rtol", &a.rtol),
        ("atol", &a.atol),
        ("norm_min", &a.norm_min),
        ("norm_max", &a.norm_max),
    ] {
        if let Some(v) = value {
            let method = format_ident!("{}", method);
            let v = float(v.value);
            calls.push(quote!(.#method(#v)));
        }
    }
    if let Some(mode) = &a.mode {
        let variant = Ident::new(
            symbol::mode_variant(&mode.to_string()).unwrap_or("Full"),
            mode.span(),
        );
        calls.push(quote!(.mode(__gc::Mode::#variant)));
    }
    if let Some(k) = &a.directions {
        let k = k.value as usize;
        calls.push(quote!(.directions(#k)));
    }
    // The function's own file and line (spanned on its name): reports and failing tests
    // point at it. `CARGO_TARGET_TMPDIR` is set for integration tests and benches only: the
    // reproduce line selects them with `--test`, not `--lib`.
    let at = s.sig.ident.span();
    let source = quote_spanned!(at=> .source(::core::file!(), ::core::line!()));
    quote! {
        __gc::Spec::new(#path, __s.__layout.clone())
            #(#calls)*
            .checks(&[#(#checks),*])
            .regressions_in(::core::env!("CARGO_MANIFEST_DIR"))
            .in_integration_test(::core::option_env!("CARGO_TARGET_TMPDIR").is_some())
            #source
    }
}

/// The checks this function gets, each with the body that runs it inside `__imp`.
fn checks(s: &Subject) -> Vec<Check> {
    let x = format_ident!("__x");
    let prim = s.plan.primitive;
    let (prelude, args) = params::arguments(s.sig, s.attrs, &quote!(__s), &x, &quote!(#prim), prim);
    let tys = primitive_params(s);
    let mut out = Vec::new();
    // An f32 check of a function written over any primitive also evaluates it in f64.
    let check_gradient = |rows: TokenStream| match s.plan.shadow {
        false => quote!(__gc::check_gradient(&__spec, &__s, #rows)),
        true => quote!(__gc::check_gradient_shadowed(&__spec, &__s, &__Shadow(&__s), #rows)),
    };
    let gradient = match &s.attrs.grad {
        None => check_gradient(quote!(::core::option::Option::None)),
        Some(g) => {
            let span = g.span();
            // A loss's gradient is the parameters' own types over the primitive (or a flat
            // form), flattened; a vector function's Jacobian comes as rows.
            let adapt = match (&s.sig.output, prim) {
                (Output::Scalar, Primitive::F64) => {
                    quote_spanned!(span=> ::std::vec![__gc::IntoGradient::<f64>::into_gradient(__grad(#(#args),*))])
                }
                (Output::Scalar, Primitive::F32) => {
                    quote_spanned!(span=> ::std::vec![__gc::widen(__gc::IntoGradient::<f32>::into_gradient(__grad(#(#args),*)))])
                }
                _ => quote_spanned!(span=> __gc::IntoRows::<#prim>::into_rows(__grad(#(#args),*))),
            };
            let closure = adapter(prim, quote!(#prelude #adapt));
            let run = check_gradient(quote!(::core::option::Option::Some(__rows)));
            quote! {
                let __grad: fn(#(#tys),*) -> _ = #g;
                let __rows: __gc::Rows<'_> = &#closure;
                #run
            }
        }
    };
    out.push(Check {
        name: "gradient",
        body: gradient,
    });
    if let Some(h) = &s.attrs.hessian {
        let span = h.span();
        let adapt =
            quote_spanned!(span=> __gc::IntoRows::<#prim>::into_rows(__hessian(#(#args),*)));
        let closure = adapter(prim, quote!(#prelude #adapt));
        out.push(Check {
            name: "hessian",
            body: quote! {
                let __hessian: fn(#(#tys),*) -> _ = #h;
                let __rows: __gc::Rows<'_> = &#closure;
                __gc::check_hessian(&__spec, &__s, __rows)
            },
        });
    }
    if let Some(r) = &s.attrs.reference {
        let ret = match &s.sig.output {
            Output::Scalar => quote!(#prim),
            Output::Array(m) => quote!([#prim; #m]),
            Output::Vec => quote!(::std::vec::Vec<#prim>),
            Output::Other(ty) => crate::params::types::set_lifetimes(
                crate::params::types::replace_dual(
                    ty.to_token_stream(),
                    &s.sig.dual,
                    &quote!(#prim),
                ),
                "_",
            ),
        };
        let closure = adapter(
            prim,
            quote!(#prelude __gc::IntoValues::<#prim>::into_values(__reference(#(#args),*))),
        );
        out.push(Check {
            name: "reference",
            body: quote! {
                let __reference: fn(#(#tys),*) -> #ret = #r;
                let __values: __gc::Values<'_> = &#closure;
                __gc::check_reference(&__spec, &__s, __values)
            },
        });
    }
    out
}

/// The parameter types of `grad`, `hessian` and `reference`: the function's, with the dual
/// type replaced by the primitive (`f64`, `f32`); a data parameter's type as written,
/// lifetimes elided and types the generated code cannot name (`impl Trait`, the function's
/// other type parameters) left to inference.
fn primitive_params(s: &Subject) -> Vec<TokenStream> {
    s.sig
        .params
        .iter()
        .map(|p| match &p.kind {
            ParamKind::Data => data_type(&p.ty, &s.sig.other_types),
            _ => params::primitive_type(s.sig, p, s.plan.primitive),
        })
        .collect()
}

fn data_type(ty: &Type, other_types: &[Ident]) -> TokenStream {
    let tokens = ty.to_token_stream();
    let unnameable = mentions_any(tokens.clone(), &|i: &Ident| {
        i == "impl" || other_types.contains(i)
    });
    if unnameable {
        return quote!(_);
    }
    crate::params::types::set_lifetimes(tokens, "_")
}

fn mentions_any(tokens: TokenStream, pred: &dyn Fn(&Ident) -> bool) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => pred(&i),
        TokenTree::Group(g) => mentions_any(g.stream(), pred),
        _ => false,
    })
}

fn tidy_type(ty: &Type) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}

/// An `f64` literal, sign included (`-0.0` stays negative: `abs` has slope -1 there).
fn float(v: f64) -> TokenStream {
    let lit = proc_macro2::Literal::f64_suffixed(v.abs());
    if v.is_sign_negative() {
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}
