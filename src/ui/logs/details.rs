//! Line details: stream labels, structured metadata, parsed and line fields (each with
//! filter-for / filter-out that edit the query), trace and derived-field links, copy, and the
//! lines before and after in the same stream ("show context").

use std::hash::{Hash, Hasher};

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::download::copy_text;
use super::list::format_row_time;
use super::RunSpec;
use crate::api::http::abort_handle;
use crate::api::loki::LokiClient;
use crate::core::frame::Labels;
use crate::core::logs_view::text::visible_text;
use crate::core::loki::logql::{add_parser_stage, stream_selector};
use crate::core::loki::query::{encode_component, RangeQuery};
use crate::core::loki::{
    add_label_filter, find_trace_id, line_fields, DerivedFields, Direction, FilterOp, LogLevel,
    LogTable, NsTime, QueryData,
};
use crate::ui::view_state::{carried_query, use_view_state};

/// How far "show context" looks on each side, and how many lines it shows.
const CONTEXT_SPAN_NS: i64 = 3_600 * 1_000_000_000;
const CONTEXT_LINES: u32 = 10;

/// A cheap identity for a line (to mark the selected row without keeping its index).
pub fn line_hash(line: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    line.hash(&mut hasher);
    hasher.finish()
}

/// A copy of one row, so the details survive the table changing under them (live tail).
#[derive(Debug, Clone, PartialEq)]
pub struct RowSnapshot {
    pub ts: NsTime,
    pub line: String,
    pub line_hash: u64,
    pub level: LogLevel,
    pub labels: Labels,
    pub structured_metadata: Labels,
    pub parsed: Labels,
}

impl RowSnapshot {
    pub fn of(table: &LogTable, row: usize) -> Option<RowSnapshot> {
        let line = table.lines().get(row)?.clone();
        let extra = table.row_labels(row).cloned().unwrap_or_default();
        Some(RowSnapshot {
            ts: table.timestamps()[row],
            line_hash: line_hash(&line),
            line,
            level: table.levels()[row],
            labels: table.indexed_labels(row),
            structured_metadata: extra.structured_metadata,
            parsed: extra.parsed,
        })
    }

    pub fn same_row(&self, other: &RowSnapshot) -> bool {
        self.ts == other.ts && self.line_hash == other.line_hash && self.labels == other.labels
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Label,
    /// A field of the line: filtering on it needs the parser stage first.
    Line(&'static str),
}

#[component]
pub fn LogDetails(
    row: RowSnapshot,
    query: Signal<String>,
    on_query_edit: Callback<String>,
    client: Option<LokiClient>,
    run: Signal<Option<RunSpec>>,
    derived: RwSignal<DerivedFields>,
    on_close: Callback<()>,
) -> impl IntoView {
    let view_state = use_view_state();
    let fields = line_fields(&row.line);
    let field_pairs: Vec<(String, String)> =
        fields.as_ref().map(|(_, f)| f.clone()).unwrap_or_default();
    let stage = fields
        .as_ref()
        .map(|(source, _)| source.stage())
        .unwrap_or("logfmt");
    let trace_id = find_trace_id(
        &row.structured_metadata,
        &row.parsed,
        &row.labels,
        &field_pairs,
    )
    .map(str::to_string);
    let derived_values = derived.with_untracked(|d| d.find(&row.line));
    let copied = RwSignal::new(None::<&'static str>);
    let context =
        RwSignal::new(None::<Result<(Vec<(NsTime, String)>, Vec<(NsTime, String)>), String>>);
    let offset = crate::ui::clock::utc_offset_min();

    let edit = move |key: String, value: String, op: FilterOp, kind: FieldKind| {
        let current = query.get_untracked();
        let base = match kind {
            FieldKind::Label => current,
            FieldKind::Line(stage) => add_parser_stage(&current, stage),
        };
        on_query_edit.run(add_label_filter(&base, &key, &value, op));
    };
    let section = move |title: &'static str, pairs: Vec<(String, String)>, kind: FieldKind| {
        (!pairs.is_empty()).then(|| {
            view! {
                <tr class="logs-details-section"><th colspan="4">{title}</th></tr>
                {pairs.into_iter().map(|(key, value)| {
                    let (k1, v1, k2, v2) = (key.clone(), value.clone(), key.clone(), value.clone());
                    let (attr_row, attr_for, attr_out) = (key.clone(), key.clone(), key.clone());
                    let shown_value = visible_text(&value);
                    view! {
                        <tr class="logs-field" data-testid="log-field" data-key=attr_row>
                            <td class="logs-field-actions">
                                <button class="icon-btn" data-testid="filter-for" data-key=attr_for title="Filter for this value"
                                    on:click=move |_| edit(k1.clone(), v1.clone(), FilterOp::Equal, kind)>"+"</button>
                                <button class="icon-btn" data-testid="filter-out" data-key=attr_out title="Filter out this value"
                                    on:click=move |_| edit(k2.clone(), v2.clone(), FilterOp::NotEqual, kind)>"−"</button>
                            </td>
                            <td class="logs-field-key">{key}</td>
                            <td class="logs-field-value" colspan="2">{shown_value}</td>
                        </tr>
                    }
                }).collect_view()}
            }
        })
    };

    let line_for_copy = row.line.clone();
    let copy = move |_| {
        copied.set(Some(if copy_text(&line_for_copy) {
            "Copied"
        } else {
            "Clipboard not available"
        }));
    };
    let (ts, labels) = (row.ts, row.labels.clone());
    let show_context = move |_| {
        let (Some(client), Some(_spec)) = (client.clone(), run.get_untracked()) else {
            return;
        };
        let selector = stream_selector(&labels);
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        context.set(Some(Ok((Vec::new(), Vec::new()))));
        spawn_local(async move {
            let _keep = handle;
            let before = RangeQuery {
                query: selector.clone(),
                start: ts.saturating_add(-CONTEXT_SPAN_NS),
                end: ts,
                limit: Some(CONTEXT_LINES),
                direction: Direction::Backward,
                step_seconds: None,
                interval_seconds: None,
            };
            let after = RangeQuery {
                query: selector,
                start: ts.saturating_add(1),
                end: ts.saturating_add(CONTEXT_SPAN_NS),
                limit: Some(CONTEXT_LINES),
                direction: Direction::Forward,
                step_seconds: None,
                interval_seconds: None,
            };
            let lines = |data: QueryData| -> Vec<(NsTime, String)> {
                let mut out: Vec<(NsTime, String)> = match data {
                    QueryData::Streams(streams) => streams
                        .into_iter()
                        .flat_map(|s| s.entries.into_iter().map(|e| (e.ts, e.line)))
                        .collect(),
                    _ => Vec::new(),
                };
                out.sort_by_key(|(t, _)| *t);
                out
            };
            let result = match client.query_range(&before, &signal).await {
                Ok(b) => match client.query_range(&after, &signal).await {
                    Ok(a) => Ok((lines(b.data), lines(a.data))),
                    Err(e) => Err(e.to_string()),
                },
                Err(e) => Err(e.to_string()),
            };
            context.try_set(Some(result));
        });
    };

    let carried = move || carried_query(&view_state.get());
    let trace_link = trace_id.map(|id| {
        let href = crate::ui::view_state::app_href(&format!("/explore/traces/{}", encode_component(&id)));
        view! {
            <p class="logs-trace">"Trace: "
                <A href=move || format!("{href}{}", carried()) attr:data-testid="trace-link" attr:class="trace-link">{id.clone()}</A>
            </p>
        }
    });
    let derived_links = derived_values.into_iter().map(|value| {
        let label = format!("{}: {}", value.name, value.value);
        match value.url {
            Some(url) if url.starts_with('/') => {
                view! { <p class="logs-derived"><A href=move || format!("{url}{}", carried()) attr:data-testid="derived-link">{label.clone()}</A></p> }.into_any()
            }
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                view! { <p class="logs-derived"><a href=url data-testid="derived-link" target="_blank" rel="noopener noreferrer">{label}</a></p> }.into_any()
            }
            Some(_) => view! { <p class="logs-derived">{label}</p> }.into_any(),
            None => {
                let href = crate::ui::view_state::app_href(&format!("/explore/traces/{}", encode_component(&value.value)));
                view! { <p class="logs-derived"><A href=move || format!("{href}{}", carried()) attr:data-testid="derived-link">{label.clone()}</A></p> }.into_any()
            }
        }
    }).collect_view();

    let time = format_row_time(row.ts, offset);
    let labels_pairs: Vec<(String, String)> = row.labels.clone().into_iter().collect();
    let metadata_pairs: Vec<(String, String)> =
        row.structured_metadata.clone().into_iter().collect();
    let parsed_pairs: Vec<(String, String)> = row.parsed.clone().into_iter().collect();
    let line_kind = FieldKind::Line(stage);
    let context_line = move |(t, line): (NsTime, String)| {
        view! {
            <div class="logs-context-line"><span class="log-time">{format_row_time(t, offset)}</span>" "<span>{visible_text(&line)}</span></div>
        }
    };
    let own_line = visible_text(&row.line);

    view! {
        <section class="logs-details" data-testid="log-details">
            <header class="logs-details-head">
                <strong>{format!("{time} · {}", row.level.as_str())}</strong>
                <span class="spacer"></span>
                <button class="btn" data-testid="copy-line" on:click=copy>"Copy line"</button>
                <button class="btn" data-testid="show-context" on:click=show_context>"Show context"</button>
                <button class="btn" data-testid="details-close" on:click=move |_| on_close.run(())>"Close"</button>
                <span class="muted">{move || copied.get().unwrap_or_default()}</span>
            </header>
            <pre class="logs-details-line" data-testid="details-line">{own_line.clone()}</pre>
            {trace_link}
            {derived_links}
            <table class="logs-fields">
                <tbody>
                    {section("Stream labels", labels_pairs, FieldKind::Label)}
                    {section("Structured metadata", metadata_pairs, FieldKind::Label)}
                    {section("Parsed labels", parsed_pairs, FieldKind::Label)}
                    {section("Fields", field_pairs, line_kind)}
                </tbody>
            </table>
            {move || context.get().map(|result| match result {
                Ok((before, after)) => view! {
                    <div class="logs-context" data-testid="log-context">
                        {before.into_iter().map(context_line).collect_view()}
                        <div class="logs-context-line current">{own_line.clone()}</div>
                        {after.into_iter().map(context_line).collect_view()}
                    </div>
                }.into_any(),
                Err(message) => view! { <div class="panel-error">{message}</div> }.into_any(),
            })}
        </section>
    }
}
