//! Semantic checks: whether the attribute's values make sense together and with the
//! signature (names that exist, ranges that are not empty, points of the right length), and
//! the length of every differentiable parameter, which the expansion needs.

use crate::attr::{first_span, Attrs, Spanned};
use crate::ctxt::Ctxt;
use crate::signature::{tidy, Output, Param, ParamKind, Signature};
use crate::suggest;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Expr, Ident, Lit};

/// The number of scalars a differentiable parameter contributes.
#[derive(Clone)]
pub enum Len {
    /// Known now: `D`, `[D; 3]`, `dims(x = 5)`, or read off the points.
    Known(usize),
    /// A constant expression the compiler evaluates: `[D; N]`, or what the points leave
    /// after such a parameter.
    Const(TokenStream),
}

impl ToTokens for Len {
    fn to_tokens(&self, out: &mut TokenStream) {
        match self {
            Len::Known(n) => proc_macro2::Literal::usize_unsuffixed(*n).to_tokens(out),
            Len::Const(e) => quote!((#e)).to_tokens(out),
        }
    }
}

/// A check the macro cannot decide because it involves a constant it cannot evaluate: the
/// expansion turns it into `const _: () = assert!(..)`, spanned on `at`.
pub struct ConstCheck {
    /// A `bool` constant expression that must hold.
    pub condition: TokenStream,
    /// The message when it does not.
    pub message: String,
    /// Where the error points.
    pub span: TokenStream,
}

/// What validation hands to the expansion.
pub struct Plan {
    /// The length of each differentiable parameter of the classic forms, in order, as
    /// validation worked it out (the expansion takes sizes from the templates when it runs;
    /// the unit tests read these).
    #[allow(dead_code)]
    pub lens: Vec<Len>,
    /// Checks left to the compiler.
    pub const_checks: Vec<ConstCheck>,
}

/// Checks `attrs` against itself and `sig`, recording every problem in `cx`.
pub fn validate(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) -> Plan {
    check_points_and_samples(attrs, cx);
    check_domains(attrs, sig, cx);
    check_tolerances(attrs, cx);
    check_data(attrs, sig, cx);
    check_dims(attrs, sig, cx);
    check_expect(attrs, cx);
    check_shapes(attrs, sig, cx);
    check_at_values(attrs, sig, cx);
    if let (Some(h), Output::Array(_) | Output::Vec | Output::Other(_)) =
        (&attrs.hessian, &sig.output)
    {
        cx.error_spanned_by(h, format!("`hessian` needs a function that returns one scalar; `{}` returns a vector (check its Jacobian with `grad`)", sig.ident));
    }
    lengths(attrs, sig, cx)
}

fn check_points_and_samples(attrs: &Attrs, cx: &mut Ctxt) {
    if let (Some(s), None) = (&attrs.samples, &attrs.at) {
        if s.value == 0 {
            cx.error_spanned_by(s, "`samples = 0` and no `at`: there is no point to check; give explicit points with `at = [[..]]` or at least one sample");
        }
    }
    if let Some(d) = &attrs.directions {
        if d.value == 0 {
            cx.error_spanned_by(d, "`directions` must be at least 1");
        }
        if attrs.mode.as_ref().is_some_and(|m| m == "full") {
            cx.error_spanned_by(
                d,
                "`directions` only applies to `mode = fast`; `mode = full` checks every component",
            );
        }
    }
}

fn check_domains(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) {
    let mut ranges: Vec<&Spanned<(f64, f64)>> = attrs.domain.iter().collect();
    for d in &attrs.param_domains {
        ranges.push(&d.value);
        if let Some(p) = find_param(sig, &d.name, "domain(..)", cx) {
            if !p.kind.is_differentiable() {
                cx.error_spanned_by(&d.name, format!("`{}` is a data parameter: only differentiable parameters are drawn from a domain", d.name));
            }
        }
    }
    for r in ranges {
        let (lo, hi) = r.value;
        if lo >= hi {
            cx.error_spanned_by(
                r,
                format!("empty domain {lo:?}..{hi:?}: the lower end must be below the upper end"),
            );
        }
    }
}

/// `expect(..)` names kinds the check can report as errors.
fn check_expect(attrs: &Attrs, cx: &mut Ctxt) {
    let Some(expect) = &attrs.expect else { return };
    for kind in &expect.value {
        let name = kind.to_string();
        let Some(k) = gradcheck_kinds::Kind::from_name(&name) else {
            continue;
        };
        if !k.fails_by_default() {
            cx.error_spanned_by(kind, format!("`{name}` is a warning, never an error, so `expect({name})` could never be met: `expect` names kinds of errors"));
        } else if attrs.allow.iter().any(|a| a == kind) {
            cx.error_spanned_by(kind, format!("`{name}` is both allowed (made a warning) and expected (as an error): give it to one of `allow` and `expect`"));
        }
        let needs = match name.as_str() {
            "mismatch" => attrs
                .grad
                .is_none()
                .then_some(("grad", "a hand-written gradient")),
            "hessian_mismatch" => attrs
                .hessian
                .is_none()
                .then_some(("hessian", "a hand-written Hessian")),
            "reference_mismatch" => attrs
                .reference
                .is_none()
                .then_some(("reference", "a reference implementation")),
            _ => None,
        };
        if let Some((key, what)) = needs {
            cx.error_spanned_by(kind, format!("`{name}` compares {what} and there is none: add `{key} = ..`, or expect another kind"));
        }
    }
}

fn check_tolerances(attrs: &Attrs, cx: &mut Ctxt) {
    for (name, t) in [
        ("rtol", &attrs.rtol),
        ("atol", &attrs.atol),
        ("norm(min)", &attrs.norm_min),
        ("norm(max)", &attrs.norm_max),
    ] {
        if let Some(t) = t {
            if t.value < 0.0 {
                cx.error_spanned_by(t, format!("`{name}` must not be negative"));
            }
        }
    }
    if let (Some(min), Some(max)) = (&attrs.norm_min, &attrs.norm_max) {
        if min.value >= max.value {
            cx.error_spanned_by(
                min,
                format!(
                    "`norm(min = {})` must be below `max = {}`",
                    min.value, max.value
                ),
            );
        }
    }
}

fn check_data(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) {
    for d in &attrs.data {
        if let Some(p) = find_param(sig, &d.name, "data(..)", cx) {
            if p.kind.is_differentiable() {
                cx.error_spanned_by(&d.name, format!("`{}` is differentiable (`{}`): its values come from the points, not from `data(..)`", d.name, tidy(&p.ty)));
            }
        }
    }
    for p in sig.params.iter().filter(|p| !p.kind.is_differentiable()) {
        if !attrs.data.iter().any(|d| d.name == p.name) {
            cx.error_spanned_by(
                &p.name,
                format!("`{0}: {1}` is a data parameter (it does not involve `{2}`) and needs a value: add `data({0} = ..)` to #[gradient_checked]", p.name, tidy(&p.ty), sig.dual),
            );
        }
    }
}

fn check_dims(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) {
    for d in &attrs.dims {
        let Some(p) = find_param(sig, &d.name, "dims(..)", cx) else {
            continue;
        };
        let numbers = &d.value.value;
        if matches!(
            p.kind,
            ParamKind::Scalar | ParamKind::Array(_) | ParamKind::ArrayRef(_)
        ) {
            cx.error_spanned_by(&d.name, format!("`{}: {}` has its length in its type: `dims(..)` is for parameters whose type does not fix their size (`&[{2}]`, `Vec<{2}>`, `DVector<{2}>`, `DMatrix<{2}>`, ...)", d.name, tidy(&p.ty), sig.dual));
        } else if !p.kind.is_differentiable() {
            cx.error_spanned_by(
                &d.name,
                format!(
                    "`{}` is a data parameter: `dims(..)` sizes differentiable parameters",
                    d.name
                ),
            );
        } else if numbers.contains(&0) {
            cx.error_spanned_by(
                &d.value,
                "a parameter needs at least one scalar to be checked",
            );
        } else if p.kind.is_unsized() && numbers.len() != 1 {
            cx.error_spanned_by(
                &d.value,
                format!(
                    "`{}: {}` takes one length: `dims({} = 1000)`",
                    d.name,
                    tidy(&p.ty),
                    d.name
                ),
            );
        }
    }
}

/// `shape(name = ..)`: for a differentiable parameter whose type does not fix its size, and
/// not beside `dims` for the same parameter.
fn check_shapes(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) {
    for s in &attrs.shape {
        let Some(p) = find_param(sig, &s.name, "shape(..)", cx) else {
            continue;
        };
        if !p.kind.is_differentiable() {
            cx.error_spanned_by(&s.name, format!("`{}` is a data parameter: its value comes from `data(..)`; `shape(..)` gives the shape of a differentiable parameter", s.name));
        } else if matches!(
            p.kind,
            ParamKind::Scalar | ParamKind::Array(_) | ParamKind::ArrayRef(_)
        ) {
            cx.error_spanned_by(
                &s.name,
                format!(
                    "`{}: {}` has its size in its type: drop `shape({} = ..)`",
                    s.name,
                    tidy(&p.ty),
                    s.name
                ),
            );
        } else if attrs.dims.iter().any(|d| d.name == s.name) {
            cx.error_spanned_by(
                &s.name,
                format!("`{}` has both `dims(..)` and `shape(..)`: give one", s.name),
            );
        }
    }
}

/// Each `at(..)` is a whole point: a value for every differentiable parameter, none for
/// data parameters or names the function does not have.
fn check_at_values(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) {
    for at in &attrs.at_values {
        for v in &at.value {
            if let Some(p) = find_param(sig, &v.name, "at(..)", cx) {
                if !p.kind.is_differentiable() {
                    cx.error_spanned_by(&v.name, format!("`{}` is a data parameter: its value comes from `data(..)`, not from the points", v.name));
                }
            }
        }
        let missing: Vec<String> = sig
            .params
            .iter()
            .filter(|p| p.kind.is_differentiable())
            .filter(|p| !at.value.iter().any(|v| v.name == p.name))
            .map(|p| format!("`{}`", p.name))
            .collect();
        if !missing.is_empty() {
            cx.error_spanned_by(&at.tokens, format!("this `at(..)` gives no value for {}: each `at(..)` is one whole point, a value for every differentiable parameter", missing.join(", ")));
        }
    }
}

/// The parameter `name` refers to, or an error with the closest name.
fn find_param<'a>(sig: &'a Signature, name: &Ident, key: &str, cx: &mut Ctxt) -> Option<&'a Param> {
    let found = sig.params.iter().find(|p| p.name == *name);
    if found.is_none() {
        let names: Vec<String> = sig.params.iter().map(|p| p.name.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = suggest::hint(&name.to_string(), &names);
        cx.error_spanned_by(
            name,
            format!(
                "`{}` has no parameter `{name}` (in `{key}`){hint}",
                sig.ident
            ),
        );
    }
    found
}

/// The lengths of the differentiable parameters, and the points checked against them.
fn lengths(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) -> Plan {
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
        return Plan {
            lens: lens
                .into_iter()
                .map(|l| l.unwrap_or(Len::Known(1)))
                .collect(),
            const_checks: Vec::new(),
        };
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
    Plan {
        lens: lens
            .into_iter()
            .map(|l| l.unwrap_or(Len::Known(1)))
            .collect(),
        const_checks,
    }
}

fn check_point_widths(
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

fn first_token(tokens: &TokenStream) -> TokenStream {
    let span = first_span(tokens);
    quote::quote_spanned!(span=> at)
}

/// `x`: 1, `p`: 2, `w`: N — for messages about point widths.
fn breakdown(diff: &[&Param], lens: &[Option<Len>]) -> String {
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
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The total of the lengths when all are known. Saturating: `[D; 18446744073709551615]`
/// beside another parameter overflowed here (found by the fuzz tests), and no point can have
/// that many values anyway, so the width check still refuses it with the parts listed.
fn known_sum<'a>(lens: impl Iterator<Item = &'a Len>) -> Option<usize> {
    lens.map(|l| match l {
        Len::Known(n) => Some(*n),
        Len::Const(_) => None,
    })
    .try_fold(0usize, |total, n| Some(total.saturating_add(n?)))
}

fn sum_tokens<'a>(lens: impl Iterator<Item = &'a Len>) -> TokenStream {
    let terms: Vec<&Len> = lens.collect();
    if terms.is_empty() {
        quote!(0usize)
    } else {
        quote!((0usize #(+ #terms)*))
    }
}

/// The value of an integer literal length (`3` in `[D; 3]`).
fn literal(e: &Expr) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{attr, signature};
    use proc_macro2::TokenStream;
    use quote::quote;

    fn run(args: TokenStream, sig: syn::Signature) -> (Plan, Vec<String>) {
        let mut cx = Ctxt::new();
        let attrs = attr::parse(args, &mut cx);
        let sig = signature::analyze(&sig, &mut cx).expect("a checkable signature");
        let plan = validate(&attrs, &sig, &mut cx);
        (plan, cx.messages())
    }

    fn lens(plan: &Plan) -> Vec<String> {
        plan.lens
            .iter()
            .map(|l| l.to_token_stream().to_string())
            .collect()
    }

    #[test]
    fn literal_lengths_are_known() {
        let (plan, e) = run(
            quote!(at = [[1.0, 2.0, 3.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, p: &[D; 2]) -> D),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(lens(&plan), ["1", "2"]);
        assert!(plan.const_checks.is_empty());
    }

    #[test]
    fn a_point_of_the_wrong_length_names_the_parameters() {
        let (_, e) = run(
            quote!(at = [[1.0, 2.0], [1.0, 2.0, 3.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, p: [D; 2]) -> D),
        );
        assert_eq!(
            e,
            ["this point has 2 values, but `f` takes 3 differentiable scalars: `x`: 1, `p`: 2"]
        );
    }

    #[test]
    fn a_slice_takes_what_the_points_leave() {
        let (plan, e) = run(
            quote!(at = [[1.0, 2.0, 3.0, 4.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, v: &[D]) -> D),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(lens(&plan), ["1", "3"]);
    }

    #[test]
    fn dims_give_slice_lengths() {
        let (plan, e) = run(
            quote!(dims(v = 1000)),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(v: Vec<D>) -> D),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(lens(&plan), ["1000"]);
    }

    #[test]
    fn constant_lengths_are_left_to_the_compiler() {
        let (plan, e) = run(
            quote!(at = [[1.0, 2.0, 3.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(p: [D; N], v: &[D]) -> D),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            plan.const_checks.len(),
            1,
            "the points leave something for `v` (the total then holds)"
        );
        assert!(lens(&plan)[1].contains("saturating_sub"));
        let (plan, _) = run(
            quote!(at = [[1.0, 2.0, 3.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(p: [D; N]) -> D),
        );
        assert_eq!(plan.const_checks.len(), 1, "the width must match N");
    }

    #[test]
    fn slices_without_a_length_are_refused() {
        let (_, e) = run(
            quote!(),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(v: &[D]) -> D),
        );
        assert!(e[0].starts_with("`v: &[D]` needs a length"), "{e:?}");
        let (_, e) = run(
            quote!(at = [[1.0, 2.0]]),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(v: &[D], w: &[D]) -> D),
        );
        assert!(e[0].contains("dims(w = ..)"), "{e:?}");
    }

    #[test]
    fn data_names_are_checked_both_ways() {
        let sig: syn::Signature = syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(w: &[D; 2], xs: &[f64], ys: &[f64]) -> D);
        let (_, e) = run(quote!(data(xs = &XS, yss = &YS, w = &W)), sig);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e[0].contains("no parameter `yss`") && e[0].contains("did you mean `ys`?"),
            "{}",
            e[0]
        );
        assert!(e[1].contains("`w` is differentiable"), "{}", e[1]);
        assert!(
            e[2].contains("`ys: &[f64]` is a data parameter"),
            "{}",
            e[2]
        );
    }

    #[test]
    fn semantic_value_checks() {
        let sig: syn::Signature =
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, xs: &[f64]) -> [D; 2]);
        let (_, e) = run(
            quote!(
                samples = 0,
                domain = 1.0..1.0,
                domain(x = 2..1, xs = 0..1, z = 0..1),
                rtol = -1e-6,
                norm(min = 2, max = 1),
                mode = full,
                directions = 0,
                hessian = h,
                data(xs = &XS)
            ),
            sig,
        );
        let want = [
            "`samples = 0` and no `at`",
            "`directions` must be at least 1",
            "`directions` only applies to `mode = fast`",
            "`xs` is a data parameter",
            "no parameter `z`",
            "empty domain 1.0..1.0",
            "empty domain 2.0..1.0",
            "`rtol` must not be negative",
            "`norm(min = 2)` must be below `max = 1`",
            "`hessian` needs a function that returns one scalar",
        ];
        assert_eq!(e.len(), want.len(), "{e:#?}");
        for (got, want) in e.iter().zip(want) {
            assert!(got.contains(want), "{got:?} should contain {want:?}");
        }
    }

    #[test]
    fn dims_on_an_array_is_refused() {
        let (_, e) = run(
            quote!(dims(p = 3)),
            syn::parse_quote!(fn f<D: DualNum<Primitive = f64>>(p: [D; 3]) -> D),
        );
        assert!(e[0].contains("has its length in its type"), "{e:?}");
    }
}
