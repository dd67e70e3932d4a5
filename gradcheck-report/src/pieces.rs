//! Small pieces of HTML that both the page's summary table and the sections per function
//! write: a verdict's class, a breakable path, a source link, and the options that shape
//! them.

use crate::model::{Report, Verdict};
use crate::text::escape;

/// What the page says about where it came from, and how it links to code.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The report directory, as the page names it.
    pub dir: String,
    /// A prefix that turns a report's `source.file` into a link (`<prefix><file>#L<line>`),
    /// e.g. a repository's web address at a commit; without it the location is plain text.
    pub source_base: Option<String>,
}

/// The CSS class of a verdict.
pub(crate) fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::Failed => "failed",
        Verdict::Warned => "warned",
        Verdict::Passed => "passed",
    }
}

/// A path, escaped, with a line-break opportunity after each `::`.
pub(crate) fn breakable(path: &str) -> String {
    escape(path).replace("::", "::<wbr>")
}

/// `tests/losses.rs:42`, a link when a base is given.
pub(crate) fn source(r: &Report, options: &Options) -> String {
    let Some(src) = r.source.as_ref().filter(|s| !s.file.is_empty()) else {
        return "–".into();
    };
    let text = match src.line {
        Some(l) => format!("{}:{l}", src.file),
        None => src.file.clone(),
    };
    match &options.source_base {
        Some(base) => format!(
            "<a href=\"{}{}{}\"><code>{}</code></a>",
            escape(base),
            escape(&src.file),
            src.line.map_or_else(String::new, |l| format!("#L{l}")),
            escape(&text)
        ),
        None => format!("<code>{}</code>", escape(&text)),
    }
}
