//! Tokens and where they were written: a value with the tokens it came from, and parsing
//! inside a group with errors at the group's end. Shared by the attribute's keys and the
//! parameter paths in them.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};

/// A value and the tokens it was written as, for error spans.
#[derive(Clone)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// What the user wrote.
    pub tokens: TokenStream,
}

impl<T> ToTokens for Spanned<T> {
    fn to_tokens(&self, out: &mut TokenStream) {
        self.tokens.to_tokens(out);
    }
}

/// Runs `parser` on `tokens` as if they were still inside their parentheses, `end` being the
/// closing one (or the last token): a mistake at their very end (`grad =`, `data(x = y &)`)
/// is then reported there. Parsed alone (`parse2`), syn reports it at the call site, which
/// underlines the whole attribute.
pub fn parse_scoped<T>(
    parser: impl FnOnce(ParseStream) -> syn::Result<T>,
    tokens: TokenStream,
    end: Span,
) -> syn::Result<T> {
    let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, tokens);
    group.set_span(end);
    let outer = |input: ParseStream| {
        let content;
        syn::parenthesized!(content in input);
        let value = parser(&content)?;
        if !content.is_empty() {
            return Err(content.error("unexpected token"));
        }
        Ok(value)
    };
    outer.parse2(proc_macro2::TokenTree::Group(group).into())
}
