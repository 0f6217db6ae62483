//! `heatmap` from Prometheus `le` histogram buckets, painted on a canvas: one row per bucket,
//! one column per step, opacity by the count in that bucket; hovering names the cell, and so
//! do the arrow keys on the focused canvas.

use super::data::PanelData;
use super::grid_canvas::HoverCanvas;
use super::timeseries::chart_theme;
use crate::core::chart_a11y::grid::heatmap_cell_centers;
use crate::core::grid_hover::{heatmap_cell_at, PlotArea};
use crate::core::panel_calc::{heatmap_from_buckets, Heatmap};
use crate::core::time_range::format_local;
use crate::core::units::format_value;
use crate::ui::canvas2d::prepare;
use leptos::html::Canvas;
use leptos::prelude::*;

/// Left margin for bucket labels, px.
const LABEL_W: f64 = 48.0;

#[component]
pub fn HeatmapBody(
    data: PanelData,
    #[prop(into)] height_px: Signal<f64>,
    #[prop(into)] width: Signal<f64>,
    canvas_ref: NodeRef<Canvas>,
) -> impl IntoView {
    let built = Memo::new(move |_| data.with_result(|r| r.map(|r| heatmap_from_buckets(&r.frame))));
    let error = move || built.with(|b| b.as_ref().and_then(|b| b.as_ref().err().cloned()));
    // Labels take the theme's text colour: repaint when the theme changes.
    let paint_key = crate::ui::theme::use_paint_key();
    Effect::new(move |_| {
        let (w, h) = (width.get(), height_px.get());
        paint_key.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        built.with(|b| {
            if let Some(Ok(map)) = b {
                paint(&canvas, map, w, h);
            }
        });
    });
    let offset_at = crate::ui::a11y::zone::use_announce_offset();
    let describe = Callback::new(move |(x, y): (f64, f64)| {
        let area =
            PlotArea::beside_labels(LABEL_W, width.get_untracked(), height_px.get_untracked());
        let cell = built.with(|b| match b {
            Some(Ok(map)) => heatmap_cell_at(map, area, x, y),
            _ => None,
        })?;
        Some(vec![
            format_local(cell.time_ms as i64, offset_at(cell.time_ms)),
            format!("bucket {} – {}", cell.lower, cell.upper),
            format!("count {}", format_value(cell.count, "short", None)),
        ])
    });
    let cells = Callback::new(move |()| {
        let area =
            PlotArea::beside_labels(LABEL_W, width.get_untracked(), height_px.get_untracked());
        built.with(|b| match b {
            Some(Ok(map)) => heatmap_cell_centers(map, area),
            _ => Vec::new(),
        })
    });
    view! {
        <HoverCanvas canvas_ref class="heatmap-canvas" test_id="heatmap-canvas" width describe cells kind="heatmap" />
        {move || error().map(|e| view! { <p class="panel-note">{e}</p> })}
    }
}

fn paint(canvas: &web_sys::HtmlCanvasElement, map: &Heatmap, w: f64, h: f64) {
    let Some(ctx) = prepare(canvas, w, h) else {
        return;
    };
    let theme = chart_theme();
    let (rows, cols) = (map.cells.len(), map.times_ms.len());
    if rows == 0 || cols == 0 {
        return;
    }
    let area = PlotArea::beside_labels(LABEL_W, w, h);
    let (cw, ch) = (area.width / cols as f64, h / rows as f64);
    ctx.set_font(&theme.font);
    ctx.set_fill_style_str(&theme.text);
    for (r, bound) in map.bounds.iter().enumerate() {
        let y = h - (r as f64 + 0.5) * ch;
        if ch >= 12.0 || r % ((12.0 / ch).ceil() as usize).max(1) == 0 {
            let _ = ctx.fill_text(bound, 2.0, y + 4.0);
        }
    }
    let max = if map.max > 0.0 { map.max } else { 1.0 };
    for (r, row) in map.cells.iter().enumerate() {
        let y = h - (r as f64 + 1.0) * ch;
        for (c, v) in row.iter().enumerate() {
            if !v.is_finite() || *v <= 0.0 {
                continue;
            }
            let a = (0.15 + 0.85 * (v / max)).min(1.0);
            ctx.set_fill_style_str(&format!("rgba(255, 152, 48, {a:.3})"));
            ctx.fill_rect(area.left + c as f64 * cw, y, cw.max(1.0), ch.max(1.0));
        }
    }
}
