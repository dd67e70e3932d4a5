//! The norm panel: each group's L2 gradient norm on a log axis, bounds and events.

use super::{bound_label, group_color, segments, Legend, Swatch};
use super::{house_mesh, panel};
use crate::monitor::event::Num;
use crate::monitor::{EventKind, Monitor};
use plotters::coord::Shift;
use plotters::prelude::*;

impl Monitor {
    /// The norm panel; returns its legend entries.
    pub(super) fn draw_norms<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<Legend, super::PlotError>
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

        let mut chart = panel(area, "Gradient L2 norm per group", 20)
            .build_cartesian_2d(x.clone(), (ylo..yhi).log_scale())?;
        house_mesh(&mut chart.configure_mesh(), "L2 norm (log scale)")
            .y_label_formatter(&|v| Num(*v).to_string())
            .draw()?;

        let mut legend = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            let color = group_color(i);
            let points = g.samples.iter().map(|s| (s.step as f64, s.norms.l2));
            for seg in segments(points, |v| v.is_finite() && v > 0.0) {
                chart.draw_series(LineSeries::new(seg, color.stroke_width(2)))?;
            }
            legend.push((g.name.clone(), Swatch::Line(color)));
        }

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
            let (label, text) = bound_label(name, bound);
            chart.draw_series(std::iter::once(Text::new(label, (x.start, bound), text)))?;
        }

        // A non-finite norm has no place on the axis: marked near the top.
        let place = |v: f64| {
            if v.is_finite() && v > 0.0 {
                v
            } else {
                yhi / 1.6
            }
        };
        let kinds = [
            EventKind::Exploding,
            EventKind::NonFiniteGradient,
            EventKind::Vanishing,
            EventKind::Spike,
        ];
        self.mark_events(&mut chart, &kinds, (ylo, yhi), place, &mut legend)?;
        Ok(legend)
    }
}
