//! The main demonstration: a logistic loss in bits whose hand-written gradient hides a
//! truncated constant (1.442695041 for 1/ln 2: a relative error of 7.7e-11 in one component,
//! below the per-point tolerance of 1e-9 and far below what torch.autograd.gradcheck, JAX
//! check_grads or numdifftools can see). No single point convicts it; the same relative error
//! with the same sign at all 16 points does, and the report says what it is: `scaled` by
//! 1.000000000077, a constant with too few digits. The `trace!` in the loss lists the margins
//! and their exact derivatives along the wrong component at the worst point.
//!
//! Run it with `cargo run --example quickstart`. In a crate you would write the attribute
//! shown in `loss`'s comment and `cargo test` would print the same report; here the check is
//! driven through the runtime so that it runs as a program.

use gradient_checked::prelude::*;
use gradient_checked::{check_gradient, Diagnosis, Function, Layout, Spec};

/// Features and labels of a tiny data set.
const XS: [[f64; 3]; 6] = [
    [0.5, -1.2, 1.0],
    [1.5, 0.3, 1.0],
    [-0.7, 2.2, 1.0],
    [0.1, 0.1, 1.0],
    [2.0, -0.4, 1.0],
    [-1.3, -0.9, 1.0],
];
const YS: [f64; 6] = [1.0, 1.0, -1.0, 1.0, -1.0, -1.0];

/// Mean logistic loss in bits: Σ log₂(1 + exp(−y·w·x)) / n. With the crate as a
/// dev-dependency, annotate it like this and `cargo test loss` checks it:
///
/// `#[gradient_checked(samples = 16, domain = -2.0..2.0, grad = loss_grad)]`
fn loss<D: DualNum<Primitive = f64> + Copy>(w: &[D; 3]) -> D {
    let mut total = D::from(0.0);
    for (x, &y) in XS.iter().zip(&YS) {
        let margin = trace!("margin", (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) * y);
        total += (-margin).exp().ln_1p() / std::f64::consts::LN_2;
    }
    total / XS.len() as f64
}

/// The hand-written gradient, with the bug: the bias (w[2]) uses 1/ln 2 cut to 10 digits.
#[allow(clippy::approx_constant)] // clippy sees the planted bug too; the demo is that we do
fn loss_grad(w: &[f64; 3]) -> [f64; 3] {
    let mut g = [0.0; 3];
    for (x, &y) in XS.iter().zip(&YS) {
        let margin = (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) * y;
        let s = 1.0 / (1.0 + margin.exp()); // σ(−margin)
        g[0] += -y * x[0] * s / std::f64::consts::LN_2;
        g[1] += -y * x[1] * s / std::f64::consts::LN_2;
        g[2] += -y * x[2] * s * 1.442_695_041; // BUG: 1/ln 2 = 1.4426950408889634
    }
    g.map(|v| v / XS.len() as f64)
}

/// What the attribute generates: the function at every number type, over the flat input.
struct Loss;
impl Function for Loss {
    type Real = f64;
    fn eval<D: gradient_checked::Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![loss(&[x[0], x[1], x[2]])]
    }
}

fn main() {
    let spec = Spec::new("quickstart::loss", Layout::new().array("w", 3))
        .samples(16)
        .domain(-2.0..2.0);
    let grad = |x: &[f64]| vec![loss_grad(&[x[0], x[1], x[2]]).to_vec()];
    let report = check_gradient(&spec, &Loss, Some(&grad));
    println!("{report}");
    // The demonstration is only true while the check finds the bug: CI runs this program,
    // so a checker that stops seeing it fails there.
    let Some(found) = report.errors().find(|f| f.component == Some(2)) else {
        eprintln!(
            "the check did not find the truncated constant in w[2]: the demonstration is broken"
        );
        std::process::exit(1);
    };
    let found = Some(found);
    let worst = found.and_then(|f| f.rel_error).unwrap_or(0.0);
    let factor = match found.and_then(|f| f.diagnosis) {
        Some(Diagnosis::Scaled { factor }) => format!("scaled by {factor}"),
        other => format!("{other:?}"),
    };
    println!(
        "w[2] is flagged across {} points (diagnosis: {factor}); relative error {worst:.1e}: torch.autograd.gradcheck (rtol 1e-3) would pass this gradient.",
        report.points_checked(),
    );
    println!(
        "\nJSON report (what GRADCHECK_REPORT_DIR receives):\n{}",
        report
            .to_json_pretty()
            .lines()
            .take(24)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
