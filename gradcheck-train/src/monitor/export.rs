//! CSV and JSON-lines export of a [`Monitor`]'s history.

use super::{Event, GradNorms, GroupSample, Histogram, Monitor};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
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
    cos_prev: Option<f64>,
    cos_mean: Option<f64>,
    update_ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    histogram: Option<HistogramLine<'a>>,
}

/// A histogram as its non-empty bins, `[low, high, count]` each (an infinite edge is
/// `null`), most negative first, and its count of non-finite values.
#[derive(Serialize)]
struct HistogramLine<'a> {
    #[serde(serialize_with = "nonempty_bins")]
    bins: &'a Histogram,
    nonfinite: u32,
}

fn nonempty_bins<S: Serializer>(h: &&Histogram, s: S) -> Result<S::Ok, S::Error> {
    let filled = h.counts().iter().filter(|&&c| c > 0).count();
    let mut seq = s.serialize_seq(Some(filled))?;
    for (i, &c) in h.counts().iter().enumerate().filter(|(_, &c)| c > 0) {
        let (lo, hi) = Histogram::bin_range(i);
        // serde_json writes a non-finite f64 as null.
        seq.serialize_element(&(lo, hi, c))?;
    }
    seq.end()
}

/// One group's record at one step row, as the exports see it.
struct RowGroup<'a> {
    name: &'a str,
    sample: &'a GroupSample,
    histogram: Option<&'a Histogram>,
}

impl Monitor {
    /// Writes the history as CSV in long form, one row per step and group:
    ///
    /// ```text
    /// step,loss,group,l1,l2,max,cos_prev,cos_mean,update_ratio
    /// 0,0.5,layer1,3.0,2.0,1.5,,,
    /// 1,0.4,layer1,2.9,1.9,1.4,0.98,0.98,0.0011
    /// ```
    ///
    /// Long form rather than one column per group, so that groups may come
    /// and go and so that plotting tools can facet on `group` directly. A step
    /// recorded with no group gets one row with the group fields empty.
    /// Numbers round-trip exactly (`1e-9`, not `0.000000001`); non-finite
    /// values are written `NaN`, `inf`, `-inf`, which pandas and R read; a
    /// value that does not exist (no cosine on a group's first step, no
    /// update ratio without parameters) is an empty field.
    /// Group names are quoted when they contain a comma, quote or newline.
    /// Histograms are in the JSON lines only.
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::default();
    /// m.record(0, 0.5, &[("w", &[3.0, -4.0][..])]);
    /// m.record(1, 0.5, &[("w", &[-3.0, 4.0][..])]);
    /// let mut out = Vec::new();
    /// m.write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(),
    ///            "step,loss,group,l1,l2,max,cos_prev,cos_mean,update_ratio\n\
    ///             0,0.5,w,7.0,5.0,4.0,,,\n\
    ///             1,0.5,w,7.0,5.0,4.0,-1.0,-1.0,\n");
    /// ```
    pub fn write_csv<W: Write>(&self, mut out: W) -> io::Result<()> {
        writeln!(
            out,
            "step,loss,group,l1,l2,max,cos_prev,cos_mean,update_ratio"
        )?;
        self.for_each_row(|step, groups| {
            if groups.is_empty() {
                return writeln!(out, "{},{:?},,,,,,,", step.step, step.loss);
            }
            for g in groups {
                let (n, s) = (g.sample.norms, g.sample);
                write!(out, "{},{:?},", step.step, step.loss)?;
                write_csv_field(&mut out, g.name)?;
                write!(out, ",{:?},{:?},{:?}", n.l1, n.l2, n.max_abs)?;
                for v in [s.cos_prev, s.cos_mean, s.update_ratio] {
                    match v {
                        Some(v) => write!(out, ",{v:?}")?,
                        None => out.write_all(b",")?,
                    }
                }
                out.write_all(b"\n")?;
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
    /// {"step":0,"loss":0.5,"groups":[{"group":"w","l1":7.0,"l2":5.0,"max":4.0,"nonfinite":0,
    ///   "cos_prev":null,"cos_mean":null,"update_ratio":null,
    ///   "histogram":{"bins":[[-4.0,-2.0,1],[2.0,4.0,1]],"nonfinite":0}}],"events":[]}
    /// ```
    ///
    /// (one line in the file). `cos_prev`, `cos_mean` and `update_ratio` are as in
    /// [`GroupSample`], `null` where they do not exist. `histogram`
    /// appears at the steps a histogram was kept (see [`Histogram`]): its non-empty bins as
    /// `[low, high, count]`, most negative first, an infinite edge written `null`.
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
                    .map(|g| GroupLine {
                        group: g.name,
                        norms: g.sample.norms,
                        cos_prev: g.sample.cos_prev,
                        cos_mean: g.sample.cos_mean,
                        update_ratio: g.sample.update_ratio,
                        histogram: g.histogram.map(|h| HistogramLine {
                            bins: h,
                            nonfinite: h.nonfinite,
                        }),
                    })
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
    /// one cursor per group (and one per group's histograms).
    fn for_each_row(
        &self,
        mut f: impl FnMut(&super::StepRecord, &[RowGroup<'_>]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut cursors = vec![(0usize, 0usize); self.groups.len()];
        let mut at_row: Vec<RowGroup<'_>> = Vec::with_capacity(self.groups.len());
        for (row, step) in self.steps.iter().enumerate() {
            at_row.clear();
            for (g, (cur, hist)) in self.groups.iter().zip(cursors.iter_mut()) {
                while let Some(sample) = g.samples.get(*cur).filter(|s| s.row == row) {
                    let kept = g.histograms.kept();
                    let histogram = kept.get(*hist).filter(|(r, _)| *r == row).map(|(_, h)| h);
                    *hist += usize::from(histogram.is_some());
                    at_row.push(RowGroup {
                        name: &g.name,
                        sample,
                        histogram,
                    });
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
