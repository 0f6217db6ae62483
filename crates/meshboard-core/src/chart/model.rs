//! The pure chart pipeline: frame + spec + size -> scales, layout, ticks and per-series pixel
//! geometry (decimated, stacked, with gaps), plus hover and legend maths. No browser here: the
//! canvas painter only replays what this computes, so all of it is tested on the host.

use std::sync::Arc;

use super::axis_ticks::{self, Tick};
use super::bars::{bar_slot, push_bar_rects};
use super::geometry::{CanvasSize, ChartGeometry, SeriesGeometry};
use super::hit::{nearest_within, HoverInfo, HoverSeries};
use super::layout::{ChartLayout, LayoutInput, Rect};
use super::legend_stats::{legend_stats, LegendStats};
use super::path::{estimate_step, push_band, push_line, GAP_FACTOR};
use super::scale::{TimeScale, YScale, YTransform};
use super::spec::{AxisSide, ChartKind, ChartSpec};
use super::stack::Stacker;
use super::theme::series_color;
use super::thresholds::threshold_geometry;
use super::zoom;
use crate::decimate::decimate_m4_into;
use crate::frame::{Frame, Series};

/// A series with fewer samples than one per this many CSS pixels also gets point markers, so
/// that sparse data stays visible (Grafana's `showPoints: auto`).
pub const SPARSE_PX_PER_POINT: f64 = 15.0;
/// Target distance between y ticks, in CSS pixels.
const Y_TICK_SPACING_PX: f64 = 32.0;
/// Hover reports a sample at most this many CSS pixels from the cursor when the step is unknown.
const HOVER_REACH_PX: f64 = 12.0;

/// Per-series values that depend on data and spec only (not on size), cached across resizes.
#[derive(Debug, Clone, Default)]
struct SeriesData {
    /// Indices of the samples to draw: those in the x range plus one neighbour on each side,
    /// so lines run to the plot edges.
    start: usize,
    end: usize,
    step_ms: Option<f64>,
    /// Stacked tops and bases of `times[start..end]` (empty when not stacking).
    top: Vec<f64>,
    base: Vec<f64>,
}

#[derive(Debug, Default)]
struct Scratch {
    times: Vec<f64>,
    values: Vec<f64>,
    bases: Vec<f64>,
}

/// The chart's state and its computed geometry. Host-side twin of the canvas chart.
#[derive(Debug)]
pub struct ChartModel {
    spec: ChartSpec,
    frame: Arc<Frame>,
    names: Vec<String>,
    x_range: (f64, f64),
    size: CanvasSize,
    font_px: f64,
    data: Vec<SeriesData>,
    /// Value extents per axis; `None` when data or spec changed since they were computed.
    extents: Option<[(f64, f64); 2]>,
    /// Whether `geometry` matches the current data, spec, size and font: a repaint (theme
    /// change, canvas cleared) then skips the layout.
    layout_valid: bool,
    stacker: Stacker,
    scratch: Scratch,
    geometry: ChartGeometry,
}

impl Default for ChartModel {
    fn default() -> Self {
        ChartModel::new(ChartSpec::default())
    }
}

impl ChartModel {
    pub fn new(spec: ChartSpec) -> Self {
        ChartModel {
            spec,
            frame: Arc::new(Frame::default()),
            names: Vec::new(),
            x_range: (0.0, 1.0),
            size: CanvasSize::new(0.0, 0.0, 1.0),
            font_px: 12.0,
            data: Vec::new(),
            extents: None,
            layout_valid: false,
            stacker: Stacker::default(),
            scratch: Scratch::default(),
            geometry: ChartGeometry::default(),
        }
    }

    pub fn spec(&self) -> &ChartSpec {
        &self.spec
    }

    /// New options; the same options again (a redraw for another reason) keep the cached work.
    pub fn set_spec(&mut self, spec: ChartSpec) {
        if self.spec == spec {
            return;
        }
        self.spec = spec;
        self.extents = None;
        self.layout_valid = false;
    }

    /// New data and visible time range (epoch ms). Cheap: the frame is shared, not copied.
    /// Call [`set_series_names`](Self::set_series_names) after it: new data restarts the names
    /// from the labels.
    /// The same shared frame and range again (a resize or theme redraw) keep the cached work.
    pub fn set_data(&mut self, frame: impl Into<Arc<Frame>>, x_range: (f64, f64)) {
        let frame = frame.into();
        // One sanitised range (ordered, finite, non-empty) for ticks, decimation and stats.
        let scale = TimeScale::new(x_range.0.min(x_range.1), x_range.0.max(x_range.1), 0.0, 0.0);
        let x_range = (scale.from_ms, scale.to_ms);
        if Arc::ptr_eq(&self.frame, &frame) && self.x_range == x_range {
            return;
        }
        self.frame = frame;
        self.x_range = x_range;
        self.names = self.frame.series.iter().map(default_series_name).collect();
        self.extents = None;
        self.layout_valid = false;
    }

    /// Display names (from the panel's `legendFormat`); missing ones keep the label-set name.
    pub fn set_series_names(&mut self, names: Vec<String>) {
        for (slot, name) in self.names.iter_mut().zip(names) {
            *slot = name;
        }
    }

    pub fn series_names(&self) -> &[String] {
        &self.names
    }

    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The frame as shared, to hand to another chart (or back after a zoom) without a copy.
    pub fn shared_frame(&self) -> Arc<Frame> {
        Arc::clone(&self.frame)
    }

    pub fn x_range(&self) -> (f64, f64) {
        self.x_range
    }

    pub fn resize(&mut self, size: CanvasSize) {
        if self.size != size {
            self.size = size;
            self.layout_valid = false;
        }
    }

    pub fn size(&self) -> CanvasSize {
        self.size
    }

    /// Font size in CSS px of the tick labels (from the theme's font), for the layout.
    pub fn set_font_px(&mut self, font_px: f64) {
        if font_px.is_finite() && font_px > 0.0 && self.font_px != font_px {
            self.font_px = font_px;
            self.layout_valid = false;
        }
    }

    /// Forces the next [`layout`](Self::layout) to recompute (for example after a font change,
    /// which changes label widths).
    pub fn invalidate_layout(&mut self) {
        self.layout_valid = false;
    }

    pub fn geometry(&self) -> &ChartGeometry {
        &self.geometry
    }

    /// Recomputes the geometry. `measure` gives a label's width in CSS px (the painter caches it).
    pub fn layout(&mut self, measure: &mut dyn FnMut(&str) -> f64) -> &ChartGeometry {
        if self.layout_valid {
            return &self.geometry;
        }
        self.layout_valid = true;
        if self.extents.is_none() {
            self.prepare_data();
        }
        let extents = self.extents.unwrap_or([(0.0, 1.0); 2]);
        let has_right = self.has_right_axis();
        let size = self.size;
        // The plot's height does not depend on label widths: size the y ticks from a first pass.
        let probe = ChartLayout::compute(self.layout_input(0.0, has_right.then_some(0.0)));
        let y_count = tick_count(probe.plot.h, Y_TICK_SPACING_PX);
        let transform = match self.spec.effective_log_base() {
            Some(base) => YTransform::Log { base },
            None => YTransform::Linear,
        };
        let left_axis =
            axis_ticks::value_axis(extents[0], transform, y_count, &self.spec, AxisSide::Left);
        let right_axis = has_right.then(|| {
            axis_ticks::value_axis(extents[1], transform, y_count, &self.spec, AxisSide::Right)
        });
        let widest = |ticks: &[(f64, String)], measure: &mut dyn FnMut(&str) -> f64| {
            ticks
                .iter()
                .map(|(_, label)| measure(label))
                .fold(0.0, f64::max)
        };
        let left_width = widest(&left_axis.ticks, measure);
        let right_width = right_axis.as_ref().map(|a| widest(&a.ticks, measure));
        let layout = ChartLayout::compute(self.layout_input(left_width, right_width));
        let plot = layout.plot;

        let g = &mut self.geometry;
        g.size = size;
        g.layout = layout;
        g.x_scale = TimeScale::new(self.x_range.0, self.x_range.1, plot.x, plot.right());
        g.left_scale = YScale::new(
            left_axis.min,
            left_axis.max,
            transform,
            plot.y,
            plot.bottom(),
        );
        g.right_scale = right_axis
            .as_ref()
            .map(|a| YScale::new(a.min, a.max, transform, plot.y, plot.bottom()));
        fill_ticks(&mut g.left_ticks, &left_axis.ticks, &g.left_scale);
        g.right_ticks.clear();
        if let (Some(axis), Some(scale)) = (&right_axis, &g.right_scale) {
            fill_ticks(&mut g.right_ticks, &axis.ticks, scale);
        }
        let time_ticks = axis_ticks::time_axis(
            g.x_scale.from_ms,
            g.x_scale.to_ms,
            plot.w,
            self.spec.utc_offset_minutes,
        );
        g.time_ticks.clear();
        g.time_ticks
            .extend(time_ticks.into_iter().map(|(t, label)| Tick {
                px: g.x_scale.to_px(t),
                label,
            }));
        let (lines, bands) = threshold_geometry(
            &self.spec.thresholds,
            self.spec.threshold_style,
            &g.left_scale,
            plot,
        );
        g.threshold_lines = lines;
        g.threshold_bands = bands;
        self.build_series(plot);
        &self.geometry
    }

    fn layout_input(&self, left_label_width: f64, right_label_width: Option<f64>) -> LayoutInput {
        LayoutInput {
            width: self.size.css_width,
            height: self.size.css_height,
            left_label_width,
            right_label_width,
            font_px: self.font_px,
        }
    }

    fn has_right_axis(&self) -> bool {
        (0..self.frame.series.len())
            .any(|i| self.spec.axis_of(i) == AxisSide::Right && !self.spec.is_hidden(i))
    }

    /// Sample ranges, steps, stacking and value extents: everything that does not depend on size.
    fn prepare_data(&mut self) {
        let (from, to) = self.x_range;
        let frame = Arc::clone(&self.frame);
        self.data
            .resize_with(frame.series.len(), SeriesData::default);
        for (series, data) in frame.series.iter().zip(self.data.iter_mut()) {
            let n = series.times_ms.len().min(series.values.len());
            let times = &series.times_ms[..n];
            data.start = times.partition_point(|&t| t < from).saturating_sub(1);
            data.end = (times.partition_point(|&t| t <= to) + 1)
                .min(n)
                .max(data.start);
            data.step_ms = estimate_step(&times[data.start..data.end]);
            data.top.clear();
            data.base.clear();
        }
        if self.spec.stack {
            for side in [AxisSide::Left, AxisSide::Right] {
                self.stacker.reset();
                for (i, series) in frame.series.iter().enumerate() {
                    if self.spec.is_hidden(i) || self.spec.axis_of(i) != side {
                        continue;
                    }
                    let d = &mut self.data[i];
                    let times = &series.times_ms[d.start..d.end];
                    let values = &series.values[d.start..d.end];
                    self.stacker.push(times, values, &mut d.top, &mut d.base);
                }
            }
        }
        let log = self.spec.effective_log_base().is_some();
        let mut extents = [(f64::INFINITY, f64::NEG_INFINITY); 2];
        for (i, series) in frame.series.iter().enumerate() {
            if self.spec.is_hidden(i) {
                continue;
            }
            let d = &self.data[i];
            let values = if self.spec.stack {
                &d.top[..]
            } else {
                &series.values[d.start..d.end]
            };
            let times = &series.times_ms[d.start..d.end];
            let slot = &mut extents[(self.spec.axis_of(i) == AxisSide::Right) as usize];
            for (&t, &v) in times.iter().zip(values) {
                // The neighbours outside the range do not stretch the axis.
                if t >= from && t <= to && v.is_finite() && (!log || v > 0.0) {
                    slot.0 = slot.0.min(v);
                    slot.1 = slot.1.max(v);
                }
            }
        }
        let from_zero = !log
            && (self.spec.stack
                || self.spec.kind == ChartKind::Bars
                || self.spec.fill_opacity > 0.0);
        for slot in &mut extents {
            if from_zero && slot.0 <= slot.1 {
                slot.0 = slot.0.min(0.0);
                slot.1 = slot.1.max(0.0);
            }
        }
        for &v in &self.spec.y_include {
            if v.is_finite() && (!log || v > 0.0) {
                extents[0].0 = extents[0].0.min(v);
                extents[0].1 = extents[0].1.max(v);
            }
        }
        // Fixed ends apply to the left axis; the right one always fits its series.
        if let Some(min) = self.spec.y_min.filter(|v| v.is_finite()) {
            extents[0].0 = min;
        }
        if let Some(max) = self.spec.y_max.filter(|v| v.is_finite()) {
            extents[0].1 = max;
        }
        self.extents = Some(extents);
    }

    fn build_series(&mut self, plot: Rect) {
        let frame = Arc::clone(&self.frame);
        let dpr = self.size.dpr;
        let columns = (plot.w * dpr).floor().max(0.0) as usize;
        let bar_groups = if self.spec.stack {
            1
        } else {
            (0..frame.series.len())
                .filter(|&i| !self.spec.is_hidden(i))
                .count()
        };
        self.geometry
            .series
            .resize_with(frame.series.len(), SeriesGeometry::default);
        let mut bar_group = 0;
        for (i, series) in frame.series.iter().enumerate() {
            let g = &mut self.geometry.series[i];
            g.line.clear();
            g.band.clear();
            g.bars.clear();
            g.points = 0;
            g.visible = !self.spec.is_hidden(i);
            g.axis = self.spec.axis_of(i);
            g.color.clear();
            g.color.push_str(series_color(&self.spec.series_colors, i));
            if !g.visible || plot.is_empty() {
                continue;
            }
            let d = &self.data[i];
            let times = &series.times_ms[d.start..d.end];
            let (values, bases) = if self.spec.stack {
                (&d.top[..], Some(&d.base[..]))
            } else {
                (&series.values[d.start..d.end], None)
            };
            let s = &mut self.scratch;
            s.times.clear();
            s.values.clear();
            s.bases.clear();
            let max_gap_ms = d.step_ms.map_or(f64::INFINITY, |step| step * GAP_FACTOR);
            let x_range = (self.geometry.x_scale.from_ms, self.geometry.x_scale.to_ms);
            decimate_m4_into(
                times,
                values,
                x_range,
                columns,
                max_gap_ms,
                &mut s.times,
                &mut s.values,
            );
            if let Some(bases) = bases {
                // The decimator keeps real samples (and NaN gap markers): find each one's base
                // by its time.
                for &t in &s.times {
                    let k = times.partition_point(|&x| x < t);
                    s.bases.push(bases.get(k).copied().unwrap_or(0.0));
                }
            }
            let x_scale = &self.geometry.x_scale;
            let y_scale = match (g.axis, &self.geometry.right_scale) {
                (AxisSide::Right, Some(scale)) => scale,
                _ => &self.geometry.left_scale,
            };
            let stacked_bases = bases.map(|_| &s.bases[..]);
            match self.spec.kind {
                ChartKind::Bars => {
                    let in_range = times.len().saturating_sub(2).max(1) as f64;
                    let dense = in_range * 2.0 > plot.w * dpr;
                    let slot = if dense {
                        // One device pixel per decimated sample: columns merge into an envelope.
                        let w = 1.0 / dpr;
                        super::bars::BarSlot {
                            width_px: w,
                            offset_px: -w / 2.0,
                        }
                    } else {
                        let spacing = d
                            .step_ms
                            .map_or(plot.w / in_range, |s| s * x_scale.px_per_ms());
                        bar_slot(spacing, bar_group, bar_groups, 1.0 / dpr)
                    };
                    push_bar_rects(
                        &s.times,
                        &s.values,
                        stacked_bases,
                        x_scale,
                        y_scale,
                        slot,
                        &mut g.bars,
                    );
                    g.points = g.bars.len() / 4;
                    bar_group += 1;
                }
                ChartKind::Lines | ChartKind::Points => {
                    g.points = push_line(&s.times, &s.values, x_scale, y_scale, &mut g.line);
                    let sparse = (times.len() as f64) * SPARSE_PX_PER_POINT < plot.w;
                    g.dots = self.spec.kind == ChartKind::Points || sparse;
                    let fill = self.spec.fill_opacity > 0.0 && self.spec.kind == ChartKind::Lines;
                    if fill {
                        push_band(
                            &s.times,
                            &s.values,
                            stacked_bases,
                            x_scale,
                            y_scale,
                            &mut g.band,
                        );
                    }
                }
            }
        }
    }

    /// Whether the pointer at (`x_px`, `y_px`) is over the plot area.
    pub fn in_plot(&self, x_px: f64, y_px: f64) -> bool {
        self.geometry.layout.plot.contains(x_px, y_px)
    }

    /// Tooltip content for the pointer at `x_px` (CSS px), `None` outside the plot. Uses the
    /// last [`layout`](Self::layout); costs one binary search per visible series.
    pub fn hover_at(&self, x_px: f64) -> Option<HoverInfo> {
        let plot = self.geometry.layout.plot;
        if plot.is_empty() || !(x_px >= plot.x && x_px <= plot.right()) {
            return None;
        }
        Some(self.hover_at_time(self.geometry.x_scale.invert(x_px)))
    }

    /// Tooltip content for a time (the shared crosshair of another panel). Series without a
    /// sample near that time are left out.
    pub fn hover_at_time(&self, time_ms: f64) -> HoverInfo {
        let g = &self.geometry;
        let reach_px = HOVER_REACH_PX / g.x_scale.px_per_ms();
        let mut info = HoverInfo {
            time_ms,
            x_px: g.x_scale.to_px(time_ms),
            series: Vec::new(),
        };
        for (i, series) in self.frame.series.iter().enumerate() {
            let (Some(sg), Some(d)) = (g.series.get(i), self.data.get(i)) else {
                continue;
            };
            if !sg.visible {
                continue;
            }
            let reach = d
                .step_ms
                .map_or(reach_px, |s| (s * GAP_FACTOR / 2.0).max(reach_px));
            let n = series.times_ms.len().min(series.values.len());
            let Some(k) = nearest_within(&series.times_ms[..n], time_ms, reach) else {
                continue;
            };
            let value = series.values[k];
            let drawn = if self.spec.stack {
                k.checked_sub(d.start)
                    .and_then(|j| d.top.get(j))
                    .copied()
                    .unwrap_or(f64::NAN)
            } else {
                value
            };
            info.series.push(HoverSeries {
                index: i,
                name: self.names.get(i).cloned().unwrap_or_default(),
                color: sg.color.clone(),
                value,
                time_ms: series.times_ms[k],
                y_px: g.scale_for(sg.axis).to_px(drawn),
            });
        }
        info
    }

    /// The time range selected by a drag from `start_x` to `end_x` (CSS px), if it is a zoom.
    pub fn zoom_selection(&self, start_x: f64, end_x: f64) -> Option<(f64, f64)> {
        zoom::selection_to_range(
            start_x,
            end_x,
            self.geometry.layout.plot,
            &self.geometry.x_scale,
        )
    }

    /// Legend values of every series over the visible time range.
    pub fn legend_stats(&self) -> Vec<LegendStats> {
        let (from, to) = self.x_range;
        self.frame
            .series
            .iter()
            .map(|s| legend_stats(&s.times_ms, &s.values, from, to))
            .collect()
    }
}

fn tick_count(length_px: f64, spacing_px: f64) -> usize {
    if length_px.is_finite() && length_px > 0.0 {
        ((length_px / spacing_px).floor() as usize).clamp(2, 20)
    } else {
        2
    }
}

fn fill_ticks(out: &mut Vec<Tick>, ticks: &[(f64, String)], scale: &YScale) {
    out.clear();
    out.extend(ticks.iter().filter_map(|(v, label)| {
        let px = scale.to_px(*v);
        (!px.is_nan()).then(|| Tick {
            px,
            label: label.clone(),
        })
    }));
}

/// A series' name from its labels, Prometheus style: `metric{a="1", b="2"}`.
pub fn default_series_name(series: &Series) -> String {
    let metric = series
        .labels
        .get("__name__")
        .map(String::as_str)
        .unwrap_or("");
    let labels: Vec<String> = series
        .labels
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    match (metric.is_empty(), labels.is_empty()) {
        (_, true) if !metric.is_empty() => metric.to_string(),
        (true, true) => "{}".to_string(),
        _ => format!("{metric}{{{}}}", labels.join(", ")),
    }
}
