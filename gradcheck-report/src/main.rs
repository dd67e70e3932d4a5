//! `gradcheck-report DIR [-o OUT] [--source-base PREFIX]`: the page for a report directory.
#![deny(missing_docs)]

use gradcheck_report::{write_page, Options, Verdict};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gradcheck-report DIR [-o OUT] [--source-base PREFIX]

Reads every *.json gradient-check report (and *.jsonl monitor history) in DIR and writes
one self-contained HTML page, DIR/index.html unless -o names another file.
--source-base PREFIX links each report's source location as PREFIX<file>#L<line>
(e.g. https://github.com/OWNER/REPO/blob/COMMIT/ for a crate at the repository's root).";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut out, mut options) = (None, None, Options::default());
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "-o" | "--output" => out = args.next().map(PathBuf::from),
            "--source-base" => options.source_base = args.next(),
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => {
                eprintln!("gradcheck-report: unexpected argument `{a}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let out = out.unwrap_or_else(|| dir.join("index.html"));
    match write_page(&dir, &out, &options) {
        Ok(run) => {
            let failed = run
                .reports
                .iter()
                .filter(|l| l.report.verdict() == Verdict::Failed)
                .count();
            println!(
                "wrote {}: {} function(s), {failed} failed, {} training run(s), {} unreadable file(s)",
                out.display(),
                run.reports.len(),
                run.monitors.len(),
                run.unreadable.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gradcheck-report: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
