//! The numerics of one derivative, independent of what is being checked: finite differences
//! with error estimates (`fd`), the function along a coordinate (`line`), the witness that
//! turns differences into a verdict about the point (`witness`), and the comparison of a
//! hand-written derivative with the exact one (`tolerance`), random sign directions as bits and the
//! dot products along them (`signs`), and a number type that carries a
//! bound on its own rounding error (`rounded`), from which the noise of values and derivatives
//! is measured.

pub(crate) mod fd;
pub mod lanes;
pub(crate) mod line;
pub mod rounded;
pub(crate) mod signs;
pub(crate) mod tolerance;
pub(crate) mod witness;
