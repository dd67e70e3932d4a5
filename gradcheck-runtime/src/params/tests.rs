//! Unit tests of the std forms, templates, names and domains (nalgebra and ndarray in
//! `tests_linalg.rs`).

use super::*;
use num_dual::{Dual64, DualNum, DualSVec64, HyperDualSVec64};

/// `value`'s flat scalars as `Dual64`, the derivative seeded on component `seed`.
pub(super) fn seeded(flat: &[f64], seed: usize) -> Vec<Dual64> {
    flat.iter()
        .enumerate()
        .map(|(i, &v)| {
            let d = Dual64::from(v);
            if i == seed {
                d.derivative()
            } else {
                d
            }
        })
        .collect()
}

/// Every component's name, in order.
pub(super) fn names<T: Shape + ?Sized>(prefix: &str, value: &T) -> Vec<String> {
    (0..value.count())
        .map(|i| {
            let mut out = prefix.to_owned();
            value.name(i, &mut out);
            out
        })
        .collect()
}

/// Flattens, rebuilds at `Dual64`, takes the real parts back: the value comes back unchanged.
fn round_trip<T>(value: &T) -> T::With<f64>
where
    T: Differentiable<Leaf = f64> + ?Sized,
    T::With<Dual64>: Differentiable<Leaf = Dual64>,
{
    let flat = flatten(value);
    let dual = rebuild(value, &seeded(&flat, 0));
    let re: Vec<f64> = flatten(&dual).iter().map(|d| d.re).collect();
    assert_eq!(re, flat);
    rebuild(value, &re)
}

#[test]
fn a_scalar_is_one_unnamed_component() {
    assert_eq!(flatten(&2.5), vec![2.5]);
    assert_eq!(names("x", &2.5), ["x"]);
    assert_eq!(round_trip(&2.5), 2.5);
    assert_eq!(f64::FIXED, Some(1));
}

#[test]
fn nested_arrays_flatten_row_major_and_name_every_level() {
    let w = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    assert_eq!(flatten(&w), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(names("w", &w)[3], "w[1][0]");
    assert_eq!(names("w", &w)[5], "w[1][2]");
    assert_eq!(round_trip(&w), w);
    assert_eq!(<[[f64; 3]; 2]>::FIXED, Some(6));
    let d: [[Dual64; 3]; 2] = rebuild(&w, &seeded(&flatten(&w), 3));
    assert_eq!((d[1][0].eps, d[0][0].eps), (1.0, 0.0));
}

#[test]
fn slices_and_vecs_of_arrays_rebuild_as_vecs() {
    let p: &[[f64; 2]] = &[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    assert_eq!(flatten(p), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let owned: Vec<[f64; 2]> = round_trip(p);
    assert_eq!(owned, p);
    assert_eq!(names("p", p)[3], "p[1][1]");
    let v = p.to_vec();
    assert_eq!(names("p", &v), names("p", p));
    assert_eq!(<Vec<[f64; 2]>>::FIXED, None);
}

#[test]
fn ragged_vecs_of_vecs_keep_their_shape() {
    let w = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0]];
    assert_eq!(w.count(), 5);
    assert_eq!(
        names("w", &w),
        ["w[0][0]", "w[0][1]", "w[0][2]", "w[1][0]", "w[1][1]"]
    );
    assert_eq!(round_trip(&w), w);
    assert_eq!(w.select("[1]"), Some(3..5));
    assert_eq!(w.select("[1][1]"), Some(4..5));
    assert_eq!(w.select("[1][2]"), None);
    assert_eq!(w.select("[0,1]"), None);
}

#[test]
fn a_million_scalars_are_named_without_a_million_strings() {
    let v = vec![0.0_f64; 1_000_000];
    let mut name = String::from("v");
    v.name(999_999, &mut name);
    assert_eq!(name, "v[999999]");
    // The scalar fast path copies the slice in one go.
    let flat: Vec<f32> = (0..1_000_000).map(|i| i as f32).collect();
    let r: Vec<f32> = rebuild(&v, &flat);
    assert_eq!(r[123_456], 123_456.0);
}

#[test]
fn tuples_and_flat_forms_are_gradients() {
    assert_eq!(
        IntoGradient::<f64>::into_gradient((1.0, [2.0, 3.0])),
        [1.0, 2.0, 3.0]
    );
    assert_eq!(
        IntoGradient::<f64>::into_gradient(vec![1.0, 2.0]),
        [1.0, 2.0]
    );
    assert_eq!(
        IntoGradient::<f64>::into_gradient((1.0, 2.0, 3.0)),
        [1.0, 2.0, 3.0]
    );
    assert_eq!(names("g", &(1.0, [2.0, 3.0])), ["g.0", "g.1[0]", "g.1[1]"]);
    let t: (f32, [f32; 2]) = rebuild(&(0.0, [0.0; 2]), &[1.0_f32, 2.0, 3.0]);
    assert_eq!(t, (1.0, [2.0, 3.0]));
}

#[test]
fn templates_rebuild_over_every_number_type() {
    let w = [[1.0, 2.0], [3.0, 4.0]];
    let flat: Vec<DualSVec64<2>> = flatten(&w).iter().map(|&v| DualSVec64::from(v)).collect();
    let d: [[DualSVec64<2>; 2]; 2] = rebuild(&w, &flat);
    assert_eq!(d[1][0].re, 3.0);
    let flat: Vec<HyperDualSVec64<1, 2>> = flatten(&w)
        .iter()
        .map(|&v| HyperDualSVec64::from(v))
        .collect();
    let h: Vec<[HyperDualSVec64<1, 2>; 2]> = rebuild(&w[..], &flat);
    assert_eq!(h[1][1].re, 4.0);
    // A template over duals flattens too: dual numbers are leaves.
    assert_eq!(flatten(&d).len(), 4);
}

#[test]
#[should_panic(expected = "ran out")]
fn a_short_input_is_a_clear_panic() {
    let mut flat: &[f64] = &[1.0];
    let _ = [0.0; 2].rebuild(&mut flat);
}

#[test]
#[should_panic(expected = "3 scalars for a template of 2")]
fn rebuild_wants_exactly_the_template_s_scalars() {
    let _: [f64; 2] = rebuild(&[0.0; 2], &[1.0, 2.0, 3.0]);
}

#[test]
fn fixed_shapes_have_templates_and_dims_size_the_rest() {
    assert_eq!(<[[f64; 2]; 3]>::template(), [[0.0; 2]; 3]);
    assert_eq!(<(f64, [f64; 2])>::template(), (0.0, [0.0; 2]));
    assert_eq!(Vec::<f64>::from_dims(&[3]).unwrap(), vec![0.0; 3]);
    assert_eq!(Vec::<[f64; 2]>::from_dims(&[2]).unwrap(), vec![[0.0; 2]; 2]);
    assert_eq!(
        Vec::<Vec<f64>>::from_dims(&[2, 3]).unwrap(),
        vec![vec![0.0; 3]; 2]
    );
    assert_eq!(<[f64; 2]>::from_dims(&[]).unwrap(), [0.0; 2]);
    assert_eq!(
        (<Vec<Vec<f64>>>::RANK, <Vec<[f64; 2]>>::RANK, f64::RANK),
        (2, 1, 0)
    );
}

#[test]
fn a_flat_point_s_leftover_sizes_one_length() {
    assert_eq!(Vec::<f64>::from_count(4), Some(vec![0.0; 4]));
    assert_eq!(<[f64; 3]>::from_count(3), Some([0.0; 3]));
    assert_eq!(<[f64; 3]>::from_count(4), None);
    assert_eq!(
        Vec::<[[f64; 2]; 2]>::from_count(8).map(|v| v.len()),
        Some(2)
    );
    assert_eq!(Vec::<f64>::from_count(0), Some(vec![]));
}

#[test]
fn wrong_dims_say_what_the_type_takes() {
    let e = Vec::<f64>::from_dims(&[3, 4]).unwrap_err();
    assert_eq!(e.rank, 1);
    let text = e.to_string();
    assert!(
        text.contains("dims [3, 4]") && text.contains("1 number (one length)"),
        "{text}"
    );
    let e = <[f64; 2]>::from_dims(&[2]).unwrap_err();
    assert!(e.to_string().contains("drop the `dims`"), "{e}");
}

fn shapes() -> Layout {
    Layout::new()
        .param("x", 0.0)
        .param("w", [[0.0; 3]; 2])
        .param("v", vec![vec![0.0; 2], vec![0.0; 1]])
}

#[test]
fn components_are_named_across_parameters() {
    let s = shapes();
    assert_eq!(s.len(), 10);
    let all: Vec<String> = (0..s.len()).map(|i| s.component_name(i)).collect();
    assert_eq!(
        all,
        [
            "x", "w[0][0]", "w[0][1]", "w[0][2]", "w[1][0]", "w[1][1]", "w[1][2]", "v[0][0]",
            "v[0][1]", "v[1][0]"
        ]
    );
}

#[test]
fn paths_select_ranges_and_ignore_spaces() {
    let s = shapes();
    assert_eq!(s.select("x").unwrap(), 0..1);
    assert_eq!(s.select("w").unwrap(), 1..7);
    assert_eq!(s.select("w[1]").unwrap(), 4..7);
    assert_eq!(s.select("w [1] [2]").unwrap(), 6..7);
    assert_eq!(s.select("v[1]").unwrap(), 9..10);
}

#[test]
fn a_wrong_path_lists_the_paths_that_exist() {
    let s = shapes();
    let e = s.select("w[2]").unwrap_err();
    assert_eq!(e.parameter.as_deref(), Some("w"));
    assert_eq!(e.valid, ["w", "w[0..2]", "w[0..2][0..3]"]);
    let e = s.select("q.a").unwrap_err();
    assert_eq!(
        (e.parameter, e.valid),
        (None, vec!["x".into(), "w".into(), "v".into()])
    );
    assert!(s.select("x[0]").is_err());
    assert!(s.select("w.a").is_err());
}

#[test]
fn the_most_specific_domain_wins_whatever_the_order() {
    let s = shapes();
    let map = s
        .domains(&[("w[1][2]", 3), ("w[1]", 2), ("w", 1), ("x", 0)])
        .unwrap();
    let got: Vec<Option<i32>> = (0..s.len()).map(|i| map.get(i).copied()).collect();
    let want = [0, 1, 1, 1, 2, 2, 3].map(Some).into_iter().chain([None; 3]);
    assert_eq!(got, want.collect::<Vec<_>>());
    let mut boxes = vec![-1; s.len()];
    map.apply(&mut boxes);
    assert_eq!(boxes, [0, 1, 1, 1, 2, 2, 3, -1, -1, -1]);
    // Two paths of one specificity over one range: the later rule wins.
    let map = s.domains(&[("w[0]", 1), ("w[0]", 2)]).unwrap();
    assert_eq!(map.get(1), Some(&2));
    assert!(s.domains(&[("w[0]", 1), ("w[9]", 2)]).is_err());
}

/// A loss over two differently shaped parameters, written once over any `D`.
fn loss<D: DualNum<Primitive = f64> + Copy>(w: &[[D; 2]; 2], v: &[D]) -> D {
    w[0][1].sin() * v[1] + w[1][0] * w[1][0] * v[0]
}

#[test]
fn a_generic_function_differentiates_a_named_component() {
    let (w, v) = ([[0.3, 0.7], [-1.1, 0.4]], vec![2.0, 0.5]);
    let s = Layout::new().param("w", w).param("v", v.clone());
    let mut flat = flatten(&w);
    flat.extend(flatten(&v));
    for (path, expected) in [
        ("w[0][1]", 0.7_f64.cos() * 0.5),
        ("w[1][0]", 2.0 * -1.1 * 2.0),
        ("v[1]", 0.7_f64.sin()),
    ] {
        let i = s.select(path).unwrap().start;
        assert_eq!(s.component_name(i), path);
        let x = seeded(&flat, i);
        let mut rest = &x[..];
        let wd = w.rebuild(&mut rest);
        let vd = v.rebuild(&mut rest);
        assert!(rest.is_empty());
        let y = loss(&wd, &vd);
        assert!(
            (y.eps - expected).abs() < 1e-14,
            "{path}: {} vs {expected}",
            y.eps
        );
    }
}

#[test]
fn a_gradient_of_another_primitive_is_refused_when_converted() {
    assert_eq!(
        IntoGradient::<f64>::into_gradient(([1.0, 2.0], 3.0)),
        [1.0, 2.0, 3.0]
    );
    let e = std::panic::catch_unwind(|| IntoGradient::<f64>::into_gradient([1.0_f32])).unwrap_err();
    let message = e.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("holds `f32`s; it must hold `f64`s"),
        "{message}"
    );
}
