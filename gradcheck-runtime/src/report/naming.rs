//! The names of the files a function's results go to (its JSON report, its remembered
//! failing points): whatever the name of a `Check`, a file of its own inside the folder.

/// The report file's name: [`file_stem`] plus `.json`.
pub(crate) fn report_file_name(function: &str) -> String {
    format!("{}.json", file_stem(function))
}

/// The longest stem kept whole: file systems take 255 bytes per name, and `.json` or `.txt`
/// and a hash must fit after it.
const STEM_BYTES: usize = 200;

/// The file name (without extension) of a function's report and regressions files: its path
/// with `::` replaced by `.` (`my_crate::loss` is `my_crate.loss`). A `Check` name can be any
/// string, so anything that could leave the folder or that a file system refuses is replaced
/// by `_`: `/`, `\`, NUL and other control characters, the characters Windows refuses
/// (`:*?"<>|`), and a leading `.` (`..`, hidden files). A name changed that way, empty, or
/// longer than 200 bytes (then cut at a character boundary) ends with `-` and 16 hex digits
/// of a hash of the whole name, so that two names never share a file.
pub(crate) fn file_stem(function: &str) -> String {
    let dotted = function.replace("::", ".");
    let mut stem: String = dotted
        .chars()
        .map(|c| {
            let refused =
                c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
            if refused {
                '_'
            } else {
                c
            }
        })
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    if stem == dotted && !stem.is_empty() && stem.len() <= STEM_BYTES {
        return stem;
    }
    let mut cut = stem.len().min(STEM_BYTES - 17);
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    stem.truncate(cut);
    format!("{stem}-{:016x}", fnv1a(function.as_bytes()))
}

/// FNV-1a, 64 bits: stable across Rust releases (std's hasher is not), so a name's file
/// stays the same from one toolchain to the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_their_readable_names() {
        assert_eq!(report_file_name("c::f"), "c.f.json");
        assert_eq!(file_stem("my_crate::m::loss"), "my_crate.m.loss");
        assert_eq!(
            file_stem("损失 of x"),
            "损失 of x",
            "letters of any script, spaces"
        );
    }

    #[test]
    fn hostile_names_stay_one_file_in_the_folder() {
        let long = "a".repeat(300);
        let names = [
            "..",
            "../../escape",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "C:\\x",
            "nul\0byte",
            ".hidden",
            "",
            "tab\there",
            "a::..::b",
            long.as_str(),
            "é".repeat(150).as_str(),
        ]
        .map(str::to_owned);
        let mut stems = Vec::new();
        for name in &names {
            let stem = file_stem(name);
            assert!(
                !stem.is_empty()
                    && !stem.starts_with('.')
                    && stem.len() <= STEM_BYTES
                    && !stem.contains(['/', '\\', '\0', ':']),
                "{name:?} -> {stem:?}"
            );
            let path = std::path::Path::new("dir").join(report_file_name(name));
            assert_eq!(path.parent(), Some(std::path::Path::new("dir")), "{name:?}");
            stems.push(stem);
        }
        stems.sort();
        stems.dedup();
        assert_eq!(stems.len(), names.len(), "every name has a file of its own");
        // Names that differ only in a replaced character keep files of their own too.
        assert_ne!(file_stem("a/b"), file_stem("a_b"));
        assert_eq!(file_stem("a_b"), "a_b");
    }

    #[test]
    fn a_name_keeps_its_file_from_one_toolchain_to_the_next() {
        assert_eq!(
            fnv1a(b""),
            0xcbf2_9ce4_8422_2325,
            "FNV-1a's published vectors"
        );
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(file_stem("a/b"), format!("a_b-{:016x}", fnv1a(b"a/b")));
    }
}
