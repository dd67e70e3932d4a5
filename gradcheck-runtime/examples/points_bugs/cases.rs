//! The labelled bugs: realistic losses with a hand-written gradient that is wrong in one
//! place, each with its correct twin, the annotation a user would naturally write (`domain`
//! or none) and a witness point in the bug's region where the wrong and the right gradient
//! differ (checked by `main` against the exact dual derivative and a finite difference).

use gradcheck_runtime::{Function, Number};
use std::f64::consts::PI;

/// A case: its name, the class of the issue it belongs to (1 beyond the box, 2 thin region,
/// 3 special value, 4 missing small term, 5 fast mode, 0 control), its inputs, its domain,
/// the wrong and right gradients and a witness point where they differ.
pub struct Case {
    pub name: &'static str,
    pub class: u8,
    pub n: usize,
    pub domain: Option<(f64, f64)>,
    pub f: &'static (dyn Eval + Sync),
    pub wrong: fn(&[f64]) -> Vec<f64>,
    pub right: fn(&[f64]) -> Vec<f64>,
    pub witness: fn(usize) -> Vec<f64>,
}

/// `Function` as an object: the example runs the checks through one generic entry.
pub trait Eval {
    fn run(
        &self,
        spec: &gradcheck_runtime::Spec,
        g: gradcheck_runtime::Rows<'_>,
    ) -> gradcheck_runtime::Report;
    fn value(&self, x: &[f64]) -> f64;
}

impl<F: Function<Real = f64> + Sync> Eval for F {
    fn run(
        &self,
        spec: &gradcheck_runtime::Spec,
        g: gradcheck_runtime::Rows<'_>,
    ) -> gradcheck_runtime::Report {
        gradcheck_runtime::check_gradient(spec, self, Some(g))
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.eval(x)[0]
    }
}

macro_rules! function {
    ($(#[$m:meta])* $name:ident, |$x:ident| $body:expr) => {
        $(#[$m])*
        pub struct $name;
        impl Function for $name {
            type Real = f64;
            fn eval<D: Number<f64>>(&self, $x: &[D]) -> Vec<D> {
                vec![$body]
            }
        }
    };
}

fn zero<D: Number<f64>>() -> D {
    D::from(0.0)
}

// ---- class 1: a branch beyond the default box (no `domain`) ----

const HUBER: f64 = 1.345;
function!(Huber, |x| x.iter().fold(zero(), |a, &r| a
    + if r.re().abs() <= HUBER {
        r * r * 0.5
    } else {
        (r.abs() - HUBER * 0.5) * HUBER
    }));
fn huber_right(x: &[f64]) -> Vec<f64> {
    x.iter().map(|r| r.clamp(-HUBER, HUBER)).collect()
}
fn huber_wrong(x: &[f64]) -> Vec<f64> {
    x.to_vec()
}

function!(Hardtanh, |x| x.iter().enumerate().fold(
    zero(),
    |a, (i, &v)| {
        let h = if v.re() > 1.0 {
            D::from(1.0)
        } else if v.re() < -1.0 {
            D::from(-1.0)
        } else {
            v
        };
        a + h * (1.0 + i as f64)
    }
));
fn hardtanh_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .enumerate()
        .map(|(i, v)| if v.abs() <= 1.0 { 1.0 + i as f64 } else { 0.0 })
        .collect()
}
fn hardtanh_wrong(x: &[f64]) -> Vec<f64> {
    (0..x.len()).map(|i| 1.0 + i as f64).collect()
}

function!(Relu6, |x| x.iter().fold(zero(), |a, &v| a
    + if v.re() <= 0.0 {
        v * 0.0
    } else if v.re() >= 6.0 {
        v * 0.0 + 6.0
    } else {
        v
    }));
fn relu6_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| if v > 0.0 && v < 6.0 { 1.0 } else { 0.0 })
        .collect()
}
fn relu6_wrong(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| if v > 0.0 { 1.0 } else { 0.0 }).collect()
}

function!(
/// Softplus with the stable branch x > 20 (softplus(x) = x there to 2e-9).
Softplus, |x| x.iter().fold(zero(), |a, &v| a
    + if v.re() > 20.0 {
        v
    } else {
        (v.exp() + 1.0).ln()
    }));
fn sigmoid(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}
fn softplus_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| if v > 20.0 { 1.0 } else { sigmoid(v) })
        .collect()
}
fn softplus_wrong(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| if v > 20.0 { 0.0 } else { sigmoid(v) })
        .collect()
}

function!(
/// Binary cross-entropy of logits clamped to ±16 (label 1).
ClampedXent, |x| x.iter().fold(zero(), |a, &z| {
    let c = if z.re() > 16.0 {
        z * 0.0 + 16.0
    } else if z.re() < -16.0 {
        z * 0.0 - 16.0
    } else {
        z
    };
    a + ((-c).exp() + 1.0).ln()
}));
fn xent_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&z| {
            if z.abs() > 16.0 {
                0.0
            } else {
                sigmoid(z) - 1.0
            }
        })
        .collect()
}
fn xent_wrong(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&z| sigmoid(z.clamp(-16.0, 16.0)) - 1.0)
        .collect()
}

function!(
/// log(e^a + e^b) with a fast path for gaps over 50.
LogAddExp, |x| {
    let (a, b) = (x[0], x[1]);
    if (a.re() - b.re()).abs() > 50.0 {
        if a.re() > b.re() {
            a
        } else {
            b
        }
    } else if a.re() > b.re() {
        a + ((b - a).exp() + 1.0).ln()
    } else {
        b + ((a - b).exp() + 1.0).ln()
    }
});
fn lae_right(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    if (a - b).abs() > 50.0 {
        if a > b {
            vec![1.0, 0.0]
        } else {
            vec![0.0, 1.0]
        }
    } else {
        let s = sigmoid(a - b);
        vec![s, 1.0 - s]
    }
}
fn lae_wrong(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    if (a - b).abs() > 50.0 {
        if a > b {
            vec![0.0, 1.0]
        } else {
            vec![1.0, 0.0]
        }
    } else {
        let s = sigmoid(a - b);
        vec![s, 1.0 - s]
    }
}

// ---- class 2: a thin region of the box ----

/// A lookup table of 20 linear segments on 0..4; the last segment's slope is its
/// neighbour's in the hand-written gradient (5% of the axis).
fn table_slope(k: usize) -> f64 {
    0.5 + 0.25 * k as f64
}
fn table_seg(v: f64) -> usize {
    ((v / 0.2) as usize).min(19)
}
function!(Table, |x| {
    let k = table_seg(x[0].re());
    let below: f64 = (0..k).map(|i| table_slope(i) * 0.2).sum();
    (x[0] - 0.2 * k as f64) * table_slope(k) + below + x[1] * x[1]
});
fn table_right(x: &[f64]) -> Vec<f64> {
    vec![table_slope(table_seg(x[0])), 2.0 * x[1]]
}
fn table_wrong(x: &[f64]) -> Vec<f64> {
    vec![table_slope(table_seg(x[0]).min(18)), 2.0 * x[1]]
}

/// The squared wrapped angle between two headings on −2..2: the wrap (|d| > π, 4.6% of the
/// box) is forgotten in the gradient.
fn wrap(d: f64) -> f64 {
    if d > PI {
        d - 2.0 * PI
    } else if d < -PI {
        d + 2.0 * PI
    } else {
        d
    }
}
function!(Angle, |x| {
    let d = x[0] - x[1];
    let w = if d.re() > PI {
        d - 2.0 * PI
    } else if d.re() < -PI {
        d + 2.0 * PI
    } else {
        d
    };
    w * w
});
fn angle_right(x: &[f64]) -> Vec<f64> {
    let w = wrap(x[0] - x[1]);
    vec![2.0 * w, -2.0 * w]
}
fn angle_wrong(x: &[f64]) -> Vec<f64> {
    let d = x[0] - x[1];
    vec![2.0 * d, -2.0 * d]
}

function!(
/// The signed distance to the square [−0.5, 0.5]² on −1..1: in the corner regions outside
/// (6.25% of the box) the hand-written gradient uses the nearer edge's normal.
Sdf, |x| {
    let (qx, qy) = (x[0].abs() - 0.5, x[1].abs() - 0.5);
    if qx.re() > 0.0 && qy.re() > 0.0 {
        (qx * qx + qy * qy).sqrt()
    } else if qx.re() > qy.re() {
        qx
    } else {
        qy
    }
});
fn sdf_right(x: &[f64]) -> Vec<f64> {
    let (qx, qy) = (x[0].abs() - 0.5, x[1].abs() - 0.5);
    let (sx, sy) = (x[0].signum(), x[1].signum());
    if qx > 0.0 && qy > 0.0 {
        let r = (qx * qx + qy * qy).sqrt();
        vec![sx * qx / r, sy * qy / r]
    } else if qx > qy {
        vec![sx, 0.0]
    } else {
        vec![0.0, sy]
    }
}
fn sdf_wrong(x: &[f64]) -> Vec<f64> {
    let (qx, qy) = (x[0].abs() - 0.5, x[1].abs() - 0.5);
    if qx > qy {
        vec![x[0].signum(), 0.0]
    } else {
        vec![0.0, x[1].signum()]
    }
}

function!(
/// Soft thresholding with a dead zone |x| < 0.05 (5% of each axis of −1..1), where the
/// hand-written gradient says 1 instead of 0.
Shrink, |x| x.iter().fold(zero(), |a, &v| a
    + if v.re() > 0.05 {
        v - 0.05
    } else if v.re() < -0.05 {
        v + 0.05
    } else {
        v * 0.0
    }));
fn shrink_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|v| if v.abs() > 0.05 { 1.0 } else { 0.0 })
        .collect()
}
fn shrink_wrong(x: &[f64]) -> Vec<f64> {
    x.iter().map(|_| 1.0).collect()
}

// ---- class 3: one special value ----

function!(Sinc, |x| if x[0].re() == 0.0 {
    D::from(1.0)
} else {
    x[0].sin() / x[0]
} + x[1] * x[1]);
fn sinc_right(x: &[f64]) -> Vec<f64> {
    let v = x[0];
    let d = if v == 0.0 {
        0.0
    } else {
        (v * v.cos() - v.sin()) / (v * v)
    };
    vec![d, 2.0 * x[1]]
}
fn sinc_wrong(x: &[f64]) -> Vec<f64> {
    let v = x[0];
    vec![(v * v.cos() - v.sin()) / (v * v), 2.0 * x[1]]
}

function!(
/// ln(1 + x)/x with its removable singularity at 0 handled in the function.
Log1pRatio, |x| if x[0].re() == 0.0 {
    D::from(1.0) + x[0] * -0.5
} else {
    (x[0] + 1.0).ln() / x[0]
});
fn l1r_right(x: &[f64]) -> Vec<f64> {
    let v = x[0];
    vec![if v == 0.0 {
        -0.5
    } else {
        (v / (1.0 + v) - v.ln_1p()) / (v * v)
    }]
}
fn l1r_wrong(x: &[f64]) -> Vec<f64> {
    let v = x[0];
    vec![(v / (1.0 + v) - v.ln_1p()) / (v * v)]
}

/// Two rows of three, each normalised by sqrt(‖w‖² + 1e-6) and weighted; the backward
/// returns 0 for an all-zero row, where the true gradient is c/1e-3.
const C: [f64; 3] = [0.3, -0.7, 0.5];
function!(Normalize, |x| (0..2).fold(zero(), |a, r| {
    let w = &x[3 * r..3 * r + 3];
    let norm = (w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + 1e-6).sqrt();
    a + (w[0] * C[0] + w[1] * C[1] + w[2] * C[2]) / norm
}));
fn normalize_grad(x: &[f64], zero_row_bug: bool) -> Vec<f64> {
    let mut g = vec![0.0; 6];
    for r in 0..2 {
        let w = &x[3 * r..3 * r + 3];
        let s2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        if zero_row_bug && s2 == 0.0 {
            continue;
        }
        let norm = (s2 + 1e-6).sqrt();
        let dot = w[0] * C[0] + w[1] * C[1] + w[2] * C[2];
        for i in 0..3 {
            g[3 * r + i] = C[i] / norm - dot * w[i] / norm.powi(3);
        }
    }
    g
}
fn normalize_right(x: &[f64]) -> Vec<f64> {
    normalize_grad(x, false)
}
fn normalize_wrong(x: &[f64]) -> Vec<f64> {
    normalize_grad(x, true)
}

/// The angle between two vectors of 3 (the norms' product floored at 1e-12, so that zero
/// vectors are defined), acos of the cosine clamped to ±(1 − 1e-3): the
/// clamp bites for (nearly) parallel vectors, where the hand-written gradient ignores it.
fn cosine(x: &[f64]) -> (f64, f64, f64, f64) {
    let (a, b) = (&x[..3], &x[3..]);
    let ab: f64 = a.iter().zip(b).map(|(p, q)| p * q).sum();
    let na = a.iter().map(|p| p * p).sum::<f64>().sqrt();
    let nb = b.iter().map(|p| p * p).sum::<f64>().sqrt();
    (ab, na, nb, ab / (na * nb).max(1e-12))
}
function!(Angle3, |x| {
    let (a, b) = (&x[..3], &x[3..]);
    let ab = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let na = (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt();
    let nb = (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]).sqrt();
    let norms = na * nb;
    let c = ab
        / if norms.re() > 1e-12 {
            norms
        } else {
            norms * 0.0 + 1e-12
        };
    let lim = 1.0 - 1e-3;
    let c = if c.re() > lim {
        c * 0.0 + lim
    } else if c.re() < -lim {
        c * 0.0 - lim
    } else {
        c
    };
    c.acos()
});
fn angle3_grad(x: &[f64], ignore_clamp: bool) -> Vec<f64> {
    let (ab, na, nb, c) = cosine(x);
    let lim = 1.0 - 1e-3;
    if !ignore_clamp && c.abs() > lim {
        return vec![0.0; 6];
    }
    let cc = c.clamp(-lim, lim);
    let k = -1.0 / (1.0 - cc * cc).sqrt();
    let (a, b) = (&x[..3], &x[3..]);
    if na * nb <= 1e-12 {
        // The floored denominator is a constant: c = a·b / 1e-12.
        return b.iter().chain(a).map(|v| k * v / 1e-12).collect();
    }
    let mut g = vec![0.0; 6];
    for i in 0..3 {
        g[i] = k * (b[i] / (na * nb) - ab * a[i] / (na.powi(3) * nb));
        g[3 + i] = k * (a[i] / (na * nb) - ab * b[i] / (na * nb.powi(3)));
    }
    g
}
fn angle3_right(x: &[f64]) -> Vec<f64> {
    angle3_grad(x, false)
}
fn angle3_wrong(x: &[f64]) -> Vec<f64> {
    angle3_grad(x, true)
}

// ---- class 4: a missing term where the rest of the gradient is small ----

const ROWS: [([f64; 3], f64); 4] = [
    ([1.0, 0.5, -0.3], 0.7),
    ([0.2, -1.0, 0.8], -0.4),
    ([-0.6, 0.3, 1.0], 0.9),
    ([0.9, 0.9, 0.1], 0.2),
];
function!(Ridge, |x| {
    let mut f = zero::<D>();
    for (a, b) in ROWS {
        let r = x[0] * a[0] + x[1] * a[1] + x[2] * a[2] - b;
        f += r * r * 1e6;
    }
    f + (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]) * 1e-6
});
fn lsq_grad(w: &[f64], scale: f64) -> Vec<f64> {
    let mut g = vec![0.0; 3];
    for (a, b) in ROWS {
        let r = w[0] * a[0] + w[1] * a[1] + w[2] * a[2] - b;
        for i in 0..3 {
            g[i] += 2.0 * scale * r * a[i];
        }
    }
    g
}
fn ridge_right(w: &[f64]) -> Vec<f64> {
    lsq_grad(w, 1e6)
        .iter()
        .zip(w)
        .map(|(g, v)| g + 2e-6 * v)
        .collect()
}
fn ridge_wrong(w: &[f64]) -> Vec<f64> {
    lsq_grad(w, 1e6)
}

/// Logistic regression over 6 rows scaled by 1e4 (a large data set's sum) with an L2 term
/// 1e-8·‖w‖² the hand-written gradient forgets.
const LOGIT: [([f64; 2], f64); 6] = [
    ([1.0, 0.3], 1.0),
    ([-0.5, 1.2], 0.0),
    ([0.8, -0.9], 1.0),
    ([-1.1, -0.2], 0.0),
    ([0.3, 0.4], 0.0),
    ([-0.2, -0.6], 1.0),
];
function!(Logistic, |x| {
    let mut f = zero::<D>();
    for (a, y) in LOGIT {
        let z = x[0] * a[0] + x[1] * a[1];
        f += ((z.exp() + 1.0).ln() - z * y) * 1e4;
    }
    f + (x[0] * x[0] + x[1] * x[1]) * 1e-8
});
fn logistic_grad(w: &[f64], l2: bool) -> Vec<f64> {
    let mut g = vec![0.0; 2];
    for (a, y) in LOGIT {
        let z = w[0] * a[0] + w[1] * a[1];
        for i in 0..2 {
            g[i] += 1e4 * (sigmoid(z) - y) * a[i];
        }
    }
    if l2 {
        for i in 0..2 {
            g[i] += 2e-8 * w[i];
        }
    }
    g
}
fn logistic_right(w: &[f64]) -> Vec<f64> {
    logistic_grad(w, true)
}
fn logistic_wrong(w: &[f64]) -> Vec<f64> {
    logistic_grad(w, false)
}

function!(
/// Least squares scaled by 1e5 with a small linear term 1e-5·Σw (a prior's mean) whose
/// constant gradient the hand-written one forgets.
Tilted, |x| {
    let mut f = zero::<D>();
    for (a, b) in ROWS {
        let r = x[0] * a[0] + x[1] * a[1] + x[2] * a[2] - b;
        f += r * r * 1e5;
    }
    f + (x[0] + x[1] + x[2]) * 1e-5
});
fn tilted_right(w: &[f64]) -> Vec<f64> {
    lsq_grad(w, 1e5).iter().map(|g| g + 1e-5).collect()
}
fn tilted_wrong(w: &[f64]) -> Vec<f64> {
    lsq_grad(w, 1e5)
}

// ---- class 5: fast mode ----

pub const WIDE: usize = 2000;
function!(Tail, |x| x[..WIDE - 1]
    .iter()
    .fold(x[WIDE - 1] * 1.5e-11, |a, &v| a + (v - 0.3) * (v - 0.3)));
fn tail_right(x: &[f64]) -> Vec<f64> {
    let mut g: Vec<f64> = x.iter().map(|v| 2.0 * (v - 0.3)).collect();
    g[WIDE - 1] = 1.5e-11;
    g
}
fn tail_wrong(x: &[f64]) -> Vec<f64> {
    let mut g = tail_right(x);
    g[WIDE - 1] = 0.0;
    g
}

/// A parameter thought unused (index 1234 of 3000) that does enter the loss, at 1e-10.
pub const WIDER: usize = 3000;
function!(Unused, |x| x.iter().enumerate().fold(
    zero(),
    |a, (i, &v)| a + if i == 1234 {
        v * 1e-10
    } else {
        (v - 0.3) * (v - 0.3)
    }
));
fn unused_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .enumerate()
        .map(|(i, v)| if i == 1234 { 1e-10 } else { 2.0 * (v - 0.3) })
        .collect()
}
fn unused_wrong(x: &[f64]) -> Vec<f64> {
    let mut g = unused_right(x);
    g[1234] = 0.0;
    g
}

// ---- controls: bugs any point finds ----

function!(Beale, |x| {
    let (a, b) = (x[0], x[1]);
    (a * -1.0 + a * b + 1.5).powi(2)
        + (a * -1.0 + a * b * b + 2.25).powi(2)
        + (a * -1.0 + a * b * b * b + 2.625).powi(2)
});
fn beale_right(x: &[f64]) -> Vec<f64> {
    let (a, b) = (x[0], x[1]);
    let (t1, t2, t3) = (
        1.5 - a + a * b,
        2.25 - a + a * b * b,
        2.625 - a + a * b * b * b,
    );
    vec![
        2.0 * t1 * (b - 1.0) + 2.0 * t2 * (b * b - 1.0) + 2.0 * t3 * (b * b * b - 1.0),
        2.0 * t1 * a + 4.0 * t2 * a * b + 6.0 * t3 * a * b * b,
    ]
}
fn beale_wrong(x: &[f64]) -> Vec<f64> {
    let mut g = beale_right(x);
    g[1] -= 2.0 * x[0] * (2.625 - x[0] + x[0] * x[1].powi(3)) * 3.0 * x[1] * x[1];
    g
} // drops the last term's ∂/∂b

function!(Quadratic, |x| x
    .iter()
    .enumerate()
    .fold(zero(), |a, (i, &v)| a + v * v * (1.0 + i as f64)));
fn quad_right(x: &[f64]) -> Vec<f64> {
    x.iter()
        .enumerate()
        .map(|(i, v)| 2.0 * v * (1.0 + i as f64))
        .collect()
}
fn quad_wrong(x: &[f64]) -> Vec<f64> {
    x.iter()
        .enumerate()
        .map(|(i, v)| v * (1.0 + i as f64))
        .collect()
} // the 2 forgotten

function!(Mixed, |x| x[0].sin() * x[1] + x[1].exp() * x[2]);
fn mixed_right(x: &[f64]) -> Vec<f64> {
    vec![
        x[0].cos() * x[1],
        x[0].sin() + x[1].exp() * x[2],
        x[1].exp(),
    ]
}
fn mixed_wrong(x: &[f64]) -> Vec<f64> {
    vec![
        x[0].sin() + x[1].exp() * x[2],
        x[0].cos() * x[1],
        x[1].exp(),
    ]
} // swapped

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "huber_linear_branch",
            class: 1,
            n: 3,
            domain: None,
            f: &Huber,
            wrong: huber_wrong,
            right: huber_right,
            witness: |_| vec![2.0, 0.1, -0.3],
        },
        Case {
            name: "hardtanh_outside",
            class: 1,
            n: 3,
            domain: None,
            f: &Hardtanh,
            wrong: hardtanh_wrong,
            right: hardtanh_right,
            witness: |_| vec![1.5, 0.2, 0.1],
        },
        Case {
            name: "relu6_cap",
            class: 1,
            n: 2,
            domain: None,
            f: &Relu6,
            wrong: relu6_wrong,
            right: relu6_right,
            witness: |_| vec![7.0, 0.5],
        },
        Case {
            name: "softplus_stable_branch",
            class: 1,
            n: 2,
            domain: None,
            f: &Softplus,
            wrong: softplus_wrong,
            right: softplus_right,
            witness: |_| vec![25.0, 0.5],
        },
        Case {
            name: "xent_logit_clamp",
            class: 1,
            n: 2,
            domain: None,
            f: &ClampedXent,
            wrong: xent_wrong,
            right: xent_right,
            witness: |_| vec![-20.0, 0.5],
        },
        Case {
            name: "logaddexp_fast_path",
            class: 1,
            n: 2,
            domain: None,
            f: &LogAddExp,
            wrong: lae_wrong,
            right: lae_right,
            witness: |_| vec![60.0, 0.5],
        },
        Case {
            name: "table_last_segment",
            class: 2,
            n: 2,
            domain: Some((0.0, 4.0)),
            f: &Table,
            wrong: table_wrong,
            right: table_right,
            witness: |_| vec![3.9, 1.0],
        },
        Case {
            name: "angle_wrap",
            class: 2,
            n: 2,
            domain: Some((-2.0, 2.0)),
            f: &Angle,
            wrong: angle_wrong,
            right: angle_right,
            witness: |_| vec![1.9, -1.8],
        },
        Case {
            name: "sdf_corner",
            class: 2,
            n: 2,
            domain: Some((-1.0, 1.0)),
            f: &Sdf,
            wrong: sdf_wrong,
            right: sdf_right,
            witness: |_| vec![0.8, -0.7],
        },
        Case {
            name: "shrink_dead_zone",
            class: 2,
            n: 3,
            domain: Some((-1.0, 1.0)),
            f: &Shrink,
            wrong: shrink_wrong,
            right: shrink_right,
            witness: |_| vec![0.02, 0.5, -0.5],
        },
        Case {
            name: "sinc_at_zero",
            class: 3,
            n: 2,
            domain: Some((-2.0, 2.0)),
            f: &Sinc,
            wrong: sinc_wrong,
            right: sinc_right,
            witness: |_| vec![0.0, 0.5],
        },
        Case {
            name: "log1p_ratio_at_zero",
            class: 3,
            n: 1,
            domain: Some((-0.5, 0.5)),
            f: &Log1pRatio,
            wrong: l1r_wrong,
            right: l1r_right,
            witness: |_| vec![0.0],
        },
        Case {
            name: "normalize_zero_row",
            class: 3,
            n: 6,
            domain: Some((-1.0, 1.0)),
            f: &Normalize,
            wrong: normalize_wrong,
            right: normalize_right,
            witness: |_| vec![0.0, 0.0, 0.0, 0.4, 0.1, -0.2],
        },
        Case {
            name: "acos_clamp_parallel",
            class: 3,
            n: 6,
            domain: Some((-1.0, 1.0)),
            f: &Angle3,
            wrong: angle3_wrong,
            right: angle3_right,
            witness: |_| vec![0.5, 0.5, 0.5, 0.5, 0.5, 0.51],
        },
        Case {
            name: "ridge_missing_l2",
            class: 4,
            n: 3,
            domain: Some((-2.0, 2.0)),
            f: &Ridge,
            wrong: ridge_wrong,
            right: ridge_right,
            witness: |_| vec![0.5, -0.2, 0.8],
        },
        Case {
            name: "logistic_missing_l2",
            class: 4,
            n: 2,
            domain: Some((-3.0, 3.0)),
            f: &Logistic,
            wrong: logistic_wrong,
            right: logistic_right,
            witness: |_| vec![0.5, -0.2],
        },
        Case {
            name: "lsq_missing_linear_prior",
            class: 4,
            n: 3,
            domain: Some((-2.0, 2.0)),
            f: &Tilted,
            wrong: tilted_wrong,
            right: tilted_right,
            witness: |_| vec![0.5, -0.2, 0.8],
        },
        Case {
            name: "fast_tail_left_at_zero",
            class: 5,
            n: WIDE,
            domain: Some((-1.0, 1.0)),
            f: &Tail,
            wrong: tail_wrong,
            right: tail_right,
            witness: |n| vec![0.1; n],
        },
        Case {
            name: "fast_unused_parameter",
            class: 5,
            n: WIDER,
            domain: Some((-1.0, 1.0)),
            f: &Unused,
            wrong: unused_wrong,
            right: unused_right,
            witness: |n| vec![0.1; n],
        },
        Case {
            name: "control_beale_dropped_term",
            class: 0,
            n: 2,
            domain: Some((-4.5, 4.5)),
            f: &Beale,
            wrong: beale_wrong,
            right: beale_right,
            witness: |_| vec![1.0, 1.5],
        },
        Case {
            name: "control_quadratic_factor",
            class: 0,
            n: 4,
            domain: None,
            f: &Quadratic,
            wrong: quad_wrong,
            right: quad_right,
            witness: |_| vec![0.5, 0.1, -0.3, 0.2],
        },
        Case {
            name: "control_swapped",
            class: 0,
            n: 3,
            domain: None,
            f: &Mixed,
            wrong: mixed_wrong,
            right: mixed_right,
            witness: |_| vec![0.3, 0.2, -0.5],
        },
    ]
}
