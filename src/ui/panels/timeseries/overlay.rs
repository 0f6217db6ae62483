//! The overlay canvas over the chart: hover (crosshair, tooltip, the dashboard's shared
//! crosshair), click to pin the tooltip, drag to zoom, double-click to zoom out. It is also the
//! chart's focusable image: named by the panel title, described by the hidden summary, with
//! the keyboard cursor of `keyboard`.

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
    // shared crosshair's frame callback, not an effect per chart).
    if let Some(shared) = shared {
        shared.follow(move |t| {
            if hovering.try_get_value().unwrap_or(true) {
                return;
            }
            chart.try_with_value(|c| {
                // A chart out of view has nothing to show: the crosshair waits for the next move.
                let Some(c) = c.as_ref().filter(|c| c.in_view()) else {
                    return;
                };
                match t {
                    Some(t) => {
                        c.show_crosshair_at(t);
                    }
                    None => c.clear_overlay(),
                }
            });
        });
    }
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
            on:keydown=on_key on:blur=on_blur
            on:pointermove=on_move on:pointerleave=on_leave on:pointerdown=on_down on:pointerup=on_up on:dblclick=on_dbl></canvas>
    }
}
