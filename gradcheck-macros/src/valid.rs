//! Semantic checks: whether the attribute's values make sense together and with the
//! signature (names that exist, ranges that are not empty, points of the right length), and
//! the length of every differentiable parameter, which the expansion needs.

use crate::attr::{first_span, Attrs, Spanned};
use crate::ctxt::Ctxt;
use crate::signature::{tidy, Output, Param, ParamKind, Primitive, Signature};
use crate::suggest;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Expr, Ident, Lit};

mod lengths;
use lengths::*;

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
    /// The primitive the function is checked in.
    pub primitive: Primitive,
    /// Whether the function is also evaluated in `f64` (checked in `f32`, its bound leaving
    /// the primitive free): the engine measures what `f32` loses against it.
    pub shadow: bool,
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
    let (primitive, shadow) = precision(attrs, sig, cx);
    let (lens, const_checks) = lengths(attrs, sig, cx);
    Plan {
        lens,
        const_checks,
        primitive,
        shadow,
    }
}

/// The primitive the function is checked in, and whether an `f64` shadow measures what `f32`
/// loses: the bound's `Primitive` when it fixes one; else `precision = ..`, `f64` by default
/// (a function written over any primitive is checked in `f32` only when asked, and then
/// also evaluated in `f64`).
fn precision(attrs: &Attrs, sig: &Signature, cx: &mut Ctxt) -> (Primitive, bool) {
    let asked = attrs
        .precision
        .as_ref()
        .and_then(|p| Primitive::from_name(&p.to_string()).map(|v| (p, v)));
    match (sig.primitive, asked) {
        (Some(fixed), Some((key, p))) if p != fixed => {
            cx.error_spanned_by(key, format!("`precision = {}` contradicts the bound `DualNum<Primitive = {}>`, which computes in `{}` only: remove `precision`, or write the bound without `Primitive` (`D: DualNum + Copy`) so that the function can be evaluated in both", p.name(), fixed.name(), fixed.name()));
            (fixed, false)
        }
        (Some(fixed), _) => (fixed, false),
        (None, Some((_, p))) => (p, p == Primitive::F32),
        (None, None) => (Primitive::F64, false),
    }
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
        let Some(k) = crate::kinds_table::Kind::from_name(&name) else {
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

#[cfg(test)]
mod tests;
