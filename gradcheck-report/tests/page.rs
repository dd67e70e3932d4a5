//! The page of the fixture reports (a real run's reports, see tests/fixtures/README.md):
//! its structure, its self-containment and its escaping.

use gradcheck_report::{load_dir, page, Options};
use std::path::Path;

fn fixture_page() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let run = load_dir(&dir).expect("the fixtures load");
    page(
        &run,
        &Options {
            dir: "fixtures".into(),
            source_base: None,
        },
    )
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &s[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn every_report_has_a_summary_row_and_every_failing_one_a_section() {
    let html = fixture_page();
    let summary = between(&html, "<section id=\"summary\">", "</section>");
    assert_eq!(summary.matches("<tr class=\"failed\">").count(), 11);
    assert_eq!(summary.matches("<tr class=\"warned\">").count(), 2);
    assert_eq!(summary.matches("<tr class=\"passed\">").count(), 3);
    assert_eq!(
        html.matches("<section class=\"function failed\"").count(),
        11
    );
    assert_eq!(
        html.matches("<section class=\"function warned\"").count(),
        2
    );
    // Failures first, then warnings, then passes.
    let order: Vec<usize> = ["failed", "warned", "passed"]
        .iter()
        .map(|v| summary.rfind(&format!("<tr class=\"{v}\">")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(summary.find("<tr class=\"passed\">").unwrap() > order[1]);
    // Passing functions without findings have a row and no section.
    assert!(summary.contains("contract::<wbr>scalar_ok::<wbr>scalar"));
    assert!(!html.contains("<h2><code>contract::<wbr>scalar_ok::<wbr>scalar</code>"));
    // Failing sections come before warning ones.
    let failed = html.rfind("<section class=\"function failed\"").unwrap();
    let warned = html.find("<section class=\"function warned\"").unwrap();
    assert!(failed < warned);
}

#[test]
fn the_summary_names_the_worst_finding_and_the_source_line() {
    let html = fixture_page();
    let row = between(&html, "contract::<wbr>scalar_bug::<wbr>scalar_bug", "</tr>");
    assert!(
        row.contains("mismatch</span> at <code>y</code> (8×), rel. error 1.79e0"),
        "{row}"
    );
    assert!(row.contains("<code>tests/contract.rs:25</code>"), "{row}");
    // An older report without a source shows a dash.
    let row = between(&html, "extra::<wbr>cusp_bug::<wbr>cube_root", "</tr>");
    assert!(row.ends_with("<td>–</td>"), "{row}");
}

#[test]
fn sections_show_findings_diagnosis_origin_and_digits() {
    let html = fixture_page();
    let wide = between(
        &html,
        "<h2><code>extra::<wbr>wide_fast::<wbr>wide</code>",
        "</section>",
    );
    assert!(wide.contains("x[7] is 2 × the true value at every point checked"));
    assert!(wide.contains("<th class=\"num\">Digits lost</th>"));
    assert!(wide.contains("<td>random</td>"));
    assert!(
        wide.contains("fast mode: 8 random directions"),
        "the note is shown"
    );
    let kink = between(
        &html,
        "<h2><code>contract::<wbr>kink_bug::<wbr>abs_at_zero</code>",
        "</section>",
    );
    assert!(kink.contains("Left slope") && kink.contains("-5.000000000e-1"));
    // An older report has no origin or digits columns.
    let reference = between(
        &html,
        "<h2><code>contract::<wbr>reference_bug",
        "</section>",
    );
    let table = between(reference, "<table class=\"findings\">", "</table>");
    assert!(!table.contains("<th>Origin</th>") && !table.contains("Digits lost"));
    assert!(reference.contains("expected = the reference value"));
}

#[test]
fn findings_with_steps_get_a_log_log_picture_with_the_chosen_step() {
    let html = fixture_page();
    let scalar = between(
        &html,
        "<h2><code>contract::<wbr>scalar_bug::<wbr>scalar_bug",
        "</section>",
    );
    assert_eq!(scalar.matches("<figure class=\"steps\">").count(), 1);
    assert!(scalar.contains("data-x-scale=\"log\" data-y-scale=\"log\""));
    assert!(scalar.contains("chosen h = 3.16e-6") && scalar.contains("|FD(h) − hand-written|"));
    // Reports without steps have no picture.
    let cusp = between(&html, "<h2><code>extra::<wbr>cusp_bug", "</section>");
    assert!(!cusp.contains("<svg"));
    let monitor = between(&html, "<section class=\"monitor\"", "</section>");
    assert!(monitor.contains("data-x-scale=\"linear\" data-y-scale=\"log\""));
    assert_eq!(monitor.matches("<circle class=\"mark\"").count(), 7);
    assert!(monitor.contains("step 74: exploding_gradient in layer 2: 71.54 (bound 50)"));
    assert!(
        monitor.contains(">exploding bound 50<"),
        "the monitor's bound is drawn"
    );
}

#[test]
fn a_truncated_report_is_listed_as_unreadable() {
    let html = fixture_page();
    let bad = between(&html, "<section class=\"unreadable\"", "</section>");
    assert!(bad.contains("<code>truncated.json</code>: not a report: EOF while parsing"));
}

#[test]
fn text_from_reports_never_becomes_markup() {
    let html = fixture_page();
    // hostile.json puts markup in the function name, kind, entry name, origin, message,
    // diagnosis and source file: none of it may reach the page as markup.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>bold"));
    assert!(!html.contains("<u>"));
    assert!(!html.contains("<svg onload"));
    assert_eq!(
        html.matches("<style>").count(),
        1,
        "only the page's own style sheet"
    );
    assert!(html.contains("fixtures::<wbr>&lt;script&gt;console.error("));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;"));
}

#[test]
fn the_page_is_self_contained() {
    let html = fixture_page();
    for banned in ["http://", "https://", "url(", "@import", "@font-face"] {
        assert!(!html.contains(banned), "the page holds `{banned}`");
    }
    // Text from reports is escaped, so every `<` opens a tag of the page's own.
    for tag in html.split('<').skip(1).map(|t| &t[..t.find('>').unwrap()]) {
        assert!(
            !tag.starts_with("script") && !tag.starts_with("img"),
            "<{tag}>"
        );
        assert!(!tag.contains("src="), "<{tag}>");
    }
    // The one <link> is the empty icon, a data: address that keeps the browser from asking
    // for favicon.ico.
    assert_eq!(html.matches("<link").count(), 1);
    assert!(html.contains("<link rel=\"icon\" href=\"data:,\">"));
    // Every href is an anchor within the page.
    for (i, _) in html.match_indices("href=\"") {
        let target = &html[i + 6..];
        assert!(
            target.starts_with('#') || target.starts_with("data:,"),
            "{}",
            &target[..40]
        );
    }
}

#[test]
fn a_source_base_turns_locations_into_links() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let run = load_dir(&dir).unwrap();
    let html = page(
        &run,
        &Options {
            dir: String::new(),
            source_base: Some("https://example.invalid/repo/blob/abc/".into()),
        },
    );
    assert!(html.contains(
        "<a href=\"https://example.invalid/repo/blob/abc/tests/contract.rs#L25\"><code>tests/contract.rs:25</code></a>"
    ));
}
