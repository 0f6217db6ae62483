//! Threshold geometry: dashed lines at threshold values and coloured bands between them.

use super::layout::Rect;
use super::scale::YScale;
use super::spec::{Threshold, ThresholdStyle};

/// A horizontal threshold line at `y_px`.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdLine {
    pub y_px: f64,
    pub color: String,
}

/// A band filled with the threshold's colour from `top_px` to `bottom_px`.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdBand {
    pub top_px: f64,
    pub bottom_px: f64,
    pub color: String,
}

/// Lines and bands for Grafana-style threshold steps (each step colours from its value up to the
/// next step's value), clipped to the plot. NaN steps are ignored; -Inf is the base step.
pub fn threshold_geometry(
    thresholds: &[Threshold],
    style: ThresholdStyle,
    scale: &YScale,
    plot: Rect,
) -> (Vec<ThresholdLine>, Vec<ThresholdBand>) {
    let mut steps: Vec<&Threshold> = thresholds.iter().filter(|t| !t.value.is_nan()).collect();
    crate::sort::sort_by(&mut steps, |a, b| a.value.total_cmp(&b.value));
    let to_px = |v: f64| -> f64 {
        if v == f64::NEG_INFINITY {
            return plot.bottom();
        }
        if v == f64::INFINITY {
            return plot.y;
        }
        let px = scale.to_px(v);
        // On a log scale, values <= 0 lie below the plot.
        if px.is_nan() {
            plot.bottom()
        } else {
            px.clamp(plot.y, plot.bottom())
        }
    };
    let mut lines = Vec::new();
    let mut bands = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let bottom = to_px(step.value);
        let top = steps.get(i + 1).map_or(plot.y, |next| to_px(next.value));
        if style.shows_bands() && bottom > top {
            bands.push(ThresholdBand {
                top_px: top,
                bottom_px: bottom,
                color: step.color.clone(),
            });
        }
        let inside = step.value.is_finite() && bottom > plot.y && bottom < plot.bottom();
        if style.shows_lines() && inside {
            lines.push(ThresholdLine {
                y_px: bottom,
                color: step.color.clone(),
            });
        }
    }
    (lines, bands)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scale::YTransform;

    fn steps() -> Vec<Threshold> {
        vec![
            Threshold {
                value: 80.0,
                color: "red".into(),
            },
            Threshold {
                value: f64::NEG_INFINITY,
                color: "green".into(),
            },
            Threshold {
                value: 50.0,
                color: "orange".into(),
            },
            Threshold {
                value: f64::NAN,
                color: "ignored".into(),
            },
        ]
    }

    fn scale_and_plot() -> (YScale, Rect) {
        let plot = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 100.0,
        };
        (
            YScale::new(0.0, 100.0, YTransform::Linear, 0.0, 100.0),
            plot,
        )
    }

    #[test]
    fn bands_stack_from_the_base_colour_up() {
        let (scale, plot) = scale_and_plot();
        let (lines, bands) = threshold_geometry(&steps(), ThresholdStyle::Bands, &scale, plot);
        assert!(lines.is_empty());
        let got: Vec<(f64, f64, &str)> = bands
            .iter()
            .map(|b| (b.top_px, b.bottom_px, b.color.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (50.0, 100.0, "green"),
                (20.0, 50.0, "orange"),
                (0.0, 20.0, "red")
            ]
        );
    }

    #[test]
    fn lines_skip_the_base_step_and_values_off_the_plot() {
        let (scale, plot) = scale_and_plot();
        let mut t = steps();
        t.push(Threshold {
            value: 500.0,
            color: "off-plot".into(),
        });
        let (lines, bands) = threshold_geometry(&t, ThresholdStyle::Lines, &scale, plot);
        assert!(bands.is_empty());
        let got: Vec<(f64, &str)> = lines.iter().map(|l| (l.y_px, l.color.as_str())).collect();
        assert_eq!(got, vec![(50.0, "orange"), (20.0, "red")]);
    }

    #[test]
    fn off_style_and_empty_input_draw_nothing() {
        let (scale, plot) = scale_and_plot();
        let (l, b) = threshold_geometry(&steps(), ThresholdStyle::Off, &scale, plot);
        assert!(l.is_empty() && b.is_empty());
        let (l, b) = threshold_geometry(&[], ThresholdStyle::LinesAndBands, &scale, plot);
        assert!(l.is_empty() && b.is_empty());
    }
}
