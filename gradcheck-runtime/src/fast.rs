//! Fast mode: directional checks along random unit vectors.

/// Said in the report while fast mode is not available and full mode runs instead.
pub(crate) const NOTE_FALLBACK: &str =
    "fast mode was asked for; every component was checked in full mode instead";
