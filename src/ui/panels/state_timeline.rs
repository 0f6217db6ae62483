//! `state-timeline`: one band per series, coloured runs of equal values (for `up` and other
//! 0/1 series: 1 green, 0 red; other values by thresholds or the palette), painted on a canvas;
//! hovering names the run (series, value, from, to, how long).

use super::data::PanelData;
use super::grid_canvas::HoverCanvas;
use super::timeseries::chart_theme;
use crate::chart::theme::palette_color;
use crate::core::dashboard::{FieldDefaults, Panel};
use crate::core::grid_hover::{segment_at, timeline_row_at, PlotArea};
use crate::core::panel::{threshold_color, QueryResult};
use crate::core::panel_calc::{state_segments, Segment};
use crate::core::step::format_prom_duration;
use crate::core::time_range::format_local;
use crate::core::units::format_value;
use crate::ui::canvas2d::prepare;
use crate::ui::clock::utc_offset_min;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;

const NAME_W: f64 = 140.0;
/// Bands never grow taller than this, however few series there are.
const MAX_ROW_H: f64 = 40.0;
/// Vertical room one band name needs (the chart font is 12 px).
const LABEL_LINE_H: f64 = 13.0;

/// What the canvas shows: per series its name and runs, over the queried range.
#[derive(PartialEq)]
struct Timeline {
    names: Vec<String>,
    runs: Vec<Vec<Segment>>,
    range: (f64, f64),
}

impl Timeline {
    fn of(result: &QueryResult) -> Timeline {
        let (from, to) = result.range();
        let span = (to - from).max(1.0);
        let runs = result
            .frame
            .series
            .iter()
            .map(|s| {
                // A sample counts until the next; longer than 3 steps without one is "no data".
                let step = s
                    .times_ms
                    .windows(2)
                    .map(|p| p[1] - p[0])
                    .fold(f64::INFINITY, f64::min);
                let max_gap = if step.is_finite() { step * 3.0 } else { span };
                state_segments(&s.times_ms, &s.values, to, max_gap)
            })
            .collect();
        Timeline {
            names: result.names.clone(),
            runs,
            range: result.range(),
        }
    }

    fn row_height(&self, h: f64) -> f64 {
        (h / self.runs.len().max(1) as f64).min(MAX_ROW_H)
    }
}

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
    let describe = Callback::new(move |(x, y): (f64, f64)| {
        let (w, h) = (width.get_untracked(), height_px.get_untracked());
        let t = timeline.get_untracked()?;
        let row = timeline_row_at(t.runs.len(), t.row_height(h), y)?;
        let area = PlotArea::beside_labels(NAME_W, w, h);
        let run = segment_at(&t.runs[row], t.range, area, x)?;
        let name = t.names.get(row).cloned().unwrap_or_default();
        Some(run_lines(name, &run, &unit, decimals))
    });
    view! {
        <HoverCanvas canvas_ref class="state-canvas" test_id="state-timeline-canvas" width describe />
    }
}

/// The tooltip of one run: series name, value (or "no data"), from – to, and its length.
fn run_lines(name: String, run: &Segment, unit: &str, decimals: Option<u32>) -> Vec<String> {
    let offset = utc_offset_min();
    let value = if run.value.is_nan() {
        "no data".to_string()
    } else {
        format_value(run.value, unit, decimals)
    };
    vec![
        name,
        format!("value {value}"),
        format!(
            "{} – {}",
            format_local(run.start_ms as i64, offset),
            format_local(run.end_ms as i64, offset)
        ),
        format!(
            "for {}",
            format_prom_duration((run.end_ms - run.start_ms).max(0.0))
        ),
    ]
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
    // Bands thinner than a line of text would stack their names into a smudge: name every
    // k-th band only (the tooltip names each one).
    let label_every = ((LABEL_LINE_H / row_h).ceil() as usize).max(1);
    for (i, runs) in t.runs.iter().enumerate() {
        let y = i as f64 * row_h;
        if i % label_every == 0 {
            ctx.set_fill_style_str(&theme.text);
            let name = t.names.get(i).map(String::as_str).unwrap_or("");
            let baseline = y + row_h / 2.0 + 4.0;
            let _ = ctx.fill_text_with_max_width(name, 2.0, baseline, NAME_W - 6.0);
        }
        for run in runs {
            let Some(color) = color_of(field, run.value) else {
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
