//! The pure chart pipeline: frame + spec + size -> scales, layout, ticks and per-series pixel
//! geometry (decimated, stacked, with gaps), plus hover and legend maths. No browser here: the
//! canvas painter only replays what this computes, so all of it is tested on the host.

use std::sync::Arc;

use super::axis_ticks::{self, Tick};
use super::bars::{bar_slot, push_bar_rects};
use super::geometry::{CanvasSize, ChartGeometry, SeriesGeometry};
use super::hit::{nearest_within, HoverInfo, HoverSeries};
use super::interpolate::{fill_stops, interpolate, scheme_stops, FillGradient, Interpolation};
use super::layout::{ChartLayout, LayoutInput, Rect};
use super::legend_stats::{legend_stats, LegendStats};
use super::m4_cache::{M4Cache, M4Key};
use super::path::{estimate_step, push_band, push_line, GAP_FACTOR};
use super::scale::{TimeScale, YScale, YTransform};
use super::spec::{AxisSide, ChartKind, ChartSpec, PointsMode, SeriesStyle, StackKey};
use super::stack::Stacker;
use super::thresholds::threshold_geometry;
use super::zoom;
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
    stacked: bool,
    /// The values of `times[start..end]` as drawn when they differ from the samples
    /// (negative-Y mirrored, 100% shares); `transformed` says they do.
    drawn: Vec<f64>,
    transformed: bool,
}

/// The values series `d` is drawn at over `times[start..end]`: stacked tops, transformed
/// values, or the samples themselves.
fn drawn_values<'a>(d: &'a SeriesData, series: &'a Series) -> &'a [f64] {
    if d.stacked {
        &d.top
    } else if d.transformed {
        &d.drawn
    } else {
        &series.values[d.start..d.end]
    }
}

#[derive(Debug, Default)]
struct Scratch {
    times: Vec<f64>,
    values: Vec<f64>,
    bases: Vec<f64>,
    /// The finite samples of a series that spans nulls.
    span_times: Vec<f64>,
    span_values: Vec<f64>,
    /// Vertices before interpolation.
    raw: Vec<f64>,
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
    /// Each series' style, resolved from the spec when the data or spec changed.
    styles: Vec<SeriesStyle>,
    stacker: Stacker,
    scratch: Scratch,
    geometry: ChartGeometry,
    /// Decimated samples per zoom level (x range and width), for the same frame.
    m4: M4Cache,
    /// Bumped whenever derived samples (stacked, 100 %, mirrored) are recomputed: the cache
    /// keys them by it, and the series' own samples by 0.
    generation: u64,
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
            styles: Vec::new(),
            stacker: Stacker::default(),
            scratch: Scratch::default(),
            geometry: ChartGeometry::default(),
            m4: M4Cache::default(),
            generation: 0,
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
        if !Arc::ptr_eq(&self.frame, &frame) {
            self.m4.clear();
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
        // Grafana draws no left axis when every series is on the right.
        let has_left = !has_right || self.has_left_series();
        let size = self.size;
        // The plot's height does not depend on label widths: size the y ticks from a first pass.
        let probe = ChartLayout::compute(
            self.layout_input(has_left.then_some(0.0), has_right.then_some(0.0)),
        );
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
        // A hidden axis (`axisPlacement: hidden`) still scales its series but shows nothing and
        // takes no room; so does a left axis no series is on.
        let show_left = has_left && !self.spec.left_axis.hidden;
        let show_right = has_right && !self.spec.right_axis.hidden;
        let mut left_axis = left_axis;
        let mut right_axis = right_axis;
        if !show_left {
            left_axis.ticks.clear();
        }
        if let Some(axis) = right_axis.as_mut().filter(|_| !show_right) {
            axis.ticks.clear();
        }
        let left_width = show_left.then(|| widest(&left_axis.ticks, measure));
        let right_width = right_axis
            .as_ref()
            .filter(|_| show_right)
            .map(|a| widest(&a.ticks, measure));
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
        let fixed_zone = crate::time_ticks::ZoneOffsets::fixed(self.spec.utc_offset_minutes);
        let time_ticks = axis_ticks::time_axis_in_zone(
            g.x_scale.from_ms,
            g.x_scale.to_ms,
            plot.w,
            self.spec.time_zone.as_ref().unwrap_or(&fixed_zone),
        );
        g.time_ticks.clear();
        g.time_ticks
            .extend(time_ticks.into_iter().map(|(t, label)| Tick {
                px: g.x_scale.to_px(t),
                label,
            }));
        // With every series on the right, thresholds are measured on the scale drawn.
        let threshold_scale = match (&g.right_scale, has_left) {
            (Some(right), false) => right,
            _ => &g.left_scale,
        };
        let (lines, bands) = threshold_geometry(
            &self.spec.thresholds,
            self.spec.threshold_style,
            threshold_scale,
            plot,
        );
        g.threshold_lines = lines;
        g.threshold_bands = bands;
        self.build_series(plot);
        &self.geometry
    }

    fn layout_input(
        &self,
        left_label_width: Option<f64>,
        right_label_width: Option<f64>,
    ) -> LayoutInput {
        let titled = |a: &super::spec::AxisOptions| !a.hidden && !a.label.is_empty();
        LayoutInput {
            width: self.size.css_width,
            height: self.size.css_height,
            left_label_width,
            right_label_width,
            left_axis_width: self.spec.left_axis.width,
            right_axis_width: self.spec.right_axis.width,
            font_px: self.font_px,
            left_title: left_label_width.is_some() && titled(&self.spec.left_axis),
            right_title: right_label_width.is_some() && titled(&self.spec.right_axis),
        }
    }

    /// Whether a drawn series is measured on the left axis (as [`Self::has_right_axis`]).
    fn has_left_series(&self) -> bool {
        (0..self.frame.series.len()).any(|i| {
            self.spec.axis_of(i) == AxisSide::Left
                && !self.spec.is_hidden(i)
                && !self.spec.series.get(i).is_some_and(|s| s.hidden)
        })
    }

    fn has_right_axis(&self) -> bool {
        (0..self.frame.series.len()).any(|i| {
            self.spec.axis_of(i) == AxisSide::Right
                && !self.spec.is_hidden(i)
                && !self.spec.series.get(i).is_some_and(|s| s.hidden)
        })
    }

    /// Whether series `i` is drawn: not hidden by the legend nor by `hideFrom.viz`.
    fn drawn(&self, i: usize) -> bool {
        !self.spec.is_hidden(i) && self.styles.get(i).is_some_and(|s| !s.hidden)
    }

    /// Sample ranges, steps, transforms, stacking and value extents: everything that does not
    /// depend on size. Styles are resolved here, once per data or spec change.
    fn prepare_data(&mut self) {
        self.generation += 1;
        let (from, to) = self.x_range;
        let frame = Arc::clone(&self.frame);
        let count = frame.series.len();
        self.styles.clear();
        for i in 0..count {
            let style = self.spec.style_of(i);
            self.styles.push(style);
        }
        self.data.resize_with(count, SeriesData::default);
        for ((series, data), style) in frame.series.iter().zip(&mut self.data).zip(&self.styles) {
            let n = series.times_ms.len().min(series.values.len());
            let times = &series.times_ms[..n];
            data.start = times.partition_point(|&t| t < from).saturating_sub(1);
            data.end = (times.partition_point(|&t| t <= to) + 1)
                .min(n)
                .max(data.start);
            data.step_ms = estimate_step(&times[data.start..data.end]);
            data.top.clear();
            data.base.clear();
            data.drawn.clear();
            data.stacked = false;
            data.transformed = style.negative_y;
            if style.negative_y {
                let values = &series.values[data.start..data.end];
                data.drawn.extend(values.iter().map(|v| -v));
            }
        }
        self.stack_groups(&frame);
        let log = self.spec.effective_log_base().is_some();
        let mut extents = [(f64::INFINITY, f64::NEG_INFINITY); 2];
        let mut from_zero = [false; 2];
        for (i, series) in frame.series.iter().enumerate() {
            if !self.drawn(i) {
                continue;
            }
            let (d, style) = (&self.data[i], &self.styles[i]);
            let side = (style.axis == AxisSide::Right) as usize;
            from_zero[side] |= d.stacked
                || style.kind == ChartKind::Bars
                || (style.kind == ChartKind::Lines && style.fill_opacity > 0.0);
            let values = drawn_values(d, series);
            let times = &series.times_ms[d.start..d.end];
            let slot = &mut extents[side];
            for (&t, &v) in times.iter().zip(values) {
                // The neighbours outside the range do not stretch the axis.
                if t >= from && t <= to && v.is_finite() && (!log || v > 0.0) {
                    slot.0 = slot.0.min(v);
                    slot.1 = slot.1.max(v);
                }
            }
        }
        for (slot, zero) in extents.iter_mut().zip(from_zero) {
            if zero && !log && slot.0 <= slot.1 {
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
        for (slot, side) in extents.iter_mut().zip([AxisSide::Left, AxisSide::Right]) {
            // Soft ends widen the range to at least there (Grafana's axisSoftMin/Max);
            // fixed ends set it.
            let options = self.spec.axis_options(side);
            let usable = |v: Option<f64>| v.filter(|v| v.is_finite() && (!log || *v > 0.0));
            if let Some(min) = usable(options.soft_min) {
                slot.0 = slot.0.min(min);
                slot.1 = slot.1.max(min);
            }
            if let Some(max) = usable(options.soft_max) {
                slot.1 = slot.1.max(max);
                slot.0 = slot.0.min(max);
            }
            let (min, max) = self.spec.fixed_range(side);
            if let Some(min) = min.filter(|v| v.is_finite()) {
                slot.0 = min;
            }
            if let Some(max) = max.filter(|v| v.is_finite()) {
                slot.1 = max;
            }
        }
        self.extents = Some(extents);
    }

    /// Stacks the drawn series per group (axis, stacking group, percent, direction), in
    /// series order; 100% groups first become shares of their total at each time.
    fn stack_groups(&mut self, frame: &Frame) {
        let mut groups: Vec<(AxisSide, StackKey, bool)> = Vec::new();
        for (i, style) in self.styles.iter().enumerate() {
            let Some(key) = &style.stack else { continue };
            let group = (style.axis, key.clone(), style.negative_y);
            if self.drawn(i) && !groups.contains(&group) {
                groups.push(group);
            }
        }
        for group in groups {
            let members: Vec<usize> = (0..self.styles.len())
                .filter(|&i| {
                    let style = &self.styles[i];
                    self.drawn(i)
                        && style.axis == group.0
                        && style.stack.as_ref() == Some(&group.1)
                        && style.negative_y == group.2
                })
                .collect();
            if group.1.percent {
                self.stacker.reset();
                for &i in &members {
                    let (d, series) = (&self.data[i], &frame.series[i]);
                    let times = &series.times_ms[d.start..d.end];
                    let values = drawn_values(d, series);
                    let s = &mut self.scratch;
                    self.stacker
                        .push(times, values, &mut s.values, &mut s.bases);
                }
                for &i in &members {
                    let (d, series) = (&mut self.data[i], &frame.series[i]);
                    if !d.transformed {
                        d.drawn.clear();
                        d.drawn.extend_from_slice(&series.values[d.start..d.end]);
                        d.transformed = true;
                    }
                    let times = &series.times_ms[d.start..d.end];
                    for (v, &t) in d.drawn.iter_mut().zip(times) {
                        let total = self.stacker.total_at(t).abs();
                        *v = if total > 0.0 { *v / total } else { 0.0 };
                    }
                }
            }
            self.stacker.reset();
            for &i in &members {
                let series = &frame.series[i];
                let d = &mut self.data[i];
                let times = &series.times_ms[d.start..d.end];
                let values = if d.transformed {
                    &d.drawn[..]
                } else {
                    &series.values[d.start..d.end]
                };
                self.stacker.push(times, values, &mut d.top, &mut d.base);
                d.stacked = true;
            }
        }
    }

    fn build_series(&mut self, plot: Rect) {
        let frame = Arc::clone(&self.frame);
        let dpr = self.size.dpr;
        let columns = (plot.w * dpr).floor().max(0.0) as usize;
        // Bars side by side: one slot per unstacked bar series, one per stack of bars.
        let mut slots: Vec<Option<(AxisSide, StackKey, bool)>> = Vec::new();
        let mut slot_of = vec![0usize; frame.series.len()];
        for (i, style) in self.styles.iter().enumerate() {
            if style.kind != ChartKind::Bars || !self.drawn(i) {
                continue;
            }
            let key = style
                .stack
                .clone()
                .map(|k| (style.axis, k, style.negative_y));
            slot_of[i] = match key
                .as_ref()
                .and_then(|k| slots.iter().position(|s| s.as_ref() == Some(k)))
            {
                Some(slot) => slot,
                None => {
                    slots.push(key);
                    slots.len() - 1
                }
            };
        }
        let bar_groups = slots.len().max(1);
        self.geometry
            .series
            .resize_with(frame.series.len(), SeriesGeometry::default);
        for (i, series) in frame.series.iter().enumerate() {
            let visible = self.drawn(i);
            let style = &self.styles[i];
            let g = &mut self.geometry.series[i];
            g.line.clear();
            g.band.clear();
            g.bars.clear();
            g.points = 0;
            g.dots = false;
            g.visible = visible;
            g.axis = style.axis;
            g.color.clear();
            g.color.push_str(&style.color);
            g.kind = style.kind;
            g.fill_opacity = style.fill_opacity;
            g.line_width = style.line_width;
            g.point_radius = style.point_radius;
            g.dash.clear();
            g.dash.extend_from_slice(&style.dash);
            g.markers.clear();
            g.fill_stops.clear();
            g.line_stops.clear();
            if !visible || plot.is_empty() {
                continue;
            }
            g.fill_stops = fill_stops(&style.color, style.fill_opacity, style.gradient);
            if let (FillGradient::Scheme, Some(gradient)) = (style.gradient, &style.value_gradient)
            {
                let scale = match (g.axis, &self.geometry.right_scale) {
                    (AxisSide::Right, Some(scale)) => scale,
                    _ => &self.geometry.left_scale,
                };
                let to_offset = |v: f64| (scale.to_px(v) - plot.y) / plot.h;
                let range = (scale.min, scale.max);
                g.line_stops = scheme_stops(gradient, range, to_offset, 1.0);
                g.fill_stops = scheme_stops(gradient, range, to_offset, style.fill_opacity);
            }
            let d = &self.data[i];
            let mut times = &series.times_ms[d.start..d.end];
            let mut values = drawn_values(d, series);
            let bases = d.stacked.then_some(&d.base[..]);
            let s = &mut self.scratch;
            s.times.clear();
            s.values.clear();
            s.bases.clear();
            let regular_gap = d.step_ms.map_or(f64::INFINITY, |step| step * GAP_FACTOR);
            // spanNulls: null samples are skipped and only gaps of at least the threshold
            // break the line; otherwise a null or a missing sample does.
            let max_gap_ms = match style.span_nulls {
                Some(span) => {
                    s.span_times.clear();
                    s.span_values.clear();
                    for (&t, &v) in times.iter().zip(values) {
                        if v.is_finite() {
                            s.span_times.push(t);
                            s.span_values.push(v);
                        }
                    }
                    times = &s.span_times;
                    values = &s.span_values;
                    if span.is_finite() {
                        span.max(regular_gap)
                    } else {
                        f64::INFINITY
                    }
                }
                None => regular_gap,
            };
            let all_times = &series.times_ms[d.start..d.end];
            let x_range = (self.geometry.x_scale.from_ms, self.geometry.x_scale.to_ms);
            let key = M4Key {
                series: i,
                from_ms: x_range.0,
                to_ms: x_range.1,
                columns,
                max_gap_ms,
                skip_nulls: style.span_nulls.is_some(),
                source: if d.stacked || d.transformed {
                    self.generation
                } else {
                    0
                },
            };
            let series_count = frame.series.len();
            self.m4.decimate_into(
                key,
                times,
                values,
                series_count,
                &mut s.times,
                &mut s.values,
            );
            if let Some(bases) = bases {
                // The decimator keeps real samples (and NaN gap markers): find each one's base
                // by its time.
                for &t in &s.times {
                    let k = all_times.partition_point(|&x| x < t);
                    s.bases.push(bases.get(k).copied().unwrap_or(0.0));
                }
            }
            let x_scale = &self.geometry.x_scale;
            let y_scale = match (g.axis, &self.geometry.right_scale) {
                (AxisSide::Right, Some(scale)) => scale,
                _ => &self.geometry.left_scale,
            };
            let stacked_bases = bases.map(|_| &s.bases[..]);
            match style.kind {
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
                        bar_slot(
                            spacing,
                            slot_of[i],
                            bar_groups,
                            1.0 / dpr,
                            style.bar_alignment,
                        )
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
                }
                ChartKind::Lines | ChartKind::Points => {
                    let interpolated = style.kind == ChartKind::Lines
                        && style.interpolation != Interpolation::Linear;
                    g.points = push_line(&s.times, &s.values, x_scale, y_scale, &mut g.line);
                    let sparse = (times.len() as f64) * SPARSE_PX_PER_POINT < plot.w;
                    g.dots = style.kind == ChartKind::Points
                        || match style.points {
                            PointsMode::Always => true,
                            PointsMode::Never => false,
                            PointsMode::Auto => sparse,
                        };
                    if interpolated {
                        std::mem::swap(&mut s.raw, &mut g.line);
                        interpolate(&s.raw, 2, style.interpolation, &mut g.line);
                        if g.dots {
                            g.markers.extend_from_slice(&s.raw);
                        }
                    }
                    if style.fill_opacity > 0.0 && style.kind == ChartKind::Lines {
                        let band = if interpolated {
                            &mut s.raw
                        } else {
                            &mut g.band
                        };
                        band.clear();
                        push_band(&s.times, &s.values, stacked_bases, x_scale, y_scale, band);
                        if interpolated {
                            interpolate(&s.raw, 3, style.interpolation, &mut g.band);
                        }
                    }
                }
            }
        }
    }

    /// (hits, misses) of the decimation cache since the chart was made.
    pub fn m4_cache_counts(&self) -> (u64, u64) {
        self.m4.counts()
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
            if !sg.visible || self.styles.get(i).is_some_and(|s| s.hide_in_tooltip) {
                continue;
            }
            let reach = d
                .step_ms
                .map_or(reach_px, |s| (s * GAP_FACTOR / 2.0).max(reach_px));
            let n = series.times_ms.len().min(series.values.len());
            let Some(k) = nearest_within(&series.times_ms[..n], time_ms, reach) else {
                continue;
            };
            // The tooltip keeps the sample's own value (and sign); the marker sits where the
            // sample is drawn (mirrored, stacked or as a share).
            let value = series.values[k];
            let drawn = k
                .checked_sub(d.start)
                .filter(|_| k < d.end)
                .and_then(|j| drawn_values(d, series).get(j))
                .copied()
                .unwrap_or(f64::NAN);
            info.series.push(HoverSeries {
                index: i,
                name: self.names.get(i).cloned().unwrap_or_default(),
                color: sg.color.clone(),
                value,
                time_ms: series.times_ms[k],
                y_px: g.scale_for(sg.axis).to_px(drawn),
                unit: self
                    .styles
                    .get(i)
                    .map(|s| s.unit.clone())
                    .unwrap_or_default(),
                decimals: self.styles.get(i).and_then(|s| s.decimals),
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

#[cfg(test)]
#[path = "model_axes_tests.rs"]
mod axes_tests;
