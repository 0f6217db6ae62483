//! The canvas chart the UI holds: a data canvas painted on `draw` and an overlay canvas for
//! hover and selection, driven by the pure [`ChartModel`]. `request_draw` paints only while
//! the chart is in view ([`RedrawGate`]): a chart out of view paints when it scrolls back in.
//! The overlay keeps a backing bitmap only while something is drawn on it (`OverlayInk`).

use std::cell::Cell;
use std::sync::Arc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::geometry::CanvasSize;
use super::hit::HoverInfo;
use super::legend_stats::LegendStats;
use super::model::ChartModel;
use super::redraw_gate::RedrawGate;
use super::spec::ChartSpec;
use super::text_cache::TextCache;
use super::theme::{font_px, ChartTheme};
use super::{overlay, paint, zoom};
use crate::core::frame::Frame;

/// What one `draw` drew: the UI copies these into `data-series` and `data-points`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DrawStats {
    /// Visible series.
    pub series: usize,
    /// Vertices (or bars) drawn after decimation.
    pub points_drawn: usize,
}

/// A time-series chart on a pair of stacked canvases (data below, overlay above).
pub struct TimeSeriesChart {
    data_canvas: HtmlCanvasElement,
    overlay_canvas: HtmlCanvasElement,
    data_ctx: CanvasRenderingContext2d,
    overlay_ctx: CanvasRenderingContext2d,
    model: ChartModel,
    text: TextCache,
    theme: ChartTheme,
    segments: Vec<f64>,
    gate: RedrawGate,
    /// The theme of the last change requested out of view, painted when the chart comes back.
    pending_theme: Option<ChartTheme>,
    /// Paints of the data canvas so far (the UI shows it as `data-draws`).
    draws: u64,
    /// Whether the overlay holds anything (hover and selection take `&self`, hence a `Cell`).
    overlay_ink: Cell<OverlayInk>,
}

/// What the overlay canvas holds. Chromium gives a canvas a backing bitmap on its first
/// drawing call (a clear counts) and, from then on, a compositor texture layer of its own even
/// in software raster; a dashboard's scroll then updates and pushes two layers per chart. An
/// overlay that was never drawn on, or whose bitmap was dropped, has none, so only the charts
/// showing a crosshair or a selection have a second layer. Its CSS box never changes (hover,
/// focus and the pointer work as before) and reading its pixels gives a clear image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OverlayInk {
    /// No bitmap: never drawn on, or dropped when last cleared.
    Released,
    /// Drawn on since it was last cleared.
    Inked,
}

fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("canvas has no 2d context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("canvas context is not 2d"))
}

impl TimeSeriesChart {
    pub fn new(
        data_canvas: HtmlCanvasElement,
        overlay_canvas: HtmlCanvasElement,
    ) -> Result<Self, JsValue> {
        let data_ctx = context_2d(&data_canvas)?;
        let overlay_ctx = context_2d(&overlay_canvas)?;
        Ok(TimeSeriesChart {
            data_canvas,
            overlay_canvas,
            data_ctx,
            overlay_ctx,
            model: ChartModel::default(),
            text: TextCache::default(),
            theme: ChartTheme::default(),
            segments: Vec::new(),
            gate: RedrawGate::default(),
            pending_theme: None,
            draws: 0,
            overlay_ink: Cell::new(OverlayInk::Released),
        })
    }

    pub fn set_spec(&mut self, spec: ChartSpec) {
        self.model.set_spec(spec);
    }

    /// New data and visible time range (epoch ms). Takes a `Frame` or a shared `Arc<Frame>`.
    pub fn set_data(&mut self, frame: impl Into<Arc<Frame>>, x_range: (f64, f64)) {
        self.model.set_data(frame, x_range);
    }

    /// Display names (from `legendFormat`), by series index.
    pub fn set_series_names(&mut self, names: Vec<String>) {
        self.model.set_series_names(names);
    }

    /// Sizes both canvases: CSS size as given, backing store `dpr` times larger (HiDPI).
    pub fn resize(&mut self, css_width: f64, css_height: f64, dpr: f64) {
        let size = CanvasSize::new(css_width, css_height, dpr);
        let (w, h) = size.device_size();
        let overlay = &self.overlay_canvas;
        if overlay.width() != w || overlay.height() != h {
            // A new size clears the overlay: it holds nothing until drawn on again.
            self.overlay_ink.set(OverlayInk::Released);
        }
        for canvas in [&self.data_canvas, &self.overlay_canvas] {
            // Assigning a canvas size clears it even when unchanged: only assign on change.
            if canvas.width() != w {
                canvas.set_width(w);
            }
            if canvas.height() != h {
                canvas.set_height(h);
            }
            let style = canvas.style();
            let _ = style.set_property("width", &format!("{}px", size.css_width));
            let _ = style.set_property("height", &format!("{}px", size.css_height));
        }
        self.model.resize(size);
    }

    /// Something the picture depends on changed: paints now when the chart is in view and
    /// returns what it drew; out of view, only remembers to paint when it comes back (`None`).
    pub fn request_draw(&mut self, theme: &ChartTheme) -> Option<DrawStats> {
        if self.gate.request() {
            return Some(self.draw(theme));
        }
        self.pending_theme = Some(theme.clone());
        None
    }

    /// The chart entered (`true`) or left the viewport: paints what changed while it was away
    /// and returns it; `None` when nothing needed painting.
    pub fn set_in_view(&mut self, in_view: bool) -> Option<DrawStats> {
        if !self.gate.set_in_view(in_view) {
            return None;
        }
        let theme = self
            .pending_theme
            .take()
            .unwrap_or_else(|| self.theme.clone());
        Some(self.draw(&theme))
    }

    pub fn in_view(&self) -> bool {
        self.gate.in_view()
    }

    /// How many times the data canvas was painted.
    pub fn draws(&self) -> u64 {
        self.draws
    }

    /// Lays out (only if data, spec, size or font changed) and paints the data canvas; clears
    /// the overlay (its hover is stale). Paints whether in view or not (PNG export, benchmarks).
    pub fn draw(&mut self, theme: &ChartTheme) -> DrawStats {
        self.draws += 1;
        self.pending_theme = None;
        if self.theme.font != theme.font {
            // Label widths change with the font even at the same size.
            self.model.invalidate_layout();
        }
        if self.theme != *theme {
            self.theme = theme.clone();
        }
        if let Some(px) = font_px(&theme.font) {
            self.model.set_font_px(px);
        }
        let ctx = &self.data_ctx;
        let text = &mut self.text;
        text.use_font(ctx, &theme.font);
        self.model.layout(&mut |label: &str| text.width(ctx, label));
        let geometry = self.model.geometry();
        let _ = paint::paint_data(
            ctx,
            geometry,
            self.model.spec(),
            theme,
            text,
            &mut self.segments,
        );
        // The hover was over the old picture: clear it (an overlay holding nothing is left alone).
        self.clear_overlay();
        DrawStats {
            series: geometry.visible_series(),
            points_drawn: geometry.points_drawn(),
        }
    }

    /// Tooltip content at `x_px` (CSS px from the canvas' left), without drawing anything.
    pub fn hover_at(&self, x_px: f64) -> Option<HoverInfo> {
        self.model.hover_at(x_px)
    }

    /// Pointer moved to (`x_px`, `y_px`): draws crosshair and markers on the overlay and returns
    /// the tooltip content, or clears the overlay and returns `None` outside the plot.
    pub fn hover(&self, x_px: f64, y_px: f64) -> Option<HoverInfo> {
        let g = self.model.geometry();
        let info = self
            .model
            .hover_at(x_px)
            .filter(|_| self.model.in_plot(x_px, y_px));
        match &info {
            Some(info) => {
                self.overlay_ink.set(OverlayInk::Inked);
                let _ =
                    overlay::draw_crosshair(&self.overlay_ctx, g, info, Some(y_px), &self.theme);
            }
            None => self.clear_overlay(),
        }
        info
    }

    /// The shared crosshair: another panel is hovered at `time_ms`; draw its line and markers here.
    pub fn show_crosshair_at(&self, time_ms: f64) -> HoverInfo {
        let info = self.model.hover_at_time(time_ms);
        self.overlay_ink.set(OverlayInk::Inked);
        let _ = overlay::draw_crosshair(
            &self.overlay_ctx,
            self.model.geometry(),
            &info,
            None,
            &self.theme,
        );
        info
    }

    /// Clears the overlay and drops its bitmap (and with it its compositor layer): a canvas
    /// whose size is assigned anew has no bitmap until the next drawing call, and its size in
    /// device pixels stays what `resize` set. An overlay holding nothing is not touched.
    pub fn clear_overlay(&self) {
        if self.overlay_ink.replace(OverlayInk::Released) == OverlayInk::Released {
            return;
        }
        // Assigning the same size only clears a canvas (Chromium keeps its bitmap); through 0
        // it frees it. Both assignments clear the pixels and the context's state too, which
        // every overlay drawing sets up anew (`paint::reset_transform`, styles and widths).
        let (w, h) = (self.overlay_canvas.width(), self.overlay_canvas.height());
        if w > 0 && h > 0 {
            self.overlay_canvas.set_width(0);
            self.overlay_canvas.set_width(w);
        }
    }

    /// Draws the drag selection from `start_x` to `current_x` (CSS px) on the overlay.
    pub fn draw_selection(&self, start_x: f64, current_x: f64) {
        let g = self.model.geometry();
        let rect = zoom::selection_rect(start_x, current_x, g.layout.plot);
        self.overlay_ink.set(OverlayInk::Inked);
        let _ = overlay::draw_selection(&self.overlay_ctx, g, rect, &self.theme);
    }

    /// The time range (from_ms, to_ms) a drag from `start_x` to `end_x` selects, if it is a zoom.
    pub fn zoom_selection(&self, start_x: f64, end_x: f64) -> Option<(f64, f64)> {
        self.model.zoom_selection(start_x, end_x)
    }

    /// Legend values (last, min, max, mean) per series over the visible range.
    pub fn legend_stats(&self) -> Vec<LegendStats> {
        self.model.legend_stats()
    }

    /// The pure model: geometry, series names, spec.
    pub fn model(&self) -> &ChartModel {
        &self.model
    }
}
