//! The one trait through which the engine evaluates a user's function at every number type,
//! and the layout that names the flattened inputs.

use crate::precision::Real;
use num_dual::DualNum;

/// A number type the engine evaluates a function at, over the primitive `R`: `R` itself,
/// num-dual's dual numbers (`Dual<R>`, vector duals, hyper-duals) and the engine's own.
/// Every `DualNum<Primitive = R> + Copy + Send + Sync` type is one.
pub trait Number<R>: DualNum<Primitive = R> + Copy + Send + Sync {}

impl<R, D: DualNum<Primitive = R> + Copy + Send + Sync> Number<R> for D {}

/// A function written once, generically, and evaluated by the engine at its primitive type
/// (`f64` or `f32`), at `Dual` numbers (directional derivatives), at vector duals (gradients
/// in chunks) and at hyper-duals (Hessians).
///
/// Rust closures cannot be generic, so the engine needs a trait with a generic method.
/// `#[gradient_checked]` implements it for every annotated function; implement it by hand
/// to drive the engine directly. The input is every differentiable scalar flattened into one
/// slice in parameter order; the output is every scalar the function returns (one for a loss,
/// `M` for a vector function).
///
/// ```
/// use gradcheck_runtime::{Function, Number};
/// use num_dual::{Dual64, DualNum};
///
/// struct Rosenbrock;
/// impl Function for Rosenbrock {
///     type Real = f64;
///     fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
///         let (a, b) = (x[0], x[1]);
///         vec![(D::from(1.0) - a).powi(2) + (b - a * a).powi(2) * 100.0]
///     }
/// }
/// let y = Rosenbrock.eval(&[Dual64::from(1.0).derivative(), Dual64::from(1.0)]);
/// assert_eq!(y[0].eps, 0.0); // the minimum
/// ```
pub trait Function: Sync {
    /// The primitive type the function computes in.
    type Real: Real;
    /// Evaluates the function at `x`, the flattened differentiable inputs.
    fn eval<D: Number<Self::Real>>(&self, x: &[D]) -> Vec<D>;
}

impl<F: Function + ?Sized> Function for &F {
    type Real = F::Real;
    fn eval<D: Number<Self::Real>>(&self, x: &[D]) -> Vec<D> {
        (**self).eval(x)
    }
}

/// One differentiable parameter of the user's function: its name and how many scalars it
/// contributes to the flattened input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name as written in the signature.
    pub name: String,
    /// The number of scalars (1 for `D`, `N` for `[D; N]`, the length for slices).
    pub len: usize,
    /// Whether the parameter is a scalar `D` (reported as `x`) or a sequence (`x[3]`).
    pub scalar: bool,
}

/// The layout of the flattened input: parameters in order, with names kept for reports.
///
/// ```
/// use gradcheck_runtime::Layout;
/// let layout = Layout::new().scalar("x").array("w", 3);
/// assert_eq!(layout.len(), 4);
/// assert_eq!(layout.component_name(2), "w[1]");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    params: Vec<Param>,
}

impl Layout {
    /// An empty layout.
    pub fn new() -> Self {
        Self::default()
    }

    /// A layout of one sequence parameter `x` of length `n` (the runtime `Check`'s input).
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::flat(3).component_name(0), "x[0]");
    /// ```
    pub fn flat(n: usize) -> Self {
        Self::new().array("x", n)
    }

    /// Appends a scalar parameter.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::new().scalar("t").component_name(0), "t");
    /// ```
    pub fn scalar(mut self, name: &str) -> Self {
        self.params.push(Param {
            name: name.to_owned(),
            len: 1,
            scalar: true,
        });
        self
    }

    /// Appends an array, slice or `Vec` parameter of `len` scalars.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::new().array("w", 2).len(), 2);
    /// ```
    pub fn array(mut self, name: &str, len: usize) -> Self {
        self.params.push(Param {
            name: name.to_owned(),
            len,
            scalar: false,
        });
        self
    }

    /// The parameters in order.
    ///
    /// ```
    /// assert_eq!(gradcheck_runtime::Layout::flat(2).params()[0].name, "x");
    /// ```
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// Total number of differentiable scalars.
    ///
    /// ```
    /// assert!(gradcheck_runtime::Layout::new().is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.params.iter().map(|p| p.len).sum()
    }

    /// Whether the function has no differentiable scalar at all.
    ///
    /// ```
    /// assert!(!gradcheck_runtime::Layout::flat(1).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index range of the parameter called `name` in the flattened input.
    ///
    /// ```
    /// let l = gradcheck_runtime::Layout::new().scalar("a").array("b", 2);
    /// assert_eq!(l.range_of("b"), Some(1..3));
    /// ```
    pub fn range_of(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let mut start = 0;
        for p in &self.params {
            if p.name == name {
                return Some(start..start + p.len);
            }
            start += p.len;
        }
        None
    }

    /// A readable name for flattened component `i`: `x` for a scalar, `w[3]` inside a sequence.
    ///
    /// ```
    /// let l = gradcheck_runtime::Layout::new().scalar("a").array("b", 2);
    /// assert_eq!(l.component_name(0), "a");
    /// assert_eq!(l.component_name(2), "b[1]");
    /// ```
    pub fn component_name(&self, i: usize) -> String {
        let mut start = 0;
        for p in &self.params {
            if i < start + p.len {
                return if p.scalar {
                    p.name.clone()
                } else {
                    format!("{}[{}]", p.name, i - start)
                };
            }
            start += p.len;
        }
        format!("#{i}")
    }
}
