//! The logs view: runs the query for the URL's time range, holds the lines in a columnar
//! `LogTable`, and lays out the toolbar, the volume histogram, the virtualized list, the line
//! details and the inspector. Used by the explore page and the dashboard panel alike.

use std::collections::VecDeque;

use leptos::leptos_dom::helpers::IntervalHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::details::{LogDetails, RowSnapshot};
use super::download;
use super::list::LogList;
use super::volume_view::LogVolume;
use super::{RunSpec, MAX_LINES};
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::loki::{derived_rules, LokiClient, TailEvent, TailHandle};
use crate::core::config::Config;
pub use crate::core::logs_view::options::LogsOptions;
use crate::core::logs_view::tail::{rate_per_second, record};
use crate::core::logs_view::text::human_bytes;
use crate::core::loki::logql::is_log_query;
use crate::core::loki::query::{RangeQuery, DEFAULT_LIMIT};
use crate::core::loki::{
    dedup_rows, parse_log_query, DedupResult, DedupStrategy, DerivedFields, Direction, LogStream,
    LogTable, NsTime, QueryData, StatsSummary,
};
use crate::ui::clock::now_ms;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TailMode {
    Off,
    Live,
    Paused,
}

/// Loki's limit for a page of lines (what the view asks for, within Loki's cap).
fn page_limit(options: &LogsOptions) -> u32 {
    if options.limit == 0 {
        DEFAULT_LIMIT
    } else {
        options.limit.min(crate::core::loki::query::MAX_LIMIT)
    }
}

fn count_lines(streams: &[LogStream]) -> usize {
    streams.iter().map(|s| s.entries.len()).sum()
}

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
    let client_opt = client.as_ref().ok().cloned();
    let tenant = config.loki_tenant.clone();
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let limit = page_limit(&options);

    let state = RwSignal::new("loading");
    let error = RwSignal::new(None::<String>);
    let table = RwSignal::new(LogTable::new(options.direction));
    let generation = RwSignal::new(0u64);
    let warnings = RwSignal::new(Vec::<String>::new());
    let stats = RwSignal::new(None::<StatsSummary>);
    let more_older = RwSignal::new(false);
    let loading_older = RwSignal::new(false);
    let selected = RwSignal::new(None::<RowSnapshot>);
    let direction = RwSignal::new(options.direction);
    let dedup = RwSignal::new(options.dedup);
    let wrap = RwSignal::new(options.wrap);
    let show_time = RwSignal::new(options.show_time);
    let run = RwSignal::new(None::<RunSpec>);
    let seq = StoredValue::new(0u64);
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    let older_abort = StoredValue::new_local(None::<AbortOnDrop>);
    let derived = RwSignal::new(DerivedFields::default());
    let notice = RwSignal::new(None::<String>);

    // Tail state.
    let tail_mode = RwSignal::new(TailMode::Off);
    let tail_handle = StoredValue::new_local(None::<TailHandle>);
    let tail_buffer = StoredValue::new_local(Vec::<LogStream>::new());
    let rate_samples = StoredValue::new_local(VecDeque::<(f64, usize)>::new());
    let rate_timer = StoredValue::new_local(None::<IntervalHandle>);
    let rate = RwSignal::new(0.0f64);
    let dropped = RwSignal::new(0u64);
    let tail_note = RwSignal::new(None::<String>);

    let bump = move || generation.update(|g| *g += 1);

    spawn_local(async move {
        match derived_rules().await {
            Ok(rules) => {
                let (fields, problems) = DerivedFields::compile(&rules);
                derived.try_set(fields);
                if !problems.is_empty() {
                    notice.try_set(Some(problems.join("; ")));
                }
            }
            Err(problem) => {
                notice.try_set(Some(problem));
            }
        }
    });

    let stop_tail = move || {
        tail_handle.set_value(None);
        if let Some(timer) = rate_timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        tail_mode.set(TailMode::Off);
        rate.set(0.0);
    };

    // A run per query, range or refresh change while visible.
    Effect::new(move |_| {
        let q = query.get();
        let (time_range, _) = range.get();
        tick.0.track();
        if !visible.get() {
            return;
        }
        let q = q.trim().to_string();
        if q.is_empty() {
            run.set(None);
            state.set("empty");
            return;
        }
        let (start_ms, end_ms) = time_range.resolve(now_ms(), crate::ui::clock::utc_offset_min());
        let next = seq.get_value() + 1;
        seq.set_value(next);
        run.set(Some(RunSpec {
            query: q,
            start_ms,
            end_ms,
            seq: next,
        }));
    });

    // Fetch the lines of each run.
    let client_for_run = client.clone();
    Effect::new(move |_| {
        let Some(spec) = run.get() else {
            return;
        };
        if tail_mode.get_untracked() != TailMode::Off {
            stop_tail();
        }
        let client = match &client_for_run {
            Ok(client) => client.clone(),
            Err(e) => {
                state.set("error");
                error.set(Some(e.to_string()));
                return;
            }
        };
        if !is_log_query(&spec.query) {
            state.set("error");
            error.set(Some(
                "This is a metric query: the logs view shows log queries, which start with a stream selector such as {job=\"agent-mesh\"}.".into(),
            ));
            return;
        }
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        older_abort.set_value(None);
        state.set("loading");
        let q = RangeQuery {
            query: spec.query.clone(),
            start: NsTime::from_millis(spec.start_ms),
            end: NsTime::from_millis(spec.end_ms),
            limit: Some(limit),
            direction: Direction::Backward,
            step_seconds: None,
            interval_seconds: None,
        };
        spawn_local(async move {
            match client.query_range(&q, &signal).await {
                Ok(response) => {
                    warnings.try_set(response.warnings.clone());
                    stats.try_set(response.stats);
                    match response.data {
                        QueryData::Streams(streams) => {
                            let n = count_lines(&streams);
                            let fresh = LogTable::from_streams(streams, direction.get_untracked());
                            more_older.set(n >= limit as usize);
                            selected.set(None);
                            table.set(fresh);
                            bump();
                            error.set(None);
                            state.set(if n == 0 { "empty" } else { "ok" });
                        }
                        QueryData::Matrix(_) | QueryData::Vector(_) => {
                            state.set("error");
                            error.set(Some("Loki answered with samples, not log lines: this is a metric query.".into()));
                        }
                    }
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    table.update(LogTable::clear);
                    bump();
                    state.set("error");
                    error.set(Some(e.to_string()));
                }
            }
        });
    });

    let client_for_older = client_opt.clone();
    let load_older = Callback::new(move |_: ()| {
        let (Some(spec), Some(client)) = (run.get_untracked(), client_for_older.clone()) else {
            return;
        };
        let Some(end) = table.with_untracked(LogTable::older_page_end) else {
            return;
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        older_abort.set_value(Some(handle));
        loading_older.set(true);
        let q = RangeQuery {
            query: spec.query.clone(),
            start: NsTime::from_millis(spec.start_ms),
            end,
            limit: Some(limit),
            direction: Direction::Backward,
            step_seconds: None,
            interval_seconds: None,
        };
        spawn_local(async move {
            let result = client.query_range(&q, &signal).await;
            loading_older.try_set(false);
            match result {
                Ok(response) => {
                    if let QueryData::Streams(streams) = response.data {
                        let n = count_lines(&streams);
                        let added = table.try_update(|t| t.merge(streams)).unwrap_or(0);
                        more_older.try_set(n >= limit as usize && added > 0);
                        bump();
                    }
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    notice.try_set(Some(format!("Loading older lines failed: {e}")));
                }
            }
        });
    });

    let display = Memo::new(move |_| {
        generation.track();
        let strategy = dedup.get();
        table.with(|t| match strategy {
            DedupStrategy::None => DedupResult {
                rows: (0..t.len()).collect(),
                duplicates: vec![0; t.len()],
            },
            _ => dedup_rows(t.lines(), strategy),
        })
    });
    let filters = Memo::new(move |_| parse_log_query(&query.get()).line_filters);
    let lines_loaded = move || table.with(LogTable::len);

    // Live tail.
    let client_for_tail = client_opt.clone();
    let tail_tenant = tenant.clone();
    let start_tail = Callback::new(move |_: ()| {
        let Some(client) = client_for_tail.clone() else {
            tail_note.set(Some("config.json names no Loki datasource.".into()));
            return;
        };
        let q = query.get_untracked();
        if !is_log_query(&q) {
            tail_note.set(Some("Live tail needs a log query ({...}).".into()));
            return;
        }
        let start = table
            .with_untracked(LogTable::newest)
            .map(|t| t.saturating_add(1))
            .unwrap_or_else(|| NsTime::from_millis(now_ms() - 10_000));
        dropped.set(0);
        rate_samples.update_value(VecDeque::clear);
        let tenant_note = tail_tenant.as_ref().map(|t| {
            format!(
                "Tenant \"{t}\": a browser WebSocket cannot send the X-Scope-OrgID header (Loki accepts it only as a header), so the proxy in front of Loki must add it for the tail."
            )
        });
        tail_note.set(tenant_note.clone());
        let handle = client.tail(&q, start, move |event| match event {
            TailEvent::Message(message) => {
                let n = count_lines(&message.streams);
                dropped.try_update(|d| *d += message.dropped.len() as u64);
                rate_samples.try_update_value(|s| record(s, now_ms() as f64, n));
                if n == 0 {
                    return;
                }
                if tail_mode.try_get_untracked() == Some(TailMode::Paused) {
                    tail_buffer.try_update_value(|b| {
                        b.extend(message.streams);
                        // Bounded while paused too: keep the newest streams' batches.
                        let mut total: usize = b.iter().map(|s| s.entries.len()).sum();
                        while total > MAX_LINES && !b.is_empty() {
                            total -= b.remove(0).entries.len();
                        }
                    });
                } else {
                    table.try_update(|t| {
                        t.merge(message.streams);
                        t.retain_newest(MAX_LINES);
                    });
                    generation.try_update(|g| *g += 1);
                    state.try_set("ok");
                }
            }
            TailEvent::Connected => {
                tail_note.try_set(tenant_note.clone());
            }
            TailEvent::Problem(problem) => {
                tail_note.try_set(Some(problem));
            }
            TailEvent::Reconnecting { in_ms } => {
                tail_note.try_set(Some(format!(
                    "Tail connection closed; reconnecting in {} s.",
                    in_ms / 1000
                )));
            }
        });
        tail_handle.set_value(Some(handle));
        tail_mode.set(TailMode::Live);
        let timer = set_interval_with_handle(
            move || {
                if let Some(r) =
                    rate_samples.try_with_value(|s| rate_per_second(s, now_ms() as f64))
                {
                    rate.try_set(r);
                }
            },
            std::time::Duration::from_millis(1000),
        )
        .ok();
        rate_timer.set_value(timer);
    });
    let pause_tail = move |_| tail_mode.set(TailMode::Paused);
    let resume_tail = move |_| {
        let buffered = tail_buffer
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if !buffered.is_empty() {
            table.update(|t| {
                t.merge(buffered);
                t.retain_newest(MAX_LINES);
            });
            bump();
        }
        tail_mode.set(TailMode::Live);
    };
    let clear_lines = move |_| {
        tail_buffer.update_value(Vec::clear);
        table.update(LogTable::clear);
        selected.set(None);
        bump();
    };
    on_cleanup(move || {
        if let Some(timer) = rate_timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    });

    let set_direction = move |ev| {
        let d = Direction::parse(&event_target_value(&ev)).unwrap_or_default();
        direction.set(d);
        table.update(|t| t.set_direction(d));
        bump();
    };
    let set_dedup = move |ev| {
        dedup.set(DedupStrategy::parse(&event_target_value(&ev)).unwrap_or_default());
        bump();
    };
    let shown_rows = move || display.with(|d| d.rows.clone());
    let download_text = move |_| {
        let rows = shown_rows();
        let text = table.with_untracked(|t| t.export_text(&rows));
        if let Err(e) = download::save("logs.txt", "text/plain", &text) {
            notice.set(Some(e));
        }
    };
    let download_json = move |_| {
        let rows = shown_rows();
        let text = table.with_untracked(|t| t.export_json(&rows));
        if let Err(e) = download::save("logs.json", "application/json", &text) {
            notice.set(Some(e));
        }
    };
    let on_select = Callback::new(move |row: usize| {
        if !options.enable_details {
            return;
        }
        let snapshot = table.with_untracked(|t| RowSnapshot::of(t, row));
        selected.update(|current| {
            *current = match (current.take(), snapshot) {
                (Some(old), Some(new)) if old.same_row(&new) => None,
                (_, new) => new,
            }
        });
    });
    let run_signal = Signal::derive(move || run.get());
    let reset_scroll = Signal::derive(move || run.with(|r| r.as_ref().map_or(0, |r| r.seq)));
    let explore = options.explore;
    let show_volume = options.show_volume;
    let client_for_details = client_opt.clone();

    view! {
        <div class="logs-view" data-testid="panel" data-panel-title=move || title.get()
            data-state=move || state.get() data-lines=move || lines_loaded().to_string()
            class:logs-wrap=move || wrap.get()>
            <div class="logs-toolbar">
                <span class="logs-count" data-testid="logs-count">
                    {move || {
                        let hidden = display.with(DedupResult::hidden);
                        let n = lines_loaded();
                        if hidden > 0 { format!("{n} lines ({hidden} duplicates hidden)") } else { format!("{n} lines") }
                    }}
                </span>
                <label class="logs-toggle"><input type="checkbox" data-testid="logs-time-toggle" prop:checked=move || show_time.get()
                    on:change=move |ev| show_time.set(event_target_checked(&ev)) />"Time"</label>
                <label class="logs-toggle"><input type="checkbox" data-testid="logs-wrap-toggle" prop:checked=move || wrap.get()
                    on:change=move |ev| wrap.set(event_target_checked(&ev)) />"Wrap lines"</label>
                <select class="select" data-testid="logs-order" title="Order" prop:value=move || direction.get().as_str().to_string() on:change=set_direction>
                    <option value="backward">"Newest first"</option>
                    <option value="forward">"Oldest first"</option>
                </select>
                <select class="select" data-testid="logs-dedup" title="Deduplication" prop:value=move || dedup.get().as_str().to_string() on:change=set_dedup>
                    <option value="none">"No dedup"</option>
                    <option value="exact">"Dedup: exact"</option>
                    <option value="numbers">"Dedup: numbers"</option>
                    <option value="signature">"Dedup: signature"</option>
                </select>
                <Show when=move || explore>
                    <span class="logs-tail">
                        {move || match tail_mode.get() {
                            TailMode::Off => view! { <button class="btn" data-testid="tail-start" on:click=move |_| start_tail.run(())>"Live tail"</button> }.into_any(),
                            TailMode::Live => view! {
                                <button class="btn" data-testid="tail-pause" on:click=pause_tail>"Pause"</button>
                                <button class="btn" data-testid="tail-stop" on:click=move |_| stop_tail()>"Stop"</button>
                            }.into_any(),
                            TailMode::Paused => view! {
                                <button class="btn" data-testid="tail-resume" on:click=resume_tail>"Resume"</button>
                                <button class="btn" data-testid="tail-stop" on:click=move |_| stop_tail()>"Stop"</button>
                            }.into_any(),
                        }}
                        <button class="btn" data-testid="logs-clear" on:click=clear_lines>"Clear"</button>
                        <Show when=move || tail_mode.get() != TailMode::Off>
                            <span class="logs-rate" data-testid="tail-rate">{move || format!("{:.1} lines/s", rate.get())}</span>
                            <Show when=move || { dropped.get() > 0 }>
                                <span class="logs-dropped" data-testid="tail-dropped">{move || format!("{} dropped", dropped.get())}</span>
                            </Show>
                        </Show>
                    </span>
                    <button class="btn" data-testid="download-txt" on:click=download_text>"Download TXT"</button>
                    <button class="btn" data-testid="download-json" on:click=download_json>"Download JSON"</button>
                </Show>
            </div>
            <Show when=move || tail_note.with(Option::is_some)>
                <div class="logs-note" data-testid="tail-note">{move || tail_note.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || notice.with(Option::is_some)>
                <div class="logs-note" data-testid="logs-notice">{move || notice.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || !warnings.with(Vec::is_empty)>
                <ul class="logs-warnings" data-testid="logs-warnings">
                    {move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || show_volume>
                <LogVolume run=run_signal client=client_opt.clone() />
            </Show>
            <Show when=move || error.with(Option::is_some) && state.get() == "error">
                <pre class="panel-error" data-testid="panel-error">{move || error.get().unwrap_or_default()}</pre>
            </Show>
            <Show when=move || state.get() == "empty">
                <div class="logs-empty muted" data-testid="logs-empty">"No log lines in this time range."</div>
            </Show>
            <LogList table generation display filters wrap show_time list_height on_select reset_scroll
                selected=Signal::derive(move || selected.with(|s| s.as_ref().map(|s| (s.ts, s.line_hash)))) />
            <Show when=move || more_older.get()>
                <button class="btn logs-older" data-testid="logs-load-older" disabled=move || loading_older.get()
                    on:click=move |_| load_older.run(())>{move || if loading_older.get() { "Loading…" } else { "Load older lines" }}</button>
            </Show>
            {move || selected.get().map(|row| view! {
                <LogDetails row query on_query_edit client=client_for_details.clone() run=run_signal derived
                    on_close=Callback::new(move |_| selected.set(None)) />
            })}
            <Show when=move || explore>
                <details class="logs-inspector" data-testid="logs-inspector">
                    <summary>"Inspector"</summary>
                    {move || match stats.get() {
                        Some(s) => view! {
                            <dl class="logs-stats">
                                <dt>"Lines processed"</dt><dd data-testid="stats-lines">{s.total_lines_processed.to_string()}</dd>
                                <dt>"Bytes processed"</dt><dd data-testid="stats-bytes">{human_bytes(s.total_bytes_processed)}</dd>
                                <dt>"Entries returned"</dt><dd>{s.total_entries_returned.to_string()}</dd>
                                <dt>"Execution time"</dt><dd>{format!("{:.3} s", s.exec_time_seconds)}</dd>
                            </dl>
                        }.into_any(),
                        None => view! { <p class="muted">"Loki sent no statistics for this query."</p> }.into_any(),
                    }}
                    <p class="muted">{move || format!("Warnings: {}", warnings.with(Vec::len))}</p>
                    <p class="muted">{move || run.get().map(|r| format!("Query: {}", r.query)).unwrap_or_default()}</p>
                </details>
            </Show>
        </div>
    }
}
