//! The attribute's syntax: `#[gradient_checked(key = value, key(..), ..)]` turned into
//! [`Attrs`], with every value checked for its *type* (a number where a number belongs, a
//! function path for `grad`, a known kind in `allow`). Whether the values make sense together
//! and with the function's signature is `valid.rs`'s job.

use crate::ctxt::Ctxt;
use crate::params::keys::{self, PathNamed};
use crate::suggest;
use crate::symbol::{self, *};
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprRange, Ident, Lit, RangeLimits, Token, UnOp};

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
        _ => return None,
    })
}

/// `at(x = 1.0, k = Kernel { .. })`: one point, given as parameter values.
fn at_values(attrs: &mut Attrs, key: &Ident, tokens: TokenStream, end: Span, cx: &mut Ctxt) {
    if tokens.is_empty() {
        cx.error_spanned_by(key, "`at(..)` gives one point as values of the differentiable parameters: `at(x = 1.0, k = Kernel { .. })`");
        return;
    }
    let list = named_list(tokens, end, cx);
    if list.is_empty() {
        return;
    }
    attrs.at_values.push(Spanned {
        value: list,
        tokens: key.to_token_stream(),
    });
}

/// `name = expr, ..` inside a key's parentheses.
fn named_list(tokens: TokenStream, end: Span, cx: &mut Ctxt) -> Vec<Named<Expr>> {
    let parser = Punctuated::<(Ident, Expr), Token![,]>::parse_terminated_with;
    let entry = |input: ParseStream| {
        let name = input.call(Ident::parse_any)?;
        input.parse::<Token![=]>()?;
        Ok((name, input.parse::<Expr>()?))
    };
    match parse_scoped(|input: ParseStream| parser(input, entry), tokens, end) {
        Ok(list) => {
            let mut out: Vec<Named<Expr>> = Vec::new();
            for (name, value) in list {
                if out.iter().any(|n| n.name == name) {
                    cx.error_spanned_by(&name, format!("`{name}` is named twice"));
                } else {
                    out.push(Named { name, value });
                }
            }
            out
        }
        Err(e) => {
            cx.syn_error(syn::Error::new(
                e.span(),
                format!("{e}: expected `name = value, ..`"),
            ));
            Vec::new()
        }
    }
}

/// `allow(kink, panic)` or `expect(mismatch)`: known kind names, each once (`verb` says how
/// the key uses them, for the message about a repeated one).
fn kinds(tokens: TokenStream, end: Span, verb: &str, cx: &mut Ctxt) -> Vec<Ident> {
    let parsed = parse_scoped(
        Punctuated::<Ident, Token![,]>::parse_terminated,
        tokens,
        end,
    );
    let list = match parsed {
        Ok(list) => list,
        Err(e) => {
            cx.syn_error(syn::Error::new(
                e.span(),
                "expected finding kinds, e.g. `allow(kink, unstable)`",
            ));
            return Vec::new();
        }
    };
    let names: Vec<&str> = gradcheck_kinds::Kind::names().collect();
    let mut out: Vec<Ident> = Vec::new();
    for kind in list {
        let name = kind.to_string();
        if gradcheck_kinds::Kind::from_name(&name).is_none() {
            let hint = suggest::hint(&name, &names);
            cx.error_spanned_by(&kind, format!("unknown finding kind `{name}`{hint}"));
        } else if out.contains(&kind) {
            cx.error_spanned_by(&kind, format!("`{name}` is {verb} twice"));
        } else {
            out.push(kind);
        }
    }
    out
}

/// `mode = full | fast`.
fn mode(e: &Expr, cx: &mut Ctxt) -> Option<Ident> {
    let ident = match e {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    };
    match ident {
        Some(i) if symbol::mode_variant(&i.to_string()).is_some() => Some(i),
        Some(i) => {
            let name = i.to_string();
            let hint = suggest::hint(&name, &symbol::names(MODES));
            cx.error_spanned_by(&i, format!("unknown mode `{name}`{hint}"));
            None
        }
        None => {
            cx.error_spanned_by(e, "expected `full` or `fast`");
            None
        }
    }
}

/// `grad = path` (or a closure): anything else is certainly not a function.
fn function(key: &str, e: Expr, cx: &mut Ctxt) -> Option<Expr> {
    match e {
        Expr::Path(_) | Expr::Closure(_) => Some(e),
        _ => {
            cx.error_spanned_by(
                &e,
                format!("`{key}` expects the path of a function, e.g. `{key} = my_{key}`"),
            );
            None
        }
    }
}

fn whole(e: &Expr, cx: &mut Ctxt) -> Option<Spanned<u64>> {
    let value = match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse::<u64>().ok(),
            _ => None,
        },
        _ => None,
    };
    match value {
        Some(v) => Some(Spanned {
            value: v,
            tokens: e.to_token_stream(),
        }),
        None => {
            cx.error_spanned_by(e, "expected a whole number such as `32`");
            None
        }
    }
}

fn number_spanned(e: &Expr, cx: &mut Ctxt) -> Option<Spanned<f64>> {
    match number(e) {
        Ok(v) => Some(Spanned {
            value: v,
            tokens: e.to_token_stream(),
        }),
        Err(m) => {
            cx.error_spanned_by(e, m);
            None
        }
    }
}

/// A number literal, possibly negative: `1`, `-2.5`, `1e-6`.
pub fn number(e: &Expr) -> Result<f64, String> {
    let (negative, lit) = match e {
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => (true, &*u.expr),
        other => (false, other),
    };
    let magnitude = match lit {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) if matches!(i.suffix(), "" | "f64" | "f32") => {
                i.base10_digits().parse::<f64>().ok()
            }
            Lit::Float(f) if matches!(f.suffix(), "" | "f64" | "f32") => {
                f.base10_parse::<f64>().ok()
            }
            _ => None,
        },
        _ => None,
    };
    match magnitude {
        Some(m) if m.is_finite() => Ok(if negative { -m } else { m }),
        Some(_) => Err("this number is too large to be finite".into()),
        None => Err("expected a number such as `1`, `-2.5` or `1e-6`".into()),
    }
}

/// `lo..hi` with both ends numbers.
fn range(e: &Expr) -> Result<Range, String> {
    let Expr::Range(ExprRange {
        start, limits, end, ..
    }) = e
    else {
        return Err("expected a range such as `-1.0..1.0`".into());
    };
    if let RangeLimits::Closed(_) = limits {
        return Err("write a half-open range `a..b`: points are drawn from [a, b)".into());
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Err("a domain needs both ends, e.g. `-1.0..1.0`".into());
    };
    Ok(Spanned {
        value: (number(start)?, number(end)?),
        tokens: e.to_token_stream(),
    })
}

/// `[[1.0, 2.0], [3.0, 4.0]]`, or one flat point `[1.0, 2.0]`.
fn points(e: &Expr) -> Result<Spanned<Vec<Point>>, String> {
    let Expr::Array(outer) = e else {
        return Err("expected points such as `[[1.0, 2.0], [3.0, 4.0]]`".into());
    };
    if outer.elems.is_empty() {
        return Err(
            "`at` needs at least one point; to check random points only, leave `at` out".into(),
        );
    }
    let nested = outer.elems.iter().all(|x| matches!(x, Expr::Array(_)));
    let points = if nested {
        outer
            .elems
            .iter()
            .map(point)
            .collect::<Result<Vec<_>, _>>()?
    } else if outer.elems.iter().any(|x| matches!(x, Expr::Array(_))) {
        return Err(
            "mix of points and numbers: write every point in brackets, `[[1.0, 2.0], [3.0, 4.0]]`"
                .into(),
        );
    } else {
        vec![point(e)?]
    };
    Ok(Spanned {
        value: points,
        tokens: e.to_token_stream(),
    })
}

fn point(e: &Expr) -> Result<Point, String> {
    let Expr::Array(a) = e else {
        unreachable!("callers pass arrays")
    };
    if a.elems.is_empty() {
        return Err("a point needs one value per differentiable scalar".into());
    }
    let values = a.elems.iter().map(number).collect::<Result<Vec<_>, _>>()?;
    Ok(Spanned {
        value: values,
        tokens: e.to_token_stream(),
    })
}

/// The span of the first token of `tokens`, for messages that point at one place.
pub fn first_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_ok(tokens: TokenStream) -> Attrs {
        let mut cx = Ctxt::new();
        let attrs = parse(tokens, &mut cx);
        assert!(!cx.has_errors(), "{:?}", cx.messages());
        attrs
    }

    fn errors(tokens: TokenStream) -> Vec<String> {
        let mut cx = Ctxt::new();
        parse(tokens, &mut cx);
        cx.messages()
    }

    #[test]
    fn parses_the_contract_example() {
        let a = parse_ok(quote! {
            at = [[1.3, 0.7], [-2.0, 1.5]], samples = 32, domain = -4.5..4.5, seed = 7,
            grad = beale_grad, hessian = beale_hessian, reference = beale_naive,
            data(xs = &XS, ys = &YS), allow(kink), expect(mismatch, ad_mismatch),
            rtol = 1e-6, atol = 1e-9,
            norm(min = 1e-8, max = 1e8), mode = fast, directions = 8,
        });
        let at = a.at.unwrap().value;
        assert_eq!(
            at.iter().map(|p| p.value.clone()).collect::<Vec<_>>(),
            vec![vec![1.3, 0.7], vec![-2.0, 1.5]]
        );
        assert_eq!(a.samples.unwrap().value, 32);
        assert_eq!(a.domain.unwrap().value, (-4.5, 4.5));
        assert_eq!(a.seed.unwrap().value, 7);
        assert!(a.grad.is_some() && a.hessian.is_some() && a.reference.is_some());
        assert_eq!(a.data.len(), 2);
        assert_eq!(a.allow[0], "kink");
        assert_eq!(a.expect.unwrap().value.len(), 2);
        assert_eq!(a.rtol.unwrap().value, 1e-6);
        assert_eq!(a.atol.unwrap().value, 1e-9);
        assert_eq!(a.norm_min.unwrap().value, 1e-8);
        assert_eq!(a.norm_max.unwrap().value, 1e8);
        assert_eq!(a.mode.unwrap(), "fast");
        assert_eq!(a.directions.unwrap().value, 8);
    }

    #[test]
    fn numbers_come_in_every_spelling() {
        for (text, want) in [
            ("1", 1.0),
            ("-2.5", -2.5),
            ("1e-6", 1e-6),
            ("-3", -3.0),
            ("2f64", 2.0),
        ] {
            let e: Expr = syn::parse_str(text).unwrap();
            assert_eq!(number(&e), Ok(want), "{text}");
        }
        let e: Expr = syn::parse_str("-0.0").unwrap();
        assert!(
            number(&e).unwrap().is_sign_negative(),
            "-0.0 keeps its sign: abs has slope -1 there"
        );
        assert!(number(&syn::parse_str("x").unwrap()).is_err());
        assert!(number(&syn::parse_str("1e400").unwrap()).is_err());
    }

    #[test]
    fn a_flat_point_is_one_point() {
        let a = parse_ok(quote!(at = [1.0, 2.0]));
        assert_eq!(a.at.unwrap().value.len(), 1);
        assert!(errors(quote!(at = [[1.0], 2.0]))[0].contains("mix of points"));
    }

    #[test]
    fn global_and_per_parameter_domains_combine() {
        let a = parse_ok(quote!(domain = -1..1, domain(x = 0.1..5.0, y = -2.0..2.0)));
        assert_eq!(a.domain.unwrap().value, (-1.0, 1.0));
        assert_eq!(a.param_domains.len(), 2);
        assert_eq!(a.param_domains[0].name, "x");
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let e = errors(quote!(smaples = 3));
        assert_eq!(
            e,
            vec!["unknown key `smaples` in #[gradient_checked]; did you mean `samples`?"]
        );
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let e = errors(quote!(
            samples = "many",
            seed = 1.5,
            rtol = abc,
            allow(knik),
            mode = slow,
            samples = 3
        ));
        assert_eq!(e.len(), 6, "{e:?}");
        assert!(e[0].contains("whole number"));
        assert!(e[2].contains("expected a number"));
        assert!(e[3].contains("did you mean `kink`"));
        assert!(e[4].contains("unknown mode `slow`"));
        assert!(e[5].contains("duplicate key `samples`"));
    }

    #[test]
    fn syntax_errors_resynchronise_at_the_next_comma() {
        let e = errors(quote!(samples = , seed = 3, bogus));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[1].contains("unknown key `bogus`"));
    }

    #[test]
    fn keys_in_the_wrong_form_show_the_right_one() {
        let e = errors(quote!(data = 3, samples(3), grad));
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("`data` is written `data(xs = &XS)`"));
        assert!(e[2].contains("`grad` is written `grad = my_gradient`"));
    }

    #[test]
    fn ranges_must_be_half_open_with_both_ends() {
        assert!(errors(quote!(domain = 0.0..=1.0))[0].contains("half-open"));
        assert!(errors(quote!(domain = 0.0..))[0].contains("both ends"));
    }

    #[test]
    fn functions_may_be_paths_or_closures() {
        let a = parse_ok(quote!(grad = super::g, reference = |x: f64| x * x));
        assert!(a.grad.is_some() && a.reference.is_some());
        assert!(errors(quote!(grad = "g"))[0].contains("path of a function"));
    }

    #[test]
    fn data_and_dims_reject_repeated_names() {
        assert!(errors(quote!(data(x = 1, x = 2)))[0].contains("named twice"));
        let a = parse_ok(quote!(dims(x = 10, y = 3)));
        assert_eq!(a.dims[1].value.value, [3]);
    }

    #[test]
    fn structured_parameters_have_keys_of_their_own() {
        let a = parse_ok(quote!(
            at(
                k = Kernel {
                    length_scale: 1.5,
                    amplitude: 0.3
                },
                r = 0.7
            ),
            at(
                k = Kernel {
                    length_scale: 0.8,
                    amplitude: -1.2
                },
                r = -0.4
            ),
            domain(k.length_scale = 0.5..3.0, net.layers[0].w = -0.5..0.5),
            dims(W = [2, 3], v = 4),
            shape(net = Net::zeros(&[2, 3, 1]))
        ));
        assert_eq!(a.at_values.len(), 2, "each `at(..)` is one more point");
        assert_eq!(a.at_values[1].value[1].name, "r");
        let paths: Vec<&str> = a.param_domains.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["k.length_scale", "net.layers[0].w"]);
        assert_eq!(a.param_domains[1].name, "net");
        assert_eq!(
            (&a.dims[0].value.value, &a.dims[1].value.value),
            (&vec![2, 3], &vec![4])
        );
        assert_eq!(a.shape[0].name, "net");
        assert!(errors(quote!(at()))[0].contains("`at(..)` gives one point"));
    }

    #[test]
    fn norm_knows_min_and_max() {
        assert!(errors(quote!(norm(mni = 1.0)))[0].contains("did you mean `min`"));
    }
}
