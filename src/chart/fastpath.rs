//! Rust side of the canvas fast path: hands whole pixel buffers to `fastpath.js` as zero-copy
//! `Float64Array` views of wasm memory, one JS call per series.

use js_sys::Float64Array;
use wasm_bindgen::prelude::*;
use web_sys::CanvasRenderingContext2d;

#[wasm_bindgen(module = "/src/chart/fastpath.js")]
extern "C" {
    #[wasm_bindgen(js_name = strokeLine)]
    fn js_stroke_line(ctx: &CanvasRenderingContext2d, xy: &Float64Array, dot_radius: f64);
    #[wasm_bindgen(js_name = fillBand)]
    fn js_fill_band(ctx: &CanvasRenderingContext2d, xyy: &Float64Array);
    #[wasm_bindgen(js_name = fillRects)]
    fn js_fill_rects(ctx: &CanvasRenderingContext2d, rects: &Float64Array);
    #[wasm_bindgen(js_name = fillDots)]
    fn js_fill_dots(ctx: &CanvasRenderingContext2d, xy: &Float64Array, radius: f64);
    #[wasm_bindgen(js_name = strokeSegments)]
    fn js_stroke_segments(ctx: &CanvasRenderingContext2d, segments: &Float64Array);
    #[wasm_bindgen(js_name = setGradient)]
    fn js_set_gradient(
        ctx: &CanvasRenderingContext2d,
        y0: f64,
        y1: f64,
        offsets: &[f64],
        colors: &str,
        stroke: bool,
    );
}

/// Sets a vertical gradient from `top` to `bottom` through `stops` (offset 0 at the top, 1 at
/// the bottom) as the fill style, or with `stroke` as the stroke style.
pub fn set_gradient(
    ctx: &CanvasRenderingContext2d,
    top: f64,
    bottom: f64,
    stops: &[(f64, String)],
    stroke: bool,
) {
    let offsets: Vec<f64> = stops.iter().map(|s| s.0).collect();
    let colors: Vec<&str> = stops.iter().map(|s| s.1.as_str()).collect();
    js_set_gradient(ctx, top, bottom, &offsets, &colors.join("|"), stroke);
}

/// Calls `f` with a view of `buf`. The view aliases wasm memory, which moves if memory grows:
/// it is created right before the one JS call and dropped after it, and the call itself takes
/// only the context and numbers, so nothing allocates in wasm while the view lives.
#[allow(
    unsafe_code,
    reason = "zero-copy view of wasm memory; the only unsafe in the workspace"
)]
fn with_view(buf: &[f64], f: impl FnOnce(&Float64Array)) {
    if buf.is_empty() {
        return;
    }
    // SAFETY: see above; the view does not outlive this call and no allocation happens during it.
    let view = unsafe { Float64Array::view(buf) };
    f(&view);
}

/// Strokes a polyline (`x, y` pairs, `NaN, NaN` at gaps) with the context's stroke style.
pub fn stroke_line(ctx: &CanvasRenderingContext2d, xy: &[f64], dot_radius: f64) {
    with_view(xy, |v| js_stroke_line(ctx, v, dot_radius));
}

/// Fills `x, y_top, y_base` bands with the context's fill style.
pub fn fill_band(ctx: &CanvasRenderingContext2d, xyy: &[f64]) {
    with_view(xyy, |v| js_fill_band(ctx, v));
}

/// Fills `x, y, w, h` rectangles with the context's fill style.
pub fn fill_rects(ctx: &CanvasRenderingContext2d, rects: &[f64]) {
    with_view(rects, |v| js_fill_rects(ctx, v));
}

/// Fills a dot of `radius` at every `x, y` pair.
pub fn fill_dots(ctx: &CanvasRenderingContext2d, xy: &[f64], radius: f64) {
    with_view(xy, |v| js_fill_dots(ctx, v, radius));
}

/// Strokes `x0, y0, x1, y1` segments with the context's stroke style.
pub fn stroke_segments(ctx: &CanvasRenderingContext2d, segments: &[f64]) {
    with_view(segments, |v| js_stroke_segments(ctx, v));
}
