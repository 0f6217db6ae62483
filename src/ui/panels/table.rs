//! `table`: one row per series (labels, then the reduced value or values), sortable by any
//! column, values formatted with the panel's unit.

use super::data::PanelData;
use crate::core::dashboard::Panel;
use crate::core::panel_calc::{frame_table, sort_rows, Cell, Table};
use crate::core::units::format_value;
use leptos::prelude::*;

/// Rows rendered at most; the rest are counted in a footer (tables this big are queries to narrow).
const MAX_ROWS: usize = 500;

#[component]
pub fn TableBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let calcs = panel.options.reduce.calcs.clone();
    let unit = panel.field_config.defaults.unit.clone().unwrap_or_default();
    let decimals = panel.field_config.defaults.decimals;
    let sort = RwSignal::new(None::<(usize, bool)>);
    let table = Memo::new(move |_| {
        let mut t =
            data.with_result(|r| r.map(|r| frame_table(&r.frame, &calcs)).unwrap_or_default());
        if let Some((col, desc)) = sort.get() {
            sort_rows(&mut t.rows, col, desc);
        }
        t
    });
    view! {
        <div class="table-panel" style:max-height=move || format!("{}px", height_px.get())>
            {move || render(table.get(), sort, unit.clone(), decimals)}
        </div>
    }
}

/// Renders a table with clickable headers; shared with the Explore page.
pub fn render(
    t: Table,
    sort: RwSignal<Option<(usize, bool)>>,
    unit: String,
    decimals: Option<u32>,
) -> impl IntoView {
    let total = t.rows.len();
    let label_columns = t.label_columns;
    let header = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let arrow = move || match sort.get() {
                Some((col, true)) if col == i => " ▼",
                Some((col, false)) if col == i => " ▲",
                _ => "",
            };
            let click = move |_| sort.update(|s| *s = Some(match *s { Some((col, desc)) if col == i => (i, !desc), _ => (i, i >= label_columns) }));
            view! { <th class="sortable" data-testid="table-header" on:click=click>{c.clone()}{arrow}</th> }
        })
        .collect_view();
    let rows = t
        .rows
        .into_iter()
        .take(MAX_ROWS)
        .map(|row| {
            let cells = row
                .into_iter()
                .map(|c| match c {
                    Cell::Text(s) => view! { <td>{s}</td> }.into_any(),
                    Cell::Number(v) => {
                        view! { <td class="num">{format_value(v, &unit, decimals)}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr data-testid="table-row">{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <thead><tr>{header}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {(total > MAX_ROWS).then(|| view! { <p class="table-more">{format!("{} more rows not shown", total - MAX_ROWS)}</p> })}
    }
}
