//! Line details: stream labels, structured metadata, parsed and line fields (each with
//! filter-for / filter-out that edit the query), trace and derived-field links, copy, and the
//! lines before and after in the same stream ("show context"). The decisions are core's
//! `logs_view::details`.

mod context;
mod fields;
mod links;

use leptos::prelude::*;

use super::download::copy_text;
use crate::api::loki::LokiClient;
use crate::core::logs_view::details::{filter_query, FieldKind, LineDetails};
use crate::core::logs_view::rows::{format_row_time, RowSnapshot};
use crate::core::logs_view::run::RunSpec;
use crate::core::logs_view::text::visible_text;
use crate::core::loki::DerivedFields;
use context::{use_context_lines, use_row_stream, LogContext, StreamLookup};
use fields::{FieldFilter, FieldSection};
use links::{DerivedLinks, TraceLink};

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
    let LineDetails {
        fields,
        field_kind,
        trace_id,
    } = LineDetails::of(&row);
    let derived_values = derived.with_untracked(|d| d.find(&row.line));
    let copied = RwSignal::new(None::<&'static str>);
    let offset = crate::ui::clock::utc_offset_min();
    let stream = use_row_stream(client.clone(), &row, &query.get_untracked());
    let context = use_context_lines(client, run, stream, row.ts);

    let on_filter = Callback::new(move |filter: FieldFilter| {
        let edited = filter_query(
            &query.get_untracked(),
            &filter.key,
            &filter.value,
            filter.op,
            filter.kind,
        );
        on_query_edit.run(edited);
    });
    let line_for_copy = row.line.clone();
    let copy = move |_| {
        let done = copy_text(&line_for_copy);
        copied.set(Some(if done {
            "Copied"
        } else {
            "Clipboard not available"
        }));
    };
    let pairs =
        |labels: &crate::core::frame::Labels| labels.clone().into_iter().collect::<Vec<_>>();
    let time = format_row_time(row.ts, offset);
    let own_line = visible_text(&row.line);
    let row_labels = row.labels.clone();

    view! {
        <section class="logs-details" data-testid="log-details">
            <header class="logs-details-head">
                <strong>{format!("{time} · {}", row.level.as_str())}</strong>
                <span class="spacer"></span>
                <button class="btn" data-testid="copy-line" on:click=copy>"Copy line"</button>
                <button class="btn" data-testid="show-context" on:click=move |_| context.show()>"Show context"</button>
                <button class="btn" data-testid="details-close" on:click=move |_| on_close.run(())>"Close"</button>
                <span class="muted">{move || copied.get().unwrap_or_default()}</span>
            </header>
            <pre class="logs-details-line" data-testid="details-line">{own_line.clone()}</pre>
            {trace_id.map(|id| view! { <TraceLink id /> })}
            <DerivedLinks values=derived_values />
            <table class="logs-fields">
                <tbody>
                    {move || label_sections(&row_labels, &stream.get(), on_filter)}
                    <FieldSection title="Structured metadata" pairs=pairs(&row.structured_metadata) kind=FieldKind::Label on_filter />
                    <FieldSection title="Parsed labels" pairs=pairs(&row.parsed) kind=FieldKind::Label on_filter />
                    <FieldSection title="Fields" pairs=fields kind=field_kind on_filter />
                </tbody>
            </table>
            <LogContext context own_line offset />
        </section>
    }
}

/// The row's labels under the right headings: the stream's indexed labels, and (for a row
/// whose answer did not categorize them, such as a tail row) the rest, which are structured
/// metadata or parsed labels; until the stream is known, all under one neutral heading.
fn label_sections(
    row_labels: &crate::core::frame::Labels,
    stream: &StreamLookup,
    on_filter: Callback<FieldFilter>,
) -> impl IntoView {
    use crate::core::logs_view::details::labels_beyond_stream;
    let pairs =
        |labels: &crate::core::frame::Labels| labels.clone().into_iter().collect::<Vec<_>>();
    match stream {
        StreamLookup::Found(labels) => {
            let rest = labels_beyond_stream(row_labels, labels);
            view! {
                <FieldSection title="Stream labels" pairs=pairs(labels) kind=FieldKind::Label on_filter />
                <FieldSection title="Structured metadata or parsed labels" pairs=pairs(&rest) kind=FieldKind::Label on_filter />
            }
            .into_any()
        }
        _ => view! {
            <FieldSection title="Labels" pairs=pairs(row_labels) kind=FieldKind::Label on_filter />
        }
        .into_any(),
    }
}
