//! Reading types: which parameter holds the dual type and in what form, what the function returns,
//! whether a type or tokens mention an identifier.

use super::*;

/// The identifier of a plain one-segment type path (`D`), looking through parentheses and
/// the invisible groups `macro_rules!` leaves.
pub(super) fn type_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident(),
        Type::Paren(p) => type_ident(&p.elem),
        Type::Group(g) => type_ident(&g.elem),
        _ => None,
    }
}

pub(super) fn is_dual(ty: &Type, dual: &Ident) -> bool {
    type_ident(ty) == Some(dual)
}

/// The parameter's kind, or the message for a type that holds `D` in a form no runtime impl
/// takes. The classic forms keep kinds of their own: their lengths are known to the macro,
/// which checks `at` points against them at compile time.
pub(super) fn classify(ty: &Type, dual: &Ident) -> Result<ParamKind, String> {
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
pub(super) fn other_type_in(
    ty: &Type,
    generics: &syn::Generics,
    dual: Option<&Ident>,
) -> Option<Ident> {
    generics
        .type_params()
        .map(|t| &t.ident)
        .filter(|i| Some(*i) != dual)
        .find(|i| mentions(ty.to_token_stream(), i))
        .cloned()
}

/// `Vec<D>`, `std::vec::Vec<D>` or `alloc::vec::Vec<D>`.
pub(super) fn vec_of(path: &syn::Path, dual: &Ident) -> bool {
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
pub(super) fn output(ty: &Type, dual: &Ident) -> Option<Output> {
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

pub(super) fn mentions_impl(ty: &Type) -> bool {
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
