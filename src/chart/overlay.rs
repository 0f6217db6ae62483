//! The overlay canvas: crosshair, hover markers and the drag-zoom selection. Drawn on its own
//! canvas above the data, so pointer moves never repaint the data. The hover markers take each
//! series' shape (core `chart_a11y::marker`), as the legend and tooltip show it.

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::geometry::ChartGeometry;
use super::hit::HoverInfo;
use super::layout::Rect;
use super::paint::{reset_transform, snap};
use super::theme::ChartTheme;
use crate::core::chart_a11y::marker::marker_of;

const MARKER_RADIUS: f64 = 4.0;

/// Clears the whole overlay before a drawing (a clear that only empties it is
/// `TimeSeriesChart::clear_overlay`, which also drops the bitmap).
fn clear(ctx: &CanvasRenderingContext2d, g: &ChartGeometry) -> Result<(), JsValue> {
    reset_transform(ctx, g.size.dpr)?;
    ctx.clear_rect(0.0, 0.0, g.size.css_width, g.size.css_height);
    Ok(())
}

/// Draws the crosshair at the hovered time (and at `y_px` when the pointer is over this chart)
/// plus a marker on every series' hovered sample.
pub fn draw_crosshair(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    info: &HoverInfo,
    y_px: Option<f64>,
    theme: &ChartTheme,
) -> Result<(), JsValue> {
    clear(ctx, g)?;
    let plot = g.layout.plot;
    if plot.is_empty() || !(info.x_px >= plot.x && info.x_px <= plot.right()) {
        return Ok(());
    }
    let dpr = g.size.dpr;
    ctx.set_stroke_style_str(&theme.crosshair);
    ctx.set_line_width(1.0 / dpr);
    ctx.begin_path();
    let x = snap(info.x_px, dpr);
    ctx.move_to(x, plot.y);
    ctx.line_to(x, plot.bottom());
    if let Some(y) = y_px.filter(|&y| y >= plot.y && y <= plot.bottom()) {
        let y = snap(y, dpr);
        ctx.move_to(plot.x, y);
        ctx.line_to(plot.right(), y);
    }
    ctx.stroke();
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str(&theme.background);
    for s in &info.series {
        let mx = g.x_scale.to_px(s.time_ms);
        if !plot.contains(mx, s.y_px) {
            continue;
        }
        // Each series' own shape (as in the legend and tooltip): told apart without colour.
        ctx.begin_path();
        for (i, (x, y)) in marker_of(s.index)
            .polygon(mx, s.y_px, MARKER_RADIUS + 0.5)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.close_path();
        ctx.set_fill_style_str(&s.color);
        ctx.fill();
        ctx.stroke();
    }
    Ok(())
}

/// Draws the drag-zoom selection rectangle.
pub fn draw_selection(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    selection: Rect,
    theme: &ChartTheme,
) -> Result<(), JsValue> {
    clear(ctx, g)?;
    if selection.is_empty() {
        return Ok(());
    }
    ctx.set_fill_style_str(&theme.selection_fill);
    ctx.fill_rect(selection.x, selection.y, selection.w, selection.h);
    ctx.set_stroke_style_str(&theme.selection_stroke);
    ctx.set_line_width(1.0 / g.size.dpr);
    ctx.stroke_rect(selection.x, selection.y, selection.w, selection.h);
    Ok(())
}
