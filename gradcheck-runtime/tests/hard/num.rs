//! f64 helpers the hand-written gradients share: the accurate forms a careful person uses.

/// σ(x) = 1/(1 + e^−x) without overflow or cancellation on either side.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// σ(x)·σ(−x) = σ'(x) as e/(1 + e)² with e = e^−|x|: accurate to the last bits in both tails
/// (1 − σ cancels to 0 above x ≈ 37).
pub fn sigmoid_slope(x: f64) -> f64 {
    let e = (-x.abs()).exp();
    e / ((1.0 + e) * (1.0 + e))
}

/// 1/cosh²(x) = 4e/(1 + e)² with e = e^−2|x|: accurate where 1 − tanh² is 0 (|x| > 19)
/// and where cosh² overflows (|x| > 355).
pub fn sech2(x: f64) -> f64 {
    let e = (-2.0 * x.abs()).exp();
    4.0 * e / ((1.0 + e) * (1.0 + e))
}

/// Sums `terms(k)` for k = 1, 2, … until a term no longer changes the sum (at most 60): the
/// power series the gradients use where the closed form cancels.
pub fn series(mut term: impl FnMut(i32) -> f64) -> f64 {
    let mut sum = 0.0;
    for k in 1..=60 {
        let t = term(k);
        if sum + t == sum {
            break;
        }
        sum += t;
    }
    sum
}
