//! The log volume component: runs the volume metric query for each run of the view, paints
//! the stacked bars, and turns a drag across them into a new time range.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::RunSpec;
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::loki::LokiClient;
use crate::core::logs_view::volume::{bar_rects, level_totals, stack_volume, x_to_ms, VolumeBar};
use crate::core::loki::query::RangeQuery;
use crate::core::loki::{logs_volume_query, Direction, NsTime, QueryData};
use crate::core::step::{format_prom_duration, round_interval_ms};
use crate::ui::view_state::use_update_view;

const CANVAS_HEIGHT: f64 = 80.0;
/// About this many bars across the range, whatever its length.
const TARGET_BARS: f64 = 120.0;

#[component]
pub fn LogVolume(run: Signal<Option<RunSpec>>, client: Option<LokiClient>) -> impl IntoView {
    let state = RwSignal::new("loading");
    let error = RwSignal::new(None::<String>);
    let bars = RwSignal::new(Vec::<VolumeBar>::new());
    let shown = RwSignal::new((0.0f64, 1.0f64, 1000.0f64));
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let drag = RwSignal::new(None::<(f64, f64)>);
    let update_view = use_update_view();

    Effect::new(move |_| {
        let Some(spec) = run.get() else { return };
        let Some(client) = client.clone() else {
            state.set("error");
            error.set(Some("config.json names no Loki datasource.".into()));
            return;
        };
        let span = (spec.end_ms - spec.start_ms).max(1) as f64;
        let step_ms = round_interval_ms(span / TARGET_BARS).max(1000.0);
        let Some(query) = logs_volume_query(&spec.query, &format_prom_duration(step_ms)) else {
            state.set("empty");
            bars.set(Vec::new());
            return;
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        state.set("loading");
        let q = RangeQuery {
            query,
            start: NsTime::from_millis(spec.start_ms),
            end: NsTime::from_millis(spec.end_ms),
            limit: None,
            direction: Direction::Backward,
            step_seconds: Some(step_ms / 1000.0),
            interval_seconds: None,
        };
        spawn_local(async move {
            match client.query_range(&q, &signal).await {
                Ok(response) => {
                    let stacked = match response.data {
                        QueryData::Matrix(frame) | QueryData::Vector(frame) => stack_volume(&frame),
                        QueryData::Streams(_) => Vec::new(),
                    };
                    shown.set((spec.start_ms as f64, spec.end_ms as f64, step_ms));
                    state.set(if stacked.is_empty() { "empty" } else { "ok" });
                    error.set(None);
                    bars.set(stacked);
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    state.set("error");
                    error.set(Some(e.to_string()));
                    bars.set(Vec::new());
                }
            }
        });
    });

    // Repaint only when the bars (or their range) change; the drag box is a DOM overlay.
    Effect::new(move |_| {
        let (start, end, step) = shown.get();
        bars.with(|bars| paint(canvas.get(), bars, start, end, step));
    });

    let local_x = move |ev: &web_sys::PointerEvent| -> (f64, f64) {
        let target = canvas.get_untracked();
        let (left, width) = target
            .map(|c| {
                let rect = c.get_bounding_client_rect();
                (rect.left(), rect.width())
            })
            .unwrap_or((0.0, 1.0));
        (f64::from(ev.client_x()) - left, width)
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        let (x, _) = local_x(&ev);
        drag.set(Some((x, x)));
        if let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if drag.get_untracked().is_some() {
            let (x, _) = local_x(&ev);
            drag.update(|d| {
                if let Some(d) = d {
                    d.1 = x;
                }
            });
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some((a, _)) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let (b, width) = local_x(&ev);
        if (a - b).abs() < 4.0 {
            return;
        }
        let (start, end, _) = shown.get_untracked();
        let from = x_to_ms(a.min(b), width, start, end).round() as i64;
        let to = x_to_ms(a.max(b), width, start, end).round() as i64;
        if to > from {
            update_view(&|state| {
                state.from = Some(from.to_string());
                state.to = Some(to.to_string());
            });
        }
    };

    view! {
        <div class="logs-volume" data-testid="logs-volume" data-state=move || state.get()
            data-bars=move || bars.with(Vec::len).to_string()>
            <div class="logs-volume-legend">
                <span class="muted">"Log volume"</span>
                {move || bars.with(|b| level_totals(b)).into_iter().map(|(level, n)| view! {
                    <span class=format!("lvl-chip lvl-{}", level.as_str())>{format!("{} {}", level.as_str(), n)}</span>
                }).collect_view()}
                <Show when=move || state.get() == "loading"><span class="muted">" loading…"</span></Show>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <div class="logs-volume-error" data-testid="logs-volume-error">{move || error.get().unwrap_or_default()}</div>
            </Show>
            <div class="logs-volume-plot">
                <canvas node_ref=canvas class="logs-volume-canvas" title="Drag to zoom the time range"
                    on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up></canvas>
                <Show when=move || drag.with(Option::is_some)>
                    <div class="logs-volume-selection"
                        style:left=move || drag.get().map(|(a, b)| format!("{}px", a.min(b))).unwrap_or_default()
                        style:width=move || drag.get().map(|(a, b)| format!("{}px", (a - b).abs())).unwrap_or_default()></div>
                </Show>
            </div>
        </div>
    }
}

fn paint(
    canvas: Option<web_sys::HtmlCanvasElement>,
    bars: &[VolumeBar],
    start: f64,
    end: f64,
    step: f64,
) {
    let Some(canvas) = canvas else { return };
    let dpr = crate::ui::canvas2d::device_pixel_ratio();
    let width = f64::from(canvas.client_width()).max(1.0);
    canvas.set_width((width * dpr) as u32);
    canvas.set_height((CANVAS_HEIGHT * dpr) as u32);
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, CANVAS_HEIGHT);
    for rect in bar_rects(bars, start, end, step, width, CANVAS_HEIGHT) {
        ctx.set_fill_style_str(rect.color);
        ctx.fill_rect(rect.x, rect.y, rect.w, rect.h);
    }
}
