//! The search results as a duration-over-time scatter plot on canvas: one dot per trace,
//! red for traces with errors; clicking a dot opens the trace.

use std::sync::Arc;

use leptos::prelude::*;

use super::canvas::{local_xy, prepare, Colors};
use super::loading::width_on_window_resize;
use crate::core::time_range::format_local;
use crate::core::trace::{format_duration_us, TraceSummary};
use crate::core::trace_explore::{nearest_point, scatter_layout, ScatterLayout};
use crate::ui::clock::utc_offset_min;

const HEIGHT: f64 = 160.0;
const PAD: f64 = 28.0;

#[component]
pub fn ScatterPlot(
    #[prop(into)] rows: Signal<Arc<Vec<TraceSummary>>>,
    on_open: Callback<String>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let host = NodeRef::<leptos::html::Div>::new();
    let layout = StoredValue::new(None::<ScatterLayout>);
    let hover = RwSignal::new(None::<usize>);
    let width = width_on_window_resize(host, 800.0, 0.0);

    Effect::new(move |_| {
        let w = width.get();
        let hovered = hover.get();
        let Some(el) = canvas.get() else { return };
        let Some(ctx) = prepare(&el, w, HEIGHT) else {
            return;
        };
        let colors = Colors::read();
        rows.with(|rows| {
            let points: Vec<(i64, i64)> =
                rows.iter().map(|r| (r.start_us, r.duration_us)).collect();
            let placed = scatter_layout(&points, w, HEIGHT, PAD);
            ctx.set_stroke_style_str(&colors.grid);
            ctx.stroke_rect(PAD, PAD, (w - 2.0 * PAD).max(1.0), HEIGHT - 2.0 * PAD);
            ctx.set_fill_style_str(&colors.muted);
            ctx.set_font("11px sans-serif");
            let _ = ctx.fill_text(&format_duration_us(placed.max_duration_us), 4.0, PAD - 6.0);
            if !rows.is_empty() {
                let offset = utc_offset_min();
                let _ = ctx.fill_text(
                    &format_local(placed.min_start_us / 1000, offset),
                    PAD,
                    HEIGHT - 8.0,
                );
                ctx.set_text_align("right");
                let _ = ctx.fill_text(
                    &format_local(placed.max_start_us / 1000, offset),
                    w - PAD,
                    HEIGHT - 8.0,
                );
                ctx.set_text_align("left");
            }
            for (i, (&(x, y), row)) in placed.points.iter().zip(rows.iter()).enumerate() {
                let radius = if hovered == Some(i) { 6.0 } else { 4.0 };
                ctx.begin_path();
                let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
                ctx.set_fill_style_str(if row.error_count > 0 {
                    &colors.error
                } else {
                    &colors.accent
                });
                ctx.fill();
            }
            layout.set_value(Some(placed));
        });
    });

    let hit = move |ev: &web_sys::MouseEvent| -> Option<usize> {
        let el = canvas.get_untracked()?;
        let (x, y) = local_xy(ev, &el);
        layout.with_value(|l| l.as_ref().and_then(|l| nearest_point(&l.points, x, y, 8.0)))
    };
    let title = move || {
        hover.get().and_then(|i| {
            rows.with(|r| {
                r.get(i).map(|s| {
                    format!(
                        "{}: {} · {} · {} spans",
                        s.root_service,
                        s.root_operation,
                        format_duration_us(s.duration_us),
                        s.span_count
                    )
                })
            })
        })
    };

    view! {
        <div class="trace-scatter" node_ref=host data-testid="trace-scatter" data-points=move || rows.with(|r| r.len())>
            <canvas node_ref=canvas class:pointer=move || hover.get().is_some() title=move || title().unwrap_or_default()
                on:mousemove=move |ev| { let h = hit(&ev); if h != hover.get_untracked() { hover.set(h); } }
                on:mouseleave=move |_| hover.set(None)
                on:click=move |ev| {
                    if let Some(i) = hit(&ev) {
                        if let Some(id) = rows.with_untracked(|r| r.get(i).map(|s| s.trace_id.clone())) {
                            on_open.run(id);
                        }
                    }
                }></canvas>
        </div>
    }
}
