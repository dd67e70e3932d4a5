//! What must hold for every input, valid or not: the expansion returns (no panic), is the
//! same twice, parses as items whenever the input was an item, and every rejection is a
//! `compile_error!` with a message at a token of the input, not at the call site.
//!
//! Spans: the tests enable proc-macro2's `span-locations`, so tokens lexed from text carry
//! their location and the tokens `quote!` makes carry the call site (location 0..0). An
//! error at the call site would point at the whole `#[gradient_checked(..)]` attribute in
//! the user's editor: acceptable only when no token is at fault, which never happens here
//! (the input always has tokens: at least the function's name).

use proc_macro2::{TokenStream, TokenTree};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What the macro made of one input.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No error: the test module was generated.
    Accepted,
    /// This many `compile_error!`s, each at a token of the input.
    Rejected(usize),
}

/// Expands `args` on `item` through the macro's library entry and checks the expansion;
/// `Err` says what went wrong. `twice`: expand a second time and compare.
pub fn check(args: &TokenStream, item: &TokenStream, twice: bool) -> Result<Verdict, String> {
    let run = || {
        catch_unwind(AssertUnwindSafe(|| {
            crate::item::expand(args.clone(), item.clone())
        }))
    };
    let out = run().map_err(|p| format!("panic: {}", panic_message(&p)))?;
    if twice {
        let again = run().map_err(|p| format!("panic the second time: {}", panic_message(&p)))?;
        if again.to_string() != out.to_string() {
            return Err("two expansions of the same input differ".into());
        }
    }
    let mut errors = Vec::new();
    compile_errors(out.clone(), &mut errors);
    // rustc calls an attribute macro only on an item that parses: other inputs need only be
    // refused (syn's own error about them may be at the call site).
    let is_item = syn::parse2::<syn::Item>(item.clone()).is_ok();
    for e in &errors {
        if e.at_call_site && is_item {
            return Err(format!("an error at the call site: {:?}", e.message));
        }
        if e.message.trim().is_empty() {
            return Err("an error without a message".into());
        }
    }
    if is_item {
        if let Err(e) = syn::parse2::<syn::File>(out.clone()) {
            return Err(format!("the expansion does not parse as items: {e}"));
        }
    } else if errors.is_empty() {
        return Err("an input that is no item was not rejected".into());
    }
    Ok(if errors.is_empty() {
        Verdict::Accepted
    } else {
        Verdict::Rejected(errors.len())
    })
}

struct CompileError {
    message: String,
    at_call_site: bool,
}

/// Every `compile_error! { "message" }` in `tokens` (syn's `to_compile_error` puts the
/// error's start span on `compile_error`).
fn compile_errors(tokens: TokenStream, out: &mut Vec<CompileError>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "compile_error" => {
                let message = match tokens.get(i + 2) {
                    Some(TokenTree::Group(g)) => match syn::parse2::<syn::LitStr>(g.stream()) {
                        Ok(s) => s.value(),
                        Err(_) => g.stream().to_string(),
                    },
                    _ => String::new(),
                };
                out.push(CompileError {
                    message,
                    at_call_site: id.span().byte_range() == (0..0),
                });
            }
            TokenTree::Group(g) => compile_errors(g.stream(), out),
            _ => {}
        }
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(not a string)".into())
}
