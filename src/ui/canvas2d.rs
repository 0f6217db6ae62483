//! The HiDPI canvas set-up every canvas-painted view shares (charts of the grid panels, the
//! trace timeline and graphs): a backing store at the device pixel ratio, drawn in CSS pixels.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The device pixel ratio, at least 1 (a zoomed-out page reports less, and a backing store
/// smaller than the CSS size would blur).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0)
}

/// Sizes the canvas backing store for `css_w` × `css_h` at the device pixel ratio and returns
/// a context scaled so that drawing happens in CSS pixels.
pub fn prepare(
    canvas: &HtmlCanvasElement,
    css_w: f64,
    css_h: f64,
) -> Option<CanvasRenderingContext2d> {
    let dpr = device_pixel_ratio();
    let (w, h) = (css_w.max(1.0), css_h.max(1.0));
    let (bw, bh) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != bw {
        canvas.set_width(bw);
    }
    if canvas.height() != bh {
        canvas.set_height(bh);
    }
    // CSSOM writes: allowed by the CSP, unlike style attributes in markup.
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{w}px"));
    let _ = style.set_property("height", &format!("{h}px"));
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w, h);
    Some(ctx)
}
