//! Parameters as users write them: the attribute's keys that describe them (`keys`), their
//! types as the generated code needs them (`types`), and the code that builds, rebuilds and
//! lends them (`expand`). Every form goes through the runtime's traits, so the macro knows
//! the syntax of only the forms it must refuse.

pub mod expand;
pub mod keys;
pub mod types;
