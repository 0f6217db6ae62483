//! "Show context": each click loads, through `use_query`, the lines before and after the
//! selected one in its stream (core's `context_queries`), shown around it.

use leptos::prelude::*;

use crate::api::loki::{configured, LokiClient};
use crate::core::frame::Labels;
use crate::core::load::LoadState;
use crate::core::logs_view::details::{context_lines, context_queries};
use crate::core::logs_view::rows::format_row_time;
use crate::core::logs_view::run::RunSpec;
use crate::core::logs_view::text::visible_text;
use crate::core::loki::NsTime;
use crate::ui::query::{use_query, Query};

type Lines = Vec<(NsTime, String)>;

/// The context's load and the click that starts it.
#[derive(Clone, Copy)]
pub(super) struct ContextLines {
    clicks: RwSignal<Option<u64>>,
    lines: Query<(Lines, Lines)>,
    can_load: Signal<bool>,
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
    labels: Labels,
    ts: NsTime,
) -> ContextLines {
    let clicks = RwSignal::new(None::<u64>);
    let has_loki = client.is_some();
    let lines = use_query(
        move || clicks.get(),
        move |_, signal| {
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
        let (before, after) = match context.lines.state() {
            LoadState::Idle => return None,
            LoadState::Loading => (Vec::new(), Vec::new()),
            LoadState::Ready(lines) => lines,
            LoadState::Failed(e) => {
                return Some(view! { <div class="panel-error">{e.to_string()}</div> }.into_any())
            }
        };
        Some(
            view! {
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
