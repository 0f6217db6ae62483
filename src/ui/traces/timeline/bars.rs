//! The bars canvas: pinned to the top of the scrolled view, it paints only the rows in view
//! (grid lines at the axis ticks, the selection and search highlights, each span's bar in its
//! service's colour, the critical path through it, error marks, the duration text). A click
//! selects the span of the row under the pointer.

use std::sync::Arc;

use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::axis::MAX_TICKS;
use super::{Waterfall, LABEL_W, ROW_H};
use crate::core::trace::layout::{time_ticks, visible_row_range};
use crate::core::trace::waterfall::{
    critical_stretch_px, duration_text_at, row_look, DurationText, RowBackground,
};
use crate::core::trace::{format_duration_us, TraceModel, Viewport};
use crate::core::trace_explore::row_at;
use crate::ui::traces::canvas::{local_xy, prepare, Colors};

const MATCH_FILL: &str = "rgba(224, 180, 0, 0.18)";
const CRITICAL_PATH_FILL: &str = "rgba(0, 0, 0, 0.75)";
/// Opacity of the spans a search leaves out.
const DIMMED_ALPHA: f64 = 0.3;

#[component]
pub fn SpanBars(
    model: Arc<TraceModel>,
    state: Waterfall,
    matches: Signal<Option<Arc<Vec<bool>>>>,
    /// The canvas height: the scroller's, or less for a short trace.
    height: Memo<f64>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // Repainted for the rows in view whenever anything they show changes.
    let paint_model = model.clone();
    Effect::new(move |_| {
        let (w0, w1) = state.window.get();
        let (top, w, h) = (state.scroll_top.get(), state.width.get(), height.get());
        let (selected, matched) = (state.selected.get(), matches.get());
        let Some(canvas) = canvas.get() else { return };
        let Some(ctx) = prepare(&canvas, w, h) else {
            return;
        };
        let viewport = Viewport::new(w0, w1, w);
        let paint = Paint {
            ctx: &ctx,
            model: &paint_model,
            viewport: &viewport,
            colors: Colors::read(),
            selected,
            matches: matched.as_deref().map(Vec::as_slice),
        };
        state.rows.with(|rows| paint.rows(rows, top, h));
    });

    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        let (_, y) = local_xy(&ev, &canvas);
        let total = state.rows.with_untracked(|r| r.len());
        if let Some(row) = row_at(state.scroll_top.get_untracked() + y, ROW_H, total) {
            let span = state.rows.with_untracked(|r| r[row] as usize);
            if span < model.len() {
                state.selected.set(Some(span));
            }
        }
    };

    view! {
        <canvas class="tl-bars" node_ref=canvas on:click=on_click
            style:top=move || format!("{}px", state.scroll_top.get())
            style:left=format!("{LABEL_W}px")></canvas>
    }
}

/// One repaint of the bars.
struct Paint<'a> {
    ctx: &'a CanvasRenderingContext2d,
    model: &'a TraceModel,
    viewport: &'a Viewport,
    colors: Colors,
    selected: Option<usize>,
    matches: Option<&'a [bool]>,
}

impl Paint<'_> {
    /// Paints the rows in view; `top` is the scroll offset of the canvas in the content.
    fn rows(&self, rows: &[u32], top: f64, height: f64) {
        let ctx = self.ctx;
        ctx.set_stroke_style_str(&self.colors.grid);
        ctx.set_line_width(1.0);
        for tick in time_ticks(self.viewport, self.model.trace.start_us(), MAX_TICKS) {
            ctx.begin_path();
            ctx.move_to(tick.x.round() + 0.5, 0.0);
            ctx.line_to(tick.x.round() + 0.5, height);
            ctx.stroke();
        }
        ctx.set_font("11px sans-serif");
        ctx.set_text_baseline("middle");
        for row in visible_row_range(top, height, ROW_H, rows.len(), 0) {
            self.row(rows[row] as usize, row as f64 * ROW_H - top);
        }
    }

    /// One span's row at `y`: highlight, bar, critical path, error mark, duration.
    fn row(&self, span_index: usize, y: f64) {
        let (ctx, colors, w) = (self.ctx, &self.colors, self.viewport.width_px);
        let Some(span) = self.model.trace.spans.get(span_index) else {
            return;
        };
        let look = row_look(span_index, self.selected, self.matches);
        let background = match look.background {
            RowBackground::Selected => Some(colors.raised.as_str()),
            RowBackground::Matched => Some(MATCH_FILL),
            RowBackground::None => None,
        };
        if let Some(fill) = background {
            ctx.set_fill_style_str(fill);
            ctx.fill_rect(0.0, y, w, ROW_H);
        }
        let Some(bar) = self.viewport.bar(span.start_us, span.duration_us, 2.0) else {
            return;
        };
        ctx.set_global_alpha(if look.dimmed { DIMMED_ALPHA } else { 1.0 });
        ctx.set_fill_style_str(self.model.color_of(span_index));
        let (by, bh) = (y + 4.0, ROW_H - 8.0);
        ctx.fill_rect(bar.x, by, bar.width, bh);
        for section in self.model.critical_of(span_index) {
            if let Some((x, width)) = critical_stretch_px(self.viewport, &bar, section) {
                ctx.set_fill_style_str(CRITICAL_PATH_FILL);
                ctx.fill_rect(x, by + bh / 2.0 - 1.5, width, 3.0);
            }
        }
        if span.is_error() {
            ctx.set_stroke_style_str(&colors.error);
            ctx.set_line_width(2.0);
            ctx.stroke_rect(bar.x, by, bar.width, bh);
            ctx.set_fill_style_str(&colors.error);
            ctx.fill_rect((bar.x - 6.0).max(0.0), by, 4.0, bh);
        }
        let label = format_duration_us(span.duration_us);
        ctx.set_fill_style_str(&colors.muted);
        match duration_text_at(&bar, w) {
            Some(DurationText::After(x)) => {
                let _ = ctx.fill_text(&label, x, y + ROW_H / 2.0);
            }
            Some(DurationText::Before(x)) => {
                ctx.set_text_align("right");
                let _ = ctx.fill_text(&label, x, y + ROW_H / 2.0);
                ctx.set_text_align("left");
            }
            None => {}
        }
        ctx.set_global_alpha(1.0);
    }
}
