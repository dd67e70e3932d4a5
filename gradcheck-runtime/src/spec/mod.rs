//! What to check: the function's path and layout, the points, tolerances and allowances.
//! The attribute's keys map one to one onto the builder methods here.

use crate::function::Layout;
use crate::params::DomainMap;
pub(crate) mod boxes;
mod effective;
pub(crate) mod lhs;
pub(crate) mod random;

use crate::report::finding::Kind;
use std::ops::Range;

/// The fewest random points drawn when `at` is absent and `samples` is not given (the budget
/// raises it where points are cheap).
pub(crate) const DEFAULT_SAMPLES: usize = 16;
/// The seed used when none is given: fixed, so a check is reproducible by default.
pub(crate) const DEFAULT_SEED: u64 = 0x0067_7261_6463_686b; // "gradchk"
/// The box random points are drawn from when no `domain` is given.
pub(crate) const DEFAULT_DOMAIN: Range<f64> = -1.0..1.0;
/// Above this many differentiable scalars the default mode is `fast`.
pub(crate) const FAST_MODE_THRESHOLD: usize = 1000;
/// Random directions per point in fast mode by default.
pub(crate) const DEFAULT_DIRECTIONS: usize = 8;

/// Full (every component) or fast (random directions) checking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every component of the gradient is checked.
    Full,
    /// Random unit directions are checked; a failure is then localised to a component.
    Fast,
}

/// Everything a check needs to know besides the function itself: the function's path and
/// input layout, the points, tolerances and allowances. The attribute's keys map one to one
/// onto its builder methods.
///
/// Defaults: random points when no `at` point is given (none with `at`), at least 16 and more
/// where points are cheap (a budget counted in evaluations), stratified over `-1.0..1.0`,
/// with a fixed seed; special points inside the box, exploration points beyond it when no
/// `domain` is given, and stationary points come with the random ones; full mode up to 1000 inputs and fast mode (8 random
/// directions per point) above. `GRADCHECK_SEED` and `GRADCHECK_SAMPLES` override the seed and
/// the number of random points.
///
/// ```
/// use gradcheck_runtime::{Layout, Spec};
/// let spec = Spec::new("my_crate::loss", Layout::flat(2)).at(&[1.0, 2.0]).samples(4).seed(7);
/// assert_eq!(spec.points().len(), 5);
/// ```
#[derive(Clone, Debug)]
pub struct Spec {
    pub(crate) function: String,
    pub(crate) layout: Layout,
    pub(crate) explicit: Vec<Vec<f64>>,
    pub(crate) samples: Option<usize>,
    pub(crate) domain: Option<Range<f64>>,
    pub(crate) param_domains: Vec<(String, Range<f64>)>,
    /// `param_domains` resolved against the layout: the box of each component a path covers,
    /// the most specific path winning.
    pub(crate) domain_map: DomainMap<Range<f64>>,
    pub(crate) seed: Option<u64>,
    pub(crate) allowed: Vec<Kind>,
    pub(crate) rtol: Option<f64>,
    pub(crate) atol: Option<f64>,
    pub(crate) norm_min: Option<f64>,
    pub(crate) norm_max: Option<f64>,
    pub(crate) mode: Option<Mode>,
    pub(crate) directions: Option<usize>,
    pub(crate) checks: Vec<String>,
    /// Whether `GRADCHECK_SEED` and `GRADCHECK_SAMPLES` apply (not to the engine's own
    /// one-component checks, whose points are given).
    pub(crate) env: bool,
    /// Where a `Check` was run from, for the reproduce line.
    pub(crate) caller: Option<&'static std::panic::Location<'static>>,
    /// Where the annotated function is written (`file!()`, `line!()` of the attribute).
    pub(crate) source: Option<(String, u32)>,
    /// The package whose `gradcheck-regressions/` folder remembers failing points.
    pub(crate) regressions: Option<std::path::PathBuf>,
    /// Whether the function is compiled in an integration test or bench, for the reproduce
    /// line (`--test`); `None`: not said.
    pub(crate) integration: Option<bool>,
}

impl Spec {
    /// A spec for the function at `path` (`module_path!()` and name) with inputs `layout`.
    ///
    /// ```
    /// let spec = gradcheck_runtime::Spec::new("my_crate::loss", gradcheck_runtime::Layout::flat(3));
    /// assert_eq!(spec.function(), "my_crate::loss");
    /// ```
    pub fn new(path: impl Into<String>, layout: Layout) -> Self {
        Spec {
            function: path.into(),
            layout,
            explicit: Vec::new(),
            samples: None,
            domain: None,
            param_domains: Vec::new(),
            domain_map: DomainMap::default(),
            seed: None,
            allowed: Vec::new(),
            rtol: None,
            atol: None,
            norm_min: None,
            norm_max: None,
            mode: None,
            directions: None,
            checks: Vec::new(),
            env: true,
            caller: None,
            source: None,
            regressions: None,
            integration: None,
        }
    }

    /// Remembers failing points in `<package>/gradcheck-regressions/<function path>.txt`
    /// (`::` replaced by `.`), one point per line, and checks them first at every later run
    /// (origin `regression`). The attribute passes its package's `CARGO_MANIFEST_DIR`.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// let spec = Spec::new("my_crate::loss", Layout::flat(2)).regressions_in(env!("CARGO_MANIFEST_DIR"));
    /// assert!(spec.regressions_file().unwrap().ends_with("gradcheck-regressions/my_crate.loss.txt"));
    /// ```
    pub fn regressions_in(mut self, package: impl Into<std::path::PathBuf>) -> Self {
        self.regressions = Some(package.into());
        self
    }

    /// Says whether the function is compiled in an integration test or bench (the attribute
    /// passes whether `CARGO_TARGET_TMPDIR`, which Cargo sets for those only, is set), so the
    /// reproduce line selects it with `--test` rather than `--lib`.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// let spec = Spec::new("forms::loss", Layout::flat(1))
    ///     .in_integration_test(option_env!("CARGO_TARGET_TMPDIR").is_some());
    /// # let _ = spec;
    /// ```
    #[doc(hidden)]
    pub fn in_integration_test(mut self, yes: bool) -> Self {
        self.integration = Some(yes);
        self
    }

    /// The file of remembered failing points, when [`Spec::regressions_in`] gave a package.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// assert_eq!(Spec::new("c::f", Layout::flat(1)).regressions_file(), None);
    /// let spec = Spec::new("c::m::f", Layout::flat(1)).regressions_in("/pkg");
    /// assert_eq!(
    ///     spec.regressions_file().unwrap(),
    ///     std::path::Path::new("/pkg/gradcheck-regressions/c.m.f.txt")
    /// );
    /// ```
    pub fn regressions_file(&self) -> Option<std::path::PathBuf> {
        let dir = self.regressions.as_ref()?;
        Some(dir.join("gradcheck-regressions").join(format!(
            "{}.txt",
            crate::report::naming::file_stem(&self.function)
        )))
    }

    /// Adds an explicit point (every differentiable scalar, flat, in parameter order).
    ///
    /// ```
    /// let spec = gradcheck_runtime::Spec::new("f", gradcheck_runtime::Layout::flat(2)).at(&[1.0, 2.0]);
    /// assert_eq!(spec.points(), vec![vec![1.0, 2.0]]); // no random points by default with `at`
    /// ```
    pub fn at(mut self, point: &[f64]) -> Self {
        self.explicit.push(point.to_vec());
        self
    }

    /// Sets the number of random points (default when no explicit point is given: at least
    /// 16, more where points are cheap, from a budget counted in evaluations; else 0).
    ///
    /// ```
    /// let spec = gradcheck_runtime::Spec::new("f", gradcheck_runtime::Layout::flat(2)).samples(5);
    /// assert_eq!(spec.points().len(), 5);
    /// ```
    pub fn samples(mut self, n: usize) -> Self {
        self.samples = Some(n);
        self
    }

    /// Sets the box every parameter's random values are drawn from. Without it they come
    /// from `-1.0..1.0` and the check also explores beyond it (magnitudes 1e-2..1e2 of both
    /// signs), where only a wrong derivative fails the check.
    ///
    /// ```
    /// let spec = gradcheck_runtime::Spec::new("f", gradcheck_runtime::Layout::flat(2)).domain(3.0..4.0);
    /// assert!(spec.points().iter().flatten().all(|v| (3.0..4.0).contains(v)));
    /// ```
    pub fn domain(mut self, range: Range<f64>) -> Self {
        self.domain = Some(range);
        self
    }

    /// Sets the box for the components `path` names (overrides the global box): a parameter
    /// (`r`), a field or an entry inside one (`k.length_scale`, `net.layers[0].w`, `w[1]`,
    /// `W[0,2]`). Where paths overlap, the most specific wins (`net.layers[0].w` over `net`),
    /// and of two equally specific ones the later.
    ///
    /// # Panics
    /// If `path` names no component of the layout; the message lists the paths that exist.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// let spec = Spec::new("f", Layout::new().scalar("r").array("w", 3))
    ///     .param_domain("r", 0.5..2.0)
    ///     .param_domain("w", 0.0..1.0)
    ///     .param_domain("w[1]", 5.0..6.0);
    /// assert_eq!(spec.range_of_component(0), 0.5..2.0);
    /// assert_eq!(spec.range_of_component(2), 5.0..6.0);
    /// assert_eq!(spec.range_of_component(3), 0.0..1.0);
    /// ```
    #[track_caller]
    pub fn param_domain(mut self, path: &str, range: Range<f64>) -> Self {
        self.param_domains.push((path.to_owned(), range));
        let rules: Vec<(&str, Range<f64>)> = self
            .param_domains
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect();
        self.domain_map = self
            .layout
            .domains(&rules)
            .unwrap_or_else(|e| panic!("domain({path} = ..): {e}"));
        self
    }

    /// Sets the seed (`GRADCHECK_SEED` overrides it).
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// let a = Spec::new("f", Layout::flat(2)).seed(1).points();
    /// let b = Spec::new("f", Layout::flat(2)).seed(2).points();
    /// assert_ne!(a, b);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Turns findings of `kind` into warnings.
    ///
    /// ```
    /// use gradcheck_runtime::{Kind, Layout, Severity, Spec};
    /// let spec = Spec::new("f", Layout::flat(1)).allow(Kind::Kink);
    /// assert_eq!(spec.severity(Kind::Kink), Severity::Warning);
    /// assert_eq!(spec.severity(Kind::Mismatch), Severity::Error);
    /// ```
    pub fn allow(mut self, kind: Kind) -> Self {
        self.allowed.push(kind);
        self
    }

    /// Sets the relative tolerance of the hand-written comparison (default from the crate).
    pub fn rtol(mut self, rtol: f64) -> Self {
        self.rtol = Some(rtol);
        self
    }

    /// Sets the absolute tolerance of the hand-written comparison.
    pub fn atol(mut self, atol: f64) -> Self {
        self.atol = Some(atol);
        self
    }

    /// Reports `vanishing_gradient` when the gradient's L2 norm is below `min`.
    pub fn norm_min(mut self, min: f64) -> Self {
        self.norm_min = Some(min);
        self
    }

    /// Reports `exploding_gradient` when the gradient's L2 norm is above `max`.
    pub fn norm_max(mut self, max: f64) -> Self {
        self.norm_max = Some(max);
        self
    }

    /// Chooses full or fast mode (default: full up to 1000 scalars, fast above).
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Mode, Spec};
    /// assert_eq!(Spec::new("f", Layout::flat(10)).effective_mode(), Mode::Full);
    /// assert_eq!(Spec::new("f", Layout::flat(10)).mode(Mode::Fast).effective_mode(), Mode::Fast);
    /// assert_eq!(Spec::new("f", Layout::flat(5000)).effective_mode(), Mode::Fast);
    /// ```
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Sets the number of random directions per point in fast mode.
    ///
    /// ```
    /// use gradcheck_runtime::{Layout, Spec};
    /// assert_eq!(Spec::new("f", Layout::flat(10)).directions(4).effective_directions(), 4);
    /// ```
    pub fn directions(mut self, k: usize) -> Self {
        self.directions = Some(k);
        self
    }

    /// Says where the checked function is written (the attribute passes `file!()` and
    /// `line!()`): reports carry it, and a failing test's message starts with `file:line`.
    ///
    /// ```
    /// let spec = gradcheck_runtime::Spec::new("f", gradcheck_runtime::Layout::flat(1)).source("src/loss.rs", 12);
    /// assert_eq!(spec.location().unwrap().to_string(), "src/loss.rs:12");
    /// ```
    pub fn source(mut self, file: &str, line: u32) -> Self {
        self.source = Some((file.to_owned(), line));
        self
    }

    /// Where the checked function is written, or where a `Check` was run.
    pub fn location(&self) -> Option<crate::report::Source> {
        let (file, line) = match (&self.source, self.caller) {
            (Some((file, line)), _) => (file.clone(), *line),
            (None, Some(at)) => (at.file().to_owned(), at.line()),
            (None, None) => return None,
        };
        Some(crate::report::Source { file, line })
    }

    /// Names every check generated for this function (`gradient`, `hessian`, `reference`), so
    /// that the shared JSON report drops results of checks that no longer exist.
    pub fn checks(mut self, names: &[&str]) -> Self {
        self.checks = names.iter().map(|s| s.to_string()).collect();
        self
    }
}
