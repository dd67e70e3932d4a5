//! The length of every differentiable parameter, and the checks of the points' widths against them
//! (at compile time where every size is known, else as constants the generated code asserts).

use super::*;

/// The lengths of the differentiable parameters, and the checks of the points against them
/// left to the compiler.
pub(super) fn lengths(
    attrs: &Attrs,
    sig: &Signature,
    cx: &mut Ctxt,
) -> (Vec<Len>, Vec<ConstCheck>) {
    let diff: Vec<&Param> = sig
        .params
        .iter()
        .filter(|p| p.kind.is_differentiable())
        .collect();
    let mut lens: Vec<Option<Len>> = diff
        .iter()
        .map(|p| match &p.kind {
            ParamKind::Array(n) | ParamKind::ArrayRef(n) => {
                Some(literal(n).map_or_else(|| Len::Const(n.to_token_stream()), Len::Known))
            }
            ParamKind::Slice | ParamKind::Vec => {
                attrs.dims.iter().find(|d| d.name == p.name).map(|d| {
                    Len::Known(d.value.value.first().copied().unwrap_or(1).max(1) as usize)
                })
            }
            ParamKind::Other => None,
            _ => Some(Len::Known(1)),
        })
        .collect();
    let runtime_sizes = diff.iter().any(|p| matches!(p.kind, ParamKind::Other))
        || !attrs.at_values.is_empty()
        || !attrs.shape.is_empty();
    if runtime_sizes {
        // Some size is known only when the check runs: the engine checks the points then.
        for (p, len) in diff.iter().zip(&lens) {
            let sized = len.is_some()
                || attrs.at.is_some()
                || !attrs.at_values.is_empty()
                || attrs.shape.iter().any(|s| s.name == p.name);
            if p.kind.is_unsized() && !sized {
                cx.error_spanned_by(&p.name, format!("`{0}: {1}` needs a length: add `dims({0} = ..)`, `shape({0} = ..)`, or points with `at` (its length is what they leave)", p.name, tidy(&p.ty)));
            }
        }
        return (
            lens.into_iter()
                .map(|l| l.unwrap_or(Len::Known(1)))
                .collect(),
            Vec::new(),
        );
    }
    let mut const_checks = Vec::new();
    let unknown: Vec<usize> = (0..diff.len()).filter(|&i| lens[i].is_none()).collect();
    let points = attrs.at.as_ref();
    // A length computed as "what the first point leaves" makes the total equal its width.
    let mut inferred_from_points = false;
    match (points, unknown.as_slice()) {
        (_, []) => {}
        (None, _) => {
            for &i in &unknown {
                let p = diff[i];
                cx.error_spanned_by(&p.name, format!("`{0}: {1}` needs a length: add `dims({0} = ..)`, or give explicit points with `at` and its length is what they leave", p.name, tidy(&p.ty)));
            }
        }
        (Some(_), [_, rest @ ..]) if !rest.is_empty() => {
            for &i in rest {
                let p = diff[i];
                cx.error_spanned_by(&p.name, format!("the points cannot be shared among several slice or `Vec` parameters: give `dims({} = ..)`", p.name));
            }
        }
        (Some(at), &[i]) => {
            let first = &at.value[0];
            let width = first.value.len();
            let others: Vec<&Len> = lens.iter().flatten().collect();
            if let Some(taken) = known_sum(others.iter().copied()) {
                if width > taken {
                    lens[i] = Some(Len::Known(width - taken));
                } else {
                    cx.error_spanned_by(first, format!("this point has {}, which leaves none for `{}` after the other parameters ({})", count(width, "value"), diff[i].name, breakdown(&diff, &lens)));
                }
            } else {
                let taken = sum_tokens(others.iter().copied());
                const_checks.push(ConstCheck {
                    condition: quote!(#width > #taken),
                    message: format!(
                        "`at`: the points leave no value for `{}` after the other parameters",
                        diff[i].name
                    ),
                    span: first.tokens.clone(),
                });
                lens[i] = Some(Len::Const(quote!((#width as usize).saturating_sub(#taken))));
                inferred_from_points = true;
            }
        }
        (Some(_), _) => unreachable!("the arms above cover one and several unknown lengths"),
    }
    if let (Some(at), true) = (points, lens.iter().all(Option::is_some)) {
        check_point_widths(
            at,
            sig,
            &diff,
            &lens,
            !inferred_from_points,
            &mut const_checks,
            cx,
        );
    }
    (
        lens.into_iter()
            .map(|l| l.unwrap_or(Len::Known(1)))
            .collect(),
        const_checks,
    )
}

pub(super) fn check_point_widths(
    at: &Spanned<Vec<Spanned<Vec<f64>>>>,
    sig: &Signature,
    diff: &[&Param],
    lens: &[Option<Len>],
    check_total: bool,
    checks: &mut Vec<ConstCheck>,
    cx: &mut Ctxt,
) {
    let lens_known: Vec<&Len> = lens.iter().flatten().collect();
    match known_sum(lens_known.iter().copied()) {
        Some(total) => {
            for p in &at.value {
                if p.value.len() != total {
                    cx.error_spanned_by(
                        p,
                        format!(
                            "this point has {}, but `{}` takes {}: {}",
                            count(p.value.len(), "value"),
                            sig.ident,
                            count(total, "differentiable scalar"),
                            breakdown(diff, lens)
                        ),
                    );
                }
            }
        }
        None => {
            let width = at.value[0].value.len();
            for p in &at.value[1..] {
                if p.value.len() != width {
                    cx.error_spanned_by(p, format!("this point has {} but the first has {width}: every point has one value per differentiable scalar", count(p.value.len(), "value")));
                }
            }
            if !check_total {
                return;
            }
            let total = sum_tokens(lens_known.iter().copied());
            checks.push(ConstCheck {
                condition: quote!(#width == #total),
                message: format!(
                    "`at`: a point of `{}` must have one value per differentiable scalar ({})",
                    sig.ident,
                    breakdown(diff, lens)
                ),
                span: first_token(&at.tokens),
            });
        }
    }
}

pub(super) fn first_token(tokens: &TokenStream) -> TokenStream {
    let span = first_span(tokens);
    quote::quote_spanned!(span=> at)
}

/// `x`: 1, `p`: 2, `w`: N — for messages about point widths.
pub(super) fn breakdown(diff: &[&Param], lens: &[Option<Len>]) -> String {
    diff.iter()
        .zip(lens)
        .map(|(p, l)| match l {
            Some(Len::Known(n)) => format!("`{}`: {n}", p.name),
            Some(Len::Const(_)) => match &p.kind {
                ParamKind::Array(n) | ParamKind::ArrayRef(n) => {
                    format!("`{}`: {}", p.name, tidy(n))
                }
                _ => format!("`{}`: the rest", p.name),
            },
            None => format!("`{}`: the rest", p.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1 value`, `3 values`.
pub(super) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The total of the lengths when all are known. Saturating: `[D; 18446744073709551615]`
/// beside another parameter overflowed here (found by the fuzz tests), and no point can have
/// that many values anyway, so the width check still refuses it with the parts listed.
pub(super) fn known_sum<'a>(lens: impl Iterator<Item = &'a Len>) -> Option<usize> {
    lens.map(|l| match l {
        Len::Known(n) => Some(*n),
        Len::Const(_) => None,
    })
    .try_fold(0usize, |total, n| Some(total.saturating_add(n?)))
}

pub(super) fn sum_tokens<'a>(lens: impl Iterator<Item = &'a Len>) -> TokenStream {
    let terms: Vec<&Len> = lens.collect();
    if terms.is_empty() {
        quote!(0usize)
    } else {
        quote!((0usize #(+ #terms)*))
    }
}

/// The value of an integer literal length (`3` in `[D; 3]`).
pub(super) fn literal(e: &Expr) -> Option<usize> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse().ok(),
            _ => None,
        },
        Expr::Group(g) => literal(&g.expr),
        Expr::Paren(p) => literal(&p.expr),
        _ => None,
    }
}
