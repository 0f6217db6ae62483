//! The overlay canvas over the chart: hover (crosshair, tooltip, the dashboard's shared
//! crosshair and, with `graphTooltip: 2`, the tooltip at another chart's time), click to pin
//! the tooltip, drag to zoom, double-click to zoom out. It is also the chart's focusable
//! image: named by the panel title, described by the hidden summary, with the keyboard cursor
//! of `keyboard`. It says what the chart drew as `data-drawn-layout` (plot, axes, bars).

use super::keyboard::use_chart_keys;
use super::tooltip::Tooltip;
use crate::chart::TimeSeriesChart;
use crate::core::time_range::TimeRange;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::panels::crosshair::use_shared_crosshair;
use crate::ui::view_state::{use_time_range, use_update_view};
use leptos::html::Canvas;
use leptos::prelude::*;

type Chart = StoredValue<Option<TimeSeriesChart>, LocalStorage>;

fn clear_overlay(chart: Chart) {
    chart.with_value(|c| {
        if let Some(c) = c {
            c.clear_overlay()
        }
    });
}

#[component]
pub fn ChartOverlay(
    chart: Chart,
    overlay_ref: NodeRef<Canvas>,
    /// Written on hover; `ChartTooltip` shows it.
    tooltip: RwSignal<Option<Tooltip>>,
    /// A click (no drag) pins the hovered tooltip, or unpins a pinned one.
    pinned: RwSignal<Option<Tooltip>>,
    /// The tooltip at another chart's hovered time (`graphTooltip: 2`); `ChartTooltip` shows
    /// it read-only while this chart has no tooltip of its own.
    synced: RwSignal<Option<Tooltip>>,
    /// Bumped after each draw: the drawn layout is read again then (never on hover).
    #[prop(into)]
    draws: Signal<u64>,
    /// The chart's accessible name (the panel title) and the id of its hidden summary.
    #[prop(into)]
    label: Signal<String>,
    described_by: String,
    /// What the keyboard cursor says, for the live region.
    announce: RwSignal<String>,
) -> impl IntoView {
    let (on_key, on_blur) = use_chart_keys(chart, tooltip, announce);
    let shared = use_shared_crosshair();
    let hovering = StoredValue::new(false);
    let drag_start = StoredValue::new(None::<f64>);
    let update = use_update_view();
    let time = use_time_range();
    // Another chart of the dashboard is hovered: draw its time here (once a frame, from the
    // shared crosshair's frame callback, not an effect per chart), and with shared tooltips
    // show this chart's values at that time.
    if let Some(shared) = shared {
        shared.follow(move |t| {
            if hovering.try_get_value().unwrap_or(true) {
                return;
            }
            let show_tip = shared.tooltips_shared();
            let tip = chart.try_with_value(|c| {
                // A chart out of view has nothing to show: the crosshair waits for the next move.
                let c = c.as_ref().filter(|c| c.in_view())?;
                let Some(t) = t else {
                    c.clear_overlay();
                    return None;
                };
                let info = c.show_crosshair_at(t);
                let (x, y) = c.model().geometry().synced_tooltip_at(&info)?;
                show_tip.then_some(Tooltip { x, y, info })
            });
            let tip = tip.flatten();
            // Only a change touches the DOM: a chart showing none (or the same) stays untouched.
            if synced.try_with_untracked(|shown| *shown != tip) == Some(true) {
                synced.set(tip);
            }
        });
    }
    let drawn_layout = move || {
        draws.track();
        chart.with_value(|c| {
            c.as_ref()
                .map(|c| c.model().geometry().drawn_layout().to_string())
        })
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if let Some(start) = drag_start.get_value() {
            chart.with_value(|c| {
                if let Some(c) = c {
                    c.draw_selection(start, x)
                }
            });
            return;
        }
        hovering.set_value(true);
        if synced.with_untracked(Option::is_some) {
            synced.set(None);
        }
        let info = chart.with_value(|c| c.as_ref().and_then(|c| c.hover(x, y)));
        if let Some(shared) = shared {
            shared.0.set(info.as_ref().map(|i| i.time_ms));
        }
        tooltip.set(info.map(|info| Tooltip { x, y, info }));
    };
    let on_leave = move |_| {
        hovering.set_value(false);
        drag_start.set_value(None);
        tooltip.set(None);
        clear_overlay(chart);
        if let Some(shared) = shared {
            shared.0.set(None);
        }
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() == 0 {
            drag_start.set_value(Some(ev.offset_x() as f64));
        }
    };
    let update_up = update.clone();
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some(start) = drag_start.get_value() else {
            return;
        };
        drag_start.set_value(None);
        let end = ev.offset_x() as f64;
        if (end - start).abs() < 3.0 {
            let hovered = tooltip.get_untracked();
            pinned.update(|p| *p = if p.is_some() { None } else { hovered });
            return;
        }
        let zoom = chart.with_value(|c| c.as_ref().and_then(|c| c.zoom_selection(start, end)));
        clear_overlay(chart);
        // A pinned tooltip belongs to the range being left.
        pinned.set(None);
        if let Some((from, to)) = zoom {
            let (from, to) = (from.round() as i64, to.round() as i64);
            update_up(&|s| {
                s.from = Some(from.to_string());
                s.to = Some(to.to_string());
            });
        }
    };
    let on_dbl = move |_| {
        let (range, _): (TimeRange, _) = time.get_untracked();
        let out = range.zoom_out(now_ms(), utc_offset_min());
        update(&|s| {
            s.from = Some(out.from.to_string());
            s.to = Some(out.to.to_string());
        });
    };
    view! {
        <canvas class="ts-overlay" node_ref=overlay_ref data-testid="chart-overlay"
            tabindex="0" role="img" aria-label=move || label.get() aria-describedby=format!("{described_by} {described_by}-keys")
            aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End + - Shift+ArrowLeft Shift+ArrowRight Escape"
            data-drawn-layout=drawn_layout on:keydown=on_key on:blur=on_blur
            on:pointermove=on_move on:pointerleave=on_leave on:pointerdown=on_down on:pointerup=on_up on:dblclick=on_dbl></canvas>
    }
}
