//! `#[derive(Differentiable)]` through the facade's prelude: fields in declaration order,
//! names `k.amplitude` and `net.layers[1].bias[0]`, fields without the scalar carried over,
//! templates, domain paths, and a generic function differentiated through rebuilt structs.
#![allow(dead_code)]

use gradient_checked::params::{flatten, rebuild, FixedShape, FromDims, Layout, Shape};
use gradient_checked::prelude::*;
use nalgebra::DMatrix;
use std::marker::PhantomData;

#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Kernel<D> {
    length_scale: D,
    amplitude: D,
}

#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Layer<D> {
    w: DMatrix<D>,
    bias: Vec<D>,
}

#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Net<D> {
    layers: Vec<Layer<D>>,
    name: String,
}

impl Net<f64> {
    /// Layer sizes `sizes` (inputs first), entries numbered in flattened order from 1.
    fn numbered(sizes: &[usize]) -> Self {
        let layers: Vec<Layer<f64>> = sizes
            .windows(2)
            .map(|s| Layer {
                w: DMatrix::zeros(s[1], s[0]),
                bias: vec![0.0; s[1]],
            })
            .collect();
        let net = Net {
            layers,
            name: "mlp".into(),
        };
        let flat: Vec<f64> = (1..=net.count()).map(|i| i as f64).collect();
        rebuild(&net, &flat)
    }
}

fn names<T: Shape>(prefix: &str, value: &T) -> Vec<String> {
    (0..value.count())
        .map(|i| {
            let mut s = prefix.to_owned();
            value.name(i, &mut s);
            s
        })
        .collect()
}

#[test]
fn a_kernel_flattens_its_fields_in_order() {
    let k = Kernel {
        length_scale: 1.5,
        amplitude: 0.3,
    };
    assert_eq!(flatten(&k), [1.5, 0.3]);
    assert_eq!(names("k", &k), ["k.length_scale", "k.amplitude"]);
    let d: Kernel<Dual64> = rebuild(&k, &[Dual64::from(1.5), Dual64::from(0.3).derivative()]);
    assert_eq!((d.amplitude.re, d.amplitude.eps), (0.3, 1.0));
    assert_eq!(<Kernel<f64> as Differentiable>::FIXED, Some(2));
    assert_eq!(
        Kernel::<f64>::template(),
        Kernel {
            length_scale: 0.0,
            amplitude: 0.0
        }
    );
    assert_eq!(<Vec<Kernel<f64>>>::from_dims(&[3]).unwrap().len(), 3);
}

#[test]
fn a_network_names_its_bias_and_carries_its_name() {
    let net = Net::numbered(&[2, 3, 1]);
    assert_eq!(net.count(), 13);
    let all = names("net", &net);
    assert_eq!(all[1], "net.layers[0].w[1,0]");
    assert_eq!(all[6], "net.layers[0].bias[0]");
    assert_eq!(all[12], "net.layers[1].bias[0]");
    assert_eq!(net.layers[1].bias[0], 13.0);
    let d: Net<Dual64> = rebuild(&net, &vec![Dual64::from(0.0); 13]);
    assert_eq!(d.name, "mlp", "carried over from the template");
    assert_eq!(d.layers[0].w.shape(), (3, 2));
    let back: Net<f64> = rebuild(&net, &flatten(&net));
    assert_eq!(back, net);
}

#[test]
fn domain_paths_reach_into_structs() {
    let shapes = Layout::new()
        .param("net", Net::numbered(&[2, 3, 1]))
        .param("k", Kernel::<f64>::template());
    assert_eq!(shapes.select("net.layers[0].w").unwrap(), 0..6);
    assert_eq!(shapes.select("net.layers[1]").unwrap(), 9..13);
    assert_eq!(shapes.select("k.amplitude").unwrap(), 14..15);
    let e = shapes.select("net.layers[0].weights").unwrap_err();
    assert_eq!(
        e.valid,
        [
            "net",
            "net.layers",
            "net.layers[0..2]",
            "net.layers[0..2].w",
            "net.layers[0..2].w[0..3,0..2]",
            "net.layers[0..2].bias",
            "net.layers[0..2].bias[0..3]"
        ]
    );
    assert!(shapes.select("net.name").is_err(), "not differentiated");
    let map = shapes
        .domains(&[("net", (-1.0, 1.0)), ("net.layers[0].w", (-0.5, 0.5))])
        .unwrap();
    assert_eq!(
        (map.get(5), map.get(6)),
        (Some(&(-0.5, 0.5)), Some(&(-1.0, 1.0)))
    );
}

/// Tuple structs, lifetimes, const parameters, `PhantomData`, a field without `Default`.
#[derive(Clone, Differentiable)]
struct Pair<D>(D, [D; 2]);

#[derive(Clone, Differentiable)]
struct Tagged<'a, D, const N: usize> {
    tag: &'a str,
    xs: [D; N],
    _p: PhantomData<D>,
}

#[derive(Clone, Debug)]
struct NoDefault;

#[derive(Clone, Differentiable)]
struct Odd<D> {
    x: D,
    odd: NoDefault,
}

#[test]
fn other_struct_shapes_derive_too() {
    let p = Pair(1.0, [2.0, 3.0]);
    assert_eq!(names("p", &p), ["p.0", "p.1[0]", "p.1[1]"]);
    let t = Tagged::<f64, 2> {
        tag: "t",
        xs: [4.0, 5.0],
        _p: PhantomData,
    };
    let r: Tagged<f32, 2> = rebuild(&t, &[6.0_f32, 7.0]);
    assert_eq!((r.tag, r.xs), ("t", [6.0, 7.0]));
    assert_eq!(Tagged::<f64, 3>::template().xs, [0.0; 3]);
    let o = Odd {
        x: 1.0,
        odd: NoDefault,
    };
    assert_eq!(flatten(&o), [1.0]);
}

/// The kernel sum over pairs of inputs, written once over any `D`.
fn kernel_sum<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>, xs: &[f64]) -> D {
    let l2 = k.length_scale * k.length_scale * 2.0;
    let mut s = D::from(0.0);
    for i in 0..xs.len() {
        for j in i + 1..xs.len() {
            let d2 = (xs[i] - xs[j]).powi(2);
            s += k.amplitude * k.amplitude * (D::from(-d2) / l2).exp();
        }
    }
    s
}

#[test]
fn a_generic_function_differentiates_a_named_field() {
    let k = Kernel {
        length_scale: 1.2,
        amplitude: 0.7,
    };
    let xs = [0.0, 0.4, 1.1];
    let shapes = Layout::new().param("k", k.clone());
    let i = shapes.select("k.length_scale").unwrap().start;
    let mut x: Vec<Dual64> = flatten(&k).into_iter().map(Dual64::from).collect();
    x[i] = x[i].derivative();
    let y = kernel_sum(&rebuild(&k, &x), &xs);
    let (l, a) = (1.2_f64, 0.7_f64);
    let mut expected = 0.0;
    for i in 0..3 {
        for j in i + 1..3 {
            let d2 = (xs[i] - xs[j]) * (xs[i] - xs[j]);
            expected += a * a * (-d2 / (2.0 * l * l)).exp() * d2 / (l * l * l);
        }
    }
    assert!((y.eps - expected).abs() < 1e-15, "{} vs {expected}", y.eps);
}

/// What `#[gradient_checked]` generates for `fn bump<D>(k: &Kernel<D>, r: D) -> D` with
/// `grad = bump_grad`, written by hand against the engine: the templates rebuilt at every
/// number type the engine evaluates with, the gradient returned as `(Kernel<f64>, f64)` and
/// flattened by `IntoGradient`, the component named by the `Layout`.
mod by_hand {
    use super::*;
    use gradient_checked::params::{Element, IntoGradient};
    use gradient_checked::{check_gradient, Function, Kind, Layout, Spec};

    fn bump<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>, r: D) -> D {
        let l2 = k.length_scale * k.length_scale * 2.0;
        k.amplitude * k.amplitude * (-(r * r) / l2).exp()
    }

    fn bump_grad(k: &Kernel<f64>, r: f64) -> (Kernel<f64>, f64) {
        let (l, a) = (k.length_scale, k.amplitude);
        let e = (-r * r / (2.0 * l * l)).exp();
        let dk = Kernel {
            length_scale: a * a * e * r * r / (l * l * l),
            amplitude: 2.0 * a * e,
        };
        (dk, a * a * e * r / (l * l)) // sign slip: -a²e·r/l² is right
    }

    /// The templates, one per differentiable parameter.
    struct Subject {
        k: Kernel<f64>,
        r: f64,
    }

    impl Subject {
        /// The arguments over `D`, cut from the flat input in parameter order.
        fn args<D: Element>(&self, x: &[D]) -> (Kernel<D>, D) {
            let mut flat = x;
            let k = self.k.rebuild(&mut flat);
            let r = self.r.rebuild(&mut flat);
            assert!(flat.is_empty());
            (k, r)
        }
    }

    impl Function for Subject {
        type Real = f64;
        fn eval<D: gradient_checked::Number<f64>>(&self, x: &[D]) -> Vec<D> {
            let (k, r) = self.args::<D>(x); // the engine's D needs no bound beyond its own
            vec![bump(&k, r)]
        }
    }

    #[test]
    fn a_wrong_scalar_after_a_struct_is_named() {
        let subject = Subject {
            k: Kernel::template(),
            r: 0.0,
        };
        let shapes = Layout::new()
            .param("k", subject.k.clone())
            .param("r", subject.r);
        let mut point = flatten(&Kernel {
            length_scale: 1.5,
            amplitude: 0.3,
        });
        point.extend(flatten(&0.7));
        let spec = Spec::new("by_hand::bump", Layout::flat(shapes.len())).at(&point);
        let grad = |x: &[f64]| {
            let (k, r) = subject.args(x);
            vec![IntoGradient::<f64>::into_gradient(bump_grad(&k, r))]
        };
        let report = check_gradient(&spec, &subject, Some(&grad));
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors.len(), 1, "{report}");
        assert_eq!(errors[0].kind, Kind::Mismatch);
        let i = errors[0].component.unwrap();
        assert_eq!((i, shapes.component_name(i)), (2, "r".to_string()));
    }
}
