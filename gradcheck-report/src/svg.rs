//! Inline SVG line plots with linear or logarithmic axes, drawn by hand: no plotting
//! library, no fonts to fetch, nothing but elements a browser draws from the page itself.

pub use crate::axis::{Axis, Scale};
use crate::text::escape;
use std::fmt::Write;

/// One line of a plot.
#[derive(Clone, Debug)]
pub struct Series {
    /// The legend's text.
    pub label: String,
    /// A CSS colour.
    pub color: &'static str,
    /// The points, in drawing order; points the axes cannot show break the line.
    pub points: Vec<(f64, f64)>,
    /// Whether each point gets a dot (for a few points; not for thousands).
    pub dots: bool,
}

/// A reference line across the plot at one value, with a label.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Where it is, on its axis.
    pub at: f64,
    /// What it marks.
    pub label: String,
}

/// A point to draw attention to, with a hover text (an SVG `<title>`, no script).
#[derive(Clone, Debug)]
pub struct Mark {
    /// x.
    pub x: f64,
    /// y.
    pub y: f64,
    /// The hover text.
    pub label: String,
}

/// A whole plot.
#[derive(Clone, Debug)]
pub struct Plot {
    /// The title over the plot.
    pub title: String,
    /// The x-axis label.
    pub x_label: String,
    /// The y-axis label.
    pub y_label: String,
    /// The x scale.
    pub x_scale: Scale,
    /// The y scale.
    pub y_scale: Scale,
    /// The lines.
    pub series: Vec<Series>,
    /// Vertical rules (the chosen step).
    pub x_rules: Vec<Rule>,
    /// Horizontal rules (the tolerance).
    pub y_rules: Vec<Rule>,
    /// Marked points (monitor events).
    pub marks: Vec<Mark>,
}

const WIDTH: f64 = 600.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const PLOT_HEIGHT: f64 = 230.0;
/// Room under the plot for the tick labels and the axis label.
const AXIS_ROOM: f64 = 48.0;
const LEGEND_ROW: f64 = 18.0;
const SWATCH: f64 = 18.0;

/// One legend entry: where it starts, its colour (none: a dashed rule) and its text.
struct LegendItem {
    at: f64,
    color: Option<&'static str>,
    label: String,
}

impl Plot {
    /// The plot as an `<svg>` element to put inline in a page. Every text in it is escaped.
    ///
    /// ```
    /// use gradcheck_report::svg::{Plot, Scale, Series};
    /// let plot = Plot {
    ///     title: "error against step".into(), x_label: "h".into(), y_label: "error".into(),
    ///     x_scale: Scale::Log, y_scale: Scale::Log,
    ///     series: vec![Series { label: "|fd − dual|".into(), color: "#1f77b4",
    ///                           points: vec![(1e-2, 1e-5), (1e-4, 1e-9), (1e-6, 1e-10)], dots: true }],
    ///     x_rules: vec![], y_rules: vec![], marks: vec![],
    /// };
    /// let svg = plot.render();
    /// assert!(svg.starts_with("<svg") && svg.contains("data-x-scale=\"log\""));
    /// ```
    pub fn render(&self) -> String {
        let legend = self.legend_rows();
        let bottom = TOP + PLOT_HEIGHT;
        let height = bottom + AXIS_ROOM + LEGEND_ROW * legend.len() as f64 + 6.0;
        let xs = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .chain(self.x_rules.iter().map(|r| r.at))
            .chain(self.marks.iter().map(|m| m.x));
        let ys = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .chain(self.y_rules.iter().map(|r| r.at))
            .chain(self.marks.iter().map(|m| m.y));
        let x = Axis::covering(self.x_scale, xs, LEFT, WIDTH - RIGHT);
        // A tenth of a decade (or 3 % of a linear range) above and below the data.
        let pad = if self.y_scale == Scale::Log {
            0.1
        } else {
            0.03
        };
        let y = Axis::padded(self.y_scale, ys, bottom, TOP, pad);
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="plot" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{t}" data-x-scale="{xs}" data-y-scale="{ys}"><title>{t}</title>"#,
            t = escape(&self.title),
            xs = self.x_scale.name(),
            ys = self.y_scale.name(),
        );
        let _ = write!(
            s,
            r#"<text x="{LEFT}" y="18" class="plot-title">{}</text>"#,
            escape(&self.title)
        );
        self.grid(&mut s, &x, &y);
        for r in self.y_rules.iter().filter(|r| self.y_scale.drawable(r.at)) {
            let py = y.position(r.at);
            let _ = write!(
                s,
                r#"<line class="rule" x1="{LEFT}" x2="{x2}" y1="{py:.1}" y2="{py:.1}"/>"#,
                x2 = WIDTH - RIGHT,
            );
        }
        for r in self.x_rules.iter().filter(|r| self.x_scale.drawable(r.at)) {
            let px = x.position(r.at);
            let _ = write!(
                s,
                r#"<line class="rule" x1="{px:.1}" x2="{px:.1}" y1="{TOP}" y2="{bottom}"/>"#,
            );
        }
        for series in &self.series {
            self.line(&mut s, series, &x, &y);
        }
        for m in &self.marks {
            if self.x_scale.drawable(m.x) && self.y_scale.drawable(m.y) {
                let _ = write!(
                    s,
                    r#"<circle class="mark" cx="{:.1}" cy="{:.1}" r="4"><title>{}</title></circle>"#,
                    x.position(m.x),
                    y.position(m.y),
                    escape(&m.label)
                );
            }
        }
        for (row, items) in legend.iter().enumerate() {
            let ly = bottom + AXIS_ROOM + LEGEND_ROW * (row as f64 + 0.5);
            for item in items {
                let stroke = match item.color {
                    Some(c) => format!(r#"stroke="{c}" stroke-width="3""#),
                    None => r#"class="rule""#.to_owned(),
                };
                let _ = write!(
                    s,
                    r#"<line x1="{a}" x2="{b}" y1="{l:.1}" y2="{l:.1}" {stroke}/><text class="legend" x="{tx}" y="{ty:.1}">{}</text>"#,
                    escape(&item.label),
                    a = item.at,
                    b = item.at + SWATCH,
                    l = ly - 4.0,
                    tx = item.at + SWATCH + 6.0,
                    ty = ly,
                );
            }
        }
        s.push_str("</svg>");
        s
    }

    /// The legend's entries (the lines, then the rules, dashed), wrapped into rows that fit
    /// the plot's width.
    fn legend_rows(&self) -> Vec<Vec<LegendItem>> {
        let entries = self
            .series
            .iter()
            .map(|s| (Some(s.color), s.label.clone()))
            .chain(
                self.x_rules
                    .iter()
                    .chain(&self.y_rules)
                    .map(|r| (None, r.label.clone())),
            );
        let mut rows: Vec<Vec<LegendItem>> = Vec::new();
        let mut at = WIDTH; // forces a first row
        for (color, label) in entries {
            // About 6.6 pixels per character at the legend's 12 px sans-serif font.
            let width = SWATCH + 6.0 + 6.6 * label.chars().count() as f64 + 18.0;
            if at + width > WIDTH - RIGHT + 18.0 {
                rows.push(Vec::new());
                at = LEFT;
            }
            rows.last_mut()
                .expect("a row was just pushed")
                .push(LegendItem { at, color, label });
            at += width;
        }
        rows
    }

    /// The frame, the ticks with their labels and grid lines, and the axis labels.
    fn grid(&self, s: &mut String, x: &Axis, y: &Axis) {
        let (left, right, top, bottom) = (LEFT, WIDTH - RIGHT, TOP, TOP + PLOT_HEIGHT);
        let _ = write!(
            s,
            r#"<g class="axis x" data-scale="{}">"#,
            self.x_scale.name()
        );
        for (v, label) in x.ticks() {
            let px = x.position(v);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{px:.1}" x2="{px:.1}" y1="{top}" y2="{bottom}"/><text class="tick" x="{px:.1}" y="{ty}" text-anchor="middle">{}</text>"#,
                escape(&label),
                ty = bottom + 16.0
            );
        }
        let _ = write!(
            s,
            r#"<text class="axis-label" x="{cx}" y="{ly}" text-anchor="middle">{}</text></g>"#,
            escape(&self.x_label),
            cx = (left + right) / 2.0,
            ly = bottom + 34.0
        );
        let _ = write!(
            s,
            r#"<g class="axis y" data-scale="{}">"#,
            self.y_scale.name()
        );
        for (v, label) in y.ticks() {
            let py = y.position(v);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{left}" x2="{right}" y1="{py:.1}" y2="{py:.1}"/><text class="tick" x="{tx}" y="{ty:.1}" text-anchor="end">{}</text>"#,
                escape(&label),
                tx = left - 6.0,
                ty = py + 4.0
            );
        }
        let _ = write!(
            s,
            r#"<text class="axis-label" transform="translate(14 {cy}) rotate(-90)" text-anchor="middle">{}</text></g>"#,
            escape(&self.y_label),
            cy = (top + bottom) / 2.0
        );
        let _ = write!(
            s,
            r#"<rect class="frame" x="{left}" y="{top}" width="{w}" height="{h}"/>"#,
            w = right - left,
            h = bottom - top
        );
    }

    /// One series: polylines over runs of drawable points, and dots if asked.
    fn line(&self, s: &mut String, series: &Series, x: &Axis, y: &Axis) {
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for &(px, py) in &series.points {
            if self.x_scale.drawable(px) && self.y_scale.drawable(py) {
                runs.last_mut()
                    .unwrap()
                    .push((x.position(px), y.position(py)));
            } else if !runs.last().unwrap().is_empty() {
                runs.push(Vec::new());
            }
        }
        for run in runs.iter().filter(|r| !r.is_empty()) {
            let pts: Vec<String> = run.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
            let _ = write!(
                s,
                r#"<polyline class="series" stroke="{}" points="{}"/>"#,
                series.color,
                pts.join(" ")
            );
            if series.dots {
                for (a, b) in run {
                    let _ = write!(
                        s,
                        r#"<circle cx="{a:.1}" cy="{b:.1}" r="2.5" fill="{}"/>"#,
                        series.color
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot(points: Vec<(f64, f64)>) -> Plot {
        Plot {
            title: "t".into(),
            x_label: "h".into(),
            y_label: "e".into(),
            x_scale: Scale::Log,
            y_scale: Scale::Log,
            series: vec![Series {
                label: "s".into(),
                color: "#000",
                points,
                dots: true,
            }],
            x_rules: vec![],
            y_rules: vec![],
            marks: vec![],
        }
    }

    #[test]
    fn the_rendered_axes_are_log_scaled_and_labelled_by_decade() {
        let svg = plot(vec![(1e-2, 1e-5), (1e-4, 1e-9), (1e-8, 1e-8)]).render();
        assert!(svg.contains(r#"<g class="axis x" data-scale="log">"#));
        assert!(svg.contains(r#"<g class="axis y" data-scale="log">"#));
        assert!(svg.contains(">10⁻⁸<") && svg.contains(">10⁻²<"));
    }

    #[test]
    fn points_a_log_axis_cannot_show_break_the_line() {
        let svg = plot(vec![
            (1e-1, 1.0),
            (1e-2, 0.0),
            (1e-3, 1.0),
            (1e-4, f64::NAN),
            (1e-5, 2.0),
        ])
        .render();
        assert_eq!(svg.matches("<polyline").count(), 3);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn an_empty_plot_still_renders_a_frame() {
        let svg = plot(vec![(0.0, 0.0)]).render();
        assert!(svg.contains("class=\"frame\"") && !svg.contains("<polyline"));
    }

    #[test]
    fn labels_are_escaped() {
        let mut p = plot(vec![(1.0, 1.0)]);
        p.title = "<script>x</script>".into();
        p.series[0].label = "a&b".into();
        let svg = p.render();
        assert!(
            !svg.contains("<script>") && svg.contains("&lt;script&gt;") && svg.contains("a&amp;b")
        );
    }
}
