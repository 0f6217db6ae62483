//! `state-timeline`: one band per series, coloured runs of equal values (for `up` and other
//! 0/1 series: 1 green, 0 red; other values by thresholds or the palette), painted on a canvas.

use super::data::PanelData;
use super::spec::threshold_color;
use super::timeseries::chart_theme;
use crate::chart::theme::palette_color;
use crate::core::dashboard::{FieldDefaults, Panel};
use crate::core::panel_calc::state_segments;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

const NAME_W: f64 = 140.0;

#[component]
pub fn StateTimelineBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
    #[prop(into)] width: Signal<f64>,
    canvas_ref: NodeRef<Canvas>,
) -> impl IntoView {
    let field = panel.field_config.defaults.clone();
    Effect::new(move |_| {
        let (w, h) = (width.get(), height_px.get());
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        data.result.with(|r| {
            if let Some(r) = r {
                paint(&canvas, r, &field, w, h);
            }
        });
    });
    view! { <canvas class="state-canvas" node_ref=canvas_ref data-testid="state-timeline-canvas"></canvas> }
}

fn color_of(field: &FieldDefaults, v: f64) -> Option<String> {
    if v.is_nan() {
        return None;
    }
    if field.thresholds.as_ref().is_some_and(|t| t.steps.len() > 1) {
        return threshold_color(field, v);
    }
    Some(if v == 1.0 {
        "#73bf69".into()
    } else if v == 0.0 {
        "#f2495c".into()
    } else {
        palette_color(v.abs() as usize).into()
    })
}

fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    r: &super::data::QueryResult,
    field: &FieldDefaults,
    w: f64,
    h: f64,
) {
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
    let n = r.frame.series.len();
    if n == 0 {
        return;
    }
    let (from, to) = r.range;
    let span = (to - from).max(1.0);
    let plot_w = (w - NAME_W).max(1.0);
    let row_h = (h / n as f64).min(40.0);
    ctx.set_font(&theme.font);
    for (i, s) in r.frame.series.iter().enumerate() {
        let y = i as f64 * row_h;
        ctx.set_fill_style_str(&theme.text);
        let name = r.names.get(i).map(String::as_str).unwrap_or("");
        let _ = ctx.fill_text_with_max_width(name, 2.0, y + row_h / 2.0 + 4.0, NAME_W - 6.0);
        // A sample counts until the next; longer than 3 steps without one is "no data".
        let step = s
            .times_ms
            .windows(2)
            .map(|p| p[1] - p[0])
            .fold(f64::INFINITY, f64::min);
        let max_gap = if step.is_finite() { step * 3.0 } else { span };
        for seg in state_segments(&s.times_ms, &s.values, to, max_gap) {
            let Some(color) = color_of(field, seg.value) else {
                continue;
            };
            let x0 = NAME_W + ((seg.start_ms - from) / span * plot_w).max(0.0);
            let x1 = NAME_W + ((seg.end_ms - from) / span * plot_w).min(plot_w);
            if x1 <= x0 {
                continue;
            }
            ctx.set_fill_style_str(&color);
            ctx.fill_rect(x0, y + 2.0, (x1 - x0).max(1.0), row_h - 4.0);
        }
    }
}
