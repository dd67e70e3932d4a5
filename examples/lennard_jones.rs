//! Molecular dynamics: Lennard-Jones forces on a small cluster of atoms.
//!
//! The energy of `N` atoms interacting pairwise, E = Σᵢ<ⱼ 4ε((σ/r)¹² − (σ/r)⁶) (here
//! ε = σ = 1), is written once over the dual type; the forces Fᵢ = −∂E/∂posᵢ are hand-written
//! as an MD code's inner loop writes them, and the checker is given −F as the gradient.
//!
//! The bug: the pair loop takes the displacement the other way round, d = posⱼ − posᵢ, while
//! keeping the update `fᵢ += s·d, fⱼ −= s·d` written for d = posᵢ − posⱼ: every force points
//! the wrong way, attraction becomes repulsion and the simulation blows up. The report files a
//! `mismatch` at every one of the 12 coordinates, each diagnosed `sign_flipped` ("exactly −1 ×
//! the true value at all points"). `cargo test --example lennard_jones` runs the fixed and the
//! buggy version (the latter declared with `expect(mismatch)`); `cargo run --example
//! lennard_jones` prints the buggy version's report.

use gradient_checked::params::{flatten, rebuild};
use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Function, Layout, Number, Report, Spec};

/// Number of atoms.
const N: usize = 4;

/// Three clusters: a tetrahedron near the pair minimum (r = 2^(1/6) ≈ 1.12), a stretched
/// skewed one and a compressed one (random positions would put atoms on top of each other,
/// where E is infinite; a diagnosis needs at least 3 points).
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
const SQUEEZED: [[f64; 3]; N] = [
    [0.0, 0.05, -0.1],
    [1.02, 0.0, 0.1],
    [0.45, 0.9, 0.0],
    [0.5, 0.25, 0.95],
];

/// The forces; `reversed` plants the bug (the displacement taken from j to i).
fn forces(pos: &[[f64; 3]; N], reversed: bool) -> [[f64; 3]; N] {
    let mut f = [[0.0; 3]; N];
    for i in 0..N {
        for j in i + 1..N {
            let d: [f64; 3] = if reversed {
                std::array::from_fn(|k| pos[j][k] - pos[i][k]) // BUG: d = posⱼ − posᵢ
            } else {
                std::array::from_fn(|k| pos[i][k] - pos[j][k])
            };
            let r2: f64 = d.iter().map(|v| v * v).sum();
            let inv6 = 1.0 / (r2 * r2 * r2);
            // −dE/dr / r = 24 (2 r⁻¹² − r⁻⁶) / r²: repulsive (> 0) below the minimum
            let s = 24.0 * (2.0 * inv6 * inv6 - inv6) / r2;
            for k in 0..3 {
                f[i][k] += s * d[k];
                f[j][k] -= s * d[k];
            }
        }
    }
    f
}

/// The gradient the checker compares: −F.
fn energy_grad(pos: &[[f64; 3]; N]) -> [[f64; 3]; N] {
    forces(pos, false).map(|a| a.map(|v| -v))
}

fn energy_grad_bug(pos: &[[f64; 3]; N]) -> [[f64; 3]; N] {
    forces(pos, true).map(|a| a.map(|v| -v))
}

/// The potential energy of the cluster.
#[gradient_checked(at(pos = TETRA), at(pos = SKEWED), at(pos = SQUEEZED), grad = energy_grad)]
fn energy<D: DualNum<Primitive = f64> + Copy>(pos: &[[D; 3]; N]) -> D {
    let mut e = D::from(0.0);
    for i in 0..N {
        for j in i + 1..N {
            let r2: D = (0..3).map(|k| (pos[i][k] - pos[j][k]).powi(2)).sum();
            let inv6 = r2.powi(3).recip();
            e += (inv6 * inv6 - inv6) * 4.0;
        }
    }
    e
}

/// The same energy against the buggy forces: the test passes because the check finds the
/// `mismatch`.
#[cfg(test)]
#[gradient_checked(at(pos = TETRA), at(pos = SKEWED), at(pos = SQUEEZED), grad = energy_grad_bug, expect(mismatch))]
fn energy_bug<D: DualNum<Primitive = f64> + Copy>(pos: &[[D; 3]; N]) -> D {
    energy(pos)
}

/// What the attribute generates, driven by hand so that it runs as a program.
struct Energy;
impl Function for Energy {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![energy(&rebuild(&TETRA, x))]
    }
}

fn check(name: &str, grad: fn(&[[f64; 3]; N]) -> [[f64; 3]; N]) -> Report {
    let spec = Spec::new(name, Layout::new().param("pos", TETRA))
        .at(&flatten(&TETRA))
        .at(&flatten(&SKEWED))
        .at(&flatten(&SQUEEZED));
    let grad = |x: &[f64]| vec![flatten(&grad(&rebuild(&TETRA, x)))];
    check_gradient(&spec, &Energy, Some(&grad))
}

fn main() {
    println!("{}", check("lennard_jones::energy_bug", energy_grad_bug));
    let fixed = check("lennard_jones::energy", energy_grad);
    println!("with d = posᵢ − posⱼ: passed = {}", fixed.passed());
}
