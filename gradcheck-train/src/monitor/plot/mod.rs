//! An SVG picture of a [`Monitor`]'s history: panels stacked over one shared step axis.
//!
//! plotters is built without its `ttf` feature, so no system font is read:
//! the SVG backend writes `<text>` elements and the viewer picks the font.
//! Label sizes are estimated, which is why the layout leaves generous margins.

mod direction;
mod loss;
mod norms;
mod strip;

use super::event::Num;
use super::{EventKind, Monitor};
use plotters::chart::MeshStyle;
use plotters::coord::types::RangedCoordf64;
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
/// Greys for text on reference lines and for legend notes (black at 70% and 65%).
const LABEL_GREY: RGBColor = RGBColor(77, 77, 77);
const NOTE_GREY: RGBColor = RGBColor(89, 89, 89);
const WIDTH: u32 = 1100;
/// Width of the legend column right of every panel. Legends live outside the
/// plotting areas so they never hide a line or an event marker, and every
/// panel keeps the same plotting width so their step axes line up.
const LEGEND_WIDTH: u32 = 230;
/// Panel heights in pixels; the histogram strip is per group.
const NORMS_HEIGHT: u32 = 330;
const DIRECTION_HEIGHT: u32 = 250;
const RATIO_HEIGHT: u32 = 230;
const STRIP_HEIGHT: u32 = 220;
const LOSS_HEIGHT: u32 = 260;
/// Shared chart geometry, so that every panel's plotting area has the same left edge.
const Y_LABEL_AREA: u32 = 78;
const X_LABEL_AREA: u32 = 40;
const MARGIN: u32 = 12;

/// A panel's chart: its caption (in `size` points) and the geometry every panel shares.
fn panel<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    size: u32,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, ("sans-serif", size))
        .margin(MARGIN)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA);
    builder
}

/// A step number as an axis label.
fn step_label(x: &f64) -> String {
    format!("{x:.0}")
}

/// A panel's mesh: steps along x, `y_desc` up, the grid and fonts every panel shares; the
/// y labels are the caller's.
fn house_mesh<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    y_desc: &str,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.x_desc("step")
        .y_desc(y_desc)
        .x_label_formatter(&step_label)
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.03))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
}

/// What a legend row shows beside its label.
enum Swatch {
    Line(RGBColor),
    /// A thin, faded line.
    Faint(RGBColor),
    Marker(EventKind),
    /// A filled box (a band, or a colour of the heat strip).
    Fill(RGBAColor),
    /// No swatch: a line of explanation.
    Note,
}

type Legend = Vec<(String, Swatch)>;

/// The panels a history needs, in drawing order.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Panel {
    Norms,
    Direction,
    Ratio,
    Strip(usize),
    Loss,
}

impl Panel {
    fn height(self) -> u32 {
        match self {
            Panel::Norms => NORMS_HEIGHT,
            Panel::Direction => DIRECTION_HEIGHT,
            Panel::Ratio => RATIO_HEIGHT,
            Panel::Strip(_) => STRIP_HEIGHT,
            Panel::Loss => LOSS_HEIGHT,
        }
    }
}

impl Monitor {
    /// Draws the history as an SVG document, 1100 pixels wide, one panel under the other
    /// over the same step axis, each with its legend in a column on the right:
    ///
    /// - **norms**: the L2 gradient norm of each group on a log axis; events as red vertical
    ///   lines with a marker whose shape gives the kind; configured bounds as labelled dashed
    ///   lines;
    /// - **direction** (when tracked): per group the cosine with the running mean (solid) and
    ///   with the previous step (faint), from −1 to 1, with the detectors' bounds;
    /// - **update ratio** (when parameters were given): ‖update‖ / ‖weights‖ on a log axis
    ///   over the shaded healthy band, 1e-3 marked;
    /// - **histogram strips** (when taken), one per group: steps across, signed log-magnitude
    ///   bins up (zero in the middle), the share of the group's entries in each bin as colour;
    ///   a collapse to zero is a dark band in the middle, a fat tail a trail of light cells
    ///   far from it;
    /// - **loss**, on a log axis when it is positive and spans more than two decades.
    ///
    /// Non-finite values break the lines and are marked near the top of their panel.
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
    /// assert!(svg.contains("Gradient direction"));
    /// ```
    pub fn render_svg(&self) -> Result<String, PlotError> {
        let panels = self.panels();
        let height: u32 = panels.iter().map(|p| p.height()).sum();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
            root.fill(&WHITE)?;
            let mut rest = root;
            for panel in panels {
                let (area, below) = rest.split_vertically(panel.height());
                rest = below;
                let (plot, legend_area) = area.split_horizontally(WIDTH - LEGEND_WIDTH);
                let legend = match panel {
                    Panel::Norms => self.draw_norms(&plot)?,
                    Panel::Direction => self.draw_direction(&plot)?,
                    Panel::Ratio => self.draw_ratio(&plot)?,
                    Panel::Strip(g) => self.draw_strip(&plot, g)?,
                    Panel::Loss => self.draw_loss(&plot)?,
                };
                draw_legend(&legend_area, &legend)?;
            }
            rest.present()?;
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

    fn panels(&self) -> Vec<Panel> {
        let mut panels = vec![Panel::Norms];
        if self.config.direction.is_some() {
            panels.push(Panel::Direction);
        }
        let ratios = self.groups.iter().flat_map(|g| &g.samples);
        if ratios.clone().any(|s| s.update_ratio.is_some()) {
            panels.push(Panel::Ratio);
        }
        for (i, g) in self.groups.iter().enumerate() {
            if !g.histograms.kept().is_empty() {
                panels.push(Panel::Strip(i));
            }
        }
        panels.push(Panel::Loss);
        panels
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

    /// Events of `kind` as `(step, place(value))`.
    fn event_points(&self, kind: EventKind, place: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
        self.events
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| (e.step as f64, place(e.value)))
            .collect()
    }
}

impl Monitor {
    /// Marks the events of `kinds` on `chart`: a faint vertical line over `y_span` per event,
    /// then a marker whose shape says the kind at `(step, place(value))`, and a legend row
    /// per kind present. Kinds come bigger shapes first so that smaller ones stay visible
    /// when two events share a step.
    fn mark_events<DB, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
        kinds: &[EventKind],
        (ylo, yhi): (f64, f64),
        place: impl Fn(f64) -> f64,
        legend: &mut Legend,
    ) -> Result<(), PlotError>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
        Y: Ranged<ValueType = f64>,
    {
        let ours = || self.events.iter().filter(|e| kinds.contains(&e.kind));
        chart.draw_series(ours().map(|e| {
            let x = e.step as f64;
            PathElement::new([(x, ylo), (x, yhi)], EVENT_COLOR.mix(0.3).stroke_width(1))
        }))?;
        for &kind in kinds {
            let at = self.event_points(kind, &place);
            if at.is_empty() {
                continue;
            }
            legend.push((
                format!("{} ({})", kind.as_str(), at.len()),
                Swatch::Marker(kind),
            ));
            if matches!(kind, EventKind::Spike | EventKind::Oscillation) {
                // A white ring keeps the dot visible on top of another
                // red marker (a spike is often also an exploding step).
                chart.draw_series(at.iter().map(|&p| Circle::new(p, 5, WHITE.filled())))?;
            }
            chart.draw_series(at.into_iter().map(|p| event_marker(kind, p)))?;
        }
        Ok(())
    }
}

fn group_color(i: usize) -> RGBColor {
    GROUP_COLORS[i % GROUP_COLORS.len()]
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
    let note = TextStyle::from(("sans-serif", 12).into_font())
        .color(&NOTE_GREY)
        .pos(Pos::new(HPos::Left, VPos::Center));
    // Start level with the top of the plotting area, below the caption.
    let (x0, mut y) = (8, 50);
    for (label, swatch) in entries {
        match swatch {
            Swatch::Line(c) => area.draw(&PathElement::new(
                [(x0, y), (x0 + 24, y)],
                c.stroke_width(3),
            ))?,
            Swatch::Faint(c) => area.draw(&PathElement::new(
                [(x0, y), (x0 + 24, y)],
                c.mix(0.35).stroke_width(1),
            ))?,
            Swatch::Marker(kind) => area.draw(&event_marker(*kind, (x0 + 12, y)))?,
            Swatch::Fill(c) => {
                area.draw(&Rectangle::new([(x0, y - 6), (x0 + 24, y + 6)], c.filled()))?
            }
            Swatch::Note => {}
        }
        let (style, dx) = match swatch {
            Swatch::Note => (&note, 0),
            _ => (&text, 34),
        };
        area.draw(&Text::new(label.as_str(), (x0 + dx, y), style.clone()))?;
        y += if matches!(swatch, Swatch::Note) {
            17
        } else {
            22
        };
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
        EventKind::Exploding | EventKind::UpdateTooLarge => {
            TriangleMarker::new(at, 13, EVENT_COLOR.filled()).into_dyn()
        }
        EventKind::Spike | EventKind::Oscillation => {
            Circle::new(at, 4, EVENT_COLOR.filled()).into_dyn()
        }
        EventKind::Vanishing | EventKind::Aligned | EventKind::UpdateTooSmall => {
            Circle::new(at, 5, style).into_dyn()
        }
    }
}

/// Labels a horizontal reference line at its left end, on the line itself: several grey
/// dashed legend swatches would be indistinguishable.
fn bound_label(name: &str, value: f64) -> (String, TextStyle<'static>) {
    let text = TextStyle::from(("sans-serif", 13).into_font())
        .color(&LABEL_GREY)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    (format!("{name} {}", Num(value)), text)
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
