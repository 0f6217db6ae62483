//! "Show context": each click loads, through `use_query`, the lines before and after the
//! selected one in its stream (core's `context_queries`), shown around it. The stream is the
//! row's indexed labels only: when the row cannot say which labels those are (a tail row),
//! `series` is asked first (core's `row_stream`, `stream_from_series`). An empty context says
//! so.

use leptos::prelude::*;

use crate::api::loki::{configured, LokiClient};
use crate::core::frame::Labels;
use crate::core::load::LoadState;
use crate::core::logs_view::details::{
    context_lines, context_queries, empty_context_note, row_stream, stream_from_series, RowStream,
    CONTEXT_SPAN_NS, NO_STREAM_NOTE,
};
use crate::core::logs_view::rows::format_row_time;
use crate::core::logs_view::rows::RowSnapshot;
use crate::core::logs_view::run::RunSpec;
use crate::core::logs_view::text::visible_text;
use crate::core::loki::NsTime;
use crate::ui::query::{use_query, Query};

type Lines = Vec<(NsTime, String)>;

/// The row's stream: known at once, looked up in `series`, or not found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum StreamLookup {
    Loading,
    Found(Labels),
    NotFound,
    Failed(String),
}

/// Resolves the stream of `row` (a `series` request only when the row cannot say).
pub(super) fn use_row_stream(
    client: Option<LokiClient>,
    row: &RowSnapshot,
    query: &str,
) -> Signal<StreamLookup> {
    let decision = row_stream(row, query);
    let (labels, ts) = (row.labels.clone(), row.ts);
    let lookup = use_query(
        {
            let decision = decision.clone();
            let has_loki = client.is_some();
            move || match &decision {
                RowStream::Unsure { selector } if has_loki => Some(selector.clone()),
                _ => None,
            }
        },
        move |selector: String, signal| {
            let client = client.clone();
            async move {
                let start = ts.saturating_add(-CONTEXT_SPAN_NS);
                let end = ts.saturating_add(1);
                configured(client)?
                    .series(&[selector.as_str()], start, end, &signal)
                    .await
            }
        },
    );
    Signal::derive(move || match &decision {
        RowStream::Known(labels) => StreamLookup::Found(labels.clone()),
        RowStream::Unsure { .. } => match lookup.state() {
            LoadState::Idle | LoadState::Loading => StreamLookup::Loading,
            LoadState::Ready(series) => stream_from_series(&labels, &series)
                .map_or(StreamLookup::NotFound, StreamLookup::Found),
            LoadState::Failed(e) => StreamLookup::Failed(e.to_string()),
        },
    })
}

/// The context's load and the click that starts it.
#[derive(Clone, Copy)]
pub(super) struct ContextLines {
    clicks: RwSignal<Option<u64>>,
    lines: Query<(Lines, Lines)>,
    can_load: Signal<bool>,
    stream: Signal<StreamLookup>,
}

impl ContextLines {
    /// Loads (again): only with Loki and a run, as the details' own query needs both.
    pub fn show(&self) {
        if self.can_load.get_untracked() {
            self.clicks.update(|c| *c = Some(c.unwrap_or(0) + 1));
        }
    }
}

pub(super) fn use_context_lines(
    client: Option<LokiClient>,
    run: Signal<Option<RunSpec>>,
    stream: Signal<StreamLookup>,
    ts: NsTime,
) -> ContextLines {
    let clicks = RwSignal::new(None::<u64>);
    let has_loki = client.is_some();
    let lines = use_query(
        move || {
            let click = clicks.get()?;
            match stream.get() {
                StreamLookup::Found(labels) => Some((click, labels)),
                _ => None,
            }
        },
        move |(_, labels): (u64, Labels), signal| {
            let (client, (before, after)) = (client.clone(), context_queries(&labels, ts));
            async move {
                let client = configured(client)?;
                let before = client.query_range(&before, &signal).await?;
                let after = client.query_range(&after, &signal).await?;
                Ok((context_lines(before.data), context_lines(after.data)))
            }
        },
    );
    let can_load = Signal::derive(move || has_loki && run.with(Option::is_some));
    ContextLines {
        clicks,
        lines,
        can_load,
        stream,
    }
}

#[component]
pub(super) fn LogContext(context: ContextLines, own_line: String, offset: i32) -> impl IntoView {
    let line = move |(t, text): (NsTime, String)| {
        view! {
            <div class="logs-context-line"><span class="log-time">{format_row_time(t, offset)}</span>" "<span>{visible_text(&text)}</span></div>
        }
    };
    move || {
        if context.clicks.get().is_some() {
            match context.stream.get() {
                StreamLookup::Found(_) | StreamLookup::Loading => {}
                StreamLookup::NotFound => {
                    return Some(view! { <div class="logs-note" data-testid="log-context-empty">{NO_STREAM_NOTE}</div> }.into_any())
                }
                StreamLookup::Failed(e) => {
                    return Some(view! { <div class="panel-error">{e}</div> }.into_any())
                }
            }
        }
        let (before, after) = match context.lines.state() {
            LoadState::Idle => return None,
            LoadState::Loading => (Vec::new(), Vec::new()),
            LoadState::Ready(lines) => lines,
            LoadState::Failed(e) => {
                return Some(view! { <div class="panel-error">{e.to_string()}</div> }.into_any())
            }
        };
        let empty =
            (before.is_empty() && after.is_empty() && context.lines.state().ready().is_some())
                .then(|| match context.stream.get() {
                    StreamLookup::Found(labels) => empty_context_note(&labels),
                    _ => String::new(),
                });
        Some(
            view! {
                {empty.map(|note| view! { <div class="logs-note" data-testid="log-context-empty">{note}</div> })}
                <div class="logs-context" data-testid="log-context">
                    {before.into_iter().map(line).collect_view()}
                    <div class="logs-context-line current">{own_line.clone()}</div>
                    {after.into_iter().map(line).collect_view()}
                </div>
            }
            .into_any(),
        )
    }
}
