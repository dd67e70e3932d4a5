//! Robotics: the Jacobian of a planar 3-link arm's forward kinematics.
//!
//! Joint angles q = (q₀, q₁, q₂) place the end effector at
//! p(q) = Σₖ lₖ (cos θₖ, sin θₖ) with θₖ = q₀ + … + qₖ (each joint turns every link after it).
//! Inverse kinematics and resolved-rate control need the Jacobian J = ∂p/∂q, a 2 × 3 nalgebra
//! `SMatrix`; the function takes and returns nalgebra vectors (`SVector<D, 3>` in,
//! `SVector<D, 2>` out), so the check is a Jacobian check, entry by entry.
//!
//! The bug: column j of J must sum the links k ≥ j (joint j swings all of them), and
//! `jacobian_bug` writes only link j's own term, the forgotten chain-rule terms of the links
//! further out. The report files a `mismatch` at the four entries of columns q[0] and q[1]
//! (column q[2], where link 2 is the only link, is right), with no diagnosis form: the error
//! depends on the angles, which says it is a missing term rather than a factor or a sign.
//! `cargo test --example robot_arm` runs both versions (the buggy one declared with
//! `expect(mismatch)`); `cargo run --example robot_arm` prints the buggy version's report.

use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Function, Layout, Number, Report, Spec};
use nalgebra::{SMatrix, SVector};

/// Link lengths.
const LINKS: [f64; 3] = [1.0, 0.8, 0.5];

/// The end-effector position.
#[gradient_checked(samples = 16, domain = -3.1..3.1, grad = jacobian)]
fn end_effector<D: DualNum<Primitive = f64> + Copy>(q: &SVector<D, 3>) -> SVector<D, 2> {
    let mut theta = D::from(0.0);
    let mut p = SVector::<D, 2>::from_element(D::from(0.0));
    for k in 0..3 {
        theta += q[k];
        p[0] += theta.cos() * LINKS[k];
        p[1] += theta.sin() * LINKS[k];
    }
    p
}

/// J = ∂p/∂q; `own_link_only` plants the bug.
fn jacobian_of(q: &SVector<f64, 3>, own_link_only: bool) -> SMatrix<f64, 2, 3> {
    let theta: [f64; 3] = [q[0], q[0] + q[1], q[0] + q[1] + q[2]];
    let mut j = SMatrix::<f64, 2, 3>::zeros();
    for col in 0..3 {
        let links = if own_link_only { col..col + 1 } else { col..3 }; // BUG when col..col + 1
        for k in links {
            j[(0, col)] -= LINKS[k] * theta[k].sin();
            j[(1, col)] += LINKS[k] * theta[k].cos();
        }
    }
    j
}

fn jacobian(q: &SVector<f64, 3>) -> SMatrix<f64, 2, 3> {
    jacobian_of(q, false)
}

fn jacobian_bug(q: &SVector<f64, 3>) -> SMatrix<f64, 2, 3> {
    jacobian_of(q, true)
}

/// The same kinematics against the buggy Jacobian: the test passes because the check finds
/// the `mismatch`.
#[cfg(test)]
#[gradient_checked(samples = 16, domain = -3.1..3.1, grad = jacobian_bug, expect(mismatch))]
fn end_effector_bug<D: DualNum<Primitive = f64> + Copy>(q: &SVector<D, 3>) -> SVector<D, 2> {
    end_effector(q)
}

/// What the attribute generates, driven by hand so that it runs as a program.
struct Arm;
impl Function for Arm {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        end_effector(&SVector::<D, 3>::from_column_slice(x))
            .iter()
            .copied()
            .collect()
    }
}

fn check(name: &str, jac: fn(&SVector<f64, 3>) -> SMatrix<f64, 2, 3>) -> Report {
    let spec = Spec::new(name, Layout::new().array("q", 3))
        .samples(16)
        .domain(-3.1..3.1);
    let rows = |x: &[f64]| {
        let j = jac(&SVector::<f64, 3>::from_column_slice(x));
        j.row_iter().map(|r| r.iter().copied().collect()).collect()
    };
    check_gradient(&spec, &Arm, Some(&rows))
}

fn main() {
    println!("{}", check("robot_arm::end_effector_bug", jacobian_bug));
    let fixed = check("robot_arm::end_effector", jacobian);
    println!("summing the links k ≥ j: passed = {}", fixed.passed());
}
