//! The values of the attribute's keys, each read for its type: numbers, ranges, points, function
//! paths, kinds, modes, named lists.

use super::*;

/// `at(x = 1.0, k = Kernel { .. })`: one point, given as parameter values.
pub(super) fn at_values(
    attrs: &mut Attrs,
    key: &Ident,
    tokens: TokenStream,
    end: Span,
    cx: &mut Ctxt,
) {
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
pub(super) fn named_list(tokens: TokenStream, end: Span, cx: &mut Ctxt) -> Vec<Named<Expr>> {
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
pub(super) fn kinds(tokens: TokenStream, end: Span, verb: &str, cx: &mut Ctxt) -> Vec<Ident> {
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
    let names: Vec<&str> = crate::kinds_table::Kind::names().collect();
    let mut out: Vec<Ident> = Vec::new();
    for kind in list {
        let name = kind.to_string();
        if crate::kinds_table::Kind::from_name(&name).is_none() {
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
pub(super) fn mode(e: &Expr, cx: &mut Ctxt) -> Option<Ident> {
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

/// `precision = f32 | f64`.
pub(super) fn precision(e: &Expr, cx: &mut Ctxt) -> Option<Ident> {
    let ident = match e {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    };
    match ident {
        Some(i) if symbol::PRECISIONS.contains(&i.to_string().as_str()) => Some(i),
        Some(i) => {
            let name = i.to_string();
            let hint = suggest::hint(&name, symbol::PRECISIONS);
            cx.error_spanned_by(
                &i,
                format!(
                    "unknown precision `{name}`: the checker evaluates in `f64` or `f32`{hint}"
                ),
            );
            None
        }
        None => {
            cx.error_spanned_by(e, "expected `f32` or `f64`");
            None
        }
    }
}

/// `grad = path` (or a closure): anything else is certainly not a function.
pub(super) fn function(key: &str, e: Expr, cx: &mut Ctxt) -> Option<Expr> {
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

pub(super) fn whole(e: &Expr, cx: &mut Ctxt) -> Option<Spanned<u64>> {
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

pub(super) fn number_spanned(e: &Expr, cx: &mut Ctxt) -> Option<Spanned<f64>> {
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
pub(super) fn range(e: &Expr) -> Result<Range, String> {
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
pub(super) fn points(e: &Expr) -> Result<Spanned<Vec<Point>>, String> {
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

pub(super) fn point(e: &Expr) -> Result<Point, String> {
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
