//! The attribute's syntax: `#[gradient_checked(key = value, key(..), ..)]` turned into
//! [`Attrs`], with every value checked for its *type* (a number where a number belongs, a
//! function path for `grad`, a known kind in `allow`). Whether the values make sense together
//! and with the function's signature is `valid.rs`'s job.

use crate::ctxt::Ctxt;
use crate::params::keys::{self, PathNamed};
pub use crate::spanned::{parse_scoped, Spanned};
use crate::suggest;
use crate::symbol::{self, *};
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprRange, Ident, Lit, RangeLimits, Token, UnOp};

mod values;
pub use values::first_span;
use values::*;

/// A half-open range of numbers, `lo..hi`.
pub type Range = Spanned<(f64, f64)>;

/// One explicit point: its values, flat.
pub type Point = Spanned<Vec<f64>>;

/// A name and the value the attribute gives it, as in `data(xs = &XS)`.
#[derive(Clone)]
pub struct Named<T> {
    /// The parameter name.
    pub name: Ident,
    /// Its value.
    pub value: T,
}

/// Everything the attribute says, each value type-checked.
#[derive(Default)]
pub struct Attrs {
    /// `at`: explicit points, and the tokens of the whole list.
    pub at: Option<Spanned<Vec<Point>>>,
    /// `at(name = value, ..)`, each one point given as parameter values (tokens: the key).
    pub at_values: Vec<Spanned<Vec<Named<Expr>>>>,
    /// `samples`.
    pub samples: Option<Spanned<u64>>,
    /// `domain = a..b`.
    pub domain: Option<Range>,
    /// `domain(x = a..b, k.length_scale = a..b, ..)`: boxes for parameters and the
    /// components a path names.
    pub param_domains: Vec<PathNamed<Range>>,
    /// `seed`.
    pub seed: Option<Spanned<u64>>,
    /// `grad`: a function path or closure.
    pub grad: Option<Expr>,
    /// `hessian`.
    pub hessian: Option<Expr>,
    /// `reference`.
    pub reference: Option<Expr>,
    /// `data(name = expr, ..)`.
    pub data: Vec<Named<Expr>>,
    /// `dims(name = n, ..)` and `dims(W = [rows, columns])`: the numbers given.
    pub dims: Vec<Named<Spanned<Vec<u64>>>>,
    /// `shape(name = expr, ..)`: example values giving shapes.
    pub shape: Vec<Named<Expr>>,
    /// `allow(kind, ..)`: known kind names only (unknown ones are reported here).
    pub allow: Vec<Ident>,
    /// `expect(kind, ..)`: known kind names only; `Some` when the key is given.
    pub expect: Option<Spanned<Vec<Ident>>>,
    /// `rtol`.
    pub rtol: Option<Spanned<f64>>,
    /// `atol`.
    pub atol: Option<Spanned<f64>>,
    /// `norm(min = ..)`.
    pub norm_min: Option<Spanned<f64>>,
    /// `norm(max = ..)`.
    pub norm_max: Option<Spanned<f64>>,
    /// `mode = full | fast`: the mode's name.
    pub mode: Option<Ident>,
    /// `directions`.
    pub directions: Option<Spanned<u64>>,
    /// `precision = f32 | f64`: the primitive's name.
    pub precision: Option<Ident>,
}

/// How a key was written: `key = value`, `key(..)` (its tokens and closing parenthesis) or
/// bare `key`.
enum Value {
    Eq(Expr),
    List(TokenStream, Span),
    Bare,
}

/// Parses the attribute's arguments, recording every mistake in `cx` and keeping what was
/// understood.
pub fn parse(args: TokenStream, cx: &mut Ctxt) -> Attrs {
    let mut attrs = Attrs::default();
    let parser = |input: ParseStream| {
        parse_entries(input, &mut attrs, cx);
        Ok(())
    };
    // `parse_entries` records its own errors and never fails; this only reports leftovers.
    let end = last_span(&args);
    if let Err(e) = parse_scoped(parser, args, end) {
        cx.syn_error(e);
    }
    attrs
}

/// The span of the last token of `tokens` (the call site when there is none).
fn last_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .last()
        .map_or_else(Span::call_site, |t| t.span())
}

fn parse_entries(input: ParseStream, attrs: &mut Attrs, cx: &mut Ctxt) {
    let mut seen: Vec<String> = Vec::new();
    while !input.is_empty() {
        match parse_entry(input) {
            Ok((key, value)) => {
                let slot = match &value {
                    // `domain = a..b` and `domain(x = ..)` may both appear: they are two keys.
                    Value::List(..) if key == DOMAIN => "domain(..)".to_owned(),
                    // Each `at(..)` is one more point.
                    Value::List(..) if key == AT => String::new(),
                    _ => key.to_string(),
                };
                if !slot.is_empty() && seen.contains(&slot) {
                    cx.error_spanned_by(&key, format!("duplicate key `{slot}`: give it once"));
                } else {
                    seen.push(slot);
                    apply(attrs, &key, value, cx);
                }
            }
            Err(e) => {
                cx.syn_error(e);
                skip_to_comma(input);
            }
        }
        if input.is_empty() {
            break;
        }
        if let Err(e) = input.parse::<Token![,]>() {
            cx.syn_error(syn::Error::new(e.span(), "expected `,` between keys"));
            skip_to_comma(input);
            let _ = input.parse::<Token![,]>();
        }
    }
}

fn parse_entry(input: ParseStream) -> syn::Result<(Ident, Value)> {
    let key = input.call(Ident::parse_any)?;
    let value = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        // Parse on a fork so a bad value leaves the stream where the caller can resynchronise.
        let fork = input.fork();
        let expr: Expr = fork.parse()?;
        input.advance_to(&fork);
        Value::Eq(expr)
    } else if input.peek(syn::token::Paren) {
        let content;
        let paren = syn::parenthesized!(content in input);
        Value::List(content.parse()?, paren.span.close())
    } else {
        Value::Bare
    };
    Ok((key, value))
}

/// Skips tokens up to (not including) the next top-level comma, after a syntax error.
fn skip_to_comma(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if matches!(&tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    });
}

/// Stores one key's value in `attrs`, checking its type.
fn apply(attrs: &mut Attrs, key: &Ident, value: Value, cx: &mut Ctxt) {
    let name = key.to_string();
    let example = match example(&name) {
        Some(e) => e,
        None => {
            let hint = suggest::hint(&name, KEYS);
            cx.error_spanned_by(
                key,
                format!("unknown key `{name}` in #[gradient_checked]{hint}"),
            );
            return;
        }
    };
    let wrong_form = |cx: &mut Ctxt| {
        cx.error_spanned_by(key, format!("`{name}` is written `{example}`"));
    };
    match (name.as_str(), value) {
        (AT, Value::Eq(e)) => attrs.at = points(&e).map_err(|m| cx.error_spanned_by(&e, m)).ok(),
        (SAMPLES, Value::Eq(e)) => attrs.samples = whole(&e, cx),
        (SEED, Value::Eq(e)) => attrs.seed = whole(&e, cx),
        (DIRECTIONS, Value::Eq(e)) => attrs.directions = whole(&e, cx),
        (RTOL, Value::Eq(e)) => attrs.rtol = number_spanned(&e, cx),
        (ATOL, Value::Eq(e)) => attrs.atol = number_spanned(&e, cx),
        (DOMAIN, Value::Eq(e)) => {
            attrs.domain = range(&e).map_err(|m| cx.error_spanned_by(&e, m)).ok()
        }
        (AT, Value::List(t, end)) => at_values(attrs, key, t, end, cx),
        (DOMAIN, Value::List(t, end)) => {
            for entry in keys::path_list(t, end, cx) {
                match range(&entry.value) {
                    Ok(r) => attrs.param_domains.push(PathNamed {
                        name: entry.name,
                        path: entry.path,
                        tokens: entry.tokens,
                        value: r,
                    }),
                    Err(m) => cx.error_spanned_by(&entry.value, m),
                }
            }
        }
        (GRAD, Value::Eq(e)) => attrs.grad = function(&name, e, cx),
        (HESSIAN, Value::Eq(e)) => attrs.hessian = function(&name, e, cx),
        (REFERENCE, Value::Eq(e)) => attrs.reference = function(&name, e, cx),
        (DATA, Value::List(t, end)) => attrs.data = named_list(t, end, cx),
        (DIMS, Value::List(t, end)) => {
            for entry in named_list(t, end, cx) {
                if let Some(n) = keys::dims_value(&entry.value, cx) {
                    attrs.dims.push(Named {
                        name: entry.name,
                        value: n,
                    });
                }
            }
        }
        (SHAPE, Value::List(t, end)) => attrs.shape = named_list(t, end, cx),

        (ALLOW, Value::List(t, end)) => attrs.allow = kinds(t, end, "allowed", cx),
        (EXPECT, Value::List(t, end)) => {
            let list = kinds(t.clone(), end, "expected", cx);
            if t.is_empty() {
                cx.error_spanned_by(
                    key,
                    "`expect` needs at least one finding kind, e.g. `expect(mismatch)`",
                );
            }
            attrs.expect = Some(Spanned {
                value: list,
                tokens: key.to_token_stream(),
            });
        }
        (NORM, Value::List(t, end)) => {
            for entry in named_list(t, end, cx) {
                let bound = number_spanned(&entry.value, cx);
                match entry.name.to_string().as_str() {
                    "min" => attrs.norm_min = bound,
                    "max" => attrs.norm_max = bound,
                    other => {
                        let hint = suggest::hint(other, NORM_KEYS);
                        cx.error_spanned_by(
                            &entry.name,
                            format!("unknown bound `{other}` in `norm(..)`{hint}"),
                        );
                    }
                }
            }
        }
        (MODE, Value::Eq(e)) => attrs.mode = mode(&e, cx),
        (PRECISION, Value::Eq(e)) => attrs.precision = precision(&e, cx),
        _ => wrong_form(cx),
    }
}

/// How each key is written, for "`x` is written `...`" messages; `None` for unknown keys.
fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        AT => "at = [[1.0, 2.0], [3.0, 4.0]]` or `at(x = 1.0, k = Kernel { .. })",
        SAMPLES => "samples = 32",
        DOMAIN => "domain = -1.0..1.0` or `domain(x = 0.1..5.0)",
        SEED => "seed = 7",
        GRAD => "grad = my_gradient",
        HESSIAN => "hessian = my_hessian",
        REFERENCE => "reference = my_reference",
        DATA => "data(xs = &XS)",
        DIMS => "dims(x = 1000, W = [3, 4])",
        SHAPE => "shape(net = Net::zeros(&[2, 8, 1]))",
        ALLOW => "allow(kink)",
        EXPECT => "expect(mismatch)",
        RTOL => "rtol = 1e-6",
        ATOL => "atol = 1e-9",
        NORM => "norm(min = 1e-8, max = 1e8)",
        MODE => "mode = full` or `mode = fast",
        DIRECTIONS => "directions = 8",
        PRECISION => "precision = f32",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
