//! The table of finding kinds: their names, whether they fail a check by default, and what
//! they mean. Compiled into this crate and, through a symbolic link, into the proc-macro.

use std::fmt;

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $fails:literal, $meaning:literal; )*) => {
        /// What a check can find at a point. The JSON report and `allow(...)` use [`Kind::name`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            /// Every kind, in the order of the report's documentation.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The snake_case name used in the JSON report and in `allow(...)`.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            /// Whether a finding of this kind fails a check unless `allow(...)` names it:
            /// every kind does except `unstable` and `precision_loss`, which say that the
            /// check could not decide or that the rounding is the function's own.
            pub fn fails_by_default(self) -> bool {
                match self { $(Kind::$variant => $fails,)* }
            }

            /// One sentence: what a finding of this kind means.
            pub fn meaning(self) -> &'static str {
                match self { $(Kind::$variant => $meaning,)* }
            }
        }
    };
}

kinds! {
    /// The hand-written gradient (or Jacobian) disagrees with the exact derivative.
    Mismatch = "mismatch", true,
        "the hand-written gradient disagrees with the exact forward-mode derivative";
    /// The hand-written Hessian disagrees with the exact second derivative.
    HessianMismatch = "hessian_mismatch", true,
        "the hand-written Hessian disagrees with the second-order dual derivative";
    /// Forward-mode AD disagrees with finite differences where the function is smooth.
    AdMismatch = "ad_mismatch", true,
        "forward-mode AD disagrees with finite differences where the function is smooth (the derivative chain is broken)";
    /// The value disagrees with the `reference` implementation.
    ReferenceMismatch = "reference_mismatch", true,
        "the value disagrees with the reference implementation";
    /// The function returns NaN or infinity at the point.
    NonfiniteValue = "nonfinite_value", true,
        "the function returns NaN or infinity at the point";
    /// The value is finite but a derivative is NaN or infinite.
    NonfiniteDerivative = "nonfinite_derivative", true,
        "the value is finite but a derivative is NaN or infinite";
    /// Left and right derivatives differ: the function is not differentiable there.
    Kink = "kink", true,
        "left and right derivatives differ: the function is not differentiable there";
    /// The value jumps at the point.
    Discontinuity = "discontinuity", true,
        "the value jumps at the point";
    /// The slope grows without bound as the step shrinks (a cusp or vertical tangent).
    UnboundedDerivative = "unbounded_derivative", true,
        "the slope grows without bound as the step shrinks (a cusp or vertical tangent)";
    /// Finite differences cannot be trusted at the point (rounding noise dominates).
    Unstable = "unstable", false,
        "finite differences cannot be trusted there (rounding noise dominates)";
    /// The `f32` evaluation loses more digits than its tolerance allows, measured against `f64`.
    PrecisionLoss = "precision_loss", false,
        "the f32 evaluation loses more digits than its tolerance allows, measured against f64";
    /// The gradient norm is below the configured bound.
    VanishingGradient = "vanishing_gradient", true,
        "the gradient norm is below the configured bound";
    /// The gradient norm is above the configured bound.
    ExplodingGradient = "exploding_gradient", true,
        "the gradient norm is above the configured bound";
    /// Two evaluations at the same point differ.
    Nondeterministic = "nondeterministic", true,
        "two evaluations at the same point differ";
    /// The function panicked at the point.
    Panic = "panic", true,
        "the function panicked at the point";
}

impl Kind {
    /// The kind called `name`, as written in `allow(...)`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Every kind's name, in order (for "expected one of" messages and suggestions).
    pub fn names() -> impl Iterator<Item = &'static str> {
        Kind::ALL.iter().map(|k| k.name())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
