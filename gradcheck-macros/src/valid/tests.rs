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
fn the_primitive_comes_from_the_bound_then_from_precision() {
    let case = |args: TokenStream, sig: syn::Signature| {
        let (plan, e) = run(args, sig);
        (plan.primitive, plan.shadow, e)
    };
    let fixed32: syn::Signature = syn::parse_quote!(fn f<D: DualNum<Primitive = f32>>(x: D) -> D);
    let free: syn::Signature = syn::parse_quote!(fn f<D: DualNum + Copy>(x: D) -> D);
    assert_eq!(
        case(quote!(), fixed32.clone()),
        (Primitive::F32, false, vec![])
    );
    assert_eq!(
        case(quote!(), free.clone()),
        (Primitive::F64, false, vec![])
    );
    assert_eq!(
        case(quote!(precision = f32), free.clone()),
        (Primitive::F32, true, vec![])
    );
    assert_eq!(
        case(quote!(precision = f64), free),
        (Primitive::F64, false, vec![])
    );
    let (p, shadow, e) = case(quote!(precision = f64), fixed32);
    assert_eq!((p, shadow), (Primitive::F32, false));
    assert!(
        e[0].contains("`precision = f64` contradicts the bound `DualNum<Primitive = f32>`"),
        "{e:?}"
    );
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
