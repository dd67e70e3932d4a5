//! A number on the left of an arithmetic operator whose right operand is a `D` (`1.0 / x`,
//! `2.0 - w[1]`, `0.5 * x.exp()`): ordinary in `f64` code, a compile error over a generic
//! `D` that rustc reports as "cannot divide `{float}` by `D`" and a list of some 200 impls,
//! because Rust's orphan rule lets no crate but `f64`'s or `D`'s write `impl Div<D> for f64`.
//!
//! [`scan`] finds these in a function body from its tokens, and rewrites each literal `c` as
//! `D::from(c)`, which means the same and compiles: the attribute can report its own error
//! (with the idiomatic rewrite: `x.recip()`, `x * 2.0`, `D::from(2.0) - x`) and emit the
//! rewritten function, so that rustc adds no second error. It only flags what it can tell is
//! a `D` without types: a parameter `x: D`, a container parameter indexed down to its
//! scalar (`w[i]`, `w[i][j]`, `W[(r, c)]`), either followed by `DualNum` methods
//! (`x.exp()`), or a parenthesized expression that starts with one; precedence is respected
//! (`y * 2.0 * x` is `(y * 2.0) * x`, which compiles).
//!
//! [`check_body`] is what the attribute calls on the annotated function's body. A parameter
//! the body binds again (`let x = ..`, `for x in`, `|x|`) is left out: its name no longer
//! says its type.

use crate::ctxt::Ctxt;
use proc_macro2::{Delimiter, Group, Ident, Literal, Spacing, Span, TokenStream, TokenTree};
use quote::{quote_spanned, ToTokens};

/// The numbers on the left of a `D` in `block`, one error each (spanned on the number, with
/// the rewrite), and the block rewritten so that rustc adds no second error; `None` when
/// there is none (the function then stays exactly as written).
pub fn check_body(sig: &syn::Signature, block: &syn::Block, cx: &mut Ctxt) -> Option<syn::Block> {
    let analysed = crate::signature::analyze(sig, &mut Ctxt::new())?;
    let body = block.to_token_stream();
    let params: Vec<DParam> = analysed
        .params
        .iter()
        .filter(|p| !rebinds(body.clone(), &p.name))
        .filter_map(|p| {
            let depth = crate::params::types::depth(&p.ty, &analysed.dual)?;
            Some(DParam {
                name: p.name.clone(),
                depth,
            })
        })
        .collect();
    if params.is_empty() {
        return None;
    }
    let (rewritten, found) = scan(body, &params, &analysed.dual);
    if found.is_empty() {
        return None;
    }
    for f in found {
        cx.syn_error(syn::Error::new(f.span, f.message));
    }
    syn::parse2(rewritten).ok()
}

/// Whether `tokens` bind `name` again: after `let`, `mut`, `ref`, `for` or a closure's `|`.
fn rebinds(tokens: TokenStream, name: &Ident) -> bool {
    let mut prev: Option<TokenTree> = None;
    for tt in tokens {
        match &tt {
            TokenTree::Ident(i) if i == name => {
                let binding = match &prev {
                    Some(TokenTree::Ident(k)) => {
                        matches!(k.to_string().as_str(), "let" | "mut" | "ref" | "for")
                    }
                    Some(TokenTree::Punct(p)) => p.as_char() == '|',
                    _ => false,
                };
                if binding {
                    return true;
                }
            }
            TokenTree::Group(g) if rebinds(g.stream(), name) => return true,
            _ => {}
        }
        prev = Some(tt);
    }
    false
}

/// A parameter whose scalars are `D`: its name, and how many index groups reach a scalar
/// (0 for `x: D`; 1 for `[D; N]`, `&[D]`, `Vec<D>`, nalgebra's `v[i]` and `W[(r, c)]`;
/// 2 for `[[D; N]; M]` and `Vec<Vec<D>>`).
pub struct DParam {
    /// The parameter's name.
    pub name: Ident,
    /// Index groups from the parameter to one scalar.
    pub depth: usize,
}

/// One literal on the left of a `D`.
pub struct LeftLiteral {
    /// The literal's span (the error goes there).
    pub span: Span,
    /// What is wrong and the rewrite.
    pub message: String,
}

/// `DualNum` methods (and the prelude's `DualMath` ones) that return the number type.
const D_METHODS: &[&str] = &[
    "abs",
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "cbrt",
    "clamp",
    "clone",
    "cos",
    "cosh",
    "exp",
    "exp2",
    "exp_m1",
    "hypot",
    "ln",
    "ln_1p",
    "log",
    "log10",
    "log1p_exp",
    "log2",
    "max",
    "min",
    "mul_add",
    "powd",
    "powf",
    "powi",
    "recip",
    "sigmoid",
    "signum",
    "sin",
    "sinh",
    "softplus",
    "sqrt",
    "tan",
    "tanh",
];

/// The literals on the left of a `D` in `body`, and `body` with each rewritten as
/// `D::from(c)` (`dual` is the dual type's name).
pub fn scan(body: TokenStream, params: &[DParam], dual: &Ident) -> (TokenStream, Vec<LeftLiteral>) {
    let mut found = Vec::new();
    let out = scan_stream(body, params, dual, &mut found);
    (out, found)
}

fn scan_stream(
    body: TokenStream,
    params: &[DParam],
    dual: &Ident,
    found: &mut Vec<LeftLiteral>,
) -> TokenStream {
    let tokens: Vec<TokenTree> = body.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Group(g) => {
                let inner = scan_stream(g.stream(), params, dual, found);
                let mut group = Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            TokenTree::Literal(lit) => match on_the_left(&tokens, i, params) {
                Some((c, negative, op, operand)) => {
                    let shown = if negative { format!("-{c}") } else { c.clone() };
                    found.push(LeftLiteral {
                        span: lit.span(),
                        message: message(&shown, op, &operand, dual),
                    });
                    let c: TokenStream = c.parse().expect("a float literal");
                    out.extend(quote_spanned!(lit.span()=> #dual::from(#c)));
                }
                None => out.push(tt.clone()),
            },
            _ => out.push(tt.clone()),
        }
    }
    out.into_iter().collect()
}

/// Number suffixes, dropped from the rewrite.
const SUFFIXES: &[&str] = &[
    "f64", "f32", "usize", "isize", "u128", "i128", "u64", "i64", "u32", "i32", "u16", "i16", "u8",
    "i8",
];

/// The literal as a float (`2` becomes `2.0`), its suffix dropped; `None` for what is no
/// decimal number (a string, a char, `0x1f`).
fn float_text(lit: &Literal) -> Option<String> {
    let text = lit.to_string().replace('_', "");
    if !text.starts_with(|c: char| c.is_ascii_digit())
        || text.starts_with("0x")
        || text.starts_with("0o")
        || text.starts_with("0b")
    {
        return None;
    }
    let s = SUFFIXES
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .unwrap_or(&text);
    Some(if s.contains(['.', 'e', 'E']) {
        s.to_owned()
    } else {
        format!("{s}.0")
    })
}

/// When `tokens[i]`, a number, is the left operand of an arithmetic operator whose right
/// operand is a `D`: the number as a float, whether a minus sign precedes it, the operator and
/// the operand's text.
fn on_the_left(
    tokens: &[TokenTree],
    i: usize,
    params: &[DParam],
) -> Option<(String, bool, char, String)> {
    let TokenTree::Literal(lit) = &tokens[i] else {
        return None;
    };
    let c = float_text(lit)?;
    let op = binary_op(tokens.get(i + 1)?, tokens.get(i + 2))?;
    // A unary minus belongs to the literal: look before it.
    let before = if i >= 1 && is_punct(&tokens[i - 1], '-') && is_unary(tokens, i - 1) {
        i - 1
    } else {
        i
    };
    if !starts_operand(before.checked_sub(1).map(|j| &tokens[j]), op) {
        return None;
    }
    let operand = d_operand(&tokens[i + 2..], params)?;
    Some((c, before < i, op, operand))
}

fn is_punct(tt: &TokenTree, c: char) -> bool {
    matches!(tt, TokenTree::Punct(p) if p.as_char() == c)
}

/// `*`, `/`, `+`, `-` standing alone (not `*=`, `->`, `-=`).
fn binary_op(tt: &TokenTree, next: Option<&TokenTree>) -> Option<char> {
    let TokenTree::Punct(p) = tt else { return None };
    let c = p.as_char();
    let compound =
        p.spacing() == Spacing::Joint && next.is_some_and(|n| matches!(n, TokenTree::Punct(_)));
    (matches!(c, '*' | '/' | '+' | '-') && !compound).then_some(c)
}

/// Whether the `-` at `j` is a sign, not a subtraction: nothing that ends an operand before it.
fn is_unary(tokens: &[TokenTree], j: usize) -> bool {
    match j.checked_sub(1).map(|k| &tokens[k]) {
        None | Some(TokenTree::Punct(_)) => true,
        Some(TokenTree::Ident(id)) => is_keyword(id),
        _ => false,
    }
}

fn is_keyword(id: &Ident) -> bool {
    matches!(
        id.to_string().as_str(),
        "return" | "in" | "else" | "break" | "if" | "while" | "match" | "let"
    )
}

/// Whether what precedes the literal leaves it the left operand of `op`: nothing, a lower
/// precedence operator, an opening keyword. After `*` or `/` (or `+`/`-` before `+`/`-`) the
/// literal is the right operand of an earlier operation; after `.` it is a tuple index.
fn starts_operand(prev: Option<&TokenTree>, op: char) -> bool {
    match prev {
        None => true,
        Some(TokenTree::Punct(p)) => match p.as_char() {
            '*' | '/' | '%' | '.' => false,
            '+' | '-' => matches!(op, '*' | '/'),
            _ => true,
        },
        Some(TokenTree::Ident(id)) => is_keyword(id),
        _ => false,
    }
}

/// The text of the operand at the start of `rest` when it is a `D`.
fn d_operand(rest: &[TokenTree], params: &[DParam]) -> Option<String> {
    let mut k = 0;
    match rest.first()? {
        TokenTree::Ident(id) => {
            let p = params.iter().find(|p| p.name == *id)?;
            k += 1;
            let mut depth = 0;
            while let Some(TokenTree::Group(g)) = rest.get(k) {
                if g.delimiter() != Delimiter::Bracket {
                    break;
                }
                depth += 1;
                k += 1;
            }
            if depth != p.depth {
                return None;
            }
        }
        TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            d_operand(&inner, params)?;
            k += 1;
        }
        _ => return None,
    }
    // `.method(..)` calls that keep a `D`.
    while let (Some(dot), Some(TokenTree::Ident(m))) = (rest.get(k), rest.get(k + 1)) {
        if !is_punct(dot, '.') {
            break;
        }
        if !D_METHODS.contains(&m.to_string().as_str()) {
            return None;
        }
        match rest.get(k + 2) {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => k += 3,
            _ => return None,
        }
    }
    if matches!(rest.get(k), Some(TokenTree::Ident(id)) if id == "as")
        || matches!(rest.get(k), Some(TokenTree::Punct(p)) if p.as_char() == '.' || p.as_char() == ':')
    {
        return None; // a cast, a field, a path: not known to be a D
    }
    Some(
        rest[..k]
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join("")
            .replace(" ,", ","),
    )
}

/// The error: what does not compile, and the rewrite for this operator.
fn message(c: &str, op: char, operand: &str, dual: &Ident) -> String {
    let rewrite = match op {
        '*' => format!("`{operand} * {c}`"),
        '+' => format!("`{operand} + {c}`"),
        '/' if c == "1.0" => format!("`{operand}.recip()`"),
        '/' => format!("`{operand}.recip() * {c}` or `{dual}::from({c}) / {operand}`"),
        _ => format!("`{dual}::from({c}) - {operand}` or `-{operand} + {c}`"),
    };
    let t = match op {
        '*' => "Mul",
        '/' => "Div",
        '+' => "Add",
        _ => "Sub",
    };
    format!(
        "`{c} {op} {operand}`: a number on the left of `{op}` does not compile when the right side is a generic `{dual}` (Rust lets no crate but `f64`'s or `{dual}`'s write `impl {t}<{dual}> for f64`); write {rewrite}"
    )
}

#[cfg(test)]
mod tests;
