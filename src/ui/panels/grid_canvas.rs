//! What the canvas-painted grid panels (heatmap, state timeline) share: a HiDPI-sized 2D
//! context, and the DOM tooltip that follows the pointer over them (the canvas itself is never
//! repainted on hover).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Sizes `canvas` to `width` x `height` CSS pixels at the device pixel ratio and returns its
/// cleared context, scaled so that drawing happens in CSS pixels.
pub fn prepare_2d(
    canvas: &HtmlCanvasElement,
    width: f64,
    height: f64,
) -> Option<CanvasRenderingContext2d> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    canvas.set_width((width * dpr) as u32);
    canvas.set_height((height * dpr) as u32);
    let style = web_sys::HtmlElement::style(canvas);
    let _ = style.set_property("width", &format!("{width}px"));
    let _ = style.set_property("height", &format!("{height}px"));
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    Some(ctx)
}

/// A tooltip's place (pointer position in the panel, CSS px) and its lines, first one muted.
#[derive(Clone, PartialEq)]
pub struct GridTip {
    pub x: f64,
    pub y: f64,
    pub lines: Vec<String>,
}

/// The tooltip, flipped to the pointer's left in the right half so it stays inside the panel.
/// Lines are text nodes: label values from a response never become markup.
pub fn grid_tooltip(tip: GridTip, panel_width: f64) -> impl IntoView {
    let left = if tip.x > panel_width / 2.0 {
        tip.x - 220.0
    } else {
        tip.x + 12.0
    };
    let mut lines = tip.lines.into_iter();
    let head = lines.next().unwrap_or_default();
    view! {
        <div class="ts-tooltip" data-testid="grid-tooltip" style:left=format!("{}px", left.max(0.0)) style:top=format!("{}px", (tip.y + 12.0).max(0.0))>
            <div class="ts-tooltip-time">{head}</div>
            {lines.map(|line| view! { <div class="ts-tooltip-row">{line}</div> }).collect_view()}
        </div>
    }
}
