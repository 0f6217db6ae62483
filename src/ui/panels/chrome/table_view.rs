//! The panel's "Table view": the same frames the chart draws as an accessible `<table>`
//! (caption, column and row headers), one press of a header button away (Grafana hides this
//! in Inspect > Data). Series are joined by time, times in the viewer's zone, values with the
//! units the chart uses; long series show their newest rows, capped by core's
//! `MAX_TABLE_ROWS`, and the caption says so. The table lies over the panel body, so the
//! chart underneath keeps its size (a hidden chart would change the query step).

use crate::core::chart_a11y::table::{data_table, MAX_TABLE_ROWS};
use crate::core::chart_a11y::SeriesText;
use crate::ui::clock::utc_offset_min;
use crate::ui::panels::data::PanelData;
use leptos::prelude::*;

/// What the panel chrome shares with its body for accessibility: the title (the chart's
/// name), each series' unit as the chart formats it, and whether the table view is open.
#[derive(Clone, Copy)]
pub struct PanelA11y {
    pub title: Signal<String>,
    pub units: RwSignal<Vec<(String, Option<u32>)>>,
    pub table_open: RwSignal<bool>,
}

impl PanelA11y {
    pub fn new(title: Signal<String>) -> Self {
        PanelA11y {
            title,
            units: RwSignal::new(Vec::new()),
            table_open: RwSignal::new(false),
        }
    }
}

/// The header's toggle: a button with `aria-pressed`.
#[component]
pub fn TableViewToggle(a11y: PanelA11y) -> impl IntoView {
    let open = a11y.table_open;
    view! {
        <button class="panel-table-toggle" data-testid="panel-table-toggle" type="button"
            aria-pressed=move || open.get().to_string()
            aria-label=move || format!("Table view of {}", a11y.title.get())
            title="Table view"
            on:click=move |_| open.update(|o| *o = !*o)>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <rect x="1.5" y="2.5" width="13" height="11" fill="none" stroke="currentColor" stroke-width="1.3"></rect>
                <path d="M1.5 6h13M1.5 9.5h13M6 2.5v11" fill="none" stroke="currentColor" stroke-width="1.3"></path>
            </svg>
        </button>
    }
}

/// The table itself, shown while the toggle is pressed.
#[component]
pub fn TableView(a11y: PanelA11y, data: PanelData) -> impl IntoView {
    let table = Memo::new(move |_| {
        let title = a11y.title.get();
        let units = a11y.units.get();
        data.with_result(|r| {
            let r = r?;
            let series: Vec<SeriesText> = r
                .frame
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| SeriesText {
                    name: r.names.get(i).map_or("", String::as_str),
                    times_ms: &s.times_ms,
                    values: &s.values,
                    unit: units.get(i).map_or("", |u| u.0.as_str()),
                    decimals: units.get(i).and_then(|u| u.1),
                })
                .collect();
            Some(data_table(
                &title,
                &series,
                utc_offset_min(),
                MAX_TABLE_ROWS,
            ))
        })
    });
    let label = move || format!("{} as a table", a11y.title.get());
    view! {
        <div class="panel-table-view" data-testid="panel-table-view" role="region" tabindex="0" aria-label=label>
            {move || table.get().map(|t| view! {
                <table>
                    <caption>{t.caption}</caption>
                    <thead><tr>{t.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.into_iter().map(|(time, cells)| view! {
                            <tr><th scope="row">{time}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}
