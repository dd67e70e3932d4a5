//! The direction panel (cosines per group) and the update-ratio panel (log axis over the
//! healthy band).

use super::{bound_label, group_color, segments, Legend, PlotError, Swatch};
use super::{house_mesh, panel};
use crate::monitor::event::Num;
use crate::monitor::{EventKind, Monitor};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The ratio the usual rule of thumb aims at.
const TYPICAL_RATIO: f64 = 1e-3;
const BAND_COLOR: RGBColor = RGBColor(0, 158, 115);

impl Monitor {
    /// Per group, the cosine with the running mean (solid) and with the previous step
    /// (faint, underneath), on a fixed axis from −1 to 1.
    pub(super) fn draw_direction<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Legend, PlotError>
    where
        DB::ErrorType: 'static,
    {
        let x = self.step_range();
        let (ylo, yhi) = (-1.08, 1.08);
        let mut chart = panel(area, "Gradient direction: cosine per group", 20)
            .build_cartesian_2d(x.clone(), ylo..yhi)?;
        house_mesh(&mut chart.configure_mesh(), "cosine")
            .y_label_formatter(&|v| format!("{v:.1}"))
            .y_labels(9)
            .draw()?;
        chart.draw_series(std::iter::once(PathElement::new(
            [(x.start, 0.0), (x.end, 0.0)],
            BLACK.mix(0.4).stroke_width(1),
        )))?;

        let mut legend = Vec::new();
        // Faint lines first, so that no group's running-mean line is hidden under another
        // group's noisy per-step line.
        for (i, g) in self.groups.iter().enumerate() {
            let points = g.samples.iter().map(|s| (s.step as f64, opt(s.cos_prev)));
            for seg in segments(points, f64::is_finite) {
                let style = group_color(i).mix(0.3).stroke_width(1);
                chart.draw_series(LineSeries::new(seg, style))?;
            }
        }
        for (i, g) in self.groups.iter().enumerate() {
            let points = g.samples.iter().map(|s| (s.step as f64, opt(s.cos_mean)));
            for seg in segments(points, f64::is_finite) {
                chart.draw_series(LineSeries::new(seg, group_color(i).stroke_width(2)))?;
            }
            legend.push((g.name.clone(), Swatch::Line(group_color(i))));
        }
        let grey = RGBColor(90, 90, 90);
        legend.push(("vs running mean".to_owned(), Swatch::Line(grey)));
        legend.push(("vs previous step".to_owned(), Swatch::Faint(grey)));

        let bounds = [
            self.config
                .oscillation
                .map(|o| (o.below, "oscillation bound")),
            self.config.aligned.map(|a| (a.above, "aligned bound")),
        ];
        for (bound, name) in bounds.into_iter().flatten() {
            chart.draw_series(DashedLineSeries::new(
                [(x.start, bound), (x.end, bound)],
                6,
                4,
                BLACK.mix(0.55).stroke_width(1),
            ))?;
            let (label, text) = bound_label(name, bound);
            chart.draw_series(std::iter::once(Text::new(label, (x.start, bound), text)))?;
        }
        let kinds = [EventKind::Aligned, EventKind::Oscillation];
        self.mark_events(&mut chart, &kinds, (ylo, yhi), |v| v, &mut legend)?;
        Ok(legend)
    }

    /// Per group, ‖update‖ / ‖weights‖ on a log axis over the shaded healthy band, with
    /// 1e-3 marked.
    pub(super) fn draw_ratio<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Legend, PlotError>
    where
        DB::ErrorType: 'static,
    {
        let band = self.config.update_band;
        let ratios = self
            .groups
            .iter()
            .flat_map(|g| g.samples.iter().filter_map(|s| s.update_ratio))
            .chain(band.map(|b| b.low))
            .chain(band.map(|b| b.high))
            .chain(std::iter::once(TYPICAL_RATIO))
            .filter(|v| v.is_finite() && *v > 0.0);
        let (lo, hi) = ratios.fold((f64::INFINITY, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
        let (ylo, yhi) = (lo / 3.0, hi * 3.0);
        let x = self.step_range();
        let mut chart = panel(area, "Update ratio ‖update‖ / ‖weights‖ per group", 20)
            .build_cartesian_2d(x.clone(), (ylo..yhi).log_scale())?;
        house_mesh(&mut chart.configure_mesh(), "ratio (log scale)")
            .y_label_formatter(&|v| Num(*v).to_string())
            .draw()?;

        let mut legend = Vec::new();
        if let Some(b) = band {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x.start, b.low), (x.end, b.high)],
                BAND_COLOR.mix(0.12).filled(),
            )))?;
            legend.push((
                format!("healthy band {}–{}", Num(b.low), Num(b.high)),
                Swatch::Fill(BAND_COLOR.mix(0.25)),
            ));
        }
        chart.draw_series(DashedLineSeries::new(
            [(x.start, TYPICAL_RATIO), (x.end, TYPICAL_RATIO)],
            6,
            4,
            BLACK.mix(0.55).stroke_width(1),
        ))?;
        // Labelled at the right end: the left one is where training starts, and busy.
        let (label, text) = bound_label("typical", TYPICAL_RATIO);
        let text = text.pos(Pos::new(HPos::Right, VPos::Bottom));
        chart.draw_series(std::iter::once(Text::new(
            label,
            (x.end, TYPICAL_RATIO),
            text,
        )))?;
        for (i, g) in self.groups.iter().enumerate() {
            let points = g
                .samples
                .iter()
                .map(|s| (s.step as f64, opt(s.update_ratio)));
            let segs = segments(points, |v| v.is_finite() && v > 0.0);
            if segs.is_empty() {
                continue;
            }
            for seg in segs {
                chart.draw_series(LineSeries::new(seg, group_color(i).stroke_width(2)))?;
            }
            legend.push((g.name.clone(), Swatch::Line(group_color(i))));
        }
        let kinds = [EventKind::UpdateTooLarge, EventKind::UpdateTooSmall];
        self.mark_events(&mut chart, &kinds, (ylo, yhi), |v| v, &mut legend)?;
        Ok(legend)
    }
}

/// A missing value as NaN, which [`segments`] turns into a gap.
fn opt(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}
