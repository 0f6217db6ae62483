//! The legend beside a chart, as Grafana's `VizLegend` draws it: a list (items wrap in lines)
//! or a table with the `calcs` columns, below or right of the chart (`layout`). Rows come from
//! core's `legend_model` (resolved names, colours and units; `hideFrom.legend` left out); a
//! table header click sorts by that column (again: the other way). A click on a series shows
//! only it, ctrl/cmd-click toggles it (core's `toggle_hidden`).

mod layout;

pub use layout::{use_legend_layout, LegendLayout};

use super::marker::SeriesMarker;
use crate::core::dashboard::{LegendDisplay, LegendPlacement};
use crate::core::legend::{sort_rows, LegendBox, LegendRow, NAME_SORT_KEY};
use leptos::prelude::*;

#[component]
pub fn Legend(
    layout: LegendLayout,
    hidden: Signal<Vec<usize>>,
    /// A click on series `.0` (its frame index); `.1` when ctrl/cmd was held.
    on_click: Callback<(usize, bool)>,
) -> impl IntoView {
    let (display, sort0) = layout
        .options
        .with_value(|o| (o.display, (o.sort_by.clone(), o.sort_desc)));
    let table = display == LegendDisplay::Table;
    let sort = RwSignal::new(sort0);
    let rows = Memo::new(move |_| {
        let mut model = layout.model.get();
        if let (true, (Some(key), desc)) = (table, sort.get()) {
            sort_rows(&mut model, &key, desc);
        }
        model
    });
    let right = Memo::new(move |_| {
        layout
            .legend_box
            .with(|b| b.is_some_and(|b| b.placement == LegendPlacement::Right))
    });
    // Set as style properties (CSSOM), which the strict CSP allows; a `style` attribute it
    // would block. A bottom legend may take up to its share of the height, then scrolls; a
    // right one takes its `width` (or up to its share) and the whole height.
    let px = |v: f64| format!("{v}px");
    let boxed = move |pick: fn(&LegendBox, Option<f64>) -> Option<f64>| {
        move || {
            let width = layout.options.with_value(|o| o.width);
            layout
                .legend_box
                .get()
                .and_then(|b| pick(&b, width))
                .map(px)
        }
    };
    let max_height = boxed(|b, _| (b.placement == LegendPlacement::Bottom).then_some(b.max));
    let height = boxed(|b, _| (b.placement == LegendPlacement::Right).then_some(b.height));
    let width = boxed(|b, w| {
        if b.placement == LegendPlacement::Right {
            w
        } else {
            None
        }
    });
    let max_width =
        boxed(|b, w| (b.placement == LegendPlacement::Right && w.is_none()).then_some(b.max));
    let class = move || {
        let mode = if table { "table" } else { "list" };
        let side = if right.get() { " right" } else { "" };
        format!("ts-legend {mode}{side}")
    };
    let item = move |row: LegendRow| {
        let off = hidden.with(|h| h.contains(&row.index));
        let index = row.index;
        let click =
            move |ev: web_sys::MouseEvent| on_click.run((index, ev.ctrl_key() || ev.meta_key()));
        let name = row.name.clone();
        let label = view! {
            <button type="button" aria-pressed=(!off).to_string() on:click=click
                title="Click to show only this series, Ctrl/Cmd-click to hide or show it">
                <span class="swatch" style:background-color=row.color.clone()></span>
                <SeriesMarker index color=row.color.clone() />{name}
            </button>
        };
        if table {
            let cells = row
                .values
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let id = rows
                        .with_untracked(|m| m.columns.get(i).map(|r| r.id()).unwrap_or_default());
                    view! { <td class="num" data-calc=id>{v}</td> }
                })
                .collect_view();
            view! {
                <tr class="legend-item" class:off=off data-testid="legend-item" data-series-name=row.name>
                    <td>{label}</td>{cells}
                </tr>
            }
            .into_any()
        } else {
            let calcs = row
                .values
                .into_iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(i, v)| {
                    let id = rows
                        .with_untracked(|m| m.columns.get(i).map(|r| r.id()).unwrap_or_default());
                    view! { <span class="legend-calc" data-calc=id>{v}</span> }
                })
                .collect_view();
            view! {
                <span class="legend-item" role="listitem" class:off=off data-testid="legend-item" data-series-name=row.name>{label}{calcs}</span>
            }
            .into_any()
        }
    };
    let body = move || rows.get().rows.into_iter().map(item).collect_view();
    let header = move |key: String, class: &'static str| {
        let (label, key2, key3) = (key.clone(), key.clone(), key);
        let sorted = move || match sort.get() {
            (Some(k), desc) if k == key3 => {
                if desc {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        let click = move |_| {
            sort.update(|(k, desc)| {
                *desc = k.as_deref() == Some(key2.as_str()) && !*desc;
                *k = Some(key2.clone());
            })
        };
        view! { <th scope="col" class=class aria-sort=sorted><button type="button" on:click=click>{label}</button></th> }
    };
    let inner = move || {
        if table {
            let headers = rows.with(|m| m.headers());
            view! {
                <table aria-label="Legend">
                    <thead><tr>{header(NAME_SORT_KEY.to_string(), "")}{headers.into_iter().map(|h| header(h, "num")).collect_view()}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        } else {
            body().into_any()
        }
    };
    view! {
        <div class=class node_ref=layout.node data-testid="legend" role=(!table).then_some("list")
            aria-label="Legend" style:max-height=max_height style:height=height style:width=width
            style:max-width=max_width>
            {inner}
        </div>
    }
}
