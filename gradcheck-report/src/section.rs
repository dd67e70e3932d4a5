//! One section per function with findings (its groups, its worst rows, its pictures) and
//! one per training run.

use crate::figures;
use crate::load::{Loaded, MonitorRun};
use crate::model::Finding;
use crate::pieces::{breakable, class, source, Options};
use crate::text::{brief, count, escape, full, point};
use std::fmt::Write;

/// The most finding rows a section lists; the groups table above them counts them all.
const MAX_ROWS: usize = 20;
/// The most kind-and-entry groups a section lists (a gradient wrong in every one of 1500
/// components would otherwise list 1500).
const MAX_GROUPS: usize = 30;
/// The most error-versus-step pictures per function: the worst groups' worst findings.
const MAX_PICTURES: usize = 3;
/// The most monitor events listed in a table (all are marked on the plot).
const MAX_EVENTS: usize = 30;

/// Writes the section of one function that has findings.
pub(crate) fn function(s: &mut String, index: usize, loaded: &Loaded, options: &Options) {
    let r = &loaded.report;
    let v = r.verdict();
    let _ = writeln!(
        s,
        "<section class=\"function {c}\" id=\"fn-{index}\">\n<h2><code>{}</code><span class=\"badge {c}\">{}</span></h2>",
        breakable(&r.function),
        v.word(),
        c = class(v)
    );
    let mut meta = Vec::new();
    if r.source.is_some() {
        meta.push(source(r, options));
    }
    if let Some(p) = r.points_checked {
        meta.push(count(p as usize, "point"));
    }
    if let Some(e) = r.evaluations {
        meta.push(count(e as usize, "evaluation"));
    }
    if let Some(seed) = r.seed {
        meta.push(format!("seed {seed}"));
    }
    for c in &r.checks {
        meta.push(format!(
            "{} check {}",
            escape(&c.name),
            if c.passed { "passed" } else { "failed" }
        ));
    }
    meta.push(format!("file <code>{}</code>", escape(&loaded.file)));
    let _ = writeln!(s, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if !r.notes.is_empty() {
        s.push_str("<ul class=\"notes\">\n");
        for n in &r.notes {
            let _ = writeln!(s, "<li>{}</li>", escape(n));
        }
        s.push_str("</ul>\n");
    }
    let groups = r.groups();
    groups_table(s, &groups, r.points_checked);
    rows_table(s, &r.sorted());
    let pictures = groups
        .iter()
        .filter_map(|g| g.iter().find(|f| !f.steps.is_empty()))
        .take(MAX_PICTURES);
    for f in pictures {
        if let Some((plot, note)) = figures::step_plot(f) {
            let _ = writeln!(
                s,
                "<figure class=\"steps\">{}<figcaption>{} Point {}. As h shrinks, truncation error falls and rounding error rises: against the true value the difference dips to a floor near the best step (a V); against a wrong value it stays flat and high; at a kink, jump or cusp no step settles.</figcaption></figure>",
                plot.render(),
                escape(&note),
                escape(&point(&f.point))
            );
        }
    }
    s.push_str("</section>\n");
}

/// One row per kind and entry: how often, how badly, what it means.
fn groups_table(s: &mut String, groups: &[Vec<&Finding>], points: Option<u64>) {
    s.push_str("<h3>What was found</h3>\n<div class=\"scroll\"><table class=\"groups\">\n<thead><tr><th>Kind</th><th>Entry</th><th class=\"num\">Findings</th><th class=\"num\">Worst rel. error</th><th>Origin</th><th>What it means</th></tr></thead>\n<tbody>\n");
    for g in groups.iter().take(MAX_GROUPS) {
        let f = g[0];
        let worst = g
            .iter()
            .filter_map(|f| f.rel_error)
            .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))));
        let mut origins: Vec<&str> = g.iter().filter_map(|f| f.origin.as_deref()).collect();
        origins.sort_unstable();
        origins.dedup();
        let of = points.map_or_else(String::new, |p| format!(" of {p}"));
        let mut meaning = String::new();
        if let Some(d) = g.iter().find_map(|f| f.diagnosis_words()) {
            let _ = write!(meaning, "<div class=\"diagnosis\">{}</div>", escape(&d));
        }
        meaning.push_str(&escape(&f.message));
        let _ = writeln!(
            s,
            "<tr><td class=\"sev-{sev}\">{kind}{w}</td><td><code>{entry}</code></td><td class=\"num\">{n}{of}</td><td class=\"num\">{worst}</td><td>{origins}</td><td>{meaning}</td></tr>",
            sev = if f.is_error() { "error" } else { "warning" },
            kind = escape(&f.kind),
            w = if f.is_error() { "" } else { " (warning)" },
            entry = escape(&f.entry()),
            n = g.len(),
            worst = brief(worst),
            origins = if origins.is_empty() { "–".into() } else { escape(&origins.join(", ")) },
        );
    }
    if groups.len() > MAX_GROUPS {
        let _ = writeln!(
            s,
            "<tr><td colspan=\"6\">… and {} more kinds or entries; the JSON file has them all.</td></tr>",
            groups.len() - MAX_GROUPS
        );
    }
    s.push_str("</tbody>\n</table></div>\n");
}

/// The worst findings with their evidence; optional columns only when some row has them.
fn rows_table(s: &mut String, rows: &[&Finding]) {
    let digits = rows.iter().any(|f| f.digits_lost.is_some());
    let origin = rows.iter().any(|f| f.origin.is_some());
    let sides = rows.iter().any(|f| f.left.is_some() || f.right.is_some());
    let mut roles: Vec<String> = Vec::new();
    for f in rows.iter().take(MAX_ROWS) {
        let (e, a) = f.roles();
        if f.expected.is_none() && f.actual.is_none() {
            continue;
        }
        let line = format!("{}: expected = {e}, actual = {a}", escape(&f.kind));
        if !roles.contains(&line) {
            roles.push(line);
        }
    }
    s.push_str("<h3>Worst findings</h3>\n");
    if !roles.is_empty() {
        let _ = writeln!(s, "<p class=\"roles\">{}.</p>", roles.join("; "));
    }
    s.push_str("<div class=\"scroll\"><table class=\"findings\">\n<thead><tr><th>Kind</th><th>Entry</th><th class=\"num\">Expected</th><th class=\"num\">Actual</th><th class=\"num\">Finite diff.</th>");
    if sides {
        s.push_str("<th class=\"num\">Left slope</th><th class=\"num\">Right slope</th>");
    }
    s.push_str("<th class=\"num\">Abs. error</th><th class=\"num\">Rel. error</th><th class=\"num\">Tolerance</th>");
    if digits {
        s.push_str("<th class=\"num\">Digits lost</th>");
    }
    if origin {
        s.push_str("<th>Origin</th>");
    }
    s.push_str("<th>Point</th></tr></thead>\n<tbody>\n");
    for f in rows.iter().take(MAX_ROWS) {
        let _ = write!(
            s,
            "<tr><td class=\"sev-{sev}\">{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            escape(&f.kind),
            escape(&f.entry()),
            full(f.expected),
            full(f.actual),
            full(f.fd),
            sev = if f.is_error() { "error" } else { "warning" },
        );
        if sides {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                full(f.left),
                full(f.right)
            );
        }
        let _ = write!(
            s,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            brief(f.abs_error),
            brief(f.rel_error),
            brief(f.tolerance)
        );
        if digits {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                f.digits_lost
                    .map_or_else(|| "–".into(), |d| format!("{d:.1}"))
            );
        }
        if origin {
            let _ = write!(s, "<td>{}</td>", escape(f.origin.as_deref().unwrap_or("–")));
        }
        let _ = writeln!(
            s,
            "<td class=\"mono\">{}</td></tr>",
            escape(&point(&f.point))
        );
    }
    if rows.len() > MAX_ROWS {
        let _ = writeln!(
            s,
            "<tr><td colspan=\"20\">… and {} more; the JSON file has them all.</td></tr>",
            rows.len() - MAX_ROWS
        );
    }
    s.push_str("</tbody>\n</table></div>\n");
}

/// Writes the section of one training run: its gradient norms and its events.
pub(crate) fn monitor(s: &mut String, index: usize, run: &MonitorRun) {
    let events: Vec<_> = run.steps.iter().flat_map(|st| &st.events).collect();
    let last = run.steps.last();
    let _ = writeln!(
        s,
        "<section class=\"monitor\" id=\"monitor-{index}\">\n<h2>Training run <code>{}</code></h2>\n<p class=\"meta\">{} · {} · final loss {}{}</p>",
        escape(&run.file),
        count(run.steps.len(), "step"),
        count(events.len(), "event"),
        last.map_or_else(|| "–".into(), |l| brief(Some(l.loss))),
        if run.bad_lines > 0 {
            format!(" · {} skipped", count(run.bad_lines, "unreadable line"))
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "<figure class=\"norms\">{}<figcaption>Red dots: the monitor's events (hover for details).</figcaption></figure>",
        figures::norm_plot(run).render()
    );
    if !events.is_empty() {
        s.push_str("<h3>Events</h3>\n<ul class=\"events\">\n");
        for e in events.iter().take(MAX_EVENTS) {
            let _ = writeln!(s, "<li>{}</li>", escape(&figures::event_words(e)));
        }
        if events.len() > MAX_EVENTS {
            let _ = writeln!(s, "<li>… and {} more</li>", events.len() - MAX_EVENTS);
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Loaded;
    use crate::model::Report;

    #[test]
    fn long_reports_are_cut_with_a_count_of_the_rest() {
        let findings: Vec<String> = (0..100)
            .map(|c| {
                format!(
                    r#"{{"kind": "mismatch", "component": {c}, "rel_error": {}, "message": "m"}}"#,
                    1.0 / (c + 1) as f64
                )
            })
            .collect();
        let report: Report = serde_json::from_str(&format!(
            r#"{{"function": "c::f", "passed": false, "findings": [{}]}}"#,
            findings.join(",")
        ))
        .unwrap();
        let loaded = Loaded {
            file: "c.f.json".into(),
            report,
        };
        let mut s = String::new();
        function(&mut s, 0, &loaded, &Options::default());
        assert!(s.contains("… and 70 more kinds or entries"));
        assert!(s.contains("… and 80 more; the JSON file has them all."));
        // The worst come first: component 0 has the largest relative error.
        assert!(s.find("<code>#0</code>").unwrap() < s.find("<code>#1</code>").unwrap());
        assert!(!s.contains("<code>#99</code>"));
    }
}
