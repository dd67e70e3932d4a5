//! Which Cargo target a check runs in, as the `cargo test` arguments that select it
//! (`-p my-pkg --features extra --example fit`).
//!
//! A bare `cargo test loss` builds every target and fails to build an example whose
//! `required-features` are off, or runs nothing when the example is not built by default; the
//! reproduce line names the target instead. What says which target it is (checked against
//! what Cargo sets, not guessed):
//! - the crate's name: `module_path!()`'s first segment (a target's name with `-` read as `_`);
//! - `CARGO_TARGET_TMPDIR` at compile time: set for integration tests and benches only;
//! - the test binary's folder: `target/<profile>/examples/` for examples, `deps/` for the rest;
//! - `file!()`: relative to the workspace root (`member/tests/it.rs`), so the package is a
//!   workspace member (and needs `-p`) when the file is not found from the package's folder;
//! - the package's `Cargo.toml`: its name, the library's name, and the targets' declared names
//!   and `required-features`.

use super::manifest::{self, crate_form, Manifest, TargetKind};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// What is known of the code a check runs in.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Facts<'a> {
    /// The crate's name: what `module_path!()` starts with.
    pub(crate) crate_name: &'a str,
    /// The source file as `file!()` (or a `Location`) gives it.
    pub(crate) file: Option<&'a str>,
    /// The package's folder (`CARGO_MANIFEST_DIR`).
    pub(crate) package_dir: Option<&'a Path>,
    /// Compiled as an integration test or bench (`CARGO_TARGET_TMPDIR` set); `None`: unknown.
    pub(crate) integration: Option<bool>,
    /// The test binary sits in `target/<profile>/examples/`.
    pub(crate) example_binary: bool,
}

/// The arguments that select one target; `Display` writes them (`-p a --features b --test c`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Selector {
    /// `-p`: only for a package that is not the workspace's root (or whose place is unknown).
    pub(crate) package: Option<String>,
    pub(crate) features: Vec<String>,
    pub(crate) kind: TargetKind,
    /// The target's name; none for the library.
    pub(crate) name: Option<String>,
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.package {
            write!(f, "-p {p} ")?;
        }
        if !self.features.is_empty() {
            write!(f, "--features {} ", self.features.join(","))?;
        }
        write!(f, "--{}", self.kind.name())?;
        if let Some(n) = &self.name {
            write!(f, " {n}")?;
        }
        Ok(())
    }
}

/// The selector for the code `facts` describes, reading its package's manifest; `None` when
/// the package's folder is unknown.
pub(crate) fn select(facts: &Facts) -> Option<Selector> {
    let dir = facts.package_dir?;
    let manifest = manifest_of(dir);
    let (file, member) = match facts.file {
        Some(file) => locate(dir, file),
        None => (None, true),
    };
    Some(resolve(facts, file.as_deref(), member, &manifest))
}

/// The manifest of the package in `dir`, read once per process: every report computes its
/// reproduce line, and reading `Cargo.toml` and the running binary's path each time made a
/// check of a two-input function cost 8 µs instead of 1.
fn manifest_of(dir: &Path) -> Manifest {
    static READ: Mutex<Vec<(PathBuf, Manifest)>> = Mutex::new(Vec::new());
    let mut read = READ.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, m)) = read.iter().find(|(d, _)| d == dir) {
        return m.clone();
    }
    let m = manifest::read(dir).unwrap_or_default();
    read.push((dir.to_path_buf(), m.clone()));
    m
}

/// Whether the test binary that is running sits in an `examples` folder (asked once).
pub(crate) fn running_an_example() -> bool {
    static EXAMPLE: OnceLock<bool> = OnceLock::new();
    *EXAMPLE.get_or_init(|| {
        std::env::current_exe().is_ok_and(|exe| {
            exe.parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d == "examples")
        })
    })
}

/// The crate name of the running test binary (`forms` of `target/debug/deps/forms-0a1b..`),
/// when it has Cargo's `-<hash>` suffix.
pub(crate) fn running_crate() -> Option<String> {
    static CRATE: OnceLock<Option<String>> = OnceLock::new();
    CRATE
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let stem = exe.file_stem()?.to_str()?;
            let (name, hash) = stem.rsplit_once('-')?;
            (hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| name.to_owned())
        })
        .clone()
}

/// `file` relative to the package in `dir`, and whether the package is a workspace member
/// (rustc runs in the workspace's root, so `file!()` starts with the member's path there).
fn locate(dir: &Path, file: &str) -> (Option<String>, bool) {
    let path = Path::new(file);
    if path.is_absolute() {
        // Where the workspace root is cannot be told: `-p` is right either way.
        return (path.strip_prefix(dir).ok().map(slashed), true);
    }
    if dir.join(path).is_file() {
        return (Some(slashed(path)), false);
    }
    let ours: Vec<Component> = dir.components().collect();
    let theirs: Vec<Component> = path.components().collect();
    for k in 1..=ours.len().min(theirs.len()) {
        if theirs[..k] == ours[ours.len() - k..] {
            let rest: std::path::PathBuf = theirs[k..].iter().collect();
            return (Some(slashed(&rest)), true);
        }
    }
    (None, true)
}

fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The selector, from the facts, the file relative to the package, and its manifest.
pub(crate) fn resolve(
    facts: &Facts,
    file: Option<&str>,
    member: bool,
    manifest: &Manifest,
) -> Selector {
    let krate = facts.crate_name;
    let kind = kind(facts, file, manifest);
    let name = (kind != TargetKind::Lib).then(|| target_name(kind, krate, file, manifest));
    let features = name
        .as_deref()
        .and_then(|n| manifest.find(kind, &crate_form(n)))
        .map(|t| t.features.clone())
        .unwrap_or_default();
    Selector {
        package: manifest.package.clone().filter(|_| member),
        features,
        kind,
        name,
    }
}

fn under(file: Option<&str>, folder: &str) -> bool {
    file.and_then(|f| f.strip_prefix(folder))
        .is_some_and(|rest| rest.starts_with('/'))
}

fn kind(facts: &Facts, file: Option<&str>, m: &Manifest) -> TargetKind {
    let krate = facts.crate_name;
    if facts.example_binary || under(file, "examples") {
        return TargetKind::Example;
    }
    let bench = under(file, "benches")
        || (m.find(TargetKind::Bench, krate).is_some()
            && m.find(TargetKind::Test, krate).is_none());
    let integration = facts.integration.unwrap_or_else(|| {
        under(file, "tests") || bench || m.find(TargetKind::Test, krate).is_some()
    });
    match integration {
        true if bench => TargetKind::Bench,
        true => TargetKind::Test,
        false if m.lib_crate().as_deref() == Some(krate) && file != Some("src/main.rs") => {
            TargetKind::Lib
        }
        false => TargetKind::Bin,
    }
}

/// The target's name as `cargo test` wants it (`my-example`, where the crate is `my_example`):
/// declared in the manifest, else the file or folder Cargo found it by, else the crate's.
fn target_name(kind: TargetKind, krate: &str, file: Option<&str>, m: &Manifest) -> String {
    if let Some(name) = m.find(kind, krate).and_then(|t| t.name.clone()) {
        return name;
    }
    let found = file
        .and_then(|f| f.strip_prefix(kind.folder())?.strip_prefix('/'))
        .and_then(|rest| rest.split('/').next())
        .map(|first| first.strip_suffix(".rs").unwrap_or(first))
        .filter(|stem| crate_form(stem) == krate);
    if let Some(stem) = found {
        return stem.to_owned();
    }
    match &m.package {
        Some(p) if kind == TargetKind::Bin && crate_form(p) == krate => p.clone(),
        _ => krate.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let mut m = manifest::parse(
            "[package]\nname = \"my-pkg\"\n[[example]]\nname = \"fit-ndarray\"\nrequired-features = [\"ndarray\"]\n[[bench]]\nname = \"speed\"\n",
        );
        m.has_lib = true;
        m
    }

    fn line(facts: Facts, file: &str, member: bool) -> String {
        resolve(&facts, Some(file), member, &manifest()).to_string()
    }

    #[test]
    fn each_kind_of_target_is_selected_by_its_flag_and_name() {
        let unit = Facts {
            crate_name: "my_pkg",
            integration: Some(false),
            ..Facts::default()
        };
        assert_eq!(line(unit, "src/model/loss.rs", false), "--lib");
        assert_eq!(line(unit, "src/main.rs", false), "--bin my-pkg");
        let bin = Facts {
            crate_name: "other_tool",
            ..unit
        };
        assert_eq!(
            line(bin, "src/bin/other-tool.rs", false),
            "--bin other-tool"
        );
        let test = Facts {
            crate_name: "it_one",
            integration: Some(true),
            ..unit
        };
        assert_eq!(line(test, "tests/it-one.rs", false), "--test it-one");
        assert_eq!(
            line(test, "tests/it-one/helpers.rs", false),
            "--test it-one"
        );
        let bench = Facts {
            crate_name: "speed",
            ..test
        };
        assert_eq!(line(bench, "benches/speed.rs", false), "--bench speed");
    }

    #[test]
    fn an_example_is_named_with_its_required_features_and_a_member_with_its_package() {
        let example = Facts {
            crate_name: "fit_ndarray",
            integration: Some(false),
            ..Facts::default()
        };
        assert_eq!(
            line(example, "examples/fit-ndarray.rs", false),
            "--features ndarray --example fit-ndarray"
        );
        // Custom path: the binary's folder says it is an example, the manifest names it.
        let elsewhere = Facts {
            example_binary: true,
            ..example
        };
        assert_eq!(
            line(elsewhere, "demo/fit.rs", true),
            "-p my-pkg --features ndarray --example fit-ndarray"
        );
    }

    #[test]
    fn a_check_without_compile_time_facts_is_placed_by_its_file() {
        let facts = Facts {
            crate_name: "forms",
            ..Facts::default()
        };
        assert_eq!(line(facts, "tests/forms.rs", false), "--test forms");
        let unit = Facts {
            crate_name: "my_pkg",
            ..Facts::default()
        };
        assert_eq!(line(unit, "src/lib.rs", false), "--lib");
    }

    #[test]
    fn a_workspace_member_is_found_by_its_path_below_the_root() {
        let dir = Path::new("/nonexistent/ws/crates/member");
        assert_eq!(
            locate(dir, "crates/member/tests/a.rs"),
            (Some("tests/a.rs".to_owned()), true)
        );
        assert_eq!(
            locate(dir, "/nonexistent/ws/crates/member/src/x.rs"),
            (Some("src/x.rs".to_owned()), true)
        );
        // This package's own file, found from its folder: the root package needs no `-p`.
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            locate(here, "src/lib.rs"),
            (Some("src/lib.rs".to_owned()), false)
        );
    }
}
