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
        norm(min = 1e-8, max = 1e8), mode = fast, directions = 8, precision = f32,
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
    assert_eq!(a.precision.unwrap(), "f32");
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
fn precision_is_f32_or_f64() {
    assert_eq!(parse_ok(quote!(precision = f64)).precision.unwrap(), "f64");
    let e = errors(quote!(precision = f16, precision = "f32"));
    assert!(e[0].contains("unknown precision `f16`"), "{e:?}");
    assert!(e[1].contains("duplicate key"), "{e:?}");
    assert!(errors(quote!(precision = 32))[0].contains("expected `f32` or `f64`"));
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
