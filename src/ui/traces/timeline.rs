//! The canvas waterfall: a scroll container with a spacer as tall as all rows, one canvas
//! that paints only the rows in view (so 50,000 spans cost what 40 do), DOM labels for those
//! rows only, a minimap to drag-zoom into a time window, collapsible subtrees, service colours,
//! error marks, search highlights and the critical path.

use std::sync::Arc;

use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use super::canvas::{local_xy, prepare, Colors};
use super::model::TraceModel;
use crate::core::trace::layout::{
    minimap_rows, time_ticks, visible_row_range, window_from_fractions,
};
use crate::core::trace::{format_duration_us, visible_rows, MinimapRow, Viewport};
use crate::core::trace_explore::row_at;

pub const ROW_H: f64 = 22.0;
const LABEL_W: f64 = 300.0;
const MINIMAP_H: f64 = 48.0;
const OVERSCAN: usize = 6;

#[component]
pub fn Timeline(
    model: Arc<TraceModel>,
    /// Per span: matches the span search (`None`: no search active).
    #[prop(into)]
    matches: Signal<Option<Arc<Vec<bool>>>>,
    selected: RwSignal<Option<usize>>,
    #[prop(into)] height: Signal<f64>,
) -> impl IntoView {
    let n = model.len();
    let collapsed = StoredValue::new(vec![false; n]);
    let rows = RwSignal::new(Arc::new(visible_rows(&model.tree, &[])));
    let (t0, t1) = (
        model.trace.start_us(),
        model.trace.end_us().max(model.trace.start_us() + 1),
    );
    let window = RwSignal::new((t0, t1));
    let scroll_top = RwSignal::new(0.0f64);
    let width = RwSignal::new(900.0f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let bars = NodeRef::<leptos::html::Canvas>::new();
    let minimap = NodeRef::<leptos::html::Canvas>::new();
    let drag = RwSignal::new(None::<(f64, f64)>);
    let bands = StoredValue::new(Vec::<MinimapRow>::new());

    // Width follows the container (on mount and on window resizes).
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let w = f64::from(el.client_width()) - LABEL_W;
            if w > 10.0 && (w - width.get_untracked()).abs() > 0.5 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let canvas_h = Memo::new(move |_| {
        height
            .get()
            .min(rows.with(|r| r.len()) as f64 * ROW_H)
            .max(ROW_H)
    });
    let range = Memo::new(move |_| {
        visible_row_range(
            scroll_top.get(),
            height.get(),
            ROW_H,
            rows.with(|r| r.len()),
            OVERSCAN,
        )
    });

    // The bars: repainted for the rows in view whenever anything they show changes.
    let paint_model = model.clone();
    Effect::new(move |_| {
        let (w0, w1) = window.get();
        let top = scroll_top.get();
        let w = width.get();
        let h = canvas_h.get();
        let sel = selected.get();
        let matched = matches.get();
        let Some(canvas) = bars.get() else { return };
        let Some(ctx) = prepare(&canvas, w, h) else {
            return;
        };
        let viewport = Viewport::new(w0, w1, w);
        rows.with(|rows| {
            paint_bars(
                &ctx,
                &paint_model,
                rows,
                &viewport,
                top,
                h,
                sel,
                matched.as_deref(),
            )
        });
    });

    // Minimap bands depend on the rows and the width only.
    let mm_model = model.clone();
    Effect::new(move |_| {
        let w = width.get() + LABEL_W;
        rows.with(|rows| bands.set_value(minimap_rows(&mm_model.trace, rows, w, MINIMAP_H)));
    });
    let mm_paint_model = model.clone();
    Effect::new(move |_| {
        let (w0, w1) = window.get();
        let w = width.get() + LABEL_W;
        let sel = drag.get();
        rows.track();
        let Some(canvas) = minimap.get() else { return };
        let Some(ctx) = prepare(&canvas, w, MINIMAP_H) else {
            return;
        };
        let colors = Colors::read();
        ctx.set_fill_style_str(&colors.raised);
        ctx.fill_rect(0.0, 0.0, w, MINIMAP_H);
        bands.with_value(|bands| {
            for band in bands {
                ctx.set_fill_style_str(mm_paint_model.color_of(band.span));
                ctx.fill_rect(band.x, band.y, band.width.max(1.0), band.height.max(1.0));
            }
        });
        // Shade what lies outside the zoomed window (or the window being dragged).
        let full = Viewport::new(t0, t1, w);
        let (a, b) = match sel {
            Some((x0, x1)) => (x0.min(x1), x0.max(x1)),
            None => (full.x_of(w0), full.x_of(w1)),
        };
        ctx.set_fill_style_str("rgba(0,0,0,0.35)");
        ctx.fill_rect(0.0, 0.0, a.max(0.0), MINIMAP_H);
        ctx.fill_rect(b, 0.0, (w - b).max(0.0), MINIMAP_H);
        ctx.set_stroke_style_str(&colors.accent);
        ctx.stroke_rect(a, 0.5, (b - a).max(1.0), MINIMAP_H - 1.0);
    });

    let on_mm_down = move |ev: web_sys::PointerEvent| {
        if let Some(canvas) = minimap.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
            let (x, _) = local_xy(&ev, &canvas);
            drag.set(Some((x, x)));
        }
    };
    let on_mm_move = move |ev: web_sys::PointerEvent| {
        if let (Some((x0, _)), Some(canvas)) = (drag.get_untracked(), minimap.get_untracked()) {
            let (x, _) = local_xy(&ev, &canvas);
            drag.set(Some((x0, x)));
        }
    };
    let on_mm_up = move |_ev: web_sys::PointerEvent| {
        let Some((x0, x1)) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let w = width.get_untracked() + LABEL_W;
        if (x1 - x0).abs() < 3.0 {
            window.set((t0, t1));
        } else {
            window.set(window_from_fractions(t0, t1, x0 / w, x1 / w));
        }
    };

    let toggle_model = model.clone();
    let toggle = Callback::new(move |span: usize| {
        collapsed.update_value(|c| {
            if let Some(flag) = c.get_mut(span) {
                *flag = !*flag;
            }
        });
        let next = collapsed.with_value(|c| visible_rows(&toggle_model.tree, c));
        rows.set(Arc::new(next));
    });

    let label_model = model.clone();
    let labels = move || {
        let r = range.get();
        rows.with(|rows| rows.get(r.clone()).map(|s| s.to_vec()).unwrap_or_default())
            .into_iter()
            .enumerate()
            .map(|(i, span)| {
                // The collapsed flag is part of the key so a toggled row re-renders its glyph.
                let folded =
                    collapsed.with_value(|c| c.get(span as usize).copied().unwrap_or(false));
                (r.start + i, span as usize, folded)
            })
            .collect::<Vec<_>>()
    };
    let render_label = move |(row, span, is_collapsed): (usize, usize, bool)| {
        let m = &label_model;
        let s = &m.trace.spans[span];
        let has_children = !m.tree.children_of(span).is_empty();
        let depth = m.tree.depth(span);
        let service = m.service_of(span).to_string();
        let color = m.color_of(span);
        let error = s.is_error();
        let operation = s.operation.clone();
        let span_id = s.span_id.clone();
        view! {
            <div class="tl-label" data-testid="span-row" data-span-id=span_id
                class:selected=move || selected.get() == Some(span)
                style:top=format!("{}px", row as f64 * ROW_H)
                style:padding-left=format!("{}px", 4 + depth.min(40) * 12)
                on:click=move |_| selected.set(Some(span))>
                {has_children.then(|| view! {
                    <button class="tl-toggle" data-testid="span-toggle" title="Collapse or expand the subtree"
                        on:click=move |ev| { ev.stop_propagation(); toggle.run(span); }>
                        {if is_collapsed { "▸" } else { "▾" }}
                    </button>
                })}
                <span class="tl-service" style:border-left-color=color>{service}</span>
                <span class="tl-op">{operation}</span>
                {error.then(|| view! { <span class="tl-error" title="Error span">"!"</span> })}
            </div>
        }
    };

    let tick_model = model.clone();
    let ticks = move || {
        let (w0, w1) = window.get();
        time_ticks(
            &Viewport::new(w0, w1, width.get()),
            tick_model.trace.start_us(),
            8,
        )
    };

    let click_model = model.clone();
    let on_bars_click = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = bars.get_untracked() else {
            return;
        };
        let (_, y) = local_xy(&ev, &canvas);
        let total = rows.with_untracked(|r| r.len());
        if let Some(row) = row_at(scroll_top.get_untracked() + y, ROW_H, total) {
            let span = rows.with_untracked(|r| r[row] as usize);
            if span < click_model.len() {
                selected.set(Some(span));
            }
        }
    };

    view! {
        <div class="tl" data-testid="trace-timeline" data-rows=move || rows.with(|r| r.len())>
            <canvas class="tl-minimap" data-testid="trace-minimap" node_ref=minimap
                title="Drag to zoom into a time window; click to reset"
                on:pointerdown=on_mm_down on:pointermove=on_mm_move on:pointerup=on_mm_up></canvas>
            <div class="tl-axis">
                <div class="tl-axis-label">
                    "Service & operation"
                    <Show when=move || window.get() != (t0, t1)>
                        <button class="btn btn-small" data-testid="reset-zoom" on:click=move |_| window.set((t0, t1))>"Reset zoom"</button>
                    </Show>
                </div>
                <div class="tl-ticks">
                    {move || ticks().into_iter().map(|t| view! {
                        <span class="tl-tick" style:left=format!("{}px", t.x)>{t.label}</span>
                    }).collect_view()}
                </div>
            </div>
            <div class="tl-scroller" node_ref=scroller style:height=move || format!("{}px", height.get())
                on:scroll=move |_| {
                    if let Some(el) = scroller.get_untracked() {
                        scroll_top.set(f64::from(el.scroll_top()));
                    }
                }>
                <div class="tl-spacer" style:height=move || format!("{}px", rows.with(|r| r.len()) as f64 * ROW_H)>
                    <div class="tl-labels">
                        <For each=labels key=|k| *k children=render_label />
                    </div>
                    <canvas class="tl-bars" node_ref=bars on:click=on_bars_click
                        style:top=move || format!("{}px", scroll_top.get())
                        style:left=format!("{LABEL_W}px")></canvas>
                </div>
            </div>
        </div>
    }
}

/// Paints the rows in view; `top` is the scroll offset of the canvas in the content.
#[allow(clippy::too_many_arguments)]
fn paint_bars(
    ctx: &CanvasRenderingContext2d,
    model: &TraceModel,
    rows: &[u32],
    viewport: &Viewport,
    top: f64,
    height: f64,
    selected: Option<usize>,
    matches: Option<&Vec<bool>>,
) {
    let colors = Colors::read();
    let w = viewport.width_px;
    // Grid lines at the axis ticks.
    ctx.set_stroke_style_str(&colors.grid);
    ctx.set_line_width(1.0);
    for tick in time_ticks(viewport, model.trace.start_us(), 8) {
        ctx.begin_path();
        ctx.move_to(tick.x.round() + 0.5, 0.0);
        ctx.line_to(tick.x.round() + 0.5, height);
        ctx.stroke();
    }
    ctx.set_font("11px sans-serif");
    ctx.set_text_baseline("middle");
    let range = visible_row_range(top, height, ROW_H, rows.len(), 0);
    for row in range {
        let span_index = rows[row] as usize;
        let Some(span) = model.trace.spans.get(span_index) else {
            continue;
        };
        let y = row as f64 * ROW_H - top;
        let is_match = matches.map(|m| m.get(span_index).copied().unwrap_or(false));
        if selected == Some(span_index) {
            ctx.set_fill_style_str(&colors.raised);
            ctx.fill_rect(0.0, y, w, ROW_H);
        } else if is_match == Some(true) {
            ctx.set_fill_style_str("rgba(224, 180, 0, 0.18)");
            ctx.fill_rect(0.0, y, w, ROW_H);
        }
        let Some(bar) = viewport.bar(span.start_us, span.duration_us, 2.0) else {
            continue;
        };
        ctx.set_global_alpha(if is_match == Some(false) { 0.3 } else { 1.0 });
        ctx.set_fill_style_str(model.color_of(span_index));
        let (by, bh) = (y + 4.0, ROW_H - 8.0);
        ctx.fill_rect(bar.x, by, bar.width, bh);
        for section in model.critical_of(span_index) {
            let x0 = viewport.x_of(section.start_us).max(bar.x);
            let x1 = viewport.x_of(section.end_us).min(bar.x + bar.width);
            if x1 > x0 {
                ctx.set_fill_style_str("rgba(0, 0, 0, 0.75)");
                ctx.fill_rect(x0, by + bh / 2.0 - 1.5, (x1 - x0).max(1.0), 3.0);
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
        let after = bar.x + bar.width + 4.0;
        if after + 60.0 < w {
            let _ = ctx.fill_text(&label, after, y + ROW_H / 2.0);
        } else if bar.x > 64.0 {
            ctx.set_text_align("right");
            let _ = ctx.fill_text(&label, bar.x - 8.0, y + ROW_H / 2.0);
            ctx.set_text_align("left");
        }
        ctx.set_global_alpha(1.0);
    }
}
