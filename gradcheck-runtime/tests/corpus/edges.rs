//! Points near a domain edge, closer than the finite-difference step: the step must shrink to
//! stay inside the domain instead of reporting the function as broken.

use crate::common::{at, silent};
use crate::function;

function!(Ln, |x| vec![x[0].ln()]);
function!(Sqrt, |x| vec![x[0].sqrt()]);
function!(LnSqrt, |x| vec![x[0].ln() * x[1].sqrt()]);

#[test]
fn near_a_domain_edge_the_step_shrinks() {
    for p in [1e-3, 4e-6, 1e-7] {
        silent(&at(&Ln, &[p], None), &[p]);
        silent(&at(&Sqrt, &[p], None), &[p]);
    }
    silent(&at(&LnSqrt, &[2e-6, 3e-6], None), &[2e-6, 3e-6]);
}

#[test]
fn a_hand_written_error_near_an_edge_is_still_a_mismatch() {
    let g = |x: &[f64]| vec![vec![1.0 / x[0] * (1.0 + 1e-6)]];
    let r = at(&Ln, &[1e-7], Some(&g));
    assert_eq!(
        r.errors().map(|f| f.kind).collect::<Vec<_>>(),
        vec![gradcheck_runtime::Kind::Mismatch],
        "{r}"
    );
}
