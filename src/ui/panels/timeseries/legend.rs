//! The legend under a chart, as a list or a table (last, min, max, mean): a click shows only
//! that series, ctrl/cmd-click toggles it (core's `toggle_hidden`).

use crate::chart::theme::series_color;
use crate::chart::LegendStats;
use crate::core::units::format_value;
use leptos::prelude::*;

#[component]
pub fn Legend(
    names: Signal<Vec<String>>,
    stats: Signal<Vec<LegendStats>>,
    hidden: Signal<Vec<usize>>,
    table: bool,
    unit: Signal<(String, Option<u32>)>,
    /// A click on series `.0`; `.1` when ctrl/cmd was held.
    on_click: Callback<(usize, bool)>,
) -> impl IntoView {
    let fmt = move |v: Option<f64>| {
        v.map_or_else(
            || "-".to_string(),
            |v| unit.with(|u| format_value(v, &u.0, u.1)),
        )
    };
    let rows = move || {
        let (names, stats, hidden) = (names.get(), stats.get(), hidden.get());
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let s = stats.get(i).copied().unwrap_or_default();
                let off = hidden.contains(&i);
                let color = series_color(&[], i).to_string();
                let click = move |ev: web_sys::MouseEvent| on_click.run((i, ev.ctrl_key() || ev.meta_key()));
                if table {
                    view! {
                        <tr class="legend-item" class:off=off data-testid="legend-item" on:click=click>
                            <td><span class="swatch" style:background-color=color></span>{name}</td>
                            <td>{fmt(s.last)}</td><td>{fmt(s.min)}</td><td>{fmt(s.max)}</td><td>{fmt(s.mean)}</td>
                        </tr>
                    }
                    .into_any()
                } else {
                    view! {
                        <span class="legend-item" class:off=off data-testid="legend-item" on:click=click>
                            <span class="swatch" style:background-color=color></span>{name}
                        </span>
                    }
                    .into_any()
                }
            })
            .collect_view()
    };
    if table {
        view! {
            <div class="ts-legend table">
                <table><thead><tr><th>"Series"</th><th>"Last"</th><th>"Min"</th><th>"Max"</th><th>"Mean"</th></tr></thead>
                <tbody>{rows}</tbody></table>
            </div>
        }
        .into_any()
    } else {
        view! { <div class="ts-legend list">{rows}</div> }.into_any()
    }
}
