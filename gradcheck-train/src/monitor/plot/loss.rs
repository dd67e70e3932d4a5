//! The loss panel, linear or logarithmic.

use super::{event_marker, segments, Legend, Swatch};
use super::{house_mesh, panel, EVENT_COLOR};
use crate::monitor::event::Num;
use crate::monitor::{EventKind, Monitor};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

impl Monitor {
    /// The loss panel; returns its legend entries.
    pub(super) fn draw_loss<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Legend, super::PlotError>
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
    ) -> Result<Legend, super::PlotError>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
        Y: AsRangedCoord<Value = f64>,
        Y::CoordDescType: ValueFormatter<f64>,
    {
        let mut chart = panel(area, "Loss", 20).build_cartesian_2d(self.step_range(), y)?;
        house_mesh(&mut chart.configure_mesh(), y_desc)
            .y_label_formatter(&|v| Num(*v).to_string())
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
