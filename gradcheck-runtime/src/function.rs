//! The one trait through which the engine evaluates a user's function at every number type,
//! and the layout that names the flattened inputs (kept with the parameter forms, in
//! `params`).

pub use crate::params::{Layout, Param};
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
