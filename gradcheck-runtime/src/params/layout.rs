//! The differentiable parameters of a function side by side: each name with its template,
//! so a flat component index has a readable name and a `domain(path = ..)` has components.

use super::Shape;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The differentiable parameters in order, each with a template giving its shape.
///
/// ```
/// use gradcheck_runtime::params::ParamShapes;
/// use nalgebra::SMatrix;
///
/// let shapes = ParamShapes::new()
///     .param("w", [[0.0; 3]; 2])
///     .param("W", SMatrix::<f64, 2, 2>::zeros())
///     .param("t", 0.0);
/// assert_eq!(shapes.len(), 11);
/// assert_eq!(shapes.component_name(3), "w[1][0]");
/// assert_eq!(shapes.component_name(7), "W[1,0]");
/// assert_eq!(shapes.component_name(10), "t");
/// assert_eq!(shapes.select("W[0,1]").unwrap(), 8..9);
/// ```
#[derive(Clone, Default)]
pub struct ParamShapes {
    params: Vec<Entry>,
}

#[derive(Clone)]
struct Entry {
    name: String,
    start: usize,
    len: usize,
    shape: Arc<dyn Shape + Send + Sync>,
}

impl fmt::Debug for ParamShapes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.params
                    .iter()
                    .map(|e| (&e.name, e.start..e.start + e.len)),
            )
            .finish()
    }
}

impl ParamShapes {
    /// No parameter yet.
    ///
    /// ```
    /// assert!(gradcheck_runtime::params::ParamShapes::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the parameter `name`, shaped like `template`.
    ///
    /// ```
    /// use gradcheck_runtime::params::ParamShapes;
    /// assert_eq!(ParamShapes::new().param("v", vec![0.0; 4]).len(), 4);
    /// ```
    pub fn param(self, name: &str, template: impl Shape + Send + Sync + 'static) -> Self {
        self.shared_param(name, Arc::new(template))
    }

    /// Appends the parameter `name`, shaped like a template shared with whoever rebuilds
    /// values from it (no copy, no `Clone` needed).
    ///
    /// ```
    /// use gradcheck_runtime::params::{rebuild, ParamShapes};
    /// use std::sync::Arc;
    /// let template = Arc::new(vec![[0.0; 2]; 3]);
    /// let shapes = ParamShapes::new().shared_param("p", template.clone());
    /// let p: Vec<[f32; 2]> = rebuild(&*template, &[1.0; 6]);
    /// assert_eq!((shapes.component_name(5), p.len()), ("p[2][1]".to_string(), 3));
    /// ```
    pub fn shared_param(mut self, name: &str, template: Arc<dyn Shape + Send + Sync>) -> Self {
        let start = self.len();
        let len = template.count();
        self.params.push(Entry {
            name: name.to_owned(),
            start,
            len,
            shape: template,
        });
        self
    }

    /// The number of differentiable scalars.
    ///
    /// ```
    /// use gradcheck_runtime::params::ParamShapes;
    /// assert_eq!(ParamShapes::new().param("x", 0.0).param("y", [0.0; 2]).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.params.last().map_or(0, |e| e.start + e.len)
    }

    /// Whether there is no differentiable scalar.
    ///
    /// ```
    /// assert!(gradcheck_runtime::params::ParamShapes::new().param("v", Vec::<f64>::new()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The parameters' names and component ranges, in order.
    ///
    /// ```
    /// use gradcheck_runtime::params::ParamShapes;
    /// let shapes = ParamShapes::new().param("x", 0.0).param("y", [0.0; 2]);
    /// assert_eq!(shapes.ranges().collect::<Vec<_>>(), [("x", 0..1), ("y", 1..3)]);
    /// ```
    pub fn ranges(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.params
            .iter()
            .map(|e| (e.name.as_str(), e.start..e.start + e.len))
    }

    /// The readable name of flat component `i`: `x`, `w[1][0]`, `W[1,0]`, `k.amplitude`,
    /// `net.layers[1].bias[0]`; `#i` past the end.
    ///
    /// ```
    /// use gradcheck_runtime::params::ParamShapes;
    /// let shapes = ParamShapes::new().param("v", vec![0.0; 3]);
    /// assert_eq!(shapes.component_name(2), "v[2]");
    /// assert_eq!(shapes.component_name(3), "#3");
    /// ```
    pub fn component_name(&self, i: usize) -> String {
        match self.params.iter().find(|e| i < e.start + e.len) {
            Some(e) => {
                let mut out = e.name.clone();
                e.shape.name(i - e.start, &mut out);
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
    /// use gradcheck_runtime::params::ParamShapes;
    /// let shapes = ParamShapes::new().param("x", 0.0).param("w", [[0.0; 2]; 2]);
    /// assert_eq!(shapes.select("w[1]").unwrap(), 3..5);
    /// assert!(shapes.select("w[2]").unwrap_err().to_string().contains("w[0..2][0..2]"));
    /// ```
    pub fn select(&self, path: &str) -> Result<Range<usize>, PathError> {
        let path: String = path.chars().filter(|c| !c.is_whitespace()).collect();
        let split = path.find(['.', '[']).unwrap_or(path.len());
        let (name, rest) = path.split_at(split);
        let Some(entry) = self.params.iter().find(|e| e.name == name) else {
            return Err(PathError {
                path,
                parameter: None,
                valid: self.params.iter().map(|e| e.name.clone()).collect(),
            });
        };
        match entry.shape.select(rest) {
            Some(r) => Ok(entry.start + r.start..entry.start + r.end),
            None => {
                let mut valid = Vec::new();
                entry.shape.paths(&mut entry.name.clone(), &mut valid);
                Err(PathError {
                    path,
                    parameter: Some(entry.name.clone()),
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
    /// use gradcheck_runtime::params::ParamShapes;
    /// let shapes = ParamShapes::new().param("w", [[0.0; 2]; 2]);
    /// let map = shapes.domains(&[("w[1][0]", 'b'), ("w", 'a')]).unwrap();
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
/// [`ParamShapes::domains`] returns.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainMap<T> {
    /// Least specific first.
    spans: Vec<(Range<usize>, T)>,
}

impl<T> DomainMap<T> {
    /// The value for component `i`, if some path covers it.
    ///
    /// ```
    /// use gradcheck_runtime::params::ParamShapes;
    /// let map = ParamShapes::new().param("x", 0.0).param("y", 0.0).domains(&[("y", 1)]).unwrap();
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
    /// use gradcheck_runtime::params::ParamShapes;
    /// let shapes = ParamShapes::new().param("v", vec![0.0; 3]);
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
