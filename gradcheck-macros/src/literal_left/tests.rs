use super::*;
use quote::quote;

fn params() -> Vec<DParam> {
    let p = |n: &str, depth| DParam {
        name: Ident::new(n, Span::call_site()),
        depth,
    };
    vec![p("x", 0), p("w", 1), p("m", 2), p("W", 1)]
}

fn found(body: TokenStream) -> Vec<String> {
    let d = Ident::new("D", Span::call_site());
    scan(body, &params(), &d)
        .1
        .into_iter()
        .map(|f| f.message)
        .collect()
}

fn flags(body: TokenStream) -> usize {
    found(body).len()
}

#[test]
fn numbers_left_of_a_d_are_found_with_their_rewrite() {
    let m = found(quote!(let y = 1.0 / x;));
    assert_eq!(m.len(), 1);
    assert!(
        m[0].starts_with("`1.0 / x`") && m[0].ends_with("write `x.recip()`"),
        "{m:?}"
    );
    let m = found(quote!(2.0 - w[1]));
    assert!(m[0].contains("`D::from(2.0) - w[1]`"), "{m:?}");
    let m = found(quote!(0.5 * x.exp()));
    assert!(m[0].contains("`x.exp() * 0.5`"), "{m:?}");
    let m = found(quote!(3 * m[i][j]));
    assert!(m[0].contains("`m[i][j] * 3.0`"), "{m:?}");
    let m = found(quote!(-1.0 * x));
    assert!(
        m[0].starts_with("`-1.0 * x`") && m[0].contains("`x * -1.0`"),
        "{m:?}"
    );
    let m = found(quote!(1.0 / W[(r, c)]));
    assert!(m[0].contains("`W[(r, c)].recip()`"), "{m:?}");
    assert_eq!(flags(quote!(s += 2.0 * (x + 1.0);)), 1);
    assert_eq!(flags(quote!(a + 2.0 * x)), 1, "2.0 * x is done first");
    assert_eq!(flags(quote!(f(1.0 / x, { 1.0 + x }))), 2, "inside groups");
}

#[test]
fn what_compiles_or_is_not_known_to_be_a_d_is_left_alone() {
    for body in [
        quote!(x * 2.0),
        quote!(y * 2.0 * x),    // (y * 2.0) * x
        quote!(a - 1.0 - x),    // (a - 1.0) - x
        quote!(1.0 / n as f64), // not a D
        quote!(2.0 * w),        // the whole container
        quote!(2.0 * w.len() as f64),
        quote!(1.0 / k.amplitude), // a field: its type is unknown here
        quote!(p.0 * x),           // a tuple index, not a number
        quote!(2.0 * x.re()),      // re() is an f64
        quote!(1.0 / (n + 1.0)),
        quote!(let v = "1.0" ; v),
        quote!(s *= 2.0; s -= x),
        quote!(0x10 * x),
        quote!(2u8 as f64),
    ] {
        assert_eq!(flags(body.clone()), 0, "{body}");
    }
}

#[test]
fn a_body_is_checked_against_its_signature() {
    let sig: syn::Signature = syn::parse_quote!(
        fn f<D: DualNum<Primitive = f64> + Copy>(x: D, w: &[[D; 2]; 2], k: &Kernel<D>) -> D
    );
    let mut cx = Ctxt::new();
    let block: syn::Block = syn::parse_quote!({ 1.0 / x + 2.0 * w[0][1] + 3.0 * k.a });
    let rewritten = check_body(&sig, &block, &mut cx).expect("rewritten");
    assert_eq!(cx.messages().len(), 2, "{:?}", cx.messages());
    assert!(rewritten
        .to_token_stream()
        .to_string()
        .contains("D :: from (1.0) / x"));
    let mut cx = Ctxt::new();
    let fine: syn::Block = syn::parse_quote!({ x.recip() + w[0][1] * 2.0 });
    assert!(check_body(&sig, &fine, &mut cx).is_none() && !cx.has_errors());
    // `x` bound again: its name no longer says it is a `D`.
    let shadowed: syn::Block = syn::parse_quote!({
        let x = 3.0;
        1.0 / x
    });
    assert!(check_body(&sig, &shadowed, &mut cx).is_none() && !cx.has_errors());
}

#[test]
fn the_rewritten_body_wraps_each_literal_in_from() {
    let d = Ident::new("D", Span::call_site());
    let (out, _) = scan(quote!(let y = 1.0 / x + 2.0 * w[0];), &params(), &d);
    assert_eq!(
        out.to_string(),
        quote!(let y = D::from(1.0) / x + D::from(2.0) * w[0];).to_string()
    );
    let (out, _) = scan(quote!(2usize - x), &params(), &d);
    assert_eq!(out.to_string(), quote!(D::from(2.0) - x).to_string());
}
