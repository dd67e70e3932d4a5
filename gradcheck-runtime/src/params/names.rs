//! Names and paths, shared by every form: sequences (`[i]`), matrices (`[r,c]`) and
//! struct fields (`.name`). A path is what follows the parameter's name in
//! `domain(net.layers[0].w = ..)`, with no spaces: `.layers[0].w`.

use super::{Differentiable, Shape};
use std::fmt::Write as _;
use std::ops::Range;

/// Appends `[i]`.
pub(crate) fn push_index(out: &mut String, i: usize) {
    let _ = write!(out, "[{i}]");
}

/// Appends `[r,c]`.
pub(crate) fn push_pair(out: &mut String, r: usize, c: usize) {
    let _ = write!(out, "[{r},{c}]");
}

/// `"[12]rest"` → `(12, "rest")`.
pub(crate) fn parse_index(path: &str) -> Option<(usize, &str)> {
    let inner = path.strip_prefix('[')?;
    let end = inner.find(']')?;
    let i = inner[..end].trim().parse().ok()?;
    Some((i, &inner[end + 1..]))
}

/// `"[1,2]rest"` → `(1, 2, "rest")`.
pub(crate) fn parse_pair(path: &str) -> Option<(usize, usize, &str)> {
    let inner = path.strip_prefix('[')?;
    let end = inner.find(']')?;
    let (r, c) = inner[..end].split_once(',')?;
    Some((
        r.trim().parse().ok()?,
        c.trim().parse().ok()?,
        &inner[end + 1..],
    ))
}

/// The component range of entry `i` of a vector of `n` scalars: `"[i]"` alone, or the whole
/// vector for `""`.
pub(crate) fn select_vector(n: usize, path: &str) -> Option<Range<usize>> {
    if path.is_empty() {
        return Some(0..n);
    }
    match parse_index(path)? {
        (i, "") if i < n => Some(i..i + 1),
        _ => None,
    }
}

/// The component of entry `(r, c)` of a `rows × cols` matrix, `index(r, c)` giving its
/// position in flattened order; the whole matrix for `""`.
pub(crate) fn select_matrix(
    (rows, cols): (usize, usize),
    path: &str,
    index: impl Fn(usize, usize) -> usize,
) -> Option<Range<usize>> {
    if path.is_empty() {
        return Some(0..rows * cols);
    }
    match parse_pair(path)? {
        (r, c, "") if r < rows && c < cols => {
            let i = index(r, c);
            Some(i..i + 1)
        }
        _ => None,
    }
}

/// The paths of a vector of `n` scalars after `prefix`: itself and `[0..n]`.
pub(crate) fn vector_paths(n: usize, prefix: &mut String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    if n > 0 {
        out.push(format!("{prefix}[0..{n}]"));
    }
}

/// The paths of a `rows × cols` matrix after `prefix`: itself and `[0..rows,0..cols]`.
pub(crate) fn matrix_paths(rows: usize, cols: usize, prefix: &mut String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    if rows * cols > 0 {
        out.push(format!("{prefix}[0..{rows},0..{cols}]"));
    }
}

/// The number of scalars in `items`, without visiting them when their type fixes it.
pub(crate) fn seq_count<E: Differentiable>(items: &[E]) -> usize {
    match E::FIXED {
        Some(k) => k * items.len(),
        None => items.iter().map(Shape::count).sum(),
    }
}

/// Where item `i` starts in the flattened sequence.
fn seq_offset<E: Differentiable>(items: &[E], i: usize) -> usize {
    match E::FIXED {
        Some(k) => k * i,
        None => items[..i].iter().map(Shape::count).sum(),
    }
}

/// `[i]` and the name inside item `i` for component `index` of a sequence.
pub(crate) fn seq_name<E: Differentiable>(items: &[E], index: usize, out: &mut String) {
    let (i, rest) = match E::FIXED {
        Some(k) if k > 0 => (index / k, index % k),
        _ => {
            let mut rest = index;
            let mut i = 0;
            while i + 1 < items.len() && rest >= items[i].count() {
                rest -= items[i].count();
                i += 1;
            }
            (i, rest)
        }
    };
    push_index(out, i);
    if let Some(item) = items.get(i) {
        item.name(rest, out);
    }
}

/// The range `path` covers in a sequence: `""` the whole, `"[i]rest"` inside item `i`.
pub(crate) fn seq_select<E: Differentiable>(items: &[E], path: &str) -> Option<Range<usize>> {
    if path.is_empty() {
        return Some(0..seq_count(items));
    }
    let (i, rest) = parse_index(path)?;
    let inner = items.get(i)?.select(rest)?;
    let start = seq_offset(items, i);
    Some(start + inner.start..start + inner.end)
}

/// The paths of a sequence: itself, then the first item's under `[0..n]`.
pub(crate) fn seq_paths<E: Differentiable>(
    items: &[E],
    prefix: &mut String,
    out: &mut Vec<String>,
) {
    out.push(prefix.clone());
    if let Some(first) = items.first() {
        let len = prefix.len();
        let _ = write!(prefix, "[0..{}]", items.len());
        first.paths(prefix, out);
        prefix.truncate(len);
    }
}

/// [`Shape::name`] of a struct (or tuple) from its differentiated fields, in order.
///
/// ```
/// use gradcheck_runtime::params::{__derive::fields_name, Shape};
/// let (a, b) = (1.0, [2.0, 3.0]);
/// let mut name = String::from("k");
/// fields_name(&[("a", &a as &dyn Shape), ("b", &b)], 2, &mut name);
/// assert_eq!(name, "k.b[1]");
/// ```
pub fn fields_name(fields: &[(&str, &dyn Shape)], index: usize, out: &mut String) {
    let mut rest = index;
    for (i, (field, shape)) in fields.iter().enumerate() {
        let n = shape.count();
        if rest < n || i + 1 == fields.len() {
            out.push('.');
            out.push_str(field);
            shape.name(rest, out);
            return;
        }
        rest -= n;
    }
}

/// [`Shape::select`] of a struct: `""` the whole, `".field rest"` inside that field.
///
/// ```
/// use gradcheck_runtime::params::{__derive::fields_select, Shape};
/// let (a, b) = (1.0, [2.0, 3.0]);
/// let fields = [("a", &a as &dyn Shape), ("b", &b)];
/// assert_eq!(fields_select(&fields, ".b"), Some(1..3));
/// assert_eq!(fields_select(&fields, ".b[0]"), Some(1..2));
/// assert_eq!(fields_select(&fields, ".c"), None);
/// ```
pub fn fields_select(fields: &[(&str, &dyn Shape)], path: &str) -> Option<Range<usize>> {
    if path.is_empty() {
        return Some(0..fields.iter().map(|(_, s)| s.count()).sum());
    }
    let after_dot = path.strip_prefix('.')?;
    let mut start = 0;
    for (field, shape) in fields {
        if let Some(rest) = after_dot.strip_prefix(field) {
            if rest.is_empty() || rest.starts_with(['.', '[']) {
                let inner = shape.select(rest)?;
                return Some(start + inner.start..start + inner.end);
            }
        }
        start += shape.count();
    }
    None
}

/// [`Shape::paths`] of a struct: itself, then each field's under `.field`.
///
/// ```
/// use gradcheck_runtime::params::{__derive::fields_paths, Shape};
/// let (a, b) = (1.0, [2.0, 3.0]);
/// let mut out = Vec::new();
/// fields_paths(&[("a", &a as &dyn Shape), ("b", &b)], &mut "k".to_string(), &mut out);
/// assert_eq!(out, ["k", "k.a", "k.b", "k.b[0..2]"]);
/// ```
pub fn fields_paths(fields: &[(&str, &dyn Shape)], prefix: &mut String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    for (field, shape) in fields {
        let len = prefix.len();
        prefix.push('.');
        prefix.push_str(field);
        shape.paths(prefix, out);
        prefix.truncate(len);
    }
}

/// [`Differentiable::FIXED`] of a struct: the sum of its fields', if every one is fixed.
///
/// ```
/// use gradcheck_runtime::params::__derive::fixed_sum;
/// assert_eq!(fixed_sum(&[Some(1), Some(3)]), Some(4));
/// assert_eq!(fixed_sum(&[Some(1), None]), None);
/// ```
pub const fn fixed_sum(parts: &[Option<usize>]) -> Option<usize> {
    let mut total = 0;
    let mut i = 0;
    while i < parts.len() {
        match parts[i] {
            Some(n) => total += n,
            None => return None,
        }
        i += 1;
    }
    Some(total)
}

/// `n` scalars named `[0]` to `[n-1]`, with no value behind them: the shape of a flat input
/// (the runtime `Check`'s `x`), without a template of `n` zeros.
///
/// ```
/// use gradcheck_runtime::{params::Flat, Layout};
/// let shapes = Layout::new().param("x", Flat(1_000_000));
/// assert_eq!(shapes.component_name(999_999), "x[999999]");
/// assert_eq!(shapes.select("x[3]").unwrap(), 3..4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flat(pub usize);

impl Shape for Flat {
    fn count(&self) -> usize {
        self.0
    }
    fn name(&self, index: usize, out: &mut String) {
        push_index(out, index)
    }
    fn select(&self, path: &str) -> Option<Range<usize>> {
        select_vector(self.0, path)
    }
    fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
        vector_paths(self.0, prefix, out)
    }
}
