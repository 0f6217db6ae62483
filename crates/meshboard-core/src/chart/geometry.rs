//! Geometry types: what the pure pipeline hands to the painter (canvas size, scales, ticks,
//! thresholds and per-series pixel buffers), all in CSS pixels.

use super::axis_ticks::Tick;
use super::hit::HoverInfo;
use super::layout::ChartLayout;
use super::scale::{TimeScale, YScale, YTransform};
use super::spec::{AxisSide, ChartKind};
use super::thresholds::{ThresholdBand, ThresholdLine};

/// Canvas size in CSS pixels and the device pixel ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasSize {
    pub css_width: f64,
    pub css_height: f64,
    pub dpr: f64,
}

impl CanvasSize {
    /// Sanitised: negative or non-finite sizes become 0 and the ratio falls back to 1.
    pub fn new(css_width: f64, css_height: f64, dpr: f64) -> Self {
        let size = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        let dpr = if dpr.is_finite() && dpr > 0.0 {
            dpr.min(8.0)
        } else {
            1.0
        };
        CanvasSize {
            css_width: size(css_width),
            css_height: size(css_height),
            dpr,
        }
    }

    /// Backing-store size in device pixels (what `canvas.width/height` must be set to).
    pub fn device_size(&self) -> (u32, u32) {
        let px = |v: f64| (v * self.dpr).round().clamp(0.0, 32_767.0) as u32;
        (px(self.css_width), px(self.css_height))
    }
}

/// How one series is drawn, in CSS pixels. Buffers are reused across redraws.
#[derive(Debug, Clone, Default)]
pub struct SeriesGeometry {
    pub visible: bool,
    pub axis: AxisSide,
    pub color: String,
    /// Interleaved `x, y` with `NaN, NaN` at gaps (see [`super::path`]).
    pub line: Vec<f64>,
    /// `x, y_top, y_base` triples to fill, empty without fill.
    pub band: Vec<f64>,
    /// `x, y, w, h` rectangles for bar charts.
    pub bars: Vec<f64>,
    /// Draw a dot at every vertex of `line` (points mode or a sparse series).
    pub dots: bool,
    /// Vertices in `line` (or bars): the points drawn after decimation.
    pub points: usize,
    /// The series' own style, copied from its [`super::spec::SeriesStyle`] for the painter.
    pub kind: ChartKind,
    /// 0 to 1.
    pub fill_opacity: f64,
    pub line_width: f64,
    pub point_radius: f64,
    /// Dash pattern in CSS px; empty is solid.
    pub dash: Vec<f64>,
    /// The samples' own vertices for the dots when the line between them is interpolated
    /// (steps, curves); empty when `line` holds only samples.
    pub markers: Vec<f64>,
    /// Colour stops of a gradient fill (0 at the plot's top, 1 at its bottom, alpha
    /// included); empty for a flat fill at `fill_opacity`.
    pub fill_stops: Vec<(f64, String)>,
    /// Colour stops of the line by value (`gradientMode: scheme`); empty: `color`.
    pub line_stops: Vec<(f64, String)>,
}

/// Everything the painter needs; rebuilt by [`ChartModel::layout`].
#[derive(Debug, Clone)]
pub struct ChartGeometry {
    pub size: CanvasSize,
    pub layout: ChartLayout,
    pub x_scale: TimeScale,
    pub left_scale: YScale,
    pub right_scale: Option<YScale>,
    pub time_ticks: Vec<Tick>,
    pub left_ticks: Vec<Tick>,
    pub right_ticks: Vec<Tick>,
    pub threshold_lines: Vec<ThresholdLine>,
    pub threshold_bands: Vec<ThresholdBand>,
    pub series: Vec<SeriesGeometry>,
}

impl Default for ChartGeometry {
    fn default() -> Self {
        ChartGeometry {
            size: CanvasSize::new(0.0, 0.0, 1.0),
            layout: ChartLayout::default(),
            x_scale: TimeScale::new(0.0, 1.0, 0.0, 0.0),
            left_scale: YScale::new(0.0, 1.0, YTransform::Linear, 0.0, 0.0),
            right_scale: None,
            time_ticks: Vec::new(),
            left_ticks: Vec::new(),
            right_ticks: Vec::new(),
            threshold_lines: Vec::new(),
            threshold_bands: Vec::new(),
            series: Vec::new(),
        }
    }
}

impl ChartGeometry {
    pub fn points_drawn(&self) -> usize {
        self.series.iter().map(|s| s.points).sum()
    }

    pub fn visible_series(&self) -> usize {
        self.series.iter().filter(|s| s.visible).count()
    }

    /// What was drawn, for the chart's `data-drawn-layout` (tests compare it with what the
    /// dashboard asks): the canvas and plot rectangles (`[x, y, w, h]`, CSS px, 0.01 px), each
    /// y axis' tick labels (`null` when that axis is not drawn) and each series' first bar
    /// (`null` for a series drawn without bars).
    pub fn drawn_layout(&self) -> serde_json::Value {
        let px = |v: f64| (v * 100.0).round() / 100.0;
        let plot = self.layout.plot;
        let labels = |ticks: &[Tick]| {
            (!ticks.is_empty()).then(|| ticks.iter().map(|t| t.label.clone()).collect::<Vec<_>>())
        };
        let first_bars: Vec<Option<[f64; 4]>> = self
            .series
            .iter()
            .map(|s| {
                let b = s.bars.get(..4).filter(|_| s.visible)?;
                Some([px(b[0]), px(b[1]), px(b[2]), px(b[3])])
            })
            .collect();
        serde_json::json!({
            "canvas": [px(self.size.css_width), px(self.size.css_height)],
            "plot": [px(plot.x), px(plot.y), px(plot.w), px(plot.h)],
            "left": labels(&self.left_ticks),
            "right": labels(&self.right_ticks),
            "bars": first_bars,
        })
    }

    /// Where another panel's time puts this chart's tooltip (`graphTooltip: 2`), in CSS px:
    /// at the crosshair, halfway between the highest and lowest marker as Grafana's
    /// `findMidPointYPosition` does (the plot's middle when no marker can be drawn). `None`
    /// when the time is off this plot or no series has a sample there: no tooltip.
    pub fn synced_tooltip_at(&self, info: &HoverInfo) -> Option<(f64, f64)> {
        let plot = self.layout.plot;
        if info.series.is_empty() || !(info.x_px >= plot.x && info.x_px <= plot.right()) {
            return None;
        }
        let ys = info.series.iter().map(|s| s.y_px).filter(|y| y.is_finite());
        let (low, high) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
            (lo.min(y), hi.max(y))
        });
        let y = if low.is_finite() {
            ((low + high) / 2.0).clamp(plot.y, plot.bottom())
        } else {
            plot.y + plot.h / 2.0
        };
        Some((info.x_px, y))
    }

    pub fn scale_for(&self, side: AxisSide) -> &YScale {
        match (side, &self.right_scale) {
            (AxisSide::Right, Some(scale)) => scale,
            _ => &self.left_scale,
        }
    }
}
