//! The attribute's vocabulary in one place: key names, finding kinds and modes, so that the
//! parser, the validator and the suggestions for typos agree on every spelling.

/// `at = [[..], ..]`: explicit points.
pub const AT: &str = "at";
/// `samples = n`: random points.
pub const SAMPLES: &str = "samples";
/// `domain = a..b` or `domain(x = a..b, ..)`: the box random points come from.
pub const DOMAIN: &str = "domain";
/// `seed = n`.
pub const SEED: &str = "seed";
/// `grad = path`: the hand-written gradient or Jacobian.
pub const GRAD: &str = "grad";
/// `hessian = path`: the hand-written Hessian.
pub const HESSIAN: &str = "hessian";
/// `reference = path`: a second implementation of the value.
pub const REFERENCE: &str = "reference";
/// `data(name = expr, ..)`: values of the parameters that are not differentiated.
pub const DATA: &str = "data";
/// `dims(name = n, ..)`, `dims(W = [r, c])`: sizes of parameters whose type does not fix them.
pub const DIMS: &str = "dims";
/// `shape(name = expr, ..)`: an example value giving a parameter's shape (ragged ones too).
pub const SHAPE: &str = "shape";
/// `allow(kind, ..)`: findings that only warn.
pub const ALLOW: &str = "allow";
/// `expect(kind, ..)`: the test passes only when an error of one of these kinds is found.
pub const EXPECT: &str = "expect";
/// `rtol = x`.
pub const RTOL: &str = "rtol";
/// `atol = x`.
pub const ATOL: &str = "atol";
/// `norm(min = x, max = y)`.
pub const NORM: &str = "norm";
/// `mode = full | fast`.
pub const MODE: &str = "mode";
/// `directions = k`.
pub const DIRECTIONS: &str = "directions";
/// `precision = f32 | f64`: the primitive a function whose bound leaves it free is checked in.
pub const PRECISION: &str = "precision";

/// Every key, in the order the attribute's documentation lists them (used for "expected one
/// of").
pub const KEYS: &[&str] = &[
    AT, SAMPLES, DOMAIN, SEED, GRAD, HESSIAN, REFERENCE, DATA, DIMS, SHAPE, ALLOW, EXPECT, RTOL,
    ATOL, NORM, MODE, DIRECTIONS, PRECISION,
];

/// The keys inside `norm(...)`.
pub const NORM_KEYS: &[&str] = &["min", "max"];

/// The modes `mode = ...` accepts, with the runtime's `Mode` variant each one names.
pub const MODES: &[(&str, &str)] = &[("full", "Full"), ("fast", "Fast")];

/// The primitives `precision = ...` accepts.
pub const PRECISIONS: &[&str] = &["f64", "f32"];

/// The runtime variant for a mode name, if it is one.
pub fn mode_variant(name: &str) -> Option<&'static str> {
    MODES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The names of `table`'s entries, for suggestions.
pub fn names(table: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    table.iter().map(|(n, _)| *n).collect()
}
