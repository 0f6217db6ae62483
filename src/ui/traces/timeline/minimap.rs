//! The minimap above the timeline: every row as a thin band in its service's colour, the
//! part outside the zoomed window shaded; dragging across it zooms into that stretch and a
//! click resets the zoom.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Waterfall, LABEL_W};
use crate::core::trace::layout::minimap_rows;
use crate::core::trace::waterfall::{minimap_highlight, zoom_after_drag};
use crate::core::trace::TraceModel;
use crate::ui::traces::canvas::{local_xy, prepare, Colors};

const MINIMAP_H: f64 = 48.0;
/// Shade over the part of the trace outside the window.
const OUTSIDE_SHADE: &str = "rgba(0,0,0,0.35)";

#[component]
pub fn Minimap(model: Arc<TraceModel>, state: Waterfall) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // The drag in progress: where it started and where the pointer is (px).
    let drag = RwSignal::new(None::<(f64, f64)>);
    let full_width = move || state.width.get() + LABEL_W;
    // The bands depend on the rows and the width only, not on the window or a drag.
    let band_model = model.clone();
    let bands = Memo::new(move |_| {
        let w = full_width();
        state
            .rows
            .with(|rows| minimap_rows(&band_model.trace, rows, w, MINIMAP_H))
    });

    Effect::new(move |_| {
        let (w, window, dragged) = (full_width(), state.window.get(), drag.get());
        let Some(canvas) = canvas.get() else { return };
        let Some(ctx) = prepare(&canvas, w, MINIMAP_H) else {
            return;
        };
        let colors = Colors::read();
        ctx.set_fill_style_str(&colors.raised);
        ctx.fill_rect(0.0, 0.0, w, MINIMAP_H);
        bands.with(|bands| {
            for band in bands {
                ctx.set_fill_style_str(model.color_of(band.span));
                ctx.fill_rect(band.x, band.y, band.width.max(1.0), band.height.max(1.0));
            }
        });
        let (a, b) = minimap_highlight(state.full, window, dragged, w);
        ctx.set_fill_style_str(OUTSIDE_SHADE);
        ctx.fill_rect(0.0, 0.0, a.max(0.0), MINIMAP_H);
        ctx.fill_rect(b, 0.0, (w - b).max(0.0), MINIMAP_H);
        ctx.set_stroke_style_str(&colors.accent);
        ctx.stroke_rect(a, 0.5, (b - a).max(1.0), MINIMAP_H - 1.0);
    });

    let on_down = move |ev: web_sys::PointerEvent| {
        if let Some(canvas) = canvas.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
            let (x, _) = local_xy(&ev, &canvas);
            drag.set(Some((x, x)));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let (Some((x0, _)), Some(canvas)) = (drag.get_untracked(), canvas.get_untracked()) {
            let (x, _) = local_xy(&ev, &canvas);
            drag.set(Some((x0, x)));
        }
    };
    let on_up = move |_ev: web_sys::PointerEvent| {
        let Some((x0, x1)) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        let w = state.width.get_untracked() + LABEL_W;
        state.window.set(zoom_after_drag(state.full, x0, x1, w));
    };

    view! {
        <canvas class="tl-minimap" data-testid="trace-minimap" node_ref=canvas
            title="Drag to zoom into a time window; click to reset"
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up></canvas>
    }
}
