//! Parameter types as the generated code needs them: the dual type swapped for another
//! (`f64`, the engine's number type), lifetimes made nameable, the borrow taken off; and the
//! forms no runtime impl can take, caught from their syntax so that each is one error on the
//! parameter with its rewrite.

use crate::signature::mentions;
use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::Type;

/// The forms, as every error about a parameter lists them.
pub const FORMS: &str = "the dual type `D`; arrays, slices and `Vec`s of any form (`[[D; 3]; N]`, `&[T]`, `Vec<T>`, `&Vec<D>`); nalgebra `SVector`, `SMatrix`, `DVector`, `DMatrix` of `D`; ndarray `Array1`, `Array2`, `ArrayView1`, `ArrayView2` of `D` (feature `ndarray`); structs generic over `D` with #[derive(Differentiable)]; each by value or by `&`";

/// `tokens` with the identifier `dual` replaced by `with` everywhere.
pub fn replace_dual(tokens: TokenStream, dual: &Ident, with: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tt| match tt {
            TokenTree::Ident(i) if i == *dual => with.clone(),
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), replace_dual(g.stream(), dual, with));
                ng.set_span(g.span());
                TokenTree::Group(ng).into_token_stream()
            }
            other => other.into_token_stream(),
        })
        .collect()
}

/// `tokens` with every lifetime but `'static` named `lifetime` (`static` in an item, where
/// nothing is inferred; `_` in a function body or a `fn` pointer type).
pub fn set_lifetimes(tokens: TokenStream, lifetime: &str) -> TokenStream {
    let mut out = Vec::new();
    let mut after_quote = false;
    for tt in tokens {
        let tt = match tt {
            TokenTree::Ident(i) if after_quote && i != "static" => {
                TokenTree::Ident(Ident::new(lifetime, i.span()))
            }
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), set_lifetimes(g.stream(), lifetime));
                ng.set_span(g.span());
                TokenTree::Group(ng)
            }
            other => other,
        };
        after_quote = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '\'');
        out.push(tt);
    }
    out.into_iter().collect()
}

/// `tokens` with every token's span set to `span`: code that mentions a parameter's type
/// points at the parameter, and the errors of several such places, being identical, are
/// reported once.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), respan(g.stream(), span));
                ng.set_span(span);
                TokenTree::Group(ng)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// The type without its outer borrows: what the engine rebuilds for `&T` is a `T`.
pub fn owned(ty: &Type) -> &Type {
    match ty {
        Type::Reference(r) if r.mutability.is_none() => owned(&r.elem),
        Type::Group(g) => owned(&g.elem),
        Type::Paren(p) => owned(&p.elem),
        other => other,
    }
}

/// Containers that hold the dual type but are no parameter form, with the rewrite.
const NOT_FORMS: &[(&str, &str)] = &[
    ("Option", "an absent value has no derivative: take `D` and pass what decides absence as a data parameter"),
    ("Box", "take the boxed type itself, by value or by `&`"),
    ("Rc", "take the shared type by `&`"),
    ("Arc", "take the shared type by `&`"),
    ("Cell", "take the inner type by value or by `&`: the checker rebuilds the value, nothing changed in place is kept"),
    ("RefCell", "take the inner type by value or by `&`: the checker rebuilds the value, nothing changed in place is kept"),
    ("Mutex", "take the inner type by value or by `&`"),
    ("RwLock", "take the inner type by value or by `&`"),
    ("Cow", "take `&[D]` or `&T`"),
    ("HashMap", "a map has no order to flatten in: use a `Vec`, or a struct with #[derive(Differentiable)] and one field per entry"),
    ("BTreeMap", "use a `Vec`, or a struct with #[derive(Differentiable)] and one field per entry"),
    ("HashSet", "a set has no order to flatten in: use a `Vec`"),
    ("BTreeSet", "use a `Vec`"),
    ("VecDeque", "use a `Vec`"),
    ("LinkedList", "use a `Vec`"),
    ("BinaryHeap", "use a `Vec`"),
];

/// Where a differentiable parameter's type takes the dual type in a form no runtime impl can
/// take, and the message (what it is, the rewrite, the forms): one error on the parameter,
/// where the trait's would repeat at every use the generated code makes of the type.
pub fn unsupported(ty: &Type, dual: &Ident) -> Option<String> {
    let why = inner(ty, dual, true)?;
    let shown = crate::signature::tidy(ty);
    Some(format!(
        "`{shown}` is not a parameter form #[gradient_checked] can differentiate: {why}. The forms are {FORMS}"
    ))
}

/// Why `ty` (a part of the parameter's type) is no form, with the rewrite.
fn inner(ty: &Type, dual: &Ident, outermost: bool) -> Option<String> {
    if !mentions(ty.to_token_stream(), dual) {
        return None;
    }
    let say = |why: &str| Some(why.to_owned());
    match ty {
        Type::Group(g) => inner(&g.elem, dual, outermost),
        Type::Paren(p) => inner(&p.elem, dual, outermost),
        Type::Array(a) => inner(&a.elem, dual, false),
        Type::Tuple(t) => t.elems.iter().find_map(|e| inner(e, dual, false)),
        Type::Reference(r) if r.mutability.is_some() => {
            let target = crate::signature::tidy(&r.elem);
            let by_value = match &*r.elem {
                Type::Slice(_) => String::new(),
                _ => format!(" or `{target}`"),
            };
            say(&format!("write `&{target}`{by_value}: the checker calls the function with values it rebuilds at every point, and what it changes in place is never read"))
        }
        Type::Reference(r) if outermost => match &*r.elem {
            Type::Slice(s) => inner(&s.elem, dual, false),
            other => inner(other, dual, true),
        },
        Type::Reference(_) => say(&format!(
            "a borrow inside a container cannot be rebuilt: own the values (`Vec<{dual}>` for `Vec<&{dual}>`)"
        )),
        Type::Slice(_) => say("a slice is taken by reference, `&[T]`"),
        Type::Ptr(_) => say("take the value by `&` instead of a raw pointer"),
        Type::BareFn(_) | Type::TraitObject(_) | Type::ImplTrait(_) => say(&format!(
            "a function or trait object over `{dual}` cannot be rebuilt from numbers: make it a data parameter over `f64`, or take the values it would produce"
        )),
        Type::Path(p) => {
            let last = p.path.segments.last()?;
            if let Some((_, why)) = NOT_FORMS.iter().find(|(name, _)| last.ident == name) {
                return say(why);
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(t) => inner(t, dual, false),
                _ => None,
            })
        }
        _ => None,
    }
}

/// How many index groups reach one `D` from a parameter of type `ty` (`0` for `D`, `1` for
/// `[D; N]`, `Vec<D>`, nalgebra's `v[i]` and `W[(r, c)]`, ndarray's `W[[r, c]]`, `2` for
/// `[[D; N]; M]`), or `None` where the syntax does not tell (a struct): what the detector of
/// numbers on the left of a `D` needs.
pub fn depth(ty: &Type, dual: &Ident) -> Option<usize> {
    const INDEXED_ONCE: &[&str] = &[
        "SVector",
        "SMatrix",
        "DVector",
        "DMatrix",
        "Array1",
        "Array2",
        "ArrayView1",
        "ArrayView2",
    ];
    match ty {
        Type::Group(g) => depth(&g.elem, dual),
        Type::Paren(p) => depth(&p.elem, dual),
        Type::Reference(r) => depth(&r.elem, dual),
        Type::Array(a) => depth(&a.elem, dual).map(|d| d + 1),
        Type::Slice(s) => depth(&s.elem, dual).map(|d| d + 1),
        Type::Path(p) if p.qself.is_none() => {
            if p.path.get_ident() == Some(dual) {
                return Some(0);
            }
            let last = p.path.segments.last()?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            let syn::GenericArgument::Type(first) = args.args.first()? else {
                return None;
            };
            if last.ident == "Vec" {
                depth(first, dual).map(|d| d + 1)
            } else if INDEXED_ONCE.iter().any(|n| last.ident == n) {
                (depth(first, dual) == Some(0)).then_some(1)
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;
    use syn::parse_quote;

    fn d() -> Ident {
        Ident::new("D", Span::call_site())
    }

    #[test]
    fn the_dual_type_and_lifetimes_are_swapped() {
        let ty: Type = parse_quote!(&'a Tagged<'a, D, 2>);
        let f64_ty = replace_dual(owned(&ty).to_token_stream(), &d(), &quote!(f64));
        assert_eq!(
            set_lifetimes(f64_ty, "static").to_string(),
            quote!(Tagged<'static, f64, 2>).to_string()
        );
        let ty: Type = parse_quote!(ArrayView1<'_, D>);
        assert_eq!(
            set_lifetimes(ty.to_token_stream(), "static").to_string(),
            quote!(ArrayView1<'static, D>).to_string()
        );
    }

    #[test]
    fn forms_without_an_impl_are_named_with_their_rewrite() {
        let cases: [(Type, &str); 7] = [
            (parse_quote!(&mut D), "write `&D` or `D`"),
            (parse_quote!(Option<D>), "an absent value has no derivative"),
            (parse_quote!(&[Box<D>]), "take the boxed type itself"),
            (parse_quote!(HashMap<usize, D>), "a map has no order"),
            (parse_quote!(Vec<&D>), "`Vec<&D>` is not a parameter form"),
            (parse_quote!(impl Fn(D) -> D), "a function or trait object"),
            (parse_quote!(&mut [D]), "write `&[D]`: the checker"),
        ];
        for (ty, want) in cases {
            let m = unsupported(&ty, &d()).expect("unsupported");
            assert!(
                m.contains(want) && m.contains("The forms are"),
                "{}: {m}",
                quote!(#ty)
            );
        }
        for ty in [
            parse_quote!(&[[D; 3]]),
            parse_quote!(&Vec<D>),
            parse_quote!(Vec<Vec<D>>),
            parse_quote!(&SMatrix<D, 2, 3>),
            parse_quote!(ArrayView2<D>),
            parse_quote!(&Net<D>),
            parse_quote!((D, [D; 2])),
        ] {
            let ty: Type = ty;
            assert_eq!(unsupported(&ty, &d()), None, "{}", quote!(#ty));
        }
    }

    #[test]
    fn depth_counts_the_index_groups_to_a_scalar() {
        let cases: [(Type, Option<usize>); 7] = [
            (parse_quote!(D), Some(0)),
            (parse_quote!(&[[D; 3]; 2]), Some(2)),
            (parse_quote!(&[D]), Some(1)),
            (parse_quote!(Vec<Vec<D>>), Some(2)),
            (parse_quote!(&SMatrix<D, 2, 2>), Some(1)),
            (parse_quote!(&Array2<D>), Some(1)),
            (parse_quote!(&Kernel<D>), None),
        ];
        for (ty, want) in cases {
            assert_eq!(depth(&ty, &d()), want, "{}", quote!(#ty));
        }
    }
}
