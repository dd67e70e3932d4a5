//! The layout of a function's differentiable inputs: each parameter with its name and a
//! template giving its shape, so a flat component index has a readable name (`x`, `w[1][0]`,
//! `W[1,0]`, `k.amplitude`, `net.layers[1].bias[0]`) and a `domain(path = ..)` has components.
//! The engine flattens every parameter into one slice; this is the one place that knows how
//! that slice splits back into parameters.

use super::names::Flat;
use super::Shape;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The differentiable parameters of a function in order, each with a template giving its
/// shape: what names the components of the flattened input in reports and resolves the
/// paths of `domain(..)`.
///
/// ```
/// use gradcheck_runtime::Layout;
/// use nalgebra::SMatrix;
///
/// let layout = Layout::new()
///     .param("w", [[0.0; 3]; 2])
///     .param("W", SMatrix::<f64, 2, 2>::zeros())
///     .scalar("t");
/// assert_eq!(layout.len(), 11);
/// assert_eq!(layout.component_name(3), "w[1][0]");
/// assert_eq!(layout.component_name(7), "W[1,0]");
/// assert_eq!(layout.component_name(10), "t");
/// assert_eq!(layout.select("W[0,1]").unwrap(), 8..9);
/// ```
#[derive(Clone, Default)]
pub struct Layout {
    params: Vec<Param>,
}

/// One differentiable parameter of a [`Layout`]: its name, where its scalars sit in the
/// flattened input, and its shape.
#[derive(Clone)]
pub struct Param {
    /// The parameter's name as written in the signature.
    pub name: String,
    /// The number of scalars it contributes (1 for `D`, `N` for `[D; N]`, 13 for a network
    /// of 13 weights).
    pub len: usize,
    /// Whether it is one scalar named by its name alone (`x`, not `x[0]`).
    pub scalar: bool,
    /// Where its first scalar sits in the flattened input.
    pub start: usize,
    shape: Arc<dyn Shape + Send + Sync>,
}

impl Param {
    /// The parameter's shape: names and paths of its components.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let layout = Layout::new().param("w", vec![[0.0; 2]; 3]);
    /// assert_eq!(layout.params()[0].shape().select("[2]"), Some(4..6));
    /// ```
    pub fn shape(&self) -> &(dyn Shape + Send + Sync) {
        &*self.shape
    }
}

impl fmt::Debug for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.name, self.start..self.start + self.len)
    }
}

impl fmt::Debug for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.params).finish()
    }
}

impl Layout {
    /// No parameter yet.
    ///
    /// ```
    /// assert!(gradcheck_runtime::Layout::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// One sequence parameter `x` of `n` scalars, named `x[0]` to `x[n-1]`: the runtime
    /// `Check`'s input.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::flat(3).component_name(0), "x[0]");
    /// ```
    pub fn flat(n: usize) -> Self {
        Self::new().array("x", n)
    }

    /// Appends a scalar parameter, named by its name alone.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::new().scalar("t").component_name(0), "t");
    /// ```
    pub fn scalar(self, name: &str) -> Self {
        self.param(name, 0.0_f64)
    }

    /// Appends a sequence parameter of `len` scalars (`[D; N]`, `&[D]`, `Vec<D>`), named
    /// `w[0]` to `w[len-1]`, without a template of `len` zeros.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::new().array("w", 2).component_name(1), "w[1]");
    /// ```
    pub fn array(self, name: &str, len: usize) -> Self {
        self.param(name, Flat(len))
    }

    /// Appends the parameter `name`, shaped like `template` (a value of any parameter form:
    /// `[[f64; 3]; 2]`, `DMatrix<f64>`, a derived struct, ...).
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// assert_eq!(Layout::new().param("v", vec![0.0; 4]).len(), 4);
    /// ```
    pub fn param(self, name: &str, template: impl Shape + Send + Sync + 'static) -> Self {
        self.shared_param(name, Arc::new(template))
    }

    /// Appends the parameter `name`, shaped like a template shared with whoever rebuilds
    /// values from it (no copy, no `Clone` needed).
    ///
    /// ```
    /// use gradcheck_runtime::{params::rebuild, Layout};
    /// use std::sync::Arc;
    /// let template = Arc::new(vec![[0.0; 2]; 3]);
    /// let layout = Layout::new().shared_param("p", template.clone());
    /// let p: Vec<[f32; 2]> = rebuild(&*template, &[1.0_f32; 6]);
    /// assert_eq!((layout.component_name(5), p.len()), ("p[2][1]".to_string(), 3));
    /// ```
    pub fn shared_param(mut self, name: &str, template: Arc<dyn Shape + Send + Sync>) -> Self {
        let start = self.len();
        let len = template.count();
        // A scalar is what names its one component with nothing after the parameter's name.
        let scalar = len == 1 && {
            let mut suffix = String::new();
            template.name(0, &mut suffix);
            suffix.is_empty()
        };
        self.params.push(Param {
            name: name.to_owned(),
            len,
            scalar,
            start,
            shape: template,
        });
        self
    }

    /// The parameters in order.
    ///
    /// ```
    /// let layout = gradcheck_runtime::Layout::flat(2);
    /// assert_eq!((layout.params()[0].name.as_str(), layout.params()[0].len), ("x", 2));
    /// ```
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// The number of differentiable scalars.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// assert_eq!(Layout::new().scalar("x").param("y", [0.0; 2]).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.params.last().map_or(0, |p| p.start + p.len)
    }

    /// Whether there is no differentiable scalar.
    ///
    /// ```
    /// assert!(gradcheck_runtime::Layout::new().param("v", Vec::<f64>::new()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The parameters' names and component ranges, in order.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let layout = Layout::new().scalar("x").param("y", [0.0; 2]);
    /// assert_eq!(layout.ranges().collect::<Vec<_>>(), [("x", 0..1), ("y", 1..3)]);
    /// ```
    pub fn ranges(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.params
            .iter()
            .map(|p| (p.name.as_str(), p.start..p.start + p.len))
    }

    /// The index range of the parameter called `name` in the flattened input.
    ///
    /// ```
    /// let layout = gradcheck_runtime::Layout::new().scalar("a").array("b", 2);
    /// assert_eq!(layout.range_of("b"), Some(1..3));
    /// ```
    pub fn range_of(&self, name: &str) -> Option<Range<usize>> {
        self.ranges().find(|(n, _)| *n == name).map(|(_, r)| r)
    }

    /// The readable name of flat component `i`: `x`, `w[1][0]`, `W[1,0]`, `k.amplitude`,
    /// `net.layers[1].bias[0]`; `#i` past the end.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let layout = Layout::new().scalar("a").param("v", vec![0.0; 3]);
    /// assert_eq!(layout.component_name(0), "a");
    /// assert_eq!(layout.component_name(3), "v[2]");
    /// assert_eq!(layout.component_name(4), "#4");
    /// ```
    pub fn component_name(&self, i: usize) -> String {
        // Parameters are in order of `start`: the one holding `i` is the first ending past it.
        let k = self.params.partition_point(|p| p.start + p.len <= i);
        match self.params.get(k) {
            Some(p) => {
                let mut out = p.name.clone();
                p.shape.name(i - p.start, &mut out);
                out
            }
            None => format!("#{i}"),
        }
    }

    /// The flat components a path covers: a parameter's name, then its inner path
    /// (`k.length_scale`, `net.layers[0].w`, `W[1,2]`, `w[1]`); spaces are ignored.
    ///
    /// # Errors
    /// A [`PathError`] listing the paths that exist, when `path` names nothing.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let layout = Layout::new().scalar("x").param("w", [[0.0; 2]; 2]);
    /// assert_eq!(layout.select("w[1]").unwrap(), 3..5);
    /// assert!(layout.select("w[2]").unwrap_err().to_string().contains("w[0..2][0..2]"));
    /// ```
    pub fn select(&self, path: &str) -> Result<Range<usize>, PathError> {
        let path: String = path.chars().filter(|c| !c.is_whitespace()).collect();
        let split = path.find(['.', '[']).unwrap_or(path.len());
        let (name, rest) = path.split_at(split);
        let Some(param) = self.params.iter().find(|p| p.name == name) else {
            return Err(PathError {
                path,
                parameter: None,
                valid: self.params.iter().map(|p| p.name.clone()).collect(),
            });
        };
        match param.shape.select(rest) {
            Some(r) => Ok(param.start + r.start..param.start + r.end),
            None => {
                let mut valid = Vec::new();
                param.shape.paths(&mut param.name.clone(), &mut valid);
                Err(PathError {
                    path,
                    parameter: Some(param.name.clone()),
                    valid,
                })
            }
        }
    }

    /// Resolves `(path, value)` rules, such as the per-path boxes of `domain(..)`, into a
    /// [`DomainMap`] where the most specific path covering a component wins.
    ///
    /// # Errors
    /// The first path that names nothing.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let layout = Layout::new().param("w", [[0.0; 2]; 2]);
    /// let map = layout.domains(&[("w[1][0]", 'b'), ("w", 'a')]).unwrap();
    /// assert_eq!((0..4).map(|i| map.get(i).copied()).collect::<Vec<_>>(),
    ///            [Some('a'), Some('a'), Some('b'), Some('a')]);
    /// ```
    pub fn domains<T: Clone>(&self, rules: &[(&str, T)]) -> Result<DomainMap<T>, PathError> {
        let mut spans = Vec::with_capacity(rules.len());
        for (order, (path, value)) in rules.iter().enumerate() {
            let range = self.select(path)?;
            spans.push((specificity(path), order, range, value.clone()));
        }
        // Least specific first, so that applying them in order leaves the most specific.
        spans.sort_by_key(|(s, order, _, _)| (*s, *order));
        Ok(DomainMap {
            spans: spans.into_iter().map(|(_, _, r, v)| (r, v)).collect(),
        })
    }
}

/// How specific a path is: its number of segments (`w` 1, `w[1]` 2, `net.layers[0].w` 4).
fn specificity(path: &str) -> usize {
    1 + path.chars().filter(|&c| c == '.' || c == '[').count()
}

/// Values over component ranges where the most specific path wins: what
/// [`Layout::domains`] returns.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainMap<T> {
    /// Least specific first.
    spans: Vec<(Range<usize>, T)>,
}

impl<T> Default for DomainMap<T> {
    fn default() -> Self {
        DomainMap { spans: Vec::new() }
    }
}

impl<T> DomainMap<T> {
    /// The values over their component ranges, least specific first.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let map = Layout::new().array("w", 3).domains(&[("w[2]", 'b'), ("w", 'a')]).unwrap();
    /// assert_eq!(map.spans(), [(0..3, 'a'), (2..3, 'b')]);
    /// ```
    pub fn spans(&self) -> &[(Range<usize>, T)] {
        &self.spans
    }

    /// The value for component `i`, if some path covers it.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let map = Layout::new().scalar("x").scalar("y").domains(&[("y", 1)]).unwrap();
    /// assert_eq!((map.get(0), map.get(1)), (None, Some(&1)));
    /// ```
    pub fn get(&self, i: usize) -> Option<&T> {
        self.spans
            .iter()
            .rev()
            .find(|(r, _)| r.contains(&i))
            .map(|(_, v)| v)
    }

    /// Writes each value over its range into `out`, most specific last, so every component
    /// ends with the value of the most specific path covering it (components no path covers
    /// keep theirs): one pass, for a million components.
    ///
    /// ```
    /// use gradcheck_runtime::Layout;
    /// let shapes = Layout::new().param("v", vec![0.0; 3]);
    /// let mut boxes = vec![(-1.0, 1.0); 3];
    /// shapes.domains(&[("v[1]", (0.1, 5.0))]).unwrap().apply(&mut boxes);
    /// assert_eq!(boxes, [(-1.0, 1.0), (0.1, 5.0), (-1.0, 1.0)]);
    /// ```
    pub fn apply(&self, out: &mut [T])
    where
        T: Clone,
    {
        for (range, value) in &self.spans {
            out[range.clone()].fill(value.clone());
        }
    }
}

/// A path that names no component: which parameter it reached, and the paths that exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The path as given (spaces removed).
    pub path: String,
    /// The parameter its first segment named, if any did.
    pub parameter: Option<String>,
    /// The paths that exist: parameter names, or patterns inside the parameter.
    pub valid: Vec<String>,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parameter {
            None => write!(
                f,
                "`{}` names no differentiable parameter; they are: {}",
                self.path,
                self.valid.join(", ")
            ),
            Some(p) => write!(
                f,
                "`{}` names no component of `{p}`; its paths are: {}",
                self.path,
                self.valid.join(", ")
            ),
        }
    }
}

impl std::error::Error for PathError {}
