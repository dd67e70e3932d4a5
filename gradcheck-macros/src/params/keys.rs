//! The keys that describe structured parameters: `domain(path = a..b)` with dotted and
//! indexed paths, `dims(W = [3, 4])`, `shape(net = expr)` and value points `at(k = .., x = ..)`.
//! `attr.rs` calls these from its one dispatch; each returns what it understood and records
//! its mistakes.

use crate::ctxt::Ctxt;
use crate::spanned::Spanned;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Expr, Ident, Lit, Token};

/// A value given to a component path, as in `domain(net.layers[0].w = -0.5..0.5)`.
#[derive(Clone)]
pub struct PathNamed<T> {
    /// The parameter the path starts at (`net`).
    pub name: Ident,
    /// The whole path as reports write it, without spaces (`net.layers[0].w`).
    pub path: String,
    /// The tokens of the path, for error spans.
    pub tokens: TokenStream,
    /// The value.
    pub value: T,
}

/// `name.field[1][2,3].0 = expr, ..` inside a key's parentheses.
pub fn path_list(tokens: TokenStream, end: Span, cx: &mut Ctxt) -> Vec<PathNamed<Expr>> {
    let parser = |input: ParseStream| {
        let mut out: Vec<PathNamed<Expr>> = Vec::new();
        while !input.is_empty() {
            let start = input.fork();
            let (name, path) = path(input)?;
            let tokens = tokens_between(&start, input);
            input.parse::<Token![=]>()?;
            let value: Expr = input.parse()?;
            out.push(PathNamed {
                name,
                path,
                tokens,
                value,
            });
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(out)
    };
    match crate::spanned::parse_scoped(parser, tokens, end) {
        Ok(list) => {
            let mut out: Vec<PathNamed<Expr>> = Vec::new();
            for entry in list {
                if out.iter().any(|o| o.path == entry.path) {
                    cx.error_spanned_by(&entry.tokens, format!("`{}` is named twice", entry.path));
                } else {
                    out.push(entry);
                }
            }
            out
        }
        Err(e) => {
            cx.syn_error(syn::Error::new(
                e.span(),
                format!("{e}: expected `path = a..b, ..`, a path being a parameter, a field or an entry (`x`, `k.length_scale`, `net.layers[0].w`, `W[1,2]`)"),
            ));
            Vec::new()
        }
    }
}

/// The tokens `input` advanced over since `start`.
fn tokens_between(start: &syn::parse::ParseBuffer, input: ParseStream) -> TokenStream {
    let mut out = TokenStream::new();
    let end = input.cursor();
    let mut cursor = start.cursor();
    while cursor != end {
        let Some((tt, next)) = cursor.token_tree() else {
            break;
        };
        tt.to_tokens(&mut out);
        cursor = next;
    }
    out
}

/// A component path: a parameter's name, then `.field`, `.0`, `[i]` or `[r, c]` segments.
fn path(input: ParseStream) -> syn::Result<(Ident, String)> {
    let name = input.call(Ident::parse_any)?;
    let mut text = name.unraw().to_string();
    loop {
        if input.peek(Token![.]) && !input.peek(Token![..]) {
            input.parse::<Token![.]>()?;
            if input.peek(syn::LitInt) {
                let i: syn::LitInt = input.parse()?;
                text.push('.');
                text.push_str(i.base10_digits());
            } else if input.peek(syn::LitFloat) {
                // `t.0.1` lexes as `t`, `.`, `0.1`: two tuple indices.
                let f: syn::LitFloat = input.parse()?;
                text.push('.');
                text.push_str(f.base10_digits());
            } else {
                let field = input.call(Ident::parse_any)?;
                text.push('.');
                text.push_str(&field.unraw().to_string());
            }
        } else if input.peek(syn::token::Bracket) {
            let content;
            syn::bracketed!(content in input);
            let first: syn::LitInt = content.parse()?;
            text.push('[');
            text.push_str(first.base10_digits());
            if content.peek(Token![,]) {
                content.parse::<Token![,]>()?;
                let second: syn::LitInt = content.parse()?;
                text.push(',');
                text.push_str(second.base10_digits());
            }
            if !content.is_empty() {
                return Err(content.error("an index is `[i]` or `[row, column]`"));
            }
            text.push(']');
        } else {
            return Ok((name, text));
        }
    }
}

/// `dims(v = 1000)` or `dims(W = [3, 4])`: one length, or one number per dimension.
pub fn dims_value(e: &Expr, cx: &mut Ctxt) -> Option<Spanned<Vec<u64>>> {
    let int = |e: &Expr| match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse::<u64>().ok(),
            _ => None,
        },
        _ => None,
    };
    let value = match e {
        Expr::Array(a) if !a.elems.is_empty() => a.elems.iter().map(int).collect(),
        other => int(other).map(|n| vec![n]),
    };
    match value {
        Some(v) => Some(Spanned {
            value: v,
            tokens: e.to_token_stream(),
        }),
        None => {
            cx.error_spanned_by(
                e,
                "expected a length such as `1000`, or `[rows, columns]` such as `[3, 4]`",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn paths(tokens: TokenStream) -> (Vec<String>, Vec<String>) {
        let mut cx = Ctxt::new();
        let list = path_list(tokens, Span::call_site(), &mut cx);
        (list.into_iter().map(|p| p.path).collect(), cx.messages())
    }

    #[test]
    fn paths_are_written_as_reports_write_them() {
        let (p, e) = paths(quote!(
            k.length_scale = 0.5..3.0,
            net.layers[0].w = -0.5..0.5,
            W[1, 2] = 0.0..1.0,
            t.0.1 = 0.0..1.0,
            x = 1.0..2.0
        ));
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            p,
            ["k.length_scale", "net.layers[0].w", "W[1,2]", "t.0.1", "x"]
        );
    }

    #[test]
    fn repeated_and_malformed_paths_are_reported() {
        let (_, e) = paths(quote!(k.a = 0.0..1.0, k.a = 1.0..2.0));
        assert_eq!(e, ["`k.a` is named twice"]);
        let (_, e) = paths(quote!(w[1, 2, 3] = 0.0..1.0));
        assert!(e[0].contains("`[i]` or `[row, column]`"), "{e:?}");
    }

    #[test]
    fn dims_take_a_length_or_a_list() {
        let mut cx = Ctxt::new();
        let one = dims_value(&syn::parse_quote!(1000), &mut cx).unwrap();
        let two = dims_value(&syn::parse_quote!([3, 4]), &mut cx).unwrap();
        assert_eq!((one.value, two.value), (vec![1000], vec![3, 4]));
        assert!(dims_value(&syn::parse_quote!(n), &mut cx).is_none());
        assert!(cx.messages()[0].contains("`[rows, columns]`"));
    }
}
