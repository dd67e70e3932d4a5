//! The numerics of one derivative, independent of what is being checked: finite differences
//! with error estimates (`fd`), the function along a coordinate (`line`), the witness that
//! turns differences into a verdict about the point (`witness`), and the comparison of a
//! hand-written derivative with the exact one (`tolerance`).

pub(crate) mod fd;
pub(crate) mod line;
pub(crate) mod tolerance;
pub(crate) mod witness;
