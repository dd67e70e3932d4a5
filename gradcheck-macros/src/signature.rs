//! The function's shape: which type parameter is the dual number, which parameters are
//! differentiable (and how they flatten), which are data, and what it returns.

use crate::ctxt::Ctxt;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{
    Expr, FnArg, GenericArgument, GenericParam, Ident, Pat, PathArguments, ReturnType, Type,
    TypeParamBound, WherePredicate,
};

mod types;
use types::*;
pub use types::{mentions, tidy};

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
    /// The primitive the `DualNum` bound fixes (`Primitive = f64` or `f32`); `None` when it
    /// leaves it free (no `Primitive`, or a type parameter of the function).
    pub primitive: Option<Primitive>,
}

/// A primitive type the engine evaluates functions in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// `f64`.
    F64,
    /// `f32`.
    F32,
}

impl Primitive {
    /// The primitive called `name` (`f64`, `f32`).
    pub fn from_name(name: &str) -> Option<Primitive> {
        match name {
            "f64" => Some(Primitive::F64),
            "f32" => Some(Primitive::F32),
            _ => None,
        }
    }

    /// Its name, as Rust writes the type.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::F64 => "f64",
            Primitive::F32 => "f32",
        }
    }
}

impl ToTokens for Primitive {
    fn to_tokens(&self, out: &mut TokenStream) {
        Ident::new(self.name(), proc_macro2::Span::call_site()).to_tokens(out);
    }
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
    let (dual, extra_duals, primitive) = dual_param(sig, cx);
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
        primitive,
    })
}

/// Finds the one type parameter bounded by `DualNum`, in the generics or the where clause,
/// and the primitive its bound fixes; also returns any further ones, reported as errors here.
fn dual_param(
    sig: &syn::Signature,
    cx: &mut Ctxt,
) -> (Option<Ident>, Vec<Ident>, Option<Primitive>) {
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
        return (None, Vec::new(), None);
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
    let primitive = primitive(bound, &type_params, cx);
    (Some(dual), extra, primitive)
}

/// The primitive `DualNum<Primitive = ..>` fixes: `f64` or `f32`; `None` when the bound
/// leaves it free (no `Primitive`, or one of the function's type parameters). Anything else
/// is an error that says what the engine evaluates in.
fn primitive(bound: &syn::TraitBound, type_params: &[&Ident], cx: &mut Ctxt) -> Option<Primitive> {
    let last = bound.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    for arg in &args.args {
        let GenericArgument::AssocType(a) = arg else {
            continue;
        };
        if a.ident != "Primitive" {
            continue;
        }
        let named = match &a.ty {
            Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
            _ => None,
        };
        if let Some(p) = named.and_then(|i| Primitive::from_name(&i.to_string())) {
            return Some(p);
        }
        if named.is_some_and(|i| type_params.contains(&i)) {
            return None;
        }
        cx.error_spanned_by(&a.ty, format!("the checker evaluates functions in `f64` or `f32`, read off the bound: write `DualNum<Primitive = f64>` or `DualNum<Primitive = f32>` (`{}` is neither, and an alias is not followed), or leave `Primitive` free to check in `f64` (and in `f32` with `precision = f32`)", tidy(&a.ty)));
    }
    None
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

#[cfg(test)]
mod tests;
