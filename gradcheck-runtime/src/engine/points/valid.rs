//! The points are validated before any evaluation, so that bad input gets a message that
//! names it instead of an index panic deep in the engine.

use crate::spec::Spec;
use std::fmt;

/// Why a check could not start.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PointProblem {
    /// The function has no differentiable scalar.
    NoInputs,
    /// An explicit point has the wrong number of values.
    WrongLength {
        /// Which explicit point (0-based).
        point: usize,
        /// How many values it has.
        got: usize,
        /// How many the layout needs.
        expected: usize,
        /// The layout, for the message.
        names: String,
    },
    /// An explicit point holds NaN or infinity.
    NonFinite {
        /// Which explicit point (0-based).
        point: usize,
        /// Which component.
        component: usize,
    },
    /// A domain is empty or not finite.
    BadDomain(String),
    /// Nothing to check: no explicit point and zero samples.
    NoPoints,
}

impl fmt::Display for PointProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointProblem::NoInputs => write!(f, "the function has no differentiable input (n = 0): give it a parameter of the `DualNum` type (a `Check`: `.dims(n)` with n ≥ 1, or a point with values)"),
            PointProblem::WrongLength { point, got, expected, names } => write!(
                f,
                "explicit point {point} has {got} values, the function has {expected} differentiable scalars ({names}): give one value per scalar, flattened in parameter order"
            ),
            PointProblem::NonFinite { point, component } => {
                write!(f, "explicit point {point} has a non-finite value at component {component}: points must be finite numbers")
            }
            PointProblem::BadDomain(d) => write!(f, "{d}"),
            PointProblem::NoPoints => write!(f, "no point to check: `samples` is 0 and there is no `at` point (GRADCHECK_SAMPLES=0?)"),
        }
    }
}

/// The first problem with `spec`'s points, without drawing the random ones.
pub(crate) fn check(spec: &Spec) -> Result<(), PointProblem> {
    let layout = spec.layout();
    let n = layout.len();
    if n == 0 {
        return Err(PointProblem::NoInputs);
    }
    for (k, p) in spec.explicit.iter().enumerate() {
        if p.len() != n {
            let names = layout
                .params()
                .iter()
                .map(|p| {
                    if p.scalar {
                        p.name.clone()
                    } else {
                        format!("{}: {}", p.name, p.len)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            return Err(PointProblem::WrongLength {
                point: k,
                got: p.len(),
                expected: n,
                names,
            });
        }
        if let Some(c) = p.iter().position(|v| !v.is_finite()) {
            return Err(PointProblem::NonFinite {
                point: k,
                component: c,
            });
        }
    }
    for i in 0..n {
        let r = spec.range_of_component(i);
        if !(r.start.is_finite() && r.end.is_finite() && r.start < r.end) {
            return Err(PointProblem::BadDomain(format!(
                "the domain of {} is {:?}: it must be a finite range with lo < hi",
                layout.component_name(i),
                r
            )));
        }
    }
    if spec.explicit.is_empty() && spec.effective_samples() == 0 {
        return Err(PointProblem::NoPoints);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn wrong_length_names_the_layout() {
        let spec = Spec::new("f", Layout::new().scalar("x").array("w", 2)).at(&[1.0, 2.0]);
        let e = check(&spec).unwrap_err();
        assert!(
            e.to_string().contains("2 values") && e.to_string().contains("x, w: 2"),
            "{e}"
        );
    }

    #[test]
    fn nan_points_are_rejected() {
        let spec = Spec::new("f", Layout::flat(2)).at(&[1.0, f64::NAN]);
        assert_eq!(
            check(&spec).unwrap_err(),
            PointProblem::NonFinite {
                point: 0,
                component: 1
            }
        );
    }

    #[test]
    fn empty_inputs_and_empty_domains_are_rejected() {
        assert_eq!(
            check(&Spec::new("f", Layout::new())).unwrap_err(),
            PointProblem::NoInputs
        );
        let e = check(&Spec::new("f", Layout::flat(1)).domain(1.0..1.0)).unwrap_err();
        assert!(matches!(e, PointProblem::BadDomain(_)));
        assert_eq!(
            check(&Spec::new("f", Layout::flat(1)).samples(0)).unwrap_err(),
            PointProblem::NoPoints
        );
    }

    #[test]
    fn random_points_are_reproducible_and_in_their_boxes() {
        let spec = Spec::new("f", Layout::new().scalar("r").scalar("t"))
            .param_domain("r", 0.5..2.0)
            .domain(-3.0..3.0)
            .samples(50)
            .seed(3);
        check(&spec).unwrap();
        let a = spec.points();
        assert_eq!(a, spec.points());
        assert_eq!(a.len(), 50);
        assert!(a
            .iter()
            .all(|p| (0.5..2.0).contains(&p[0]) && (-3.0..3.0).contains(&p[1])));
    }
}
