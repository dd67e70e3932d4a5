//! The finding kinds of `gradient-checked`, written once.
//!
//! The engine reports findings of these kinds and the `#[gradient_checked]` attribute accepts
//! their names in `allow(...)`; both read this one table, so a kind cannot exist in one and
//! not in the other. The crate has no dependencies: the proc-macro links it without cost.
//!
//! ```
//! use gradcheck_kinds::Kind;
//! assert_eq!(Kind::from_name("kink"), Some(Kind::Kink));
//! assert_eq!(Kind::from_name("knik"), None);
//! assert_eq!(Kind::Kink.name(), "kink");
//! assert_eq!(Kind::AdMismatch.to_string(), "ad_mismatch");
//! assert!(Kind::Mismatch.fails_by_default());
//! assert!(!Kind::Unstable.fails_by_default());
//! assert!(Kind::Kink.meaning().contains("left and right"));
//! assert!(Kind::names().any(|n| n == "panic"));
//! assert_eq!(Kind::ALL.len(), Kind::names().count());
//! ```
//!
//! The table itself is `table.rs`, which the proc-macro compiles into itself as well (a
//! symbolic link in its sources), so that it depends on no unpublished crate.
#![deny(missing_docs)]

mod table;

pub use table::Kind;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(Kind::from_name(k.name()), Some(*k));
            assert!(Kind::ALL[i + 1..].iter().all(|o| o.name() != k.name()));
            assert!(k.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn only_the_undecided_kinds_warn_by_default() {
        let warn: Vec<&str> = Kind::ALL
            .iter()
            .filter(|k| !k.fails_by_default())
            .map(|k| k.name())
            .collect();
        assert_eq!(warn, ["unstable", "precision_loss"]);
    }
}
