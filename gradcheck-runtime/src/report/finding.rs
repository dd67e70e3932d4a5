//! What a check can find at a point: its kind, its severity and its evidence.

use serde::{Deserialize, Serialize};

/// The kind of a finding (its JSON name).
pub use gradcheck_kinds::Kind;

/// `Kind` as its name in JSON (the kinds crate has no dependencies, so no serde).
pub(crate) mod kind_name {
    use super::Kind;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let name = String::deserialize(d)?;
        Kind::from_name(&name).ok_or_else(|| D::Error::custom(format!("unknown kind `{name}`")))
    }
}

/// Which kind of point a finding was made at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Origin {
    /// A point given by `at`.
    Explicit,
    /// A random point drawn from the domain (stratified over the box).
    Random,
    /// A special point inside the box: 0 or ±1 in a component, the all-zero point, all
    /// components equal, near the box's edges and corners.
    Special,
    /// An exploration point beyond the default box (no `domain` given): magnitudes from
    /// 1e-2 to 1e2 of both signs. Only a wrong derivative is an error there.
    Explore,
    /// A point where the gradient is nearly zero, reached by a few descent steps from a
    /// random point with the exact gradient: where a missing additive term shows.
    Stationary,
    /// A point remembered from an earlier failing run (`gradcheck-regressions/`), checked
    /// again first.
    Regression,
}

impl Origin {
    /// The name in the JSON report.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Origin::Explicit.name(), "explicit");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Origin::Explicit => "explicit",
            Origin::Random => "random",
            Origin::Special => "special",
            Origin::Explore => "explore",
            Origin::Stationary => "stationary",
            Origin::Regression => "regression",
        }
    }
}

/// One finite difference of the error-versus-step picture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The step.
    pub h: f64,
    /// The central difference at that step (`None` where the function could not be evaluated).
    pub fd: Option<f64>,
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

impl Severity {
    /// The severity of a finding of `kind` when `allow(...)` does not name it: every kind is
    /// an error except `unstable` and `precision_loss`, which mean the check could not decide
    /// or the rounding is the function's own.
    ///
    /// ```
    /// use gradcheck_runtime::{Kind, Severity};
    /// assert_eq!(Severity::default_of(Kind::Unstable), Severity::Warning);
    /// assert_eq!(Severity::default_of(Kind::Kink), Severity::Error);
    /// ```
    pub fn default_of(kind: Kind) -> Severity {
        if kind.fails_by_default() {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// One thing found at one point, with the evidence for it.
///
/// Fields beyond the contract's (`fd`, `fd_error`, `left`, `right`, `tolerance`, `name`,
/// `check`) carry the evidence; they are omitted from the JSON when empty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// What was found.
    #[serde(with = "kind_name")]
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
    /// Which kind of point found it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The form the error takes across every point where the entry was checked (a
    /// `mismatch` or `hessian_mismatch` only): see [`Diagnosis`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
    /// The finite difference along the entry at steps from 1e-1 to 1e-13 of the coordinate's
    /// scale (the worst findings of a failing check only): the error-versus-step picture.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// The balanced step the witness starts from, for the picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
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
            severity: Severity::default_of(kind),
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
            origin: None,
            diagnosis: None,
            steps: Vec::new(),
            step: None,
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

    /// Where the finding sits in a check's matrices (row, column): a Jacobian entry's
    /// (output, component), a Hessian entry's (component, column); `None` for other kinds.
    pub(crate) fn cell(&self) -> Option<(usize, usize)> {
        match self.kind {
            Kind::Mismatch => Some((self.output.unwrap_or(0), self.component?)),
            Kind::HessianMismatch => Some((self.component?, self.column?)),
            _ => None,
        }
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

/// The form a wrong derivative takes across every point where its entry was checked: what a
/// person debugging it wants to know after *where* (a doubled term, a sign slip, an index
/// mix-up, a dropped constant). Reported only when every checked point agrees with the form
/// to the comparison's tolerance; in JSON an object with `form` and its details.
///
/// ```
/// use gradcheck_runtime::Diagnosis;
/// let d = Diagnosis::Scaled { factor: 2.0 };
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"form":"scaled","factor":2.0}"#);
/// let s = Diagnosis::Swapped { with: 1, with_column: None };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"form":"swapped","with":1}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Diagnosis {
    /// hand-written = `factor` × exact at every point (`factor` not 1, not −1).
    Scaled {
        /// The constant factor.
        factor: f64,
    },
    /// hand-written = −exact at every point.
    SignFlipped,
    /// hand-written is 0 where the exact value is not.
    Zero,
    /// The entry carries another entry's exact value.
    Swapped {
        /// That entry's flattened component index.
        with: usize,
        /// Its column, for a Hessian.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        with_column: Option<usize>,
    },
    /// hand-written − exact is the same constant at every point.
    Offset {
        /// The constant.
        by: f64,
    },
    /// A Jacobian that matches the transpose of the exact one.
    Transposed,
}

impl Diagnosis {
    /// The form's name in JSON.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Diagnosis::SignFlipped.form(), "sign_flipped");
    /// ```
    pub fn form(&self) -> &'static str {
        match self {
            Diagnosis::Scaled { .. } => "scaled",
            Diagnosis::SignFlipped => "sign_flipped",
            Diagnosis::Zero => "zero",
            Diagnosis::Swapped { .. } => "swapped",
            Diagnosis::Offset { .. } => "offset",
            Diagnosis::Transposed => "transposed",
        }
    }
}
