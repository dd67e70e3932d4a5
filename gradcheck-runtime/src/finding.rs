//! What a check can find at a point: the CONTRACT.md kinds, their severity and evidence.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a finding, exactly as named in the JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The hand-written gradient (or Jacobian) disagrees with the exact forward-mode derivative.
    Mismatch,
    /// The hand-written Hessian disagrees with the second-order dual derivative.
    HessianMismatch,
    /// Forward-mode AD disagrees with finite differences where the function is smooth.
    AdMismatch,
    /// The value disagrees with the `reference` implementation.
    ReferenceMismatch,
    /// The function returns NaN or infinity at the point.
    NonfiniteValue,
    /// The value is finite but a derivative is NaN or infinite.
    NonfiniteDerivative,
    /// Left and right derivatives differ: the function is not differentiable there.
    Kink,
    /// The value jumps at the point.
    Discontinuity,
    /// The slope grows without bound as the step shrinks (a cusp or vertical tangent).
    UnboundedDerivative,
    /// Finite differences cannot be trusted at the point (rounding noise dominates).
    Unstable,
    /// The gradient norm is below the configured bound.
    VanishingGradient,
    /// The gradient norm is above the configured bound.
    ExplodingGradient,
    /// Two evaluations at the same point differ.
    Nondeterministic,
    /// The function panicked at the point.
    Panic,
}

impl Kind {
    /// Every kind, in the contract's order.
    pub const ALL: [Kind; 14] = [
        Kind::Mismatch,
        Kind::HessianMismatch,
        Kind::AdMismatch,
        Kind::ReferenceMismatch,
        Kind::NonfiniteValue,
        Kind::NonfiniteDerivative,
        Kind::Kink,
        Kind::Discontinuity,
        Kind::UnboundedDerivative,
        Kind::Unstable,
        Kind::VanishingGradient,
        Kind::ExplodingGradient,
        Kind::Nondeterministic,
        Kind::Panic,
    ];

    /// The name used in the JSON report and in `allow(...)`.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Kind::AdMismatch.name(), "ad_mismatch");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mismatch => "mismatch",
            Kind::HessianMismatch => "hessian_mismatch",
            Kind::AdMismatch => "ad_mismatch",
            Kind::ReferenceMismatch => "reference_mismatch",
            Kind::NonfiniteValue => "nonfinite_value",
            Kind::NonfiniteDerivative => "nonfinite_derivative",
            Kind::Kink => "kink",
            Kind::Discontinuity => "discontinuity",
            Kind::UnboundedDerivative => "unbounded_derivative",
            Kind::Unstable => "unstable",
            Kind::VanishingGradient => "vanishing_gradient",
            Kind::ExplodingGradient => "exploding_gradient",
            Kind::Nondeterministic => "nondeterministic",
            Kind::Panic => "panic",
        }
    }

    /// The kind named `name`, as written in `allow(...)`.
    ///
    /// ```
    /// use gradcheck_runtime::Kind;
    /// assert_eq!(Kind::from_name("kink"), Some(Kind::Kink));
    /// assert_eq!(Kind::from_name("knik"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The severity of this kind when `allow(...)` does not name it: every kind is an error
    /// except `unstable`, which means the check could not decide.
    ///
    /// ```
    /// use gradcheck_runtime::{Kind, Severity};
    /// assert_eq!(Kind::Unstable.default_severity(), Severity::Warning);
    /// ```
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::Unstable => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a finding fails the check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Printed, but does not fail the check.
    Warning,
}

/// One thing found at one point, with the evidence for it.
///
/// Fields beyond the contract's (`fd`, `fd_error`, `left`, `right`, `tolerance`, `name`,
/// `check`) carry the evidence; they are omitted from the JSON when empty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Whether it fails the check.
    pub severity: Severity,
    /// The point, every differentiable scalar flattened in parameter order.
    pub point: Vec<f64>,
    /// The 0-based index into the flattened inputs, when the finding is about one component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<usize>,
    /// The Hessian column, for Hessian findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The output (Jacobian row), for vector functions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<usize>,
    /// The trusted value (the dual derivative, or the reference value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<f64>,
    /// The value under test (the hand-written derivative, or the function's value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
    /// `|actual - expected|`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_error: Option<f64>,
    /// `abs_error` relative to the scale the tolerance was computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel_error: Option<f64>,
    /// The tolerance `abs_error` was compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// The finite-difference estimate, the independent witness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fd: Option<f64>,
    /// The finite difference's own error estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fd_error: Option<f64>,
    /// The left one-sided derivative, for kinks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<f64>,
    /// The right one-sided derivative, for kinks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<f64>,
    /// The readable component name (`w[3]`, `x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Which check produced it (`gradient`, `hessian`, `reference`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub check: String,
    /// What was found and what to do about it.
    pub message: String,
}

impl Finding {
    /// A finding of `kind` at `point` with `message`; everything else empty and the
    /// severity the kind has by default.
    ///
    /// ```
    /// use gradcheck_runtime::{Finding, Kind};
    /// let f = Finding::new(Kind::Kink, &[0.0], "abs at 0").component(0);
    /// assert_eq!(f.component, Some(0));
    /// ```
    pub fn new(kind: Kind, point: &[f64], message: impl Into<String>) -> Self {
        Finding {
            kind,
            severity: kind.default_severity(),
            point: point.to_vec(),
            component: None,
            column: None,
            output: None,
            expected: None,
            actual: None,
            abs_error: None,
            rel_error: None,
            tolerance: None,
            fd: None,
            fd_error: None,
            left: None,
            right: None,
            name: None,
            check: String::new(),
            message: message.into(),
        }
    }

    /// Sets the component index.
    ///
    /// ```
    /// # use gradcheck_runtime::{Finding, Kind};
    /// assert_eq!(Finding::new(Kind::Panic, &[], "").component(3).component, Some(3));
    /// ```
    pub fn component(mut self, i: usize) -> Self {
        self.component = Some(i);
        self
    }

    /// Sets the output row (vector functions).
    ///
    /// ```
    /// # use gradcheck_runtime::{Finding, Kind};
    /// assert_eq!(Finding::new(Kind::Mismatch, &[], "").output(1).output, Some(1));
    /// ```
    pub fn output(mut self, row: usize) -> Self {
        self.output = Some(row);
        self
    }

    /// Sets expected and actual values and derives the absolute and relative errors, the
    /// relative one against `scale` (the size of the terms, not only of `expected`).
    ///
    /// ```
    /// # use gradcheck_runtime::{Finding, Kind};
    /// let f = Finding::new(Kind::Mismatch, &[], "").values(2.0, 2.5, 5.0);
    /// assert_eq!(f.abs_error, Some(0.5));
    /// assert_eq!(f.rel_error, Some(0.1));
    /// ```
    pub fn values(mut self, expected: f64, actual: f64, scale: f64) -> Self {
        let abs = (actual - expected).abs();
        self.expected = Some(expected);
        self.actual = Some(actual);
        self.abs_error = Some(abs);
        self.rel_error = Some(if scale > 0.0 { abs / scale } else { abs });
        self
    }

    /// Whether this finding fails the check.
    ///
    /// ```
    /// # use gradcheck_runtime::{Finding, Kind};
    /// assert!(!Finding::new(Kind::Unstable, &[], "").is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
