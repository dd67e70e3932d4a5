use super::*;
use syn::parse_quote;

fn analyze_ok(sig: syn::Signature) -> Signature {
    let mut cx = Ctxt::new();
    let s = analyze(&sig, &mut cx);
    assert!(!cx.has_errors(), "{:?}", cx.messages());
    s.unwrap()
}

fn errors(sig: syn::Signature) -> Vec<String> {
    let mut cx = Ctxt::new();
    analyze(&sig, &mut cx);
    cx.messages()
}

fn kinds(s: &Signature) -> Vec<String> {
    s.params
        .iter()
        .map(|p| match &p.kind {
            ParamKind::Scalar => "scalar".to_owned(),
            ParamKind::Array(n) => format!("array {}", n.to_token_stream()),
            ParamKind::ArrayRef(n) => format!("array-ref {}", n.to_token_stream()),
            ParamKind::Slice => "slice".into(),
            ParamKind::Vec => "vec".into(),
            ParamKind::Other => "other".into(),
            ParamKind::Data => "data".into(),
        })
        .collect()
}

#[test]
fn every_differentiable_shape_is_recognised() {
    let s = analyze_ok(parse_quote! {
        fn f<D: DualNum<Primitive = f64> + Copy>(a: D, b: [D; 2], c: &[D; N], d: &[D], e: Vec<D>, xs: &[f64]) -> D
    });
    assert_eq!(
        kinds(&s),
        ["scalar", "array 2", "array-ref N", "slice", "vec", "data"]
    );
    assert_eq!(s.dual, "D");
    assert!(matches!(s.output, Output::Scalar));
    assert!(s.turbofish);
}

#[test]
fn the_dual_type_may_have_any_name_and_live_in_a_where_clause() {
    let s = analyze_ok(parse_quote! {
        fn triple<T>(p: &[T; 3]) -> [T; 2] where T: DualNum<Primitive = f64> + Copy
    });
    assert_eq!(s.dual, "T");
    assert!(matches!(s.output, Output::Array(_)));
    let s =
        analyze_ok(parse_quote!(fn g<Num: num_dual::DualNum<Primitive = f64>>(x: Num) -> Vec<Num>));
    assert_eq!(s.dual, "Num");
    assert!(matches!(s.output, Output::Vec));
}

#[test]
fn impl_trait_arguments_and_other_type_parameters_disable_the_turbofish() {
    let s = analyze_ok(
        parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D, g: impl Fn(f64) -> f64) -> D),
    );
    assert!(!s.turbofish);
    let s = analyze_ok(
        parse_quote!(fn f<D: DualNum<Primitive = f64>, F: Fn(f64) -> f64>(x: D, g: F) -> D),
    );
    assert!(!s.turbofish);
    assert_eq!(s.other_types, ["F"]);
}

#[test]
fn every_other_form_is_left_to_the_runtime_traits() {
    let s = analyze_ok(parse_quote! {
        fn f<D: DualNum<Primitive = f64> + Copy>(
            a: &[[D; 3]; 2], b: &[[D; 2]], c: &Vec<D>, d: Vec<Vec<D>>, e: &SMatrix<D, 2, 2>,
            f: ArrayView1<D>, k: &Kernel<D>, t: (D, [D; 2]), xs: &[f64]
        ) -> SVector<D, 2>
    });
    assert_eq!(
        kinds(&s),
        ["other", "other", "other", "other", "other", "other", "other", "other", "data"]
    );
    assert!(matches!(s.output, Output::Other(_)));
}

#[test]
fn unsupported_parameter_types_are_each_reported() {
    let e = errors(
        parse_quote!(fn f<D: DualNum<Primitive = f64>>(a: &mut D, b: Option<D>, c: HashMap<u8, D>) -> D),
    );
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].starts_with("`&mut D` is not a parameter form")
            && e[0].contains("write `&D` or `D`")
            && e[0].contains("The forms are"),
        "{}",
        e[0]
    );
    assert!(e[1].contains("`Option<D>`"), "{}", e[1]);
    let e = errors(parse_quote!(fn f<D: DualNum<Primitive = f64>, T: Tag>(a: &Tagged<D, T>) -> D));
    assert!(e[0].contains("other type parameter `T`"), "{e:?}");
}

#[test]
fn a_function_without_a_dual_type_parameter_is_refused() {
    let e = errors(parse_quote!(fn f(x: f64) -> f64));
    assert!(
        e[0].contains("no type parameter bounded by `DualNum<Primitive = f64>`"),
        "{e:?}"
    );
}

#[test]
fn the_primitive_is_f64_f32_or_free() {
    let p = |sig: syn::Signature| analyze_ok(sig).primitive;
    assert_eq!(
        p(parse_quote!(fn f<D: DualNum<Primitive = f32>>(x: D) -> D)),
        Some(Primitive::F32)
    );
    assert_eq!(
        p(parse_quote!(fn f<D>(x: D) -> D where D: DualNum<Primitive = f64>)),
        Some(Primitive::F64)
    );
    assert_eq!(p(parse_quote!(fn f<D: DualNum + Copy>(x: D) -> D)), None);
    assert_eq!(
        p(parse_quote!(fn f<F: DualNumFloat, D: DualNum<Primitive = F>>(x: D) -> D)),
        None
    );
}

#[test]
fn other_primitives_and_const_generics_are_refused_with_the_reason() {
    let e = errors(parse_quote!(fn f<D: DualNum<Primitive = f16>>(x: D) -> D));
    assert!(
        e[0].contains("in `f64` or `f32`") && e[0].contains("`f16` is neither"),
        "{e:?}"
    );
    let e = errors(parse_quote!(fn f<D: DualNum<Primitive = f64>, const N: usize>(x: [D; N]) -> D));
    assert!(e[0].contains("const generic"), "{e:?}");
}

#[test]
fn async_unsafe_and_self_are_refused() {
    assert!(
        errors(parse_quote!(async fn f<D: DualNum<Primitive = f64>>(x: D) -> D))[0]
            .contains("async fn")
    );
    assert!(
        errors(parse_quote!(unsafe fn f<D: DualNum<Primitive = f64>>(x: D) -> D))[0]
            .contains("unsafe fn")
    );
    assert!(
        errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(&self, x: D) -> D))[0]
            .contains("takes `self`")
    );
}

#[test]
fn return_types_are_checked() {
    assert!(
        errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D) -> (D, D)))[0]
            .contains("unsupported return type `(D, D)`")
    );
    assert!(
        errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: D)))[0]
            .contains("returns nothing")
    );
}

#[test]
fn a_function_needs_a_differentiable_parameter() {
    assert!(
        errors(parse_quote!(fn f<D: DualNum<Primitive = f64>>(x: f64) -> D))[0]
            .contains("no differentiable parameter")
    );
}
