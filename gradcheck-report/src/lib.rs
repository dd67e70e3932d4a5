//! One self-contained HTML page for a directory of gradient-check reports.
//!
//! `cargo run -p gradcheck-report -- DIR [-o OUT]` reads every `*.json` report that
//! `GRADCHECK_REPORT_DIR=DIR cargo test` wrote (and every `*.jsonl` history a training
//! monitor wrote there) and writes `DIR/index.html` (or `OUT`): a summary table, one
//! section per function with findings, the error-versus-step picture of the worst findings
//! whose report carries the finite-difference `steps`, and the gradient norms of each
//! training run. The page has no scripts and fetches nothing; it opens from the file system.
//!
//! Reports are read with lenient structs of this crate's own ([`Report`], [`Finding`]),
//! not the checker's types: every field but `function` may be missing and unknown fields
//! are ignored, so a page can be made from reports of older and newer checkers alike.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("gradcheck-report-lib-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("c.f.json"), r#"{"function": "c::f", "passed": false, "findings": [
//!     {"kind": "kink", "severity": "error", "point": [0.0], "name": "x", "message": "|x| at 0"}]}"#).unwrap();
//! let out = dir.join("index.html");
//! let run = gradcheck_report::write_page(&dir, &out, &gradcheck_report::Options::default()).unwrap();
//! assert_eq!(run.reports.len(), 1);
//! let html = std::fs::read_to_string(&out).unwrap();
//! assert!(html.contains("kink") && html.contains("|x| at 0"));
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod axis;
mod diagnosis;
pub mod figures;
mod history;
mod html;
mod load;
mod model;
mod pieces;
mod section;
pub mod svg;
pub mod text;

pub use history::{GroupNorms, MonitorEvent, MonitorStep};
pub use html::page;
pub use load::{load_dir, parse_monitor, parse_report, Loaded, MonitorRun, Run, Unreadable};
pub use model::{CheckSummary, Finding, Report, Source, Step, Verdict};
pub use pieces::Options;
pub use text::escape;

use std::io;
use std::path::Path;

/// Reads `dir` and writes the page to `out`; returns what was read.
pub fn write_page(dir: &Path, out: &Path, options: &Options) -> io::Result<Run> {
    let run = load_dir(dir)?;
    let mut options = options.clone();
    if options.dir.is_empty() {
        options.dir = dir.display().to_string();
    }
    std::fs::write(out, page(&run, &options))?;
    Ok(run)
}
