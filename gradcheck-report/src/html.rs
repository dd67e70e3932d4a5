//! The page: its head and style, the summary table and the list of unreadable files; the
//! sections per function and per training run come from [`crate::section`].

use crate::load::{Loaded, Run};
use crate::model::{Report, Verdict};
use crate::pieces::{breakable, class, source, Options};
use crate::section;
use crate::text::{brief, count, escape};
use std::fmt::Write;

/// The style sheet, inline: the page fetches nothing. System fonts only.
const STYLE: &str = r#"
:root { color-scheme: light; --fail: #b3261e; --warn: #8a5a00; --pass: #1e6b35; --line: #d9d9d9; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #1b1b1b; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; overflow-wrap: anywhere; }
h2 code { font-size: 15px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
code, .num, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
td code { white-space: nowrap; }
td.fn code { white-space: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lead { color: #444; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; white-space: nowrap; }
td.fn { overflow-wrap: anywhere; min-width: 16em; }
.roles { color: #444; font-size: 12.5px; margin: 0 0 4px; }
.scroll { overflow-x: auto; }
.verdict { font-weight: 600; white-space: nowrap; }
.failed .verdict, .badge.failed { color: var(--fail); }
.warned .verdict, .badge.warned { color: var(--warn); }
.passed .verdict, .badge.passed { color: var(--pass); }
tr.failed td:first-child { box-shadow: inset 4px 0 var(--fail); }
tr.warned td:first-child { box-shadow: inset 4px 0 #e0a800; }
section.function, section.monitor, section.unreadable { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 20px 0; }
section.function.failed { border-left: 5px solid var(--fail); }
section.function.warned { border-left: 5px solid #e0a800; }
section.unreadable { border-left: 5px solid var(--warn); background: #fffaf0; }
.badge { font-size: 13px; font-weight: 600; margin-left: 8px; }
.meta { color: #444; margin: 4px 0 0; }
.notes { color: #444; margin: 8px 0; padding-left: 20px; }
.sev-warning { color: var(--warn); }
.sev-error { color: var(--fail); }
.diagnosis { font-weight: 600; }
figure { margin: 12px 0; display: inline-block; vertical-align: top; }
figcaption { color: #444; font-size: 12.5px; max-width: 600px; }
svg.plot { background: #fff; max-width: 100%; height: auto; }
svg .plot-title { font-size: 13px; font-weight: 600; }
svg .tick, svg .legend, svg .rule-label { font-size: 12px; fill: #333; }
svg .axis-label { font-size: 12.5px; fill: #222; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .frame { fill: none; stroke: #888; stroke-width: 1; }
svg .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg .rule { stroke: #555; stroke-width: 1.2; stroke-dasharray: 5 4; }
svg .mark { fill: #b3261e; fill-opacity: 0.85; stroke: #fff; stroke-width: 1; }
footer { color: #666; margin: 32px 0 0; font-size: 12.5px; }
"#;

/// The whole page for `run`.
///
/// ```
/// let run = gradcheck_report::Run::default();
/// let page = gradcheck_report::page(&run, &gradcheck_report::Options::default());
/// assert!(page.starts_with("<!DOCTYPE html>") && page.contains("0 functions"));
/// ```
pub fn page(run: &Run, options: &Options) -> String {
    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // An empty icon: without it a browser asks the file system for favicon.ico.
    s.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    s.push_str("<title>Gradient check report</title>\n<style>");
    s.push_str(STYLE);
    s.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Gradient check report</h1>\n");
    let _ = writeln!(
        s,
        "<p class=\"lead\">{}</p>\n</header>",
        escape(&headline(run))
    );
    if !run.unreadable.is_empty() {
        unreadable(&mut s, run);
    }
    summary(&mut s, run, options);
    let mut order: Vec<(usize, &Loaded)> = run
        .reports
        .iter()
        .enumerate()
        .filter(|(_, l)| l.report.verdict() != Verdict::Passed)
        .collect();
    order.sort_by_key(|(_, l)| l.report.verdict());
    for (i, loaded) in order {
        section::function(&mut s, i, loaded, options);
    }
    for (i, m) in run.monitors.iter().enumerate() {
        section::monitor(&mut s, i, m);
    }
    let _ = writeln!(
        s,
        "<footer>Made by gradcheck-report from <code>{}</code>. The page is self-contained: no scripts, nothing fetched.</footer>\n</body>\n</html>",
        escape(&options.dir)
    );
    s
}

/// `12 functions: 3 failed, 1 passed with warnings, 8 passed; 1 training run; 1 unreadable file`.
fn headline(run: &Run) -> String {
    let n = |v: Verdict| {
        run.reports
            .iter()
            .filter(|l| l.report.verdict() == v)
            .count()
    };
    let mut line = format!(
        "{}: {} failed, {} passed with warnings, {} passed",
        count(run.reports.len(), "function"),
        n(Verdict::Failed),
        n(Verdict::Warned),
        n(Verdict::Passed)
    );
    if !run.monitors.is_empty() {
        line.push_str(&format!("; {}", count(run.monitors.len(), "training run")));
    }
    if !run.unreadable.is_empty() {
        line.push_str(&format!(
            "; {}",
            count(run.unreadable.len(), "unreadable file")
        ));
    }
    line
}

fn unreadable(s: &mut String, run: &Run) {
    s.push_str(
        "<section class=\"unreadable\" id=\"unreadable\">\n<h2>Unreadable files</h2>\n<ul>\n",
    );
    for u in &run.unreadable {
        let _ = writeln!(
            s,
            "<li><code>{}</code>: {}</li>",
            escape(&u.file),
            escape(&u.reason)
        );
    }
    s.push_str("</ul>\n</section>\n");
}

fn summary(s: &mut String, run: &Run, options: &Options) {
    s.push_str("<section id=\"summary\">\n<div class=\"scroll\"><table>\n<thead><tr><th>Function</th><th>Verdict</th><th class=\"num\">Points</th><th class=\"num\">Evaluations</th><th>Worst finding</th><th>Source</th></tr></thead>\n<tbody>\n");
    // Failures first, then warnings, each by name: what needs looking at is at the top.
    let mut rows: Vec<(usize, &Loaded)> = run.reports.iter().enumerate().collect();
    rows.sort_by_key(|(_, l)| l.report.verdict());
    for (i, l) in rows {
        let r = &l.report;
        let v = r.verdict();
        let name = if v == Verdict::Passed {
            format!("<code>{}</code>", breakable(&r.function))
        } else {
            format!(
                "<a href=\"#fn-{i}\"><code>{}</code></a>",
                breakable(&r.function)
            )
        };
        let _ = writeln!(
            s,
            "<tr class=\"{c}\"><td class=\"fn\">{name}</td><td class=\"verdict\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            v.word(),
            opt(r.points_checked),
            opt(r.evaluations),
            worst(r),
            source(r, options),
            c = class(v),
        );
    }
    s.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "–".into(), |n| n.to_string())
}

/// `mismatch at y (3 findings), rel. error 1.79e0`.
fn worst(r: &Report) -> String {
    let Some(f) = r.worst() else {
        return "–".into();
    };
    let same = r
        .findings
        .iter()
        .filter(|g| g.kind == f.kind && g.entry() == f.entry())
        .count();
    let mut out = format!(
        "<span class=\"sev-{}\">{}</span>",
        if f.is_error() { "error" } else { "warning" },
        escape(&f.kind),
    );
    if f.entry() != "-" {
        let _ = write!(out, " at <code>{}</code>", escape(&f.entry()));
    }
    if same > 1 {
        let _ = write!(out, " ({same}×)");
    }
    if f.rel_error.is_some() {
        let _ = write!(out, ", rel. error {}", brief(f.rel_error));
    }
    out
}
