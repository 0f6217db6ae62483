//! `state-timeline`: core's `panel::Timeline` (one band per series of coloured runs) painted
//! on a canvas; hovering names the run (series, value, from, to, how long), and so do the
//! arrow keys on the focused canvas (Up/Down band to band).

use super::data::PanelData;
use super::grid_canvas::HoverCanvas;
use super::timeseries::chart_theme;
use crate::core::chart_a11y::grid::timeline_run_centers;
use crate::core::dashboard::{FieldDefaults, Panel};
use crate::core::grid_hover::PlotArea;
use crate::core::panel::{run_lines, state_color, Timeline, NAME_W};
use crate::ui::canvas2d::prepare;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn StateTimelineBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
    #[prop(into)] width: Signal<f64>,
    canvas_ref: NodeRef<Canvas>,
) -> impl IntoView {
    let field = panel.field_config.defaults.clone();
    let unit = field.unit.clone().unwrap_or_else(|| "none".to_string());
    let decimals = field.decimals;
    let timeline = Memo::new(move |_| data.with_result(|r| r.map(|r| Arc::new(Timeline::of(r)))));
    // Labels take the theme's text colour: repaint when the theme changes.
    let paint_key = crate::ui::theme::use_paint_key();
    Effect::new(move |_| {
        let (w, h) = (width.get(), height_px.get());
        paint_key.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        if let Some(t) = timeline.get() {
            paint(&canvas, &t, &field, w, h);
        }
    });
    let offset_at = crate::ui::a11y::zone::use_announce_offset();
    let describe = Callback::new(move |(x, y): (f64, f64)| {
        let (w, h) = (width.get_untracked(), height_px.get_untracked());
        let t = timeline.get_untracked()?;
        let (row, run) = t.run_at(x, y, w, h)?;
        let name = t.names.get(row).cloned().unwrap_or_default();
        Some(run_lines(
            name,
            &run,
            &unit,
            decimals,
            offset_at(run.start_ms),
        ))
    });
    let cells = Callback::new(move |()| {
        let (w, h) = (width.get_untracked(), height_px.get_untracked());
        timeline
            .get_untracked()
            .map(|t| timeline_run_centers(&t, w, h))
            .unwrap_or_default()
    });
    view! {
        <HoverCanvas canvas_ref class="state-canvas" test_id="state-timeline-canvas" width describe cells kind="state timeline" />
    }
}

fn paint(canvas: &web_sys::HtmlCanvasElement, t: &Timeline, field: &FieldDefaults, w: f64, h: f64) {
    let Some(ctx) = prepare(canvas, w, h) else {
        return;
    };
    if t.runs.is_empty() {
        return;
    }
    let theme = chart_theme();
    let (from, to) = t.range;
    let span = (to - from).max(1.0);
    let area = PlotArea::beside_labels(NAME_W, w, h);
    let row_h = t.row_height(h);
    ctx.set_font(&theme.font);
    let label_every = t.label_every(h);
    for (i, runs) in t.runs.iter().enumerate() {
        let y = i as f64 * row_h;
        if i % label_every == 0 {
            ctx.set_fill_style_str(&theme.text);
            let name = t.names.get(i).map(String::as_str).unwrap_or("");
            let baseline = y + row_h / 2.0 + 4.0;
            let _ = ctx.fill_text_with_max_width(name, 2.0, baseline, NAME_W - 6.0);
        }
        for run in runs {
            let Some(color) = state_color(field, run.value) else {
                continue;
            };
            let x0 = area.left + ((run.start_ms - from) / span * area.width).max(0.0);
            let x1 = area.left + ((run.end_ms - from) / span * area.width).min(area.width);
            if x1 <= x0 {
                continue;
            }
            ctx.set_fill_style_str(&color);
            ctx.fill_rect(x0, y + 2.0, (x1 - x0).max(1.0), row_h - 4.0);
        }
    }
}
