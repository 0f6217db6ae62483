//! The histogram's canvas: stacked bars painted from core's rectangles, and a drag across them
//! (shown as a DOM box over the canvas) that zooms the URL's time range.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::logs_view::volume::{bar_rects, VolumeBar};
use crate::core::logs_view::volume_load::{drag_range, BarsRange, VolumeShown};
use crate::ui::view_state::use_update_view;

const CANVAS_HEIGHT: f64 = 80.0;

#[component]
pub(super) fn VolumePlot(shown: RwSignal<VolumeShown>) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let drag = RwSignal::new(None::<(f64, f64)>);
    let update_view = use_update_view();
    // Repaint only when the bars (or their range) change; the drag box is a DOM overlay.
    let drawn = Memo::new(move |_| shown.with(|s| (s.bars.clone(), s.range)));
    Effect::new(move |_| drawn.with(|(bars, range)| paint(canvas.get(), bars, *range)));

    let local_x = move |ev: &web_sys::PointerEvent| -> (f64, f64) {
        let (left, width) = canvas
            .get_untracked()
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
        let range = shown.with_untracked(|s| s.range);
        if let Some((from, to)) = drag_range(a, b, width, range) {
            update_view(&|state| {
                state.from = Some(from.to_string());
                state.to = Some(to.to_string());
            });
        }
    };
    let box_left = move || {
        drag.get()
            .map(|(a, b)| format!("{}px", a.min(b)))
            .unwrap_or_default()
    };
    let box_width = move || {
        drag.get()
            .map(|(a, b)| format!("{}px", (a - b).abs()))
            .unwrap_or_default()
    };
    view! {
        <div class="logs-volume-plot">
            <canvas node_ref=canvas class="logs-volume-canvas" title="Drag to zoom the time range"
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up></canvas>
            <Show when=move || drag.with(Option::is_some)>
                <div class="logs-volume-selection" style:left=box_left style:width=box_width></div>
            </Show>
        </div>
    }
}

fn paint(canvas: Option<web_sys::HtmlCanvasElement>, bars: &[VolumeBar], range: BarsRange) {
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
    let BarsRange {
        start_ms,
        end_ms,
        step_ms,
    } = range;
    for rect in bar_rects(bars, start_ms, end_ms, step_ms, width, CANVAS_HEIGHT) {
        ctx.set_fill_style_str(rect.color);
        ctx.fill_rect(rect.x, rect.y, rect.w, rect.h);
    }
}
