//! What the reproduce line needs from a package's `Cargo.toml`: the package's name, the
//! library's crate name, and each declared target's name and `required-features`.
//!
//! A line reader, not a TOML parser: it understands the tables Cargo writes and people write
//! (`[package]`, `[lib]`, `[[bin]]`, `[[example]]`, `[[test]]`, `[[bench]]`) with one
//! `key = value` per line and arrays that may span lines. Anything else is skipped: what it
//! cannot read only leaves the line without `--features` or `-p`.

use std::path::Path;

/// A kind of Cargo target: what `cargo test` selects with `--lib`, `--bin`, `--example`,
/// `--test` or `--bench`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TargetKind {
    Lib,
    Bin,
    Example,
    Test,
    Bench,
}

impl TargetKind {
    /// The table a target of this kind is declared in (`[[example]]`) and the `cargo test`
    /// flag that selects it (`--example`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            TargetKind::Lib => "lib",
            TargetKind::Bin => "bin",
            TargetKind::Example => "example",
            TargetKind::Test => "test",
            TargetKind::Bench => "bench",
        }
    }

    /// The folder Cargo discovers targets of this kind in.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            TargetKind::Lib => "src",
            TargetKind::Bin => "src/bin",
            TargetKind::Example => "examples",
            TargetKind::Test => "tests",
            TargetKind::Bench => "benches",
        }
    }
}

/// A target declared in the manifest.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Declared {
    pub(crate) kind: TargetKind,
    pub(crate) name: Option<String>,
    pub(crate) features: Vec<String>,
}

/// What the reproduce line reads from a manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Manifest {
    /// `[package] name`.
    pub(crate) package: Option<String>,
    /// The targets declared in `[lib]`, `[[bin]]`, `[[example]]`, `[[test]]`, `[[bench]]`.
    pub(crate) declared: Vec<Declared>,
    /// Whether the package has a library: a `[lib]` table or `src/lib.rs` (set by [`read`]).
    pub(crate) has_lib: bool,
}

/// The table a line is in.
enum Table {
    Package,
    Target,
    Other,
}

/// The manifest of the package in `dir`, or nothing when it cannot be read.
pub(crate) fn read(dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut m = parse(&text);
    m.has_lib |= dir.join("src/lib.rs").is_file();
    Some(m)
}

/// Reads the manifest text (the file system is not looked at: `has_lib` says only `[lib]`).
pub(crate) fn parse(text: &str) -> Manifest {
    let mut m = Manifest::default();
    let mut table = Table::Other;
    // A `required-features = [` whose `]` is on a later line.
    let mut open: Option<String> = None;
    for raw in text.lines() {
        let line = without_comment(raw).trim();
        if let Some(mut value) = open.take() {
            value.push_str(line);
            match value.contains(']') {
                true => set_features(&mut m, &value),
                false => open = Some(value),
            }
            continue;
        }
        if line.starts_with('[') {
            let header = line.trim_matches(|c| c == '[' || c == ']').trim();
            table = match header {
                "package" => Table::Package,
                "lib" | "bin" | "example" | "test" | "bench" => {
                    let kind = match header {
                        "lib" => TargetKind::Lib,
                        "bin" => TargetKind::Bin,
                        "example" => TargetKind::Example,
                        "test" => TargetKind::Test,
                        _ => TargetKind::Bench,
                    };
                    m.has_lib |= kind == TargetKind::Lib;
                    m.declared.push(Declared {
                        kind,
                        name: None,
                        features: Vec::new(),
                    });
                    Table::Target
                }
                _ => Table::Other,
            };
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        match (&table, key) {
            (Table::Package, "name") => m.package = unquote(value),
            (Table::Target, "name") => {
                if let Some(t) = m.declared.last_mut() {
                    t.name = unquote(value);
                }
            }
            (Table::Target, "required-features") => match value.contains(']') {
                true => set_features(&mut m, value),
                false => open = Some(value.to_owned()),
            },
            _ => {}
        }
    }
    m
}

impl Manifest {
    /// The declared target of `kind` whose crate name is `crate_name` (`-` read as `_`).
    pub(crate) fn find(&self, kind: TargetKind, crate_name: &str) -> Option<&Declared> {
        self.declared.iter().find(|t| {
            t.kind == kind && t.name.as_deref().map(crate_form).as_deref() == Some(crate_name)
        })
    }

    /// The library's crate name: `[lib] name`, else the package's name with `-` read as `_`.
    pub(crate) fn lib_crate(&self) -> Option<String> {
        if !self.has_lib {
            return None;
        }
        let declared = self.declared.iter().find(|t| t.kind == TargetKind::Lib);
        declared
            .and_then(|t| t.name.as_deref())
            .or(self.package.as_deref())
            .map(crate_form)
    }
}

/// A target's name as a crate name: what `module_path!()` and the test binary show.
pub(crate) fn crate_form(name: &str) -> String {
    name.replace('-', "_")
}

fn set_features(m: &mut Manifest, array: &str) {
    let inner = array
        .split_once('[')
        .map_or(array, |(_, rest)| rest)
        .split(']')
        .next()
        .unwrap_or("");
    if let Some(t) = m.declared.last_mut() {
        t.features = inner.split(',').filter_map(unquote).collect();
    }
}

/// The string a TOML basic or literal string holds (names have no escapes).
fn unquote(value: &str) -> Option<String> {
    let v = value.trim();
    let inner = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))?;
    (!inner.is_empty()).then(|| inner.to_owned())
}

/// The line up to a `#` that is not inside a string.
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
[package]
name = "my-pkg" # the package
version = "0.1.0"

[package.metadata.docs.rs]
features = ["all"]

[features]
extra = []

[[example]]
name = "with-features"
required-features = ["extra", 'more']
test = true

[[test]]
name = "long"
required-features = [
    "extra", # why
    "slow",
]

[[bench]]
name = "speed"
"#;

    #[test]
    fn names_and_required_features_are_read_from_their_tables() {
        let m = parse(MANIFEST);
        assert_eq!(m.package.as_deref(), Some("my-pkg"));
        let example = m.find(TargetKind::Example, "with_features").unwrap();
        assert_eq!(example.name.as_deref(), Some("with-features"));
        assert_eq!(example.features, ["extra", "more"]);
        assert_eq!(
            m.find(TargetKind::Test, "long").unwrap().features,
            ["extra", "slow"]
        );
        assert!(m
            .find(TargetKind::Bench, "speed")
            .unwrap()
            .features
            .is_empty());
        // `features` of docs.rs metadata is no target's.
        assert_eq!(m.declared.len(), 3);
        assert_eq!(m.find(TargetKind::Test, "with_features"), None);
    }

    #[test]
    fn the_library_is_named_by_lib_or_by_the_package() {
        let m = parse(MANIFEST);
        assert_eq!(m.lib_crate(), None, "no [lib] and no file system looked at");
        let with_lib = Manifest {
            has_lib: true,
            ..m.clone()
        };
        assert_eq!(with_lib.lib_crate().as_deref(), Some("my_pkg"));
        let named = parse("[package]\nname = \"a-b\"\n[lib]\nname = \"core_lib\"\n");
        assert_eq!(named.lib_crate().as_deref(), Some("core_lib"));
    }

    #[test]
    fn this_package_manifest_is_read() {
        let m = read(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(m.package.as_deref(), Some(env!("CARGO_PKG_NAME")));
        assert_eq!(m.lib_crate().as_deref(), Some(env!("CARGO_CRATE_NAME")));
    }
}
