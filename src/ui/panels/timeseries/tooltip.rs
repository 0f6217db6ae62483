//! The chart's tooltip, as Grafana 11's `TooltipPlugin2` shows it: it follows the pointer
//! while hovering; a click on the chart pins it where it is (a second click, its close
//! button or Escape unpins it), and a pinned tooltip shows the data links of the hovered
//! series at that point ([`TooltipLinks`]). Pinning moves focus into it, so its links are
//! reachable from the keyboard. With the dashboard's `graphTooltip: 2` it also shows, read
//! only, this chart's values at the time hovered in another chart: hidden from assistive
//! technology (the hovered chart's own tooltip and announcements say it once) and never
//! focused.

use super::marker::SeriesMarker;
use super::tooltip_links::TooltipLinks;
use crate::chart::HoverInfo;
use crate::core::chart::hit::closest_series;
use crate::core::dashboard::field_resolve::ResolvedSeries;
use crate::core::time_range::format_local;
use crate::core::units::format_value;
use crate::ui::panels::data::PanelData;
use leptos::html::Div;
use leptos::prelude::*;

/// Where the tooltip sits (the pointer, in the overlay's pixels) and what it says.
#[derive(Clone, PartialEq)]
pub struct Tooltip {
    pub x: f64,
    pub y: f64,
    pub info: HoverInfo,
}

/// What the tooltip reads besides its position: the panel unit, the chart width (it sits on
/// the pointer's far side from the nearer edge), the data and each series' settings.
#[derive(Clone, Copy)]
pub struct TooltipSource {
    pub unit: Signal<(String, Option<u32>)>,
    pub width: Signal<f64>,
    pub data: PanelData,
    pub resolved: Signal<Vec<ResolvedSeries>>,
}

/// The hover tooltip, or the pinned one: the time, then each series' colour, name and value
/// in its own unit (at most 30; series hidden from the tooltip left out). A negative-Y series
/// shows its own, unmirrored value, as Grafana's does.
#[component]
pub fn ChartTooltip(
    tooltip: RwSignal<Option<Tooltip>>,
    pinned: RwSignal<Option<Tooltip>>,
    /// Another chart's hovered time here (`graphTooltip: 2`), shown when this has no own.
    synced: RwSignal<Option<Tooltip>>,
    source: TooltipSource,
) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    // Pinning moves focus into the tooltip (its links follow in tab order).
    Effect::new(move |_| {
        if pinned.with(Option::is_some) {
            if let Some(el) = root.get() {
                let _ = el.focus();
            }
        }
    });
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            pinned.set(None);
        }
    };
    // The dashboard's `timezone`, as the cursor's announcements say the time.
    let offset_at = crate::ui::a11y::zone::use_announce_offset();
    move || {
        let is_pinned = pinned.with(Option::is_some);
        let own = pinned.get().or_else(|| tooltip.get());
        let is_synced = own.is_none();
        let t = own.or_else(|| synced.get())?;
        // Right of the pointer on the chart's left half; on its right half the tooltip's right
        // edge sits 12 px left of the pointer, whatever the tooltip's width (Grafana keeps it
        // beside the cursor, not a fixed distance away).
        let width = source.width.get_untracked();
        let (left, right) = if t.x > width / 2.0 {
            (None, Some(format!("{}px", (width - t.x + 12.0).max(0.0))))
        } else {
            (Some(format!("{}px", t.x + 12.0)), None)
        };
        let time = format_local(t.info.time_ms as i64, offset_at(t.info.time_ms));
        let hovered = closest_series(&t.info.series, t.y).cloned();
        Some(view! {
            <div class="ts-tooltip" class:pinned=is_pinned data-testid="chart-tooltip" node_ref=root
                data-pinned=is_pinned.to_string() data-synced=is_synced.to_string()
                aria-hidden=is_synced.then_some("true") tabindex=(!is_synced).then_some("-1") on:keydown=on_key
                role=is_pinned.then_some("dialog") aria-label=is_pinned.then(|| format!("Values at {time}"))
                style:left=left style:right=right style:top=format!("{}px", (t.y + 12.0).max(0.0))>
                <div class="ts-tooltip-time">
                    {time.clone()}
                    {is_pinned.then(|| view! {
                        <button class="ts-tooltip-close" data-testid="tooltip-close" aria-label="Close tooltip"
                            on:click=move |_| pinned.set(None)>"×"</button>
                    })}
                </div>
                {rows(&t.info, source.unit.get())}
                {is_pinned.then(|| hovered.map(|series| view! { <TooltipLinks series source /> }))}
            </div>
        })
    }
}

/// Each series' row: colour, name, value in its own unit.
fn rows(info: &HoverInfo, unit: (String, Option<u32>)) -> impl IntoView {
    info.series
        .iter()
        .take(30)
        .map(|s| {
            // Each series in its own unit (a right-axis series has another one).
            let value = if s.unit.is_empty() {
                format_value(s.value, &unit.0, unit.1)
            } else {
                format_value(s.value, &s.unit, s.decimals)
            };
            view! {
                <div class="ts-tooltip-row">
                    <span class="swatch" style:background-color=s.color.clone()></span>
                    <SeriesMarker index=s.index color=s.color.clone() />
                    <span class="name">{s.name.clone()}</span>
                    <span class="value">{value}</span>
                </div>
            }
        })
        .collect_view()
}
