//! The heat strip of one group's histograms: steps across, signed log-magnitude bins up,
//! the share of the group's entries in each bin as colour.

use super::{house_mesh, panel};
use super::{Legend, PlotError, Swatch};
use crate::monitor::histogram::axis_position;
use crate::monitor::{Histogram, Monitor};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Shares below 10^-DECADES of the entries get the lightest colour: one entry in ten
/// thousand still shows, so a fat tail of a few large values is visible.
const DECADES: f64 = 4.0;

impl Monitor {
    /// The strip of group `g`.
    pub(super) fn draw_strip<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        g: usize,
    ) -> Result<Legend, PlotError>
    where
        DB::ErrorType: 'static,
    {
        let group = &self.groups[g];
        let kept = group.histograms.kept();
        let zero = Histogram::zero_bin();
        // Only the rows ever used, the zero row always, one empty row of margin each side.
        let used = kept.iter().flat_map(|(_, h)| {
            let c = h.counts();
            let first = c.iter().position(|&n| n > 0);
            let last = c.iter().rposition(|&n| n > 0);
            first.into_iter().chain(last)
        });
        let (lo, hi) = used.fold((zero, zero), |(l, h), b| (l.min(b), h.max(b)));
        let (ylo, yhi) = (
            lo.saturating_sub(1) as f64,
            (hi + 2).min(Histogram::BINS) as f64,
        );
        let x = self.step_range();

        let caption = format!(
            "Gradient values of {}: share of entries per bin",
            group.name
        );
        let mut chart = panel(area, &caption, 18).build_cartesian_2d(x.clone(), ylo..yhi)?;
        house_mesh(&mut chart.configure_mesh(), "gradient value")
            .y_labels(0)
            .disable_y_mesh()
            .draw()?;

        // Each column reaches the next one; the last is as wide as the one before it.
        let mut cells = Vec::new();
        for (k, (_, h)) in kept.iter().enumerate() {
            let x0 = h.step as f64;
            let x1 = match (kept.get(k + 1), k.checked_sub(1).map(|p| &kept[p].1)) {
                (Some((_, next)), _) => next.step as f64,
                (None, Some(prev)) => x0 + (x0 - prev.step as f64),
                (None, None) => x.end.max(x0 + 1.0),
            };
            let total: u64 = h.counts().iter().map(|&c| u64::from(c)).sum();
            for (bin, &count) in h.counts().iter().enumerate().filter(|(_, &c)| c > 0) {
                let share = count as f64 / total as f64;
                let color = shade(share);
                let (b0, b1) = (bin as f64, bin as f64 + 1.0);
                cells.push(Rectangle::new([(x0, b0), (x1, b1)], color.filled()));
            }
        }
        chart.draw_series(cells)?;
        // The zero row's edges, so that the eye finds the middle.
        for y in [zero as f64, zero as f64 + 1.0] {
            chart.draw_series(std::iter::once(PathElement::new(
                [(x.start, y), (x.end, y)],
                BLACK.mix(0.15).stroke_width(1),
            )))?;
        }
        self.label_bins(area, &chart, (ylo, yhi))?;

        Ok(vec![
            ("all entries".to_owned(), Swatch::Fill(shade(1.0).to_rgba())),
            ("1%".to_owned(), Swatch::Fill(shade(1e-2).to_rgba())),
            (
                "0.01% or fewer".to_owned(),
                Swatch::Fill(shade(1e-4).to_rgba()),
            ),
            (
                format!("a column every {} recordings", group.histograms.stride()),
                Swatch::Note,
            ),
            ("middle row: |g| < 1e-12".to_owned(), Swatch::Note),
        ])
    }

    /// Writes signed decade labels (…, −1e-3, 0, 1e-3, …) left of the strip, as many as fit
    /// without overlapping: plotters' own labels would fall on arbitrary bin positions.
    fn label_bins<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
        (ylo, yhi): (f64, f64),
    ) -> Result<(), PlotError>
    where
        DB::ErrorType: 'static,
    {
        let x0 = chart.x_range().start;
        let (bx, by) = area.get_base_pixel();
        let px = |y: f64| {
            let (px, py) = chart.backend_coord(&(x0, y));
            (px - bx, py - by)
        };
        // Pixels per decade (3.32 octaves, one bin each); labels need about 16 px.
        let per_bin = (px(ylo).1 - px(yhi).1) as f64 / (yhi - ylo);
        let per_decade = per_bin * std::f64::consts::LOG2_10;
        let every = (16.0 / per_decade).ceil().max(1.0) as i32;
        let text = TextStyle::from(("sans-serif", 12).into_font())
            .pos(Pos::new(HPos::Right, VPos::Center));
        let zero_y = axis_position(0.0);
        let mut ticks = vec![(zero_y, "0".to_owned())];
        for d in (-12..=3).filter(|d| d % every == 0) {
            let v = 10f64.powi(d);
            ticks.push((axis_position(v), format!("1e{d}")));
            ticks.push((axis_position(-v), format!("−1e{d}")));
        }
        // "0" first, then outwards: a label too close to one already placed is dropped
        // (±1e-12 sit right beside the zero row).
        ticks.sort_by(|a, b| (a.0 - zero_y).abs().total_cmp(&(b.0 - zero_y).abs()));
        let mut placed: Vec<i32> = Vec::new();
        for (y, label) in ticks.into_iter().filter(|(y, _)| (ylo..=yhi).contains(y)) {
            let (x, y) = px(y);
            if placed.iter().any(|&p| (p - y).abs() < 14) {
                continue;
            }
            placed.push(y);
            area.draw(&PathElement::new(
                [(x - 5, y), (x, y)],
                BLACK.stroke_width(1),
            ))?;
            area.draw(&Text::new(label, (x - 8, y), text.clone()))?;
        }
        Ok(())
    }
}

/// The colour of a share in (0, 1]: light blue for a few entries to dark blue for all.
fn shade(share: f64) -> RGBColor {
    // ColorBrewer "Blues", from light to dark.
    const STOPS: [(u8, u8, u8); 5] = [
        (198, 219, 239),
        (158, 202, 225),
        (66, 146, 198),
        (8, 81, 156),
        (8, 48, 107),
    ];
    let t = (1.0 + share.log10() / DECADES).clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + f * (b as f64 - a as f64)).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
