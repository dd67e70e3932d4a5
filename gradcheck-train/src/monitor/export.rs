//! CSV and JSON-lines export of a [`Monitor`]'s history.

use super::{Event, GradNorms, Monitor};
use serde::Serialize;
use std::io::{self, Write};

/// One JSON line: a step with its groups and the events raised at it.
#[derive(Serialize)]
struct StepLine<'a> {
    step: u64,
    loss: f64,
    groups: Vec<GroupLine<'a>>,
    events: &'a [Event],
}

#[derive(Serialize)]
struct GroupLine<'a> {
    group: &'a str,
    #[serde(flatten)]
    norms: GradNorms,
}

impl Monitor {
    /// Writes the history as CSV in long form, one row per step and group:
    ///
    /// ```text
    /// step,loss,group,l1,l2,max
    /// 0,0.5,layer1,3.0,2.0,1.5
    /// ```
    ///
    /// Long form rather than one column per group, so that groups may come
    /// and go and so that plotting tools can facet on `group` directly. A step
    /// recorded with no group gets one row with the group fields empty.
    /// Numbers round-trip exactly (`1e-9`, not `0.000000001`); non-finite
    /// values are written `NaN`, `inf`, `-inf`, which pandas and R read.
    /// Group names are quoted when they contain a comma, quote or newline.
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::default();
    /// m.record(0, 0.5, &[("w", &[3.0, -4.0][..])]);
    /// let mut out = Vec::new();
    /// m.write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(),
    ///            "step,loss,group,l1,l2,max\n0,0.5,w,7.0,5.0,4.0\n");
    /// ```
    pub fn write_csv<W: Write>(&self, mut out: W) -> io::Result<()> {
        writeln!(out, "step,loss,group,l1,l2,max")?;
        self.for_each_row(|step, groups| {
            if groups.is_empty() {
                return writeln!(out, "{},{:?},,,,", step.step, step.loss);
            }
            for (name, n) in groups {
                write!(out, "{},{:?},", step.step, step.loss)?;
                write_csv_field(&mut out, name)?;
                writeln!(out, ",{:?},{:?},{:?}", n.l1, n.l2, n.max_abs)?;
            }
            Ok(())
        })
    }

    /// Writes the events as CSV: `step,group,kind,value,threshold` (group
    /// empty for loss events, kind as in [`EventKind::as_str`](super::EventKind::as_str)).
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::builder().exploding(1.0).log(false).build();
    /// m.record(4, 0.5, &[("w", &[2.0][..])]);
    /// let mut out = Vec::new();
    /// m.write_events_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(),
    ///            "step,group,kind,value,threshold\n4,w,exploding_gradient,2.0,1.0\n");
    /// ```
    pub fn write_events_csv<W: Write>(&self, mut out: W) -> io::Result<()> {
        writeln!(out, "step,group,kind,value,threshold")?;
        for e in &self.events {
            write!(out, "{},", e.step)?;
            write_csv_field(&mut out, e.group.as_deref().unwrap_or(""))?;
            writeln!(out, ",{},{:?},{:?}", e.kind, e.value, e.threshold)?;
        }
        Ok(())
    }

    /// Writes the history as JSON lines, one object per step:
    ///
    /// ```text
    /// {"step":0,"loss":0.5,"groups":[{"group":"w","l1":7.0,"l2":5.0,"max":4.0,"nonfinite":0}],"events":[]}
    /// ```
    ///
    /// `events` holds the events raised at that step, with the fields of
    /// [`Event`]. JSON has no NaN or infinity: such numbers are written
    /// `null` (a `nonfinite_*` event at the same step says which it was).
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::builder().log(false).build();
    /// m.record(0, f64::NAN, &[("w", &[3.0, -4.0][..])]);
    /// let mut out = Vec::new();
    /// m.write_jsonl(&mut out).unwrap();
    /// let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!(line["groups"][0]["l2"], 5.0);
    /// assert!(line["loss"].is_null());
    /// assert_eq!(line["events"][0]["kind"], "nonfinite_loss");
    /// ```
    pub fn write_jsonl<W: Write>(&self, mut out: W) -> io::Result<()> {
        let mut ev = 0;
        let mut row = 0;
        self.for_each_row(|step, groups| {
            let start = ev;
            while ev < self.event_rows.len() && self.event_rows[ev] == row {
                ev += 1;
            }
            let line = StepLine {
                step: step.step,
                loss: step.loss,
                groups: groups
                    .iter()
                    .map(|&(group, norms)| GroupLine { group, norms })
                    .collect(),
                events: &self.events[start..ev],
            };
            row += 1;
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")
        })
    }

    /// Calls `f` for each step row with the groups recorded at that row, in
    /// group order. Groups keep separate histories, so this is a merge with
    /// one cursor per group.
    fn for_each_row(
        &self,
        mut f: impl FnMut(&super::StepRecord, &[(&str, GradNorms)]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut cursors = vec![0usize; self.groups.len()];
        let mut at_row: Vec<(&str, GradNorms)> = Vec::with_capacity(self.groups.len());
        for (row, step) in self.steps.iter().enumerate() {
            at_row.clear();
            for (g, cur) in self.groups.iter().zip(cursors.iter_mut()) {
                while let Some(s) = g.samples.get(*cur).filter(|s| s.row == row) {
                    at_row.push((&g.name, s.norms));
                    *cur += 1;
                }
            }
            f(step, &at_row)?;
        }
        Ok(())
    }
}

/// Writes `s` as one CSV field, quoting it per RFC 4180 only when needed.
fn write_csv_field<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", s.replace('"', "\"\""))
    } else {
        out.write_all(s.as_bytes())
    }
}
