//! Plot axes: linear or logarithmic scales, their ranges and their tick labels.

/// How an axis maps values to positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Equal distances for equal differences.
    Linear,
    /// Equal distances for equal ratios: every decade the same width.
    Log,
}

impl Scale {
    /// Whether `v` can be drawn on this scale (finite, and positive on a log scale).
    pub fn drawable(self, v: f64) -> bool {
        v.is_finite() && (self == Scale::Linear || v > 0.0)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
}

/// One axis: a scale, a value range and a pixel range.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    scale: Scale,
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
    /// Decades per tick on a log axis.
    every: i32,
}

impl Axis {
    /// An axis covering `values` (those the scale can draw), widened to whole decades on a
    /// log scale and to round numbers on a linear one, mapped to pixels `from..to`.
    ///
    /// ```
    /// use gradcheck_report::svg::{Axis, Scale};
    /// let a = Axis::covering(Scale::Log, [2e-3, 5e-1], 0.0, 300.0);
    /// // 1e-3 .. 1e0: three decades, 100 pixels each.
    /// assert!((a.position(1e-2) - 100.0).abs() < 1e-9);
    /// assert!((a.position(1e-1) - 200.0).abs() < 1e-9);
    /// ```
    pub fn covering(
        scale: Scale,
        values: impl IntoIterator<Item = f64>,
        from: f64,
        to: f64,
    ) -> Axis {
        Axis::padded(scale, values, from, to, 0.0)
    }

    /// As [`Axis::covering`], with at least `pad` of room beyond the values: decades on a
    /// log axis, a fraction of the range on a linear one. A line drawn on the frame's edge
    /// is hard to see (a flat error of 1.0 sat on the top edge of its plot).
    ///
    /// ```
    /// use gradcheck_report::svg::{Axis, Scale};
    /// let a = Axis::padded(Scale::Log, [1.0], 0.0, 200.0, 0.1);
    /// assert!((a.position(1.0) - 100.0).abs() < 1e-9); // 10⁻¹ .. 10¹
    /// ```
    pub fn padded(
        scale: Scale,
        values: impl IntoIterator<Item = f64>,
        from: f64,
        to: f64,
        pad: f64,
    ) -> Axis {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|&v| scale.drawable(v)) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo > hi {
            (lo, hi) = match scale {
                Scale::Log => (1.0, 10.0),
                Scale::Linear => (0.0, 1.0),
            };
        }
        let mut every = 1;
        let (lo, hi) = match scale {
            Scale::Log => {
                let (a, b) = (
                    (lo.log10() - pad).floor() as i32,
                    (hi.log10() + pad).ceil() as i32,
                );
                let b = b.max(a + 1);
                // At most 8 labels: 70 pixels each on a 500-pixel axis reads without
                // crowding. The range grows to a whole number of ticks, so that both ends
                // carry a label.
                every = (b - a + 6) / 7;
                let b = a + (b - a + every - 1) / every * every;
                (10f64.powi(a), 10f64.powi(b))
            }
            Scale::Linear => {
                let (lo, hi) = if hi - lo <= 0.0 {
                    (lo - 1.0, hi + 1.0)
                } else {
                    (lo - pad * (hi - lo), hi + pad * (hi - lo))
                };
                let step = nice_step((hi - lo) / TICKS);
                ((lo / step).floor() * step, (hi / step).ceil() * step)
            }
        };
        Axis {
            scale,
            lo,
            hi,
            from,
            to,
            every,
        }
    }

    /// The pixel position of `v`.
    pub fn position(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10()),
            Scale::Linear => (v - self.lo) / (self.hi - self.lo),
        };
        self.from + t * (self.to - self.from)
    }

    /// The tick values and their labels: decades on a log axis (every k-th one when there
    /// are many), round steps on a linear one.
    ///
    /// ```
    /// use gradcheck_report::svg::{Axis, Scale};
    /// let a = Axis::covering(Scale::Log, [1e-12, 1e-1], 0.0, 300.0);
    /// let labels: Vec<String> = a.ticks().into_iter().map(|t| t.1).collect();
    /// assert_eq!(labels.first().unwrap(), "10⁻¹²");
    /// assert!(labels.len() <= 8);
    /// ```
    pub fn ticks(&self) -> Vec<(f64, String)> {
        match self.scale {
            Scale::Log => {
                let (a, b) = (
                    self.lo.log10().round() as i32,
                    self.hi.log10().round() as i32,
                );
                (a..=b)
                    .filter(|e| (e - a) % self.every == 0)
                    .map(|e| (10f64.powi(e), power_of_ten(e)))
                    .collect()
            }
            Scale::Linear => {
                let step = nice_step((self.hi - self.lo) / TICKS);
                let n = ((self.hi - self.lo) / step).round() as i64;
                (0..=n)
                    .map(|i| {
                        let v = self.lo + i as f64 * step;
                        (v, linear_label(v, step))
                    })
                    .collect()
            }
        }
    }
}

/// About how many steps between ticks a linear axis has: 120 training steps get ticks every
/// 20 (with 5, the axis ran on to 150, a fifth of it empty).
const TICKS: f64 = 6.0;

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * p)
}

/// `10⁻³` with Unicode superscripts: readable without a math font.
fn power_of_ten(e: i32) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::from("10");
    if e < 0 {
        s.push('⁻');
    }
    for d in e.unsigned_abs().to_string().bytes() {
        s.push(SUP[(d - b'0') as usize]);
    }
    s
}

fn linear_label(v: f64, step: f64) -> String {
    if step >= 1.0 && v.abs() < 1e7 {
        format!("{}", v.round())
    } else if v.abs() >= 1e7 || step < 1e-3 {
        format!("{v:.1e}")
    } else {
        let decimals = (-step.log10().floor()) as usize;
        format!("{v:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axes_give_every_decade_the_same_width() {
        let a = Axis::covering(Scale::Log, [3e-13, 0.02], 0.0, 1200.0);
        let ticks = a.ticks();
        let pos: Vec<f64> = ticks.iter().map(|t| a.position(t.0)).collect();
        let widths: Vec<f64> = pos.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(
            widths.iter().all(|w| (w - widths[0]).abs() < 1e-6),
            "{widths:?}"
        );
        // Ratios, not differences, are equal distances: 1e-5 lies midway between 1e-6 and 1e-4.
        let mid = a.position(1e-5);
        assert!((mid - (a.position(1e-6) + a.position(1e-4)) / 2.0).abs() < 1e-6);
        assert_eq!(ticks[0].0, 1e-13);
        assert_eq!(ticks.last().unwrap().0, 1e-1);
    }

    #[test]
    fn linear_ticks_are_round_numbers() {
        let a = Axis::covering(Scale::Linear, [0.0, 117.0], 0.0, 500.0);
        let labels: Vec<String> = a.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["0", "20", "40", "60", "80", "100", "120"]);
        let a = Axis::covering(Scale::Linear, [0.1, 0.35], 0.0, 500.0);
        assert_eq!(a.ticks()[1].1, "0.15");
    }

    #[test]
    fn superscripts() {
        assert_eq!(power_of_ten(-12), "10⁻¹²");
        assert_eq!(power_of_ten(3), "10³");
    }
}
