//! Field types that hold the scalar in a container no impl can take (`Option<D>`,
//! `HashMap<K, D>`, `&[D]`, ...), caught from their syntax: one error on the type with the
//! rewrite, where the trait's errors would cascade through every generated method.

use crate::signature::mentions;
use proc_macro2::{Ident, TokenStream};
use quote::ToTokens;
use syn::Type;

/// Containers that hold the scalar but are no parameter form, with the rewrite to suggest.
const NOT_FORMS: &[(&str, &str)] = &[
    ("Option", "an optional scalar cannot be differentiated: make the field `D` (or keep the `Option` in a field without `D`)"),
    ("Box", "a boxed field is rebuilt owned: write the boxed type itself"),
    ("Rc", "a shared field cannot be rebuilt over dual numbers: own the value (write the inner type)"),
    ("Arc", "a shared field cannot be rebuilt over dual numbers: own the value (write the inner type)"),
    ("Cell", "write the inner type: the checker rebuilds the struct, nothing is mutated in place"),
    ("RefCell", "write the inner type: the checker rebuilds the struct, nothing is mutated in place"),
    ("Mutex", "write the inner type: the checker rebuilds the struct, nothing is mutated in place"),
    ("RwLock", "write the inner type: the checker rebuilds the struct, nothing is mutated in place"),
    ("Cow", "own the value: `Vec<D>` for a slice"),
    ("HashMap", "a map has no fixed order to flatten: use a `Vec` or a struct with one field per entry"),
    ("BTreeMap", "use a `Vec` or a struct with one field per entry"),
    ("HashSet", "a set has no fixed order to flatten: use a `Vec`"),
    ("BTreeSet", "use a `Vec`"),
    ("VecDeque", "use a `Vec`"),
    ("LinkedList", "use a `Vec`"),
    ("BinaryHeap", "use a `Vec`"),
];

/// The first part of a field's type that mentions the scalar in a form no impl can take,
/// with the message: caught here, it is one error on that token, where the trait's errors
/// would cascade through every generated method.
pub fn unsupported(ty: &Type, d: &Ident) -> Option<(TokenStream, String)> {
    if !mentions(ty.to_token_stream(), d) {
        return None;
    }
    let forms = "the forms: `D`, `[T; N]`, `Vec<T>`, tuples, nalgebra and ndarray containers of `D`, and structs with #[derive(Differentiable)]";
    let found = |what: &str| Some((ty.to_token_stream(), format!("{what}; {forms}")));
    match ty {
        Type::Group(g) => unsupported(&g.elem, d),
        Type::Paren(p) => unsupported(&p.elem, d),
        Type::Array(a) => unsupported(&a.elem, d),
        Type::Tuple(t) => t.elems.iter().find_map(|e| unsupported(e, d)),
        Type::Reference(_) => found(&format!(
            "a field borrowing `{d}` cannot be rebuilt over dual numbers: own the value (`Vec<{d}>` for `&[{d}]`)"
        )),
        Type::Slice(_) => found(&format!("an unsized slice field: use `Vec<{d}>`")),
        Type::Ptr(_) | Type::BareFn(_) | Type::TraitObject(_) | Type::ImplTrait(_) => {
            found(&format!("a field of this kind cannot hold differentiable `{d}`s"))
        }
        Type::Path(p) => {
            let last = p.path.segments.last()?;
            if let Some((_, why)) = NOT_FORMS.iter().find(|(name, _)| last.ident == name) {
                return found(&format!("`{}` is not a parameter form: {why}", last.ident));
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(t) => unsupported(t, d),
                _ => None,
            })
        }
        _ => None,
    }
}
