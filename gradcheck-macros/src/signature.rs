//! The function's shape: which type parameter is the dual number, which parameters are
//! differentiable (and how they flatten), which are data, and what it returns.

use crate::ctxt::Ctxt;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{
    Expr, FnArg, GenericArgument, GenericParam, Ident, Pat, PathArguments, ReturnType, Type,
    TypeParamBound, WherePredicate,
};

/// The analysed signature of an annotated function.
pub struct Signature {
    /// The function's name.
    pub ident: Ident,
    /// The type parameter bounded by `DualNum`.
    pub dual: Ident,
    /// Every parameter in order.
    pub params: Vec<Param>,
    /// What the function returns.
    pub output: Output,
    /// Whether the call may name the dual type explicitly (`f::<D>(..)`): not when an
    /// argument is `impl Trait` or other type parameters must be inferred.
    pub turbofish: bool,
    /// The function's other type parameters: they stand for `_` where the generated code
    /// spells a data parameter's type.
    pub other_types: Vec<Ident>,
}

/// One parameter of the function.
pub struct Param {
    /// Its name.
    pub name: Ident,
    /// Its type as written.
    pub ty: Type,
    /// How it enters the check.
    pub kind: ParamKind,
}

/// How a parameter enters the check.
#[derive(Clone)]
pub enum ParamKind {
    /// `D`: one scalar.
    Scalar,
    /// `[D; N]`.
    Array(Expr),
    /// `&[D; N]`.
    ArrayRef(Expr),
    /// `&[D]`: its length comes from `dims` or `at`.
    Slice,
    /// `Vec<D>`: its length comes from `dims` or `at`.
    Vec,
    /// Any other form that mentions `D` (nested arrays, `&Vec<D>`, nalgebra and ndarray
    /// containers, derived structs): flattened, rebuilt and named by the runtime's traits,
    /// its size known when the check runs.
    Other,
    /// Anything not involving `D`: its value comes from `data(...)`.
    Data,
}

impl ParamKind {
    /// Whether the parameter holds differentiable scalars.
    pub fn is_differentiable(&self) -> bool {
        !matches!(self, ParamKind::Data)
    }

    /// Whether the length is not part of the type (slice or `Vec`).
    pub fn is_unsized(&self) -> bool {
        matches!(self, ParamKind::Slice | ParamKind::Vec)
    }
}

/// What the function returns.
#[derive(Clone)]
pub enum Output {
    /// `D`: a loss, checked against its gradient.
    Scalar,
    /// `[D; M]`: a vector function, checked against its Jacobian.
    Array(Expr),
    /// `Vec<D>`.
    Vec,
    /// Another type that mentions `D` (`SVector<D, M>`, `DVector<D>`, `Array1<D>`): a vector
    /// function whose outputs the runtime's `IntoOutputs` lists.
    Other(Type),
}

const SHAPES: &str = "`D` or any form that holds it (`[D; N]`, `&[D]`, `&[[D; 3]]`, `Vec<D>`, nalgebra and ndarray containers, structs with #[derive(Differentiable)])";

/// Analyses `sig`, recording every problem in `cx`; `None` when the function cannot be
/// checked at all.
pub fn analyze(sig: &syn::Signature, cx: &mut Ctxt) -> Option<Signature> {
    let name = &sig.ident;
    if let Some(a) = &sig.asyncness {
        cx.error_spanned_by(a, "#[gradient_checked] cannot check an `async fn`: the engine calls the function directly");
    }
    if let Some(u) = &sig.unsafety {
        cx.error_spanned_by(u, "#[gradient_checked] cannot check an `unsafe fn`: the engine calls it at arbitrary points");
    }
    if let Some(v) = &sig.variadic {
        cx.error_spanned_by(v, "#[gradient_checked] cannot check a variadic function");
    }
    let (dual, extra_duals) = dual_param(sig, cx);
    let mut turbofish = true;
    let mut other_types = Vec::new();
    for param in &sig.generics.params {
        match param {
            GenericParam::Type(t) if Some(&t.ident) != dual.as_ref() && !extra_duals.contains(&t.ident) => {
                other_types.push(t.ident.clone());
                turbofish = false;
            }
            GenericParam::Const(c) => cx.error_spanned_by(
                c,
                "const generic parameters are not supported: the generated test needs concrete lengths; use a constant or a slice with `dims(..)`",
            ),
            _ => {}
        }
    }
    let mut params = Vec::new();
    for input in &sig.inputs {
        let arg = match input {
            FnArg::Typed(arg) => arg,
            FnArg::Receiver(r) => {
                cx.error_spanned_by(
                    r,
                    "#[gradient_checked] cannot check a method that takes `self`: the engine needs a function of its inputs alone; make it an associated function taking the state as a data parameter",
                );
                continue;
            }
        };
        let name = match &*arg.pat {
            Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => p.ident.clone(),
            other => {
                cx.error_spanned_by(other, "give this parameter a plain name such as `x`: reports and `data(..)` refer to parameters by name");
                continue;
            }
        };
        if extra_duals
            .iter()
            .any(|d| mentions(arg.ty.to_token_stream(), d))
        {
            // Its type parameter was already reported as a second dual type.
            continue;
        }
        if mentions_impl(&arg.ty) {
            turbofish = false;
        }
        let kind = match &dual {
            Some(d) => match classify(&arg.ty, d) {
                Ok(kind) => kind,
                Err(message) => {
                    cx.error_spanned_by(&arg.ty, message);
                    continue;
                }
            },
            None => ParamKind::Data,
        };
        if let Some(other) = kind
            .is_differentiable()
            .then(|| other_type_in(&arg.ty, &sig.generics, dual.as_ref()))
            .flatten()
        {
            cx.error_spanned_by(&arg.ty, format!("a differentiable parameter cannot mention the function's other type parameter `{other}`: the generated test rebuilds it over concrete number types; make `{other}` concrete here"));
            continue;
        }
        params.push(Param {
            name,
            ty: (*arg.ty).clone(),
            kind,
        });
    }
    let dual = dual?;
    let output = match &sig.output {
        ReturnType::Type(_, ty) => output(ty, &dual).or_else(|| {
            cx.error_spanned_by(ty, format!("unsupported return type `{}`: a checked function returns `{dual}`, `[{dual}; M]`, `Vec<{dual}>`, `SVector<{dual}, M>`, `DVector<{dual}>` or `Array1<{dual}>`", tidy(ty)));
            None
        }),
        ReturnType::Default => {
            cx.error_spanned_by(sig, format!("`{name}` returns nothing: a checked function returns `{dual}`, `[{dual}; M]`, `Vec<{dual}>`, `SVector<{dual}, M>`, `DVector<{dual}>` or `Array1<{dual}>`"));
            None
        }
    };
    if sig.receiver().is_none()
        && !params.iter().any(|p| p.kind.is_differentiable())
        && !cx.has_errors()
    {
        // At the parameters, or at the empty parentheses when there are none.
        let at = if sig.inputs.is_empty() {
            quote::quote_spanned!(sig.paren_token.span.join()=> ())
        } else {
            sig.inputs.to_token_stream()
        };
        cx.error_spanned_by(
            at,
            format!(
                "`{name}` has no differentiable parameter: give it at least one of type {SHAPES}"
            ),
        );
    }
    Some(Signature {
        ident: name.clone(),
        dual,
        params,
        output: output?,
        turbofish,
        other_types,
    })
}

/// Finds the one type parameter bounded by `DualNum`, in the generics or the where clause;
/// also returns any further ones, reported as errors here.
fn dual_param(sig: &syn::Signature, cx: &mut Ctxt) -> (Option<Ident>, Vec<Ident>) {
    let mut found: Vec<(Ident, &syn::TraitBound)> = Vec::new();
    let type_params: Vec<&Ident> = sig.generics.type_params().map(|t| &t.ident).collect();
    for t in sig.generics.type_params() {
        for b in dual_bounds(&t.bounds) {
            found.push((t.ident.clone(), b));
        }
    }
    if let Some(w) = &sig.generics.where_clause {
        for pred in &w.predicates {
            let WherePredicate::Type(p) = pred else {
                continue;
            };
            let Some(ident) = type_ident(&p.bounded_ty) else {
                continue;
            };
            if type_params.contains(&ident) {
                for b in dual_bounds(&p.bounds) {
                    found.push((ident.clone(), b));
                }
            }
        }
    }
    found.dedup_by(|a, b| a.0 == b.0);
    let Some((dual, bound)) = found.first().cloned() else {
        let at: TokenStream = if sig.generics.params.is_empty() {
            sig.ident.to_token_stream()
        } else {
            sig.generics.to_token_stream()
        };
        cx.error_spanned_by(
            at,
            format!(
                "`{0}` has no type parameter bounded by `DualNum<Primitive = f64>`: write it generically, e.g. `fn {0}<D: DualNum<Primitive = f64> + Copy>(x: D) -> D`",
                sig.ident
            ),
        );
        return (None, Vec::new());
    };
    let extra: Vec<Ident> = found
        .iter()
        .skip(1)
        .map(|(other, _)| other.clone())
        .collect();
    for other in &extra {
        cx.error_spanned_by(
            other,
            format!("only one type parameter may be the dual number; `{dual}` already is"),
        );
    }
    check_primitive(bound, cx);
    (Some(dual), extra)
}

/// `DualNum<Primitive = f64>` is what the engine evaluates; say so for anything else.
fn check_primitive(bound: &syn::TraitBound, cx: &mut Ctxt) {
    let Some(last) = bound.path.segments.last() else {
        return;
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return;
    };
    for arg in &args.args {
        if let GenericArgument::AssocType(a) = arg {
            if a.ident == "Primitive" && a.ty.to_token_stream().to_string() != "f64" {
                cx.error_spanned_by(&a.ty, format!("the engine evaluates in `f64`: write `DualNum<Primitive = f64>` (`{}` is not supported yet)", tidy(&a.ty)));
            }
        }
    }
}

fn dual_bounds<'a>(
    bounds: impl IntoIterator<Item = &'a TypeParamBound>,
) -> impl Iterator<Item = &'a syn::TraitBound> {
    bounds.into_iter().filter_map(|b| match b {
        TypeParamBound::Trait(t)
            if t.path.segments.last().is_some_and(|s| s.ident == "DualNum") =>
        {
            Some(t)
        }
        _ => None,
    })
}

/// The identifier of a plain one-segment type path (`D`), looking through parentheses and
/// the invisible groups `macro_rules!` leaves.
fn type_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident(),
        Type::Paren(p) => type_ident(&p.elem),
        Type::Group(g) => type_ident(&g.elem),
        _ => None,
    }
}

fn is_dual(ty: &Type, dual: &Ident) -> bool {
    type_ident(ty) == Some(dual)
}

/// The parameter's kind, or the message for a type that holds `D` in a form no runtime impl
/// takes. The classic forms keep kinds of their own: their lengths are known to the macro,
/// which checks `at` points against them at compile time.
fn classify(ty: &Type, dual: &Ident) -> Result<ParamKind, String> {
    if !mentions(ty.to_token_stream(), dual) {
        return Ok(ParamKind::Data);
    }
    if let Some(message) = crate::params::types::unsupported(ty, dual) {
        return Err(message);
    }
    Ok(match ty {
        Type::Group(g) => return classify(&g.elem, dual),
        Type::Paren(p) => return classify(&p.elem, dual),
        t if is_dual(t, dual) => ParamKind::Scalar,
        Type::Array(a) if is_dual(&a.elem, dual) => ParamKind::Array(a.len.clone()),
        Type::Reference(r) => match &*r.elem {
            Type::Array(a) if is_dual(&a.elem, dual) => ParamKind::ArrayRef(a.len.clone()),
            Type::Slice(s) if is_dual(&s.elem, dual) => ParamKind::Slice,
            _ => ParamKind::Other,
        },
        Type::Path(p) if p.qself.is_none() && vec_of(&p.path, dual) => ParamKind::Vec,
        _ => ParamKind::Other,
    })
}

/// A type parameter of the function other than the dual type that `ty` mentions.
fn other_type_in(ty: &Type, generics: &syn::Generics, dual: Option<&Ident>) -> Option<Ident> {
    generics
        .type_params()
        .map(|t| &t.ident)
        .filter(|i| Some(*i) != dual)
        .find(|i| mentions(ty.to_token_stream(), i))
        .cloned()
}

/// `Vec<D>`, `std::vec::Vec<D>` or `alloc::vec::Vec<D>`.
fn vec_of(path: &syn::Path, dual: &Ident) -> bool {
    let Some(last) = path.segments.last() else {
        return false;
    };
    if last.ident != "Vec" {
        return false;
    }
    match &last.arguments {
        PathArguments::AngleBracketed(a) if a.args.len() == 1 => {
            matches!(&a.args[0], GenericArgument::Type(t) if is_dual(t, dual))
        }
        _ => false,
    }
}

/// The output's kind: one scalar, or a vector of them; any other path that mentions `D` is a
/// vector whose conversion the runtime's `IntoOutputs` provides (or reports).
fn output(ty: &Type, dual: &Ident) -> Option<Output> {
    match ty {
        Type::Group(g) => output(&g.elem, dual),
        Type::Paren(p) => output(&p.elem, dual),
        t if is_dual(t, dual) => Some(Output::Scalar),
        Type::Array(a) if is_dual(&a.elem, dual) => Some(Output::Array(a.len.clone())),
        Type::Path(p) if p.qself.is_none() && vec_of(&p.path, dual) => Some(Output::Vec),
        Type::Path(p) if p.qself.is_none() && mentions(ty.to_token_stream(), dual) => {
            Some(Output::Other(ty.clone()))
        }
        _ => None,
    }
}

/// Whether `ident` occurs anywhere in `tokens`.
pub fn mentions(tokens: TokenStream, ident: &Ident) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => i == *ident,
        TokenTree::Group(g) => mentions(g.stream(), ident),
        _ => false,
    })
}

fn mentions_impl(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tt| match tt {
            TokenTree::Ident(i) => i == "impl",
            TokenTree::Group(g) => walk(g.stream()),
            _ => false,
        })
    }
    walk(ty.to_token_stream())
}

/// A type as people write it (`&mut D`, not `& mut D`), for messages.
pub fn tidy<T: ToTokens>(t: &T) -> String {
    let s = t.to_token_stream().to_string();
    s.replace("& ", "&")
        .replace(" ;", ";")
        .replace(" ,", ",")
        .replace("< ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace(" :: ", "::")
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn analyze_ok(sig: syn::Signature) -> Signature {
        let mut cx = Ctxt::new();
        let s = analyze(&sig, &mut cx);
        assert!(!cx.has_errors(), "{:?}", cx.messages());
        s.unwrap()
    }

    fn errors(sig: syn::Signature) -> Vec<String> {
        let mut cx = Ctxt::new();
        analyze(&sig, &mut cx);
        cx.messages()
    }

    fn kinds(s: &Signature) -> Vec<String> {
        s.params
            .iter()
            .map(|p| match &p.kind {
                ParamKind::Scalar => "scalar".to_owned(),
                ParamKind::Array(n) => format!("array {}", n.to_token_stream()),
                ParamKind::ArrayRef(n) => format!("array-ref {}", n.to_token_stream()),
                ParamKind::Slice => "slice".into(),
                ParamKind::Vec => "vec".into(),
                ParamKind::Other => "other".into(),
                ParamKind::Data => "data".into(),
            })
            .collect()
    }

    #[test]
    fn every_differentiable_shape_is_recognised() {
        let s = analyze_ok(parse_quote! {
            fn f<D: DualNum<Primitive = f64> + Copy>(a: D, b: [D; 2], c: &[D; N], d: &[D], e: Vec<D>, xs: &[f64]) -> D
        });
        assert_eq!(
            kinds(&s),
            ["scalar", "array 2", "array-ref N", "slice", "vec", "data"]
        );
        assert_eq!(s.dual, "D");
        assert!(matches!(s.output, Output::Scalar));
        assert!(s.turbofish);
    }

    #[test]
    fn the_dual_type_may_have_any_name_and_live_in_a_where_clause() {
        let s = analyze_ok(parse_quote! {
            fn triple<T>(p: &[T; 3]) -> [T; 2] where T: DualNum<Primitive = f64> + Copy
        });
        assert_eq!(s.dual, "T");
        assert!(matches!(s.output, Output::Array(_)));
        let s = analyze_ok(
            parse_quote!(fn g<Num: num_dual::DualNum<Primitive = f64>>(x: Num) -> Vec<Num>),
        );
        assert_eq!(s.dual, "Num");
        assert!(matches!(s.output, Output::Vec));
    }

    #[test]
    fn impl_trait_arguments_and_other_type_parameters_disable_the_turbofish() {
        let s = analyze_ok(
            parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, g: impl Fn(f64) -> f64) -> D),
        );
        assert!(!s.turbofish);
        let s = analyze_ok(
            parse_quote!(fn f<D: DualNum<Primitive = f64>, F: Fn(f64) -> f64>(x: D, g: F) -> D),
        );
        assert!(!s.turbofish);
        assert_eq!(s.other_types, ["F"]);
    }

    #[test]
    fn every_other_form_is_left_to_the_runtime_traits() {
        let s = analyze_ok(parse_quote! {
            fn f<D: DualNum<Primitive = f64> + Copy>(
                a: &[[D; 3]; 2], b: &[[D; 2]], c: &Vec<D>, d: Vec<Vec<D>>, e: &SMatrix<D, 2, 2>,
                f: ArrayView1<D>, k: &Kernel<D>, t: (D, [D; 2]), xs: &[f64]
            ) -> SVector<D, 2>
        });
        assert_eq!(
            kinds(&s),
            ["other", "other", "other", "other", "other", "other", "other", "other", "data"]
        );
        assert!(matches!(s.output, Output::Other(_)));
    }

    #[test]
    fn unsupported_parameter_types_are_each_reported() {
        let e = errors(
            parse_quote!(fn f<D: DualNum<Primitive = f64>>(a: &mut D, b: Option<D>, c: HashMap<u8, D>) -> D),
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e[0].starts_with("`&mut D` is not a parameter form")
                && e[0].contains("write `&D` or `D`")
                && e[0].contains("The forms are"),
            "{}",
            e[0]
        );
        assert!(e[1].contains("`Option<D>`"), "{}", e[1]);
        let e =
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>, T: Tag>(a: &Tagged<D, T>) -> D));
        assert!(e[0].contains("other type parameter `T`"), "{e:?}");
    }

    #[test]
    fn a_function_without_a_dual_type_parameter_is_refused() {
        let e = errors(parse_quote!(fn f(x: f64) -> f64));
        assert!(
            e[0].contains("no type parameter bounded by `DualNum<Primitive = f64>`"),
            "{e:?}"
        );
    }

    #[test]
    fn f32_and_const_generics_are_refused_with_the_reason() {
        let e = errors(parse_quote!(fn f<D: DualNum<Primitive = f32>>(x: D) -> D));
        assert!(e[0].contains("evaluates in `f64`"), "{e:?}");
        let e =
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>, const N: usize>(x: [D; N]) -> D));
        assert!(e[0].contains("const generic"), "{e:?}");
    }

    #[test]
    fn async_unsafe_and_self_are_refused() {
        assert!(
            errors(parse_quote!(async fn f<D: DualNum<Primitive = f64>>(x: D) -> D))[0]
                .contains("async fn")
        );
        assert!(
            errors(parse_quote!(unsafe fn f<D: DualNum<Primitive = f64>>(x: D) -> D))[0]
                .contains("unsafe fn")
        );
        assert!(
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(&self, x: D) -> D))[0]
                .contains("takes `self`")
        );
    }

    #[test]
    fn return_types_are_checked() {
        assert!(
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D) -> (D, D)))[0]
                .contains("unsupported return type `(D, D)`")
        );
        assert!(
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D)))[0]
                .contains("returns nothing")
        );
    }

    #[test]
    fn a_function_needs_a_differentiable_parameter() {
        assert!(
            errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: f64) -> D))[0]
                .contains("no differentiable parameter")
        );
    }
}
