//! `table`: Grafana's table panel. The panel's answer becomes Grafana's frames (core
//! [`prometheus_frames`]: `format: table` queries one frame per refId with label columns and
//! `Value #<refId>`), the panel's `transformations` run in order, and the frame shown (the
//! first, or the one picked below the table) is drawn with each column's field config
//! (`custom.width`, `custom.align`, `custom.hidden`, `cellOptions`, links, value mappings,
//! unit), the footer's reducer and a header-click sort. Every cell is a text node. An Angular
//! table (`styles`, `transform`) is migrated first, as Grafana migrates it.
//!
//! For tests the panel says what it shows: `data-columns` (JSON: each shown column's header,
//! field, unit, width, alignment, cell type), `data-frames` (how many frames the
//! transformations left) and `data-unsupported` (transformation ids not applied).

use super::data::PanelData;
use crate::core::dashboard::field_resolve::ThemeMode;
use crate::core::dashboard::{FieldConfig, LinkPage, Panel};
use crate::core::transform::legacy::migrate_angular_table;
use crate::core::transform::view::{
    cell_link, columns, footer, global_range, json_view, sorted_rows, CellType, Column, ColumnMeta,
    TableOptions,
};
use crate::core::transform::{apply_transformations, prometheus_frames, DataFrame, QueryFrames};
use crate::core::variables::{ScopedValue, VariableScope};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::panels::timeseries::page_theme_mode;
use crate::ui::theme::use_paint_key;
use crate::ui::view_state::{use_time_range, use_view_state};
use leptos::prelude::*;
use serde_json::Value;

/// Rows rendered at most; the rest are counted below (tables this big are queries to narrow).
const MAX_ROWS: usize = 500;

/// What the panel draws: the transformed frames and the transformations left out.
#[derive(Clone, PartialEq, Default)]
struct Tables {
    frames: Vec<DataFrame>,
    unsupported: Vec<String>,
}

#[component]
pub fn TableBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let table_refs: Vec<String> = panel
        .targets
        .iter()
        .filter(|t| t.format.as_deref() == Some("table"))
        .map(|t| t.ref_id.clone())
        .collect();
    // An Angular table (`styles`) is drawn as Grafana migrates it.
    let (transformations, field_config) = match migrate_angular_table(&panel.raw) {
        Some((transformations, config)) => (transformations, FieldConfig::from_json(Some(&config))),
        None => (
            panel
                .raw
                .get("transformations")
                .cloned()
                .unwrap_or(Value::Null),
            panel.field_config.clone(),
        ),
    };
    let options = TableOptions::from_json(panel.raw.get("options").unwrap_or(&Value::Null));
    let config = StoredValue::new(field_config);
    let tables = Memo::new(move |_| {
        data.with_result(|r| {
            r.map(|r| {
                let frames = prometheus_frames(&QueryFrames {
                    frame: &r.frame,
                    names: &r.names,
                    ref_ids: &r.ref_ids,
                    table_refs: &table_refs,
                });
                let (frames, unsupported) = apply_transformations(frames, &transformations);
                Tables {
                    frames,
                    unsupported,
                }
            })
            .unwrap_or_default()
        })
    });
    let picked = RwSignal::new(options.frame_index);
    // The sort: a column's header and whether descending; `options.sortBy` first.
    let sort = RwSignal::new(options.sort_by.clone());
    let paint = use_paint_key();
    let options = StoredValue::new(options);
    // Column filters of `filterable` columns: a header and the cell texts it keeps.
    let filters = RwSignal::new(Vec::<(String, Vec<String>)>::new());
    let open_filter = RwSignal::new(None::<String>);
    // Data links interpolate the dashboard's variables as the URL has them.
    let view = use_view_state();
    let time = use_time_range();
    let scope = Memo::new(move |_| view.with(|v| url_scope(&v.vars)));
    let state = TableState {
        sort,
        filters,
        open_filter,
    };
    view! {
        <div class="table-panel" style:max-height=move || format!("{}px", height_px.get())
            tabindex="0" role="region" aria-label="Table" data-scroll-region=""
            data-frames=move || tables.with(|t| t.frames.len())
            data-unsupported=move || tables.with(|t| t.unsupported.join(","))>
            {move || {
                paint.track();
                let Tables { frames, .. } = tables.get();
                let index = picked.get().min(frames.len().saturating_sub(1));
                let Some(frame) = frames.get(index) else {
                    return ().into_any();
                };
                let cols = config.with_value(|c| columns(frame, &frames, c));
                let names: Vec<String> = frames.iter().map(DataFrame::display_name).collect();
                let (scope, current) = (scope.get(), view.get());
                let range_ms = time.with(|(range, _)| range.resolve(now_ms(), utc_offset_min()));
                let page = LinkPage { scope: &scope, view: &current, range_ms, base_path: &crate::api::config::base_path() };
                let table = options.with_value(|o| render(frame, &frames, cols, o, state, &page));
                let picker = (frames.len() > 1).then(|| frame_picker(names, index, picked));
                view! { {table}{picker} }.into_any()
            }}
        </div>
    }
}

/// The table's interactive state: sort, column filters and the filter list open.
#[derive(Clone, Copy)]
struct TableState {
    sort: RwSignal<Option<(String, bool)>>,
    filters: RwSignal<Vec<(String, Vec<String>)>>,
    open_filter: RwSignal<Option<String>>,
}

/// The variables of the URL (`var-x=a&var-x=b`) as an interpolation scope.
fn url_scope(vars: &[(String, Vec<String>)]) -> VariableScope {
    let mut scope = VariableScope::default();
    for (name, values) in vars {
        scope.values.insert(
            name.clone(),
            ScopedValue {
                values: values.clone(),
                texts: values.clone(),
                multi: values.len() > 1,
                custom_all: false,
            },
        );
    }
    scope
}

/// The select Grafana shows under a table whose data has several frames.
fn frame_picker(names: Vec<String>, index: usize, picked: RwSignal<usize>) -> impl IntoView {
    let items = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let label = if name.is_empty() {
                format!("Series {}", i + 1)
            } else {
                name
            };
            view! { <option value=i.to_string() selected=i == index>{label}</option> }
        })
        .collect_view();
    view! {
        <select class="table-frame-picker" data-testid="table-frame-picker"
            on:change=move |ev| picked.set(event_target_value(&ev).parse().unwrap_or(0))>
            {items}
        </select>
    }
}

/// The next sort of a header click: ascending, then descending, then none (react-table's
/// cycle in Grafana's table).
fn next_sort(current: Option<(String, bool)>, name: &str) -> Option<(String, bool)> {
    match current {
        Some((col, false)) if col == name => Some((col, true)),
        Some((col, true)) if col == name => None,
        _ => Some((name.to_string(), false)),
    }
}

/// One frame as a table: headers (click to sort), rows, footer.
fn render(
    frame: &DataFrame,
    all: &[DataFrame],
    cols: Vec<Column>,
    options: &TableOptions,
    state: TableState,
    page: &LinkPage,
) -> impl IntoView {
    let TableState {
        sort,
        filters,
        open_filter,
    } = state;
    let meta = ColumnMeta::json(&cols);
    let shown: Vec<Column> = cols.into_iter().filter(|c| !c.hidden).collect();
    let current = sort.get();
    let sort_field = current.as_ref().and_then(|(name, desc)| {
        shown
            .iter()
            .find(|c| c.name == *name)
            .map(|c| (c.field, *desc))
    });
    let range = global_range(frame).unwrap_or((0.0, 1.0));
    let theme = page_theme_mode();
    let offset = utc_offset_min();
    let names = frame.display_names(all);
    // Each shown column's cell texts, by row (filters compare what the user sees).
    let texts: Vec<Vec<String>> = shown
        .iter()
        .map(|c| {
            (0..frame.len())
                .map(|r| c.cell(frame, r, range, theme, offset).text)
                .collect()
        })
        .collect();
    let active = filters.get();
    let rows: Vec<usize> = sorted_rows(frame, sort_field)
        .into_iter()
        .filter(|&r| {
            active.iter().all(|(col, keep)| {
                shown
                    .iter()
                    .position(|c| c.name == *col)
                    .is_none_or(|i| keep.contains(&texts[i][r]))
            })
        })
        .collect();
    let opened = open_filter.get();
    let header = options.show_header.then(|| {
        shown
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let name = c.name.clone();
                let filter = c.filterable.then(|| {
                    let mut values = texts[i].clone();
                    values.sort();
                    values.dedup();
                    filter_control(&name, values, opened.as_deref() == Some(&name), filters, open_filter)
                });
                let arrow = match &current {
                    Some((col, desc)) if *col == c.name => if *desc { " ▼" } else { " ▲" },
                    _ => "",
                };
                let click = {
                    let name = name.clone();
                    move |_| sort.update(|s| *s = next_sort(s.take(), &name))
                };
                view! {
                    <th class=format!("sortable {}", c.align) data-testid="table-header" on:click=click
                        style:width=c.width.map(|w| format!("{w}px")) style:min-width=c.min_width.map(|w| format!("{w}px"))>
                        <span class="table-header-name">{name}</span>
                        <span class="table-sort" data-testid="table-sort">{arrow}</span>
                        {filter}
                    </th>
                }
            })
            .collect_view()
    });
    let body = rows
        .iter()
        .take(MAX_ROWS)
        .map(|&row| {
            let cells = shown
                .iter()
                .map(|c| cell_view(c, frame, &names, row, (range, theme, offset), page))
                .collect_view();
            view! { <tr data-testid="table-row">{cells}</tr> }
        })
        .collect_view();
    let foot = options.footer_show.then(|| {
        let cells = footer(&shown, frame, &rows, options)
            .into_iter()
            .zip(&shown)
            .map(
                |(text, c)| view! { <td class=c.align data-testid="table-footer-cell">{text}</td> },
            )
            .collect_view();
        view! { <tfoot><tr data-testid="table-footer">{cells}</tr></tfoot> }
    });
    let total = rows.len();
    view! {
        <table class="data-table" data-columns=meta>
            {header.map(|h| view! { <thead><tr>{h}</tr></thead> })}
            <tbody>{body}</tbody>
            {foot}
        </table>
        {(total > MAX_ROWS).then(|| view! { <p class="table-more">{format!("{} more rows not shown", total - MAX_ROWS)}</p> })}
    }
}

/// A `filterable` column's filter: a button opening the list of the column's values, each
/// with a checkbox; unchecking hides the rows showing that value (Grafana's filter popup).
fn filter_control(
    column: &str,
    values: Vec<String>,
    open: bool,
    filters: RwSignal<Vec<(String, Vec<String>)>>,
    open_filter: RwSignal<Option<String>>,
) -> impl IntoView {
    let toggle = {
        let column = column.to_string();
        move |ev: leptos::ev::MouseEvent| {
            ev.stop_propagation();
            open_filter.update(|o| {
                *o = if o.as_deref() == Some(column.as_str()) {
                    None
                } else {
                    Some(column.clone())
                }
            })
        }
    };
    let active = filters.with(|f| f.iter().any(|(c, _)| c == column));
    let list = open.then(|| {
        let all = values.clone();
        let items = values
            .into_iter()
            .map(|value| {
                let (column, all) = (column.to_string(), all.clone());
                let checked = filters.with(|f| {
                    f.iter()
                        .find(|(c, _)| *c == column)
                        .is_none_or(|(_, keep)| keep.contains(&value))
                });
                let change = {
                    let value = value.clone();
                    move |_| {
                        filters.update(|f| {
                            let mut keep = match f.iter().position(|(c, _)| *c == column) {
                                Some(i) => f.remove(i).1,
                                None => all.clone(),
                            };
                            match keep.iter().position(|v| *v == value) {
                                Some(i) => {
                                    keep.remove(i);
                                }
                                None => keep.push(value.clone()),
                            }
                            if keep.len() < all.len() {
                                f.push((column.clone(), keep));
                            }
                        })
                    }
                };
                view! {
                    <label class="table-filter-item" data-testid="table-filter-item">
                        <input type="checkbox" prop:checked=checked on:change=change />
                        {value}
                    </label>
                }
            })
            .collect_view();
        view! {
            <div class="table-filter-list" data-testid="table-filter-list" on:click=|ev| ev.stop_propagation()>{items}</div>
        }
    });
    view! {
        <button class="table-filter" class:active=active data-testid="table-filter" title="Filter by value" on:click=toggle>"▿"</button>
        {list}
    }
}

/// One cell by the column's cell type; the value is always a text node.
fn cell_view(
    c: &Column,
    frame: &DataFrame,
    names: &[String],
    row: usize,
    (range, theme, offset): ((f64, f64), ThemeMode, i32),
    page: &LinkPage,
) -> AnyView {
    let cell = c.cell(frame, row, range, theme, offset);
    // A refused URL (not http(s) or relative) leaves the cell as text.
    let link = c.links.first().and_then(|l| {
        let link = cell_link(l, c, frame, names, row, &cell.text, page);
        link.href.map(|href| (href, link.target_blank))
    });
    let text = cell.text.clone();
    // The value before formatting, for tests comparing with the backend's answer.
    let raw = frame.value(c.field, row).key_text();
    let content = match link.clone() {
        Some((href, blank)) => view! {
            <a href=href target=blank.then_some("_blank") rel="noopener noreferrer" data-testid="table-link">{text}</a>
        }
        .into_any(),
        None => view! { {text} }.into_any(),
    };
    let class = format!("{} cell-{}", c.align, c.cell_type.name());
    match &c.cell_type {
        CellType::ColorText => view! {
            <td class=class data-testid="table-cell" data-raw=raw style:color=cell.color>{content}</td>
        }
        .into_any(),
        CellType::ColorBackground { gradient } => {
            let background = cell.color.as_ref().map(|color| match gradient {
                true => format!(
                    "linear-gradient(120deg, color-mix(in srgb, {color} 80%, black), {color})"
                ),
                false => color.clone(),
            });
            view! {
                <td class=class data-testid="table-cell" data-raw=raw data-color=cell.color.clone() style:background=background style:color=cell.contrast>{content}</td>
            }
            .into_any()
        }
        CellType::Gauge { mode } => {
            let width = cell.fill.map(|f| format!("{:.2}%", f * 100.0));
            let class = format!("{class} gauge-{mode}");
            view! {
                <td class=class data-testid="table-cell" data-raw=raw data-fill=cell.fill.map(|f| format!("{f:.4}"))>
                    <div class="table-gauge">
                        <div class="table-gauge-bar" style:width=width style:background=cell.color></div>
                        <span class="table-gauge-text">{content}</span>
                    </div>
                </td>
            }
            .into_any()
        }
        CellType::Json => json_cell(class, raw, frame.value(c.field, row), link),
        CellType::Auto => {
            view! { <td class=class data-testid="table-cell" data-raw=raw>{content}</td> }.into_any()
        }
    }
}

/// A `json-view` cell (core's `json_view`): the value as written in monospace; a JSON object
/// or array expands (a native disclosure, keyboard reachable) to its pretty form. Text only.
fn json_cell(
    class: String,
    raw: String,
    value: &crate::core::transform::Datum,
    link: Option<(String, bool)>,
) -> AnyView {
    let (shown, pretty) = json_view(value);
    let body = match (link, pretty) {
        (Some((href, blank)), _) => view! {
            <a href=href target=blank.then_some("_blank") rel="noopener noreferrer" data-testid="table-link"><code class="table-json">{shown}</code></a>
        }
        .into_any(),
        (None, Some(pretty)) => view! {
            <details class="table-json-details">
                <summary><code class="table-json">{shown}</code></summary>
                <pre class="table-json-pretty" data-testid="table-json-pretty">{pretty}</pre>
            </details>
        }
        .into_any(),
        (None, None) => view! { <code class="table-json">{shown}</code> }.into_any(),
    };
    view! { <td class=class data-testid="table-cell" data-raw=raw>{body}</td> }.into_any()
}
