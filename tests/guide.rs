//! The guide's table of findings has a row for every kind the checker can report, and no
//! row for a kind it cannot: the kinds are one table (`gradcheck-kinds`), the guide explains
//! them, and a kind added to one must be explained in the other.

use gradient_checked::Kind;

const FINDINGS: &str = include_str!("../docs/guide/findings.md");

#[test]
fn every_kind_has_a_row_in_the_guide() {
    let rows: Vec<&str> = FINDINGS
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|name| *name != "kind")
        .collect();
    for kind in Kind::ALL {
        assert!(
            rows.contains(&kind.name()),
            "docs/guide/findings.md has no row for `{}`",
            kind.name()
        );
    }
    for name in &rows {
        assert!(
            Kind::from_name(name).is_some(),
            "docs/guide/findings.md explains `{name}`, which is not a kind"
        );
    }
    assert_eq!(rows.len(), Kind::ALL.len(), "one row per kind: {rows:?}");
}
