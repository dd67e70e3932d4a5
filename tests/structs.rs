//! Parameters in the structures real code keeps them in, through the attribute: a Gaussian
//! process's hyper-parameters with a domain per field, a network of layers whose wrong bias
//! entry is named, slices of structs, and Lennard-Jones forces on `&[[D; 3]; N]` positions.
#![allow(dead_code, clippy::needless_range_loop)]

use gradient_checked::prelude::*;
use gradient_checked::{Kind, Report};
use nalgebra::DMatrix;

/// Each mismatch's name, once.
fn mismatched(report: &Report) -> Vec<String> {
    let mut names: Vec<String> = report
        .findings()
        .iter()
        .filter(|f| f.kind == Kind::Mismatch)
        .filter_map(|f| f.name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The hyper-parameters of a squared-exponential kernel plus observation noise, as a GP
/// library keeps them; `jitter` does not mention `D` and is carried along.
#[derive(Clone, Debug, Differentiable)]
struct Hyper<D> {
    length_scale: D,
    variance: D,
    noise: D,
    jitter: f64,
}

impl Default for Hyper<f64> {
    fn default() -> Self {
        Hyper {
            length_scale: 1.0,
            variance: 1.0,
            noise: 0.1,
            jitter: 1e-9,
        }
    }
}

static XS: [f64; 5] = [-1.0, -0.3, 0.2, 0.9, 1.7];

/// Σ over pairs of σ² exp(−d²/(2l²)) plus n² per point: a stand-in for a marginal likelihood
/// term, smooth where every field is positive.
fn gram_sum<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>, xs: &[f64]) -> D {
    assert_eq!(h.jitter, 1e-9, "carried over from the template");
    let l2 = h.length_scale * h.length_scale * 2.0;
    let mut s = h.noise * h.noise * xs.len() as f64;
    for i in 0..xs.len() {
        for j in 0..xs.len() {
            let d2 = (xs[i] - xs[j]).powi(2);
            s += h.variance * (D::from(-d2) / l2).exp();
        }
    }
    s.ln()
}

fn gram_grad(h: &Hyper<f64>, xs: &[f64]) -> Hyper<f64> {
    let (l, v, n) = (h.length_scale, h.variance, h.noise);
    let mut s = n * n * xs.len() as f64;
    let (mut dl, mut dv) = (0.0, 0.0);
    for i in 0..xs.len() {
        for j in 0..xs.len() {
            let d2 = (xs[i] - xs[j]).powi(2);
            let e = (-d2 / (2.0 * l * l)).exp();
            s += v * e;
            dv += e;
            dl += v * e * d2 / (l * l * l);
        }
    }
    Hyper {
        length_scale: dl / s,
        variance: dv / s,
        noise: 2.0 * n * xs.len() as f64 / s,
        jitter: h.jitter,
    }
}

fn gram_grad_bug(h: &Hyper<f64>, xs: &[f64]) -> Hyper<f64> {
    let mut g = gram_grad(h, xs);
    g.noise *= 0.5; // n² differentiated as n
    g
}

#[gradient_checked(
    shape(h = Hyper::default()),
    samples = 8,
    domain(h = 0.1..2.0, h.noise = 0.01..0.5),
    grad = gram_grad,
    data(xs = &XS)
)]
fn hyper<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>, xs: &[f64]) -> D {
    gram_sum(h, xs)
}

#[gradient_checked(
    shape(h = Hyper::default()),
    samples = 8,
    domain(h = 0.1..2.0, h.noise = 0.01..0.5),
    grad = gram_grad_bug,
    data(xs = &XS),
    allow(mismatch)
)]
fn hyper_bug<D: DualNum<Primitive = f64> + Copy>(h: &Hyper<D>, xs: &[f64]) -> D {
    gram_sum(h, xs)
}

#[test]
fn hyper_parameters_take_a_domain_per_field_and_the_wrong_one_is_named() {
    let ok = hyper::gradient_report();
    assert!(ok.passed(), "{ok}");
    let bug = hyper_bug::gradient_report();
    assert_eq!(mismatched(&bug), ["h.noise"], "{bug}");
    let noise = bug
        .findings()
        .iter()
        .find(|f| f.kind == Kind::Mismatch)
        .unwrap();
    assert_eq!(noise.component, Some(2));
    // The noise comes from its own box, the other fields from the parameter's.
    for f in bug.findings() {
        assert!((0.01..0.5).contains(&f.point[2]), "noise {:?}", f.point);
        assert!(
            f.point[..2].iter().all(|v| (0.1..2.0).contains(v)),
            "{:?}",
            f.point
        );
    }
}

/// One dense layer: `w` is outputs × inputs.
#[derive(Clone, Debug, Differentiable)]
struct Layer<D> {
    w: DMatrix<D>,
    bias: Vec<D>,
}

/// A network of tanh layers with a linear last layer.
#[derive(Clone, Debug, Differentiable)]
struct Net<D> {
    layers: Vec<Layer<D>>,
}

impl Net<f64> {
    fn zeros(sizes: &[usize]) -> Self {
        Net {
            layers: sizes
                .windows(2)
                .map(|s| Layer {
                    w: DMatrix::zeros(s[1], s[0]),
                    bias: vec![0.0; s[1]],
                })
                .collect(),
        }
    }
}

static INPUTS: [[f64; 2]; 3] = [[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8]];
static TARGETS: [f64; 3] = [0.2, -0.4, 0.1];

/// Every layer's activations, the input first.
fn forward<D: DualNum<Primitive = f64> + Copy>(net: &Net<D>, x: &[f64; 2]) -> Vec<Vec<D>> {
    let mut acts: Vec<Vec<D>> = vec![x.iter().map(|&v| D::from(v)).collect()];
    for (l, layer) in net.layers.iter().enumerate() {
        let a = &acts[l];
        let z: Vec<D> = (0..layer.bias.len())
            .map(|i| (0..a.len()).map(|j| layer.w[(i, j)] * a[j]).sum::<D>() + layer.bias[i])
            .collect();
        let last = l + 1 == net.layers.len();
        acts.push(if last {
            z
        } else {
            z.iter().map(|v| v.tanh()).collect()
        });
    }
    acts
}

fn mse<D: DualNum<Primitive = f64> + Copy>(net: &Net<D>) -> D {
    INPUTS
        .iter()
        .zip(&TARGETS)
        .map(|(x, &t)| (forward(net, x).last().unwrap()[0] - t).powi(2))
        .sum()
}

/// Backpropagation, by hand, in the network's own shape.
fn backprop(net: &Net<f64>) -> Net<f64> {
    let mut g = Net {
        layers: net
            .layers
            .iter()
            .map(|l| Layer {
                w: DMatrix::zeros(l.w.nrows(), l.w.ncols()),
                bias: vec![0.0; l.bias.len()],
            })
            .collect(),
    };
    for (x, &t) in INPUTS.iter().zip(&TARGETS) {
        let acts = forward(net, x);
        let mut delta: Vec<f64> = acts[net.layers.len()]
            .iter()
            .map(|&y| 2.0 * (y - t))
            .collect();
        for l in (0..net.layers.len()).rev() {
            let a = &acts[l];
            for i in 0..delta.len() {
                g.layers[l].bias[i] += delta[i];
                for j in 0..a.len() {
                    g.layers[l].w[(i, j)] += delta[i] * a[j];
                }
            }
            if l > 0 {
                delta = (0..a.len())
                    .map(|j| {
                        let back: f64 = (0..delta.len())
                            .map(|i| net.layers[l].w[(i, j)] * delta[i])
                            .sum();
                        back * (1.0 - a[j] * a[j])
                    })
                    .collect();
            }
        }
    }
    g
}

fn backprop_bug(net: &Net<f64>) -> Net<f64> {
    let mut g = backprop(net);
    g.layers[0].bias[2] = 0.0; // the third hidden unit's bias forgotten
    g
}

#[gradient_checked(shape(net = Net::zeros(&[2, 4, 1])), samples = 6, grad = backprop)]
fn net<D: DualNum<Primitive = f64> + Copy>(net: &Net<D>) -> D {
    mse(net)
}

#[gradient_checked(
    shape(net = Net::zeros(&[2, 4, 1])),
    samples = 6,
    grad = backprop_bug,
    allow(mismatch)
)]
fn net_bug<D: DualNum<Primitive = f64> + Copy>(net: &Net<D>) -> D {
    mse(net)
}

#[test]
fn a_network_names_its_wrong_bias_entry() {
    let ok = net::gradient_report();
    assert!(ok.passed(), "{ok}");
    let bug = net_bug::gradient_report();
    assert_eq!(mismatched(&bug), ["net.layers[0].bias[2]"], "{bug}");
    let f = bug
        .findings()
        .iter()
        .find(|f| f.kind == Kind::Mismatch)
        .unwrap();
    assert_eq!(
        f.component,
        Some(8 + 2),
        "after the 4 × 2 weights of layer 0"
    );
}

/// Several kernels in a slice: `ks[1].variance`.
#[derive(Clone, Debug, Differentiable)]
struct Kernel<D> {
    length_scale: D,
    variance: D,
}

fn mix<D: DualNum<Primitive = f64> + Copy>(ks: &[Kernel<D>], r: D) -> D {
    ks.iter()
        .map(|k| k.variance * (-(r * r) / (k.length_scale * k.length_scale)).exp())
        .sum()
}

fn mix_grad(ks: &[Kernel<f64>], r: f64) -> (Vec<Kernel<f64>>, f64) {
    let mut dr = 0.0;
    let dk = ks
        .iter()
        .map(|k| {
            let (l, v) = (k.length_scale, k.variance);
            let e = (-r * r / (l * l)).exp();
            dr += v * e * -2.0 * r / (l * l);
            Kernel {
                length_scale: v * e * 2.0 * r * r / (l * l * l),
                variance: e,
            }
        })
        .collect();
    (dk, dr)
}

fn mix_grad_bug(ks: &[Kernel<f64>], r: f64) -> (Vec<Kernel<f64>>, f64) {
    let (mut dk, dr) = mix_grad(ks, r);
    dk[1].variance = 1.0; // exp(...) taken as 1
    (dk, dr)
}

#[gradient_checked(dims(ks = 3), samples = 6, domain = 0.5..2.0, grad = mix_grad)]
fn kernels<D: DualNum<Primitive = f64> + Copy>(ks: &[Kernel<D>], r: D) -> D {
    mix(ks, r)
}

#[gradient_checked(
    dims(ks = 3),
    samples = 6,
    domain = 0.5..2.0,
    grad = mix_grad_bug,
    allow(mismatch)
)]
fn kernels_bug<D: DualNum<Primitive = f64> + Copy>(ks: &[Kernel<D>], r: D) -> D {
    mix(ks, r)
}

#[test]
fn a_slice_of_structs_names_the_field_of_the_element() {
    assert!(kernels::gradient_report().passed());
    let bug = kernels_bug::gradient_report();
    assert_eq!(mismatched(&bug), ["ks[1].variance"], "{bug}");
}

/// The Lennard-Jones energy of `N` atoms, ε = σ = 1: Σ over pairs of 4(r⁻¹² − r⁻⁶).
const N: usize = 4;

fn lj_energy<D: DualNum<Primitive = f64> + Copy>(pos: &[[D; 3]; N]) -> D {
    let mut e = D::from(0.0);
    for i in 0..N {
        for j in i + 1..N {
            let r2 = (0..3).map(|k| (pos[i][k] - pos[j][k]).powi(2)).sum::<D>();
            let inv6 = r2.powi(3).recip();
            e += (inv6 * inv6 - inv6) * 4.0;
        }
    }
    e
}

/// The forces −∇E, as a molecular-dynamics code computes them.
fn lj_forces(pos: &[[f64; 3]; N]) -> [[f64; 3]; N] {
    let mut f = [[0.0; 3]; N];
    for i in 0..N {
        for j in i + 1..N {
            let d: [f64; 3] = std::array::from_fn(|k| pos[i][k] - pos[j][k]);
            let r2: f64 = d.iter().map(|v| v * v).sum();
            let inv6 = 1.0 / (r2 * r2 * r2);
            // −dE/dr / r = 24 (2 r⁻¹² − r⁻⁶) / r²
            let scale = 24.0 * (2.0 * inv6 * inv6 - inv6) / r2;
            for k in 0..3 {
                f[i][k] += scale * d[k];
                f[j][k] -= scale * d[k];
            }
        }
    }
    f
}

/// The gradient the checker compares: minus the forces.
fn lj_grad(pos: &[[f64; 3]; N]) -> [[f64; 3]; N] {
    lj_forces(pos).map(|a| a.map(|v| -v))
}

fn lj_grad_bug(pos: &[[f64; 3]; N]) -> [[f64; 3]; N] {
    let mut g = lj_grad(pos);
    g[2][1] = -g[2][1]; // one force component with the wrong sign
    g
}

/// A tetrahedron near the pair minimum (r = 2^(1/6) ≈ 1.12), and a stretched, skewed one.
const TETRA: [[f64; 3]; N] = [
    [0.0, 0.0, 0.0],
    [1.12, 0.0, 0.0],
    [0.56, 0.97, 0.0],
    [0.56, 0.32, 0.91],
];
const SKEWED: [[f64; 3]; N] = [
    [0.1, -0.2, 0.05],
    [1.3, 0.1, -0.1],
    [0.4, 1.2, 0.2],
    [0.7, 0.5, 1.1],
];

#[gradient_checked(at(pos = TETRA), at(pos = SKEWED), grad = lj_grad)]
fn lennard_jones<D: DualNum<Primitive = f64> + Copy>(pos: &[[D; 3]; N]) -> D {
    lj_energy(pos)
}

#[gradient_checked(at(pos = TETRA), at(pos = SKEWED), grad = lj_grad_bug, allow(mismatch))]
fn lennard_jones_bug<D: DualNum<Primitive = f64> + Copy>(pos: &[[D; 3]; N]) -> D {
    lj_energy(pos)
}

#[test]
fn lennard_jones_forces_are_checked_and_the_wrong_component_named() {
    let ok = lennard_jones::gradient_report();
    assert!(ok.passed(), "{ok}");
    let bug = lennard_jones_bug::gradient_report();
    assert_eq!(mismatched(&bug), ["pos[2][1]"], "{bug}");
}

/// Flat points `at = [[..]]` across a struct and a `DVector`: the struct's size is in its
/// type, the vector takes what is left.
fn shared_grad(k: &Kernel<f64>, v: &nalgebra::DVector<f64>) -> (Kernel<f64>, Vec<f64>) {
    let s: f64 = v.iter().sum();
    let g = Kernel {
        length_scale: k.variance * s,
        variance: k.length_scale * s,
    };
    (g, vec![k.length_scale * k.variance; v.len()])
}

#[gradient_checked(at = [[1.5, 0.3, 1.0, 2.0, 3.0], [0.5, -1.0, 0.2, 0.1, -0.4]], grad = shared_grad)]
fn flat_points<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>, v: &nalgebra::DVector<D>) -> D {
    k.length_scale * k.variance * v.iter().copied().sum::<D>()
}

#[test]
fn flat_points_leave_the_rest_to_the_parameter_without_a_size() {
    let r = flat_points::gradient_report();
    assert!(r.passed(), "{r}");
    assert_eq!(r.points_checked(), 2);
}
