//! The logs view: runs the query for the URL's time range (`lines`), holds the lines in a
//! columnar `LogTable` (`shown`), and lays out the toolbar, the notes, the volume histogram,
//! the virtualized list, "load older", the line details and the inspector. Used by the explore
//! page and the dashboard panel alike.

mod derived;
mod inspector;
mod lines;
mod notes;
mod older;
mod shown;
mod tail;
mod tail_controls;
mod toolbar;

use leptos::prelude::*;

use super::details::LogDetails;
use super::list::LogList;
use super::volume::LogVolume;
use crate::api::loki::LokiClient;
use crate::core::config::Config;
use crate::core::logs_view::rows::{toggle_selection, RowSnapshot};
use crate::core::logs_view::run::{page_limit, LinesStatus};
use crate::core::loki::parse_log_query;
use crate::ui::logs::LogsOptions;
use inspector::LogsInspector;
use notes::LogsNotes;
use older::LoadOlder;
use shown::ShownLines;
use toolbar::LogsToolbar;

#[component]
pub fn LogsView(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] query: Signal<String>,
    on_query_edit: Callback<String>,
    options: LogsOptions,
    #[prop(into)] list_height: Signal<f64>,
    #[prop(into)] visible: Signal<bool>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let client = LokiClient::from_config(&config);
    let loki = client.as_ref().ok().cloned();
    let limit = page_limit(options.limit);
    let shown = ShownLines::new(&options);
    let notice = RwSignal::new(None::<String>);
    let derived = derived::use_derived_fields(notice);
    let runs = lines::use_runs(query, visible, client, limit, shown);
    let tail = tail::use_live_tail(loki.clone(), config.loki_tenant.clone(), query, runs, shown);

    let filters = Memo::new(move |_| parse_log_query(&query.get()).line_filters);
    let on_select = Callback::new(move |row: usize| {
        if options.enable_details {
            let clicked = shown.table.with_untracked(|t| RowSnapshot::of(t, row));
            shown
                .selected
                .update(|s| *s = toggle_selection(s.take(), clicked));
        }
    });
    let run = Signal::derive(move || runs.spec());
    let reset_scroll = Signal::derive(move || runs.phase.with(|p| p.spec().map_or(0, |r| r.seq)));
    let marked = Signal::derive(move || shown.selected.with(|s| s.as_ref().map(RowSnapshot::mark)));
    let status = runs.status;
    // Said in the page's status region (issue 19), on Explore and on dashboards alike.
    crate::ui::a11y::status::report_view_status(move || status.with(|s| s.data_state()));
    let (explore, show_volume) = (options.explore, options.show_volume);
    let ShownLines {
        table,
        generation,
        display,
        wrap,
        show_time,
        selected,
        ..
    } = shown;
    let (older_client, details_client) = (loki.clone(), loki.clone());

    view! {
        <div class="logs-view" data-testid="panel" data-panel-title=move || title.get()
            data-state=move || status.with(|s| s.data_state()) data-lines=move || shown.loaded().to_string()
            class:logs-wrap=move || wrap.get()>
            <LogsToolbar shown tail explore notice />
            <LogsNotes tail_note=tail.note tenant_note=tail.tenant_note notice warnings=runs.warnings />
            <Show when=move || show_volume>
                <LogVolume run client=loki.clone() />
            </Show>
            <Show when=move || status.with(|s| s.error().is_some())>
                <pre class="panel-error" data-testid="panel-error">{move || status.with(|s| s.error().unwrap_or_default().to_string())}</pre>
            </Show>
            <Show when=move || status.with(|s| *s == LinesStatus::Empty)>
                <div class="logs-empty muted" data-testid="logs-empty">"No log lines in this time range."</div>
            </Show>
            <LogList table generation display filters wrap show_time list_height on_select reset_scroll selected=marked />
            <LoadOlder client=older_client runs shown limit notice />
            {move || selected.get().map(|row| view! {
                <LogDetails row query on_query_edit client=details_client.clone() run derived
                    on_close=Callback::new(move |_| selected.set(None)) />
            })}
            <Show when=move || explore>
                <LogsInspector runs />
            </Show>
        </div>
    }
}
