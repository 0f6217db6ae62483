//! `heatmap` from Prometheus `le` histogram buckets, painted on a canvas: one row per bucket,
//! one column per step, opacity by the count in that bucket.

use super::data::PanelData;
use super::timeseries::chart_theme;
use crate::core::dashboard::Panel;
use crate::core::panel_calc::{heatmap_from_buckets, Heatmap};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

/// Left margin for bucket labels, px.
const LABEL_W: f64 = 48.0;

#[component]
pub fn HeatmapBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
    #[prop(into)] width: Signal<f64>,
    canvas_ref: NodeRef<Canvas>,
) -> impl IntoView {
    let _ = panel;
    let built = Memo::new(move |_| {
        data.result
            .with(|r| r.as_ref().map(|r| heatmap_from_buckets(&r.frame)))
    });
    let error = move || built.with(|b| b.as_ref().and_then(|b| b.as_ref().err().cloned()));
    Effect::new(move |_| {
        let (w, h) = (width.get(), height_px.get());
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        built.with(|b| {
            if let Some(Ok(map)) = b {
                paint(&canvas, map, w, h);
            }
        });
    });
    view! {
        <canvas class="heatmap-canvas" node_ref=canvas_ref data-testid="heatmap-canvas"></canvas>
        {move || error().map(|e| view! { <p class="panel-note">{e}</p> })}
    }
}

fn paint(canvas: &web_sys::HtmlCanvasElement, map: &Heatmap, w: f64, h: f64) {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    canvas.set_width((w * dpr) as u32);
    canvas.set_height((h * dpr) as u32);
    let style = web_sys::HtmlElement::style(canvas);
    let _ = style.set_property("width", &format!("{w}px"));
    let _ = style.set_property("height", &format!("{h}px"));
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w, h);
    let theme = chart_theme();
    let (rows, cols) = (map.cells.len(), map.times_ms.len());
    if rows == 0 || cols == 0 {
        return;
    }
    let plot_w = (w - LABEL_W).max(1.0);
    let (cw, ch) = (plot_w / cols as f64, h / rows as f64);
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
            ctx.fill_rect(LABEL_W + c as f64 * cw, y, cw.max(1.0), ch.max(1.0));
        }
    }
}
