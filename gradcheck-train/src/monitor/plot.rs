//! An SVG picture of a [`Monitor`]'s history: gradient norms per group on a
//! log axis with the detected events marked, and the loss below.
//!
//! plotters is built without its `ttf` feature, so no system font is read:
//! the SVG backend writes `<text>` elements and the viewer picks the font.
//! Label sizes are estimated, which is why the layout leaves generous margins.

use super::event::Num;
use super::{EventKind, Monitor};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt;
use std::path::Path;

/// Why a plot could not be drawn or saved.
///
/// ```
/// use gradcheck_train::monitor::Monitor;
///
/// let err = Monitor::default().save_svg("/nonexistent-dir/plot.svg").unwrap_err();
/// assert!(err.to_string().contains("plot.svg"));
/// ```
#[derive(Debug)]
pub enum PlotError {
    /// plotters failed while drawing.
    Draw(String),
    /// Writing the file failed.
    Io(std::path::PathBuf, std::io::Error),
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlotError::Draw(e) => write!(f, "drawing the monitor plot failed: {e}"),
            PlotError::Io(p, e) => write!(f, "writing {} failed: {e}", p.display()),
        }
    }
}

impl std::error::Error for PlotError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// Okabe–Ito colours, readable with the common colour-vision deficiencies;
/// red is left out because it marks events.
const GROUP_COLORS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(0, 0, 0),
];
const EVENT_COLOR: RGBColor = RGBColor(214, 39, 40);
const WIDTH: u32 = 1100;
const HEIGHT: u32 = 760;
/// Width of the legend column right of both panels. Legends live outside the
/// plotting areas so they never hide a line or an event marker, and both
/// panels keep the same plotting width so their step axes line up.
const LEGEND_WIDTH: u32 = 230;

/// What a legend row shows beside its label.
enum Swatch {
    Line(RGBColor),
    Marker(EventKind),
}

impl Monitor {
    /// Draws the history as an SVG document (1100×760): the L2 gradient norm
    /// of each group over steps on a log axis, events as red vertical lines
    /// with a marker whose shape gives the kind, configured bounds as
    /// labelled dashed lines, and the loss in a panel below (log axis when it
    /// is positive and spans more than two decades). Non-finite values break
    /// the lines and are marked near the top of their panel. Legends sit in a
    /// column on the right.
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::builder().log(false).build();
    /// for step in 0..5 {
    ///     m.record(step, 1.0 / (1.0 + step as f64), &[("layer1", &[0.5, 0.25][..])]);
    /// }
    /// let svg = m.render_svg().unwrap();
    /// assert!(svg.starts_with("<svg"));
    /// assert!(svg.contains("layer1"));
    /// ```
    pub fn render_svg(&self) -> Result<String, PlotError> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            root.fill(&WHITE)?;
            let (top, bottom) = root.split_vertically(HEIGHT * 62 / 100);
            let (top, top_legend) = top.split_horizontally(WIDTH - LEGEND_WIDTH);
            let (bottom, bottom_legend) = bottom.split_horizontally(WIDTH - LEGEND_WIDTH);
            let entries = self.draw_norms(&top)?;
            draw_legend(&top_legend, &entries)?;
            let entries = self.draw_loss(&bottom)?;
            draw_legend(&bottom_legend, &entries)?;
            root.present()?;
        }
        Ok(svg)
    }

    /// Writes [`Monitor::render_svg`] to `path`.
    ///
    /// ```
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let mut m = Monitor::default();
    /// m.record(0, 1.0, &[("w", &[1.0][..])]);
    /// let path = std::env::temp_dir().join("gradcheck-monitor-doc.svg");
    /// m.save_svg(&path).unwrap();
    /// assert!(std::fs::read_to_string(&path).unwrap().contains("</svg>"));
    /// ```
    pub fn save_svg(&self, path: impl AsRef<Path>) -> Result<(), PlotError> {
        let path = path.as_ref();
        let svg = self.render_svg()?;
        std::fs::write(path, svg).map_err(|e| PlotError::Io(path.to_owned(), e))
    }

    fn step_range(&self) -> std::ops::Range<f64> {
        let lo = self.steps.iter().map(|s| s.step).min().unwrap_or(0) as f64;
        let hi = self.steps.iter().map(|s| s.step).max().unwrap_or(1) as f64;
        if hi > lo {
            lo..hi
        } else {
            lo - 1.0..hi + 1.0
        }
    }

    /// The norm panel; returns its legend entries.
    fn draw_norms<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Vec<(String, Swatch)>, PlotError>
    where
        DB::ErrorType: 'static,
    {
        let mut values = self
            .groups
            .iter()
            .flat_map(|g| g.samples.iter().map(|s| s.norms.l2))
            .chain(self.config.exploding)
            .chain(self.config.vanishing.map(|v| v.bound))
            .filter(|v| v.is_finite() && *v > 0.0);
        let first = values.next().unwrap_or(1.0);
        let (lo, hi) = values.fold((first, first), |(l, h), v| (l.min(v), h.max(v)));
        // Pad by a factor so the extreme points do not sit on the frame.
        let (ylo, yhi) = (lo / 3.0, hi * 3.0);
        let x = self.step_range();

        let mut chart = ChartBuilder::on(area)
            .caption("Gradient L2 norm per group", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x.clone(), (ylo..yhi).log_scale())?;
        chart
            .configure_mesh()
            .x_desc("step")
            .y_desc("L2 norm (log scale)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|v| Num(*v).to_string())
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.03))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .draw()?;

        let mut legend = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            let color = GROUP_COLORS[i % GROUP_COLORS.len()];
            let points = g.samples.iter().map(|s| (s.step as f64, s.norms.l2));
            for seg in segments(points, |v| v.is_finite() && v > 0.0) {
                chart.draw_series(LineSeries::new(seg, color.stroke_width(2)))?;
            }
            legend.push((g.name.clone(), Swatch::Line(color)));
        }

        // Bounds are labelled on the line itself: two grey dashed legend
        // swatches would be indistinguishable.
        let bounds = [
            self.config.exploding.map(|b| (b, "exploding bound")),
            self.config.vanishing.map(|v| (v.bound, "vanishing bound")),
        ];
        for (bound, name) in bounds.into_iter().flatten() {
            let style = BLACK.mix(0.55).stroke_width(1);
            chart.draw_series(DashedLineSeries::new(
                [(x.start, bound), (x.end, bound)],
                6,
                4,
                style,
            ))?;
            let grey = BLACK.mix(0.7);
            let text = TextStyle::from(("sans-serif", 13).into_font())
                .color(&grey)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            let label = format!("{name} {}", Num(bound));
            chart.draw_series(std::iter::once(Text::new(label, (x.start, bound), text)))?;
        }

        // Events: one faint vertical line per event, then a marker whose
        // shape says the kind. Bigger shapes first so smaller ones stay
        // visible when two events share a step.
        chart.draw_series(self.events.iter().filter(|e| e.group.is_some()).map(|e| {
            let x = e.step as f64;
            PathElement::new([(x, ylo), (x, yhi)], EVENT_COLOR.mix(0.3).stroke_width(1))
        }))?;
        for kind in [
            EventKind::Exploding,
            EventKind::NonFiniteGradient,
            EventKind::Vanishing,
            EventKind::Spike,
        ] {
            let at: Vec<(f64, f64)> = self
                .events
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| {
                    // A non-finite norm has no place on the axis: mark it
                    // near the top.
                    let v = if e.value.is_finite() && e.value > 0.0 {
                        e.value
                    } else {
                        yhi / 1.6
                    };
                    (e.step as f64, v)
                })
                .collect();
            if !at.is_empty() {
                legend.push((
                    format!("{} ({})", kind.as_str(), at.len()),
                    Swatch::Marker(kind),
                ));
                if kind == EventKind::Spike {
                    // A white ring keeps the dot visible on top of another
                    // red marker (a spike is often also an exploding step).
                    chart.draw_series(at.iter().map(|&p| Circle::new(p, 5, WHITE.filled())))?;
                }
                chart.draw_series(at.into_iter().map(|p| event_marker(kind, p)))?;
            }
        }
        Ok(legend)
    }

    /// The loss panel; returns its legend entries.
    fn draw_loss<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Vec<(String, Swatch)>, PlotError>
    where
        DB::ErrorType: 'static,
    {
        let finite = || self.steps.iter().map(|s| s.loss).filter(|v| v.is_finite());
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        if lo > hi {
            return self.loss_chart(area, 0.0..1.0, "loss");
        }
        if lo > 0.0 && hi / lo > 100.0 {
            self.loss_chart(area, (lo / 2.0..hi * 2.0).log_scale(), "loss (log scale)")
        } else {
            let pad = ((hi - lo) * 0.08).max(hi.abs() * 1e-3).max(1e-12);
            self.loss_chart(area, lo - pad..hi + pad, "loss")
        }
    }

    /// The loss panel, generic over a linear or logarithmic y axis.
    fn loss_chart<DB, Y>(
        &self,
        area: &DrawingArea<DB, Shift>,
        y: Y,
        y_desc: &str,
    ) -> Result<Vec<(String, Swatch)>, PlotError>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
        Y: AsRangedCoord<Value = f64>,
        Y::CoordDescType: ValueFormatter<f64>,
    {
        let mut chart = ChartBuilder::on(area)
            .caption("Loss", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(self.step_range(), y)?;
        chart
            .configure_mesh()
            .x_desc("step")
            .y_desc(y_desc)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|v| Num(*v).to_string())
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.03))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .draw()?;
        let yr = chart.y_range();
        let color = RGBColor(60, 60, 60);
        let points = self.steps.iter().map(|s| (s.step as f64, s.loss));
        for seg in segments(points, f64::is_finite) {
            chart.draw_series(LineSeries::new(seg, color.stroke_width(2)))?;
        }
        let mut legend = vec![("loss".to_owned(), Swatch::Line(color))];
        let bad: Vec<f64> = self
            .events
            .iter()
            .filter(|e| e.kind == EventKind::NonFiniteLoss)
            .map(|e| e.step as f64)
            .collect();
        if !bad.is_empty() {
            let kind = EventKind::NonFiniteLoss;
            legend.push((
                format!("{} ({})", kind.as_str(), bad.len()),
                Swatch::Marker(kind),
            ));
            chart
                .draw_series(bad.iter().map(|&x| {
                    PathElement::new([(x, yr.start), (x, yr.end)], EVENT_COLOR.mix(0.3))
                }))?;
            // Marked 8% below the top edge in pixels, which works for the
            // linear and the log axis alike. The stripped area is in pixels
            // relative to its own corner; backend coordinates are absolute.
            let area = chart.plotting_area().strip_coord_spec();
            let (bx, _) = area.get_base_pixel();
            let (_, height) = area.dim_in_pixel();
            let y_px = height as i32 * 8 / 100;
            for &x in &bad {
                let (px, _) = chart.backend_coord(&(x, yr.end));
                area.draw(&event_marker::<(i32, i32), DB>(kind, (px - bx, y_px)))?;
            }
        }
        Ok(legend)
    }
}

/// Draws legend rows top-down in `area` (pixel coordinates).
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let text =
        TextStyle::from(("sans-serif", 14).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    // Start level with the top of the plotting area, below the caption.
    let (x0, mut y) = (8, 50);
    for (label, swatch) in entries {
        match swatch {
            Swatch::Line(c) => area.draw(&PathElement::new(
                [(x0, y), (x0 + 24, y)],
                c.stroke_width(3),
            ))?,
            Swatch::Marker(kind) => area.draw(&event_marker(*kind, (x0 + 12, y)))?,
        }
        area.draw(&Text::new(label.as_str(), (x0 + 34, y), text.clone()))?;
        y += 22;
    }
    Ok(())
}

/// The marker for an event: its shape tells the kind apart in black-and-white.
fn event_marker<C, DB: DrawingBackend>(kind: EventKind, at: C) -> DynElement<'static, DB, C>
where
    C: Clone + 'static,
{
    let style = EVENT_COLOR.stroke_width(2);
    match kind {
        EventKind::NonFiniteLoss | EventKind::NonFiniteGradient => {
            Cross::new(at, 6, style).into_dyn()
        }
        EventKind::Exploding => TriangleMarker::new(at, 13, EVENT_COLOR.filled()).into_dyn(),
        EventKind::Spike => Circle::new(at, 4, EVENT_COLOR.filled()).into_dyn(),
        EventKind::Vanishing => Circle::new(at, 5, style).into_dyn(),
    }
}

/// Splits a polyline into runs of points whose y passes `keep`, so that a NaN
/// or a non-positive value on a log axis becomes a gap instead of a wild line.
fn segments(
    points: impl Iterator<Item = (f64, f64)>,
    keep: impl Fn(f64) -> bool,
) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (x, y) in points {
        if keep(y) {
            current.push((x, y));
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
