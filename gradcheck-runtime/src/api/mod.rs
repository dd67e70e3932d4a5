//! The public entries beside the attribute: the [`Check`] builder for functions that cannot
//! be generic, and the adaptive finite difference as a tool of its own.

pub(crate) mod check;
pub(crate) mod derivative;
