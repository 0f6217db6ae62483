//! The focused chart's keys: arrows walk a cursor point to point (Left/Right, Home/End) and
//! series to series (Up/Down); the crosshair, tooltip and shared crosshair follow it as they
//! follow the pointer, and the live region announces the time, series and value. `+`/`-`
//! zoom around the cursor and Shift+Left/Right pan, writing the URL range as drag-zoom does
//! (WCAG 2.5.7); Escape leaves the cursor. The rules are core's `chart_a11y::cursor`.

use super::text_alt::unit_of;
use super::tooltip::Tooltip;
use crate::chart::TimeSeriesChart;
use crate::core::chart_a11y::cursor::{
    announcement, chart_key, cursor_stops, move_cursor, zoom_around, ChartKey, Cursor,
};
use crate::core::time_range::{format_local, ShiftDirection, TimeRange};
use crate::core::units::format_value;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::panels::crosshair::use_shared_crosshair;
use crate::ui::view_state::{use_time_range, use_update_view};
use leptos::prelude::*;

type Chart = StoredValue<Option<TimeSeriesChart>, LocalStorage>;

/// A keyboard zoom never narrows the range below this (one scrape interval or so).
const MIN_ZOOM_SPAN_MS: i64 = 10_000;

/// Each series' stops (sample indices) and their times; empty for hidden series.
fn stops_of(c: &TimeSeriesChart) -> (Vec<Vec<usize>>, Vec<Vec<f64>>) {
    let model = c.model();
    let g = model.geometry();
    let spec = model.spec();
    model
        .frame()
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let shown =
                g.series.get(i).is_some_and(|sg| sg.visible) && !spec.style_of(i).hide_in_tooltip;
            if !shown {
                return (Vec::new(), Vec::new());
            }
            let stops = cursor_stops(&s.times_ms, &s.values, model.x_range(), g.layout.plot.w);
            let times = stops.iter().map(|&k| s.times_ms[k]).collect();
            (stops, times)
        })
        .unzip()
}

/// Moves the cursor by `key`, draws it and returns what to announce (with the tooltip).
fn step(
    c: &TimeSeriesChart,
    cursor: Option<Cursor>,
    key: ChartKey,
    offset_at: &dyn Fn(f64) -> i32,
) -> Option<(Cursor, String, Tooltip)> {
    let (stops, times) = stops_of(c);
    let next = move_cursor(cursor, key, &times)?;
    let model = c.model();
    let k = stops[next.series][next.stop];
    let series = &model.frame().series[next.series];
    let (time, value) = (series.times_ms[k], series.values[k]);
    let info = c.show_crosshair_at(time);
    let (unit, decimals) = unit_of(model.spec(), next.series);
    let name = model
        .series_names()
        .get(next.series)
        .cloned()
        .unwrap_or_default();
    let text = announcement(
        time,
        offset_at(time),
        &name,
        &format_value(value, &unit, decimals),
        next.stop,
        stops[next.series].len(),
    );
    let plot = model.geometry().layout.plot;
    let y = info
        .series
        .iter()
        .find(|s| s.index == next.series)
        .map_or(plot.y + plot.h / 2.0, |s| s.y_px);
    let tooltip = Tooltip {
        x: info.x_px,
        y: if y.is_finite() { y } else { plot.y },
        info,
    };
    Some((next, text, tooltip))
}

/// The keydown handler of the focusable plot, and a blur handler that puts the cursor away.
pub fn use_chart_keys(
    chart: Chart,
    tooltip: RwSignal<Option<Tooltip>>,
    announce: RwSignal<String>,
) -> (
    impl Fn(web_sys::KeyboardEvent) + Clone,
    impl Fn(web_sys::FocusEvent) + Clone,
) {
    let cursor = StoredValue::new(None::<Cursor>);
    let shared = use_shared_crosshair();
    let update = use_update_view();
    let time = use_time_range();
    // Times are said in the dashboard's `timezone` (the browser's on Explore).
    let offset_at = crate::ui::a11y::zone::use_announce_offset();
    let leave = move || {
        cursor.set_value(None);
        tooltip.set(None);
        chart.with_value(|c| c.as_ref().map(TimeSeriesChart::clear_overlay));
        if let Some(shared) = shared {
            shared.0.set(None);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(key) = chart_key(&ev.key(), ev.shift_key()) else {
            return;
        };
        if key == ChartKey::Leave && cursor.get_value().is_none() {
            return; // Escape with no cursor belongs to the page.
        }
        ev.prevent_default();
        ev.stop_propagation();
        let (range, _): (TimeRange, _) = time.get_untracked();
        let resolved = range.resolve(now_ms(), utc_offset_min());
        let new_range = match key {
            ChartKey::Leave => {
                leave();
                announce.set("Cursor left the chart".into());
                return;
            }
            ChartKey::ZoomIn | ChartKey::ZoomOut => {
                let at = cursor
                    .get_value()
                    .and_then(|_| tooltip.get_untracked().map(|t| t.info.time_ms as i64));
                let center = at.unwrap_or((resolved.0 + resolved.1) / 2);
                let factor = if key == ChartKey::ZoomIn { 0.5 } else { 2.0 };
                zoom_around(resolved, center, factor, MIN_ZOOM_SPAN_MS)
            }
            ChartKey::PanEarlier | ChartKey::PanLater => {
                let direction = if key == ChartKey::PanEarlier {
                    ShiftDirection::Earlier
                } else {
                    ShiftDirection::Later
                };
                let shifted = range.shift(direction, now_ms(), utc_offset_min());
                shifted.resolve(now_ms(), utc_offset_min())
            }
            _ => {
                let moved = chart.with_value(|c| {
                    c.as_ref()
                        .and_then(|c| step(c, cursor.get_value(), key, &offset_at))
                });
                if let Some((next, text, tip)) = moved {
                    cursor.set_value(Some(next));
                    if let Some(shared) = shared {
                        shared.0.set(Some(tip.info.time_ms));
                    }
                    tooltip.set(Some(tip));
                    announce.set(text);
                }
                return;
            }
        };
        // The data is about to change: the cursor's points belong to the range being left.
        leave();
        let (from, to) = new_range;
        announce.set(format!(
            "Time range {} to {}",
            format_local(from, offset_at(from as f64)),
            format_local(to, offset_at(to as f64))
        ));
        update(&|s| {
            s.from = Some(from.to_string());
            s.to = Some(to.to_string());
        });
    };
    let on_blur = move |_: web_sys::FocusEvent| {
        if cursor.get_value().is_some() {
            leave();
        }
    };
    (on_key, on_blur)
}
