//! The struct a derive is applied to, analysed: its scalar type parameter and which fields
//! mention it. Every mistake is recorded in the context with the span of its token.

use super::forms::unsupported;
use crate::ctxt::Ctxt;
use crate::signature::mentions;
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned as _;
use syn::{GenericParam, Generics, Item, ItemStruct, Type, WherePredicate};

/// A struct ready to expand.
pub struct Input<'a> {
    /// The struct's name.
    pub ident: &'a Ident,
    /// Its generics, the scalar's default removed.
    pub generics: Generics,
    /// The scalar type parameter (`D` in `Kernel<D>`).
    pub scalar: &'a Ident,
    /// The fields in declaration order.
    pub fields: Vec<Field<'a>>,
}

/// One field.
pub struct Field<'a> {
    /// What reports write after the dot: the field's name, or its position.
    pub name: String,
    /// How the expansion reaches it: `self.name` or `self.0`.
    pub member: TokenStream,
    /// Its type as written.
    pub ty: &'a Type,
    /// Whether its type mentions the scalar: differentiated, or carried over unchanged.
    pub differentiated: bool,
}

/// Analyses `item`; `None` (with errors in `cx`) when it cannot be derived for.
pub fn analyze<'a>(item: &'a Item, cx: &mut Ctxt) -> Option<Input<'a>> {
    let s = match item {
        Item::Struct(s) => s,
        Item::Enum(e) => {
            cx.error_spanned_by(
                {
                    let (k, i) = (e.enum_token, &e.ident);
                    quote::quote!(#k #i)
                },
                "#[derive(Differentiable)] takes a struct, not an enum: the checker flattens one fixed set of fields; write the parameters of each variant as a struct of their own",
            );
            return None;
        }
        Item::Union(u) => {
            cx.error_spanned_by(
                {
                    let (k, i) = (u.union_token, &u.ident);
                    quote::quote!(#k #i)
                },
                "#[derive(Differentiable)] takes a struct, not a union",
            );
            return None;
        }
        other => {
            cx.error_spanned_by(other, "#[derive(Differentiable)] takes a struct");
            return None;
        }
    };
    let scalar = scalar(s, cx)?;
    let mut fine = true;
    for f in &s.fields {
        if let Some((at, message)) = unsupported(&f.ty, scalar) {
            cx.error_spanned_by(at, message);
            fine = false;
        }
    }
    if !fine {
        return None;
    }
    let mut generics = s.generics.clone();
    strip_default(&mut generics, scalar);
    let fields = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| Field {
            name: f.ident.as_ref().map_or_else(
                || i.to_string(),
                |id| syn::ext::IdentExt::unraw(id).to_string(),
            ),
            member: match &f.ident {
                Some(id) => id.to_token_stream(),
                None => syn::Index::from(i).to_token_stream(),
            },
            ty: &f.ty,
            differentiated: mentions(f.ty.to_token_stream(), scalar),
        })
        .collect();
    Some(Input {
        ident: &s.ident,
        generics,
        scalar,
        fields,
    })
}

/// The one type parameter, unbounded; errors otherwise.
fn scalar<'a>(s: &'a ItemStruct, cx: &mut Ctxt) -> Option<&'a Ident> {
    let types: Vec<&syn::TypeParam> = s.generics.type_params().collect();
    let Some(first) = types.first() else {
        cx.error_spanned_by(
            &s.ident,
            format!(
                "#[derive(Differentiable)] needs the struct generic over its scalar: `struct {}<D> {{ .. }}`, with `D` where the f64 code has `f64`",
                s.ident
            ),
        );
        return None;
    };
    if let Some(second) = types.get(1) {
        cx.error_spanned_by(
            second,
            format!(
                "#[derive(Differentiable)] takes exactly one type parameter, the scalar that is differentiated; `{}` has {}: make the others concrete types, or write one struct per scalar",
                s.ident,
                types.len()
            ),
        );
        return None;
    }
    let d = &first.ident;
    let bounded_where = s
        .generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .find(
            |p| matches!(p, WherePredicate::Type(t) if mentions(t.bounded_ty.to_token_stream(), d)),
        );
    let bound: Option<&dyn ToTokens> = if !first.bounds.is_empty() {
        Some(&first.bounds)
    } else {
        bounded_where.map(|p| p as &dyn ToTokens)
    };
    if let Some(bound) = bound {
        cx.error_spanned_by(
            bound,
            format!(
                "#[derive(Differentiable)] needs `{d}` unbounded in the struct: the checker rebuilds `{}` over f64, f32 and dual numbers; put bounds such as `{d}: DualNum<Primitive = f64>` on the functions and impls that use it",
                s.ident
            ),
        );
        return None;
    }
    for p in &s.generics.params {
        if let GenericParam::Const(c) = p {
            if mentions(c.ty.to_token_stream(), d) {
                cx.error_spanned_by(&c.ty, "a const parameter cannot depend on the scalar");
                return None;
            }
        }
    }
    Some(d)
}

/// `struct S<D = f64>`: an impl's generics take no defaults.
fn strip_default(generics: &mut Generics, scalar: &Ident) {
    for p in &mut generics.params {
        match p {
            GenericParam::Type(t) if t.ident == *scalar => {
                t.eq_token = None;
                t.default = None;
            }
            GenericParam::Const(c) => {
                c.eq_token = None;
                c.default = None;
            }
            _ => {}
        }
    }
}

/// The span of a field's type, for errors about it.
pub fn span_of(ty: &Type) -> Span {
    ty.span()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(tokens: TokenStream) -> (Option<Vec<(String, bool)>>, Vec<String>) {
        let item: Item = syn::parse2(tokens).unwrap();
        let mut cx = Ctxt::new();
        let fields = analyze(&item, &mut cx).map(|i| {
            i.fields
                .iter()
                .map(|f| (f.name.clone(), f.differentiated))
                .collect()
        });
        (fields, cx.messages())
    }

    #[test]
    fn fields_that_mention_the_scalar_are_differentiated() {
        let (fields, errors) = run(quote! {
            struct Net<D> { layers: Vec<Layer<D>>, name: String, r#type: [D; 2] }
        });
        assert!(errors.is_empty(), "{errors:?}");
        let want = [("layers", true), ("name", false), ("type", true)];
        assert_eq!(fields.unwrap(), want.map(|(n, d)| (n.to_string(), d)));
    }

    #[test]
    fn tuple_structs_name_fields_by_position() {
        let (fields, _) = run(quote! { struct P<'a, T, const N: usize>(T, &'a str, [T; N]); });
        let want = [("0", true), ("1", false), ("2", true)];
        assert_eq!(fields.unwrap(), want.map(|(n, d)| (n.to_string(), d)));
    }

    #[test]
    fn enums_unions_and_wrong_generics_are_refused() {
        for (tokens, says) in [
            (
                quote!(
                    enum E<D> {
                        A(D),
                    }
                ),
                "not an enum",
            ),
            (quote!(union U<D: Copy> { a: D }), "not a union"),
            (
                quote!(
                    struct K {
                        a: f64,
                    }
                ),
                "generic over its scalar",
            ),
            (
                quote!(
                    struct K<D, E> {
                        a: D,
                        b: E,
                    }
                ),
                "exactly one type parameter",
            ),
            (
                quote!(
                    struct K<D: Copy> {
                        a: D,
                    }
                ),
                "unbounded",
            ),
            (
                quote!(
                    struct K<D>
                    where
                        D: Copy,
                    {
                        a: D,
                    }
                ),
                "unbounded",
            ),
        ] {
            let (fields, errors) = run(tokens);
            assert!(fields.is_none());
            assert!(errors.len() == 1 && errors[0].contains(says), "{errors:?}");
        }
    }

    #[test]
    fn fields_of_no_form_are_refused_on_their_type() {
        for (tokens, says) in [
            (
                quote!(
                    struct K<D> {
                        a: Option<D>,
                    }
                ),
                "`Option` is not a parameter form",
            ),
            (
                quote!(
                    struct K<D> {
                        a: Vec<HashMap<String, D>>,
                    }
                ),
                "no fixed order",
            ),
            (
                quote!(
                    struct K<'a, D> {
                        a: &'a [D],
                    }
                ),
                "own the value",
            ),
            (
                quote!(
                    struct K<D> {
                        a: (D, Box<D>),
                    }
                ),
                "`Box`",
            ),
        ] {
            let (fields, errors) = run(tokens);
            assert!(fields.is_none());
            assert!(errors.len() == 1 && errors[0].contains(says), "{errors:?}");
        }
        // Without the scalar they are carried over: fine.
        let (fields, errors) = run(quote!(
            struct K<'a, D> {
                a: D,
                b: Option<&'a str>,
            }
        ));
        assert!(errors.is_empty() && fields.is_some());
    }

    #[test]
    fn defaults_are_dropped_for_the_impl() {
        let item: Item = syn::parse2(quote!(
            struct K<D = f64, const N: usize = 2> {
                a: [D; N],
            }
        ))
        .unwrap();
        let input = analyze(&item, &mut Ctxt::new()).unwrap();
        let g = &input.generics;
        assert_eq!(
            quote!(#g).to_string(),
            quote!(<D, const N: usize>).to_string()
        );
    }
}
