//! `/explore/traces`: the search form (service and operation from Jaeger, logfmt tags,
//! durations, limit; time from the top bar), run from the URL so searches can be shared; the
//! results as a scatter plot and a sortable list; open by id; open an uploaded file.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::model::TraceModel;
use super::results::ResultsList;
use super::scatter::ScatterPlot;
use super::upload::UploadButton;
use super::view::TraceView;
use super::{summaries, timeline_height};
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::jaeger::JaegerClient;
use crate::core::config::Config;
use crate::core::jaeger::{parse_tags_logfmt, TraceQuery};
use crate::core::trace::{Trace, TraceSummary};
use crate::core::trace_explore::{is_trace_id, parse_duration_us, SortKey};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::{carried_query, use_time_range, use_update_view, use_view_state};

const PARAMS: [&str; 6] = [
    "service",
    "operation",
    "tags",
    "minDuration",
    "maxDuration",
    "limit",
];
const DEFAULT_LIMIT: u32 = 20;

#[component]
pub fn TraceSearch() -> impl IntoView {
    let config = expect_context::<Config>();
    let client = JaegerClient::from_config(&config);
    let view = use_view_state();
    let update = use_update_view();
    let navigate = use_navigate();
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();

    let url_param = move |key: &'static str| {
        Memo::new(move |_| view.with(|v| v.passthrough_value(key).unwrap_or_default().to_string()))
    };
    let url = PARAMS.map(url_param);
    // The form starts from the URL and follows it when the URL changes (back/forward).
    let form = PARAMS.map(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        for (field, value) in form.iter().zip(url.iter()) {
            field.set(value.get());
        }
    });
    let [f_service, f_operation, f_tags, f_min, f_max, f_limit] = form;

    let services = RwSignal::new(Vec::<String>::new());
    let operations = RwSignal::new(Vec::<String>::new());
    let form_error = RwSignal::new(None::<String>);
    let lists_abort = StoredValue::new_local(None::<AbortOnDrop>);
    let ops_abort = StoredValue::new_local(None::<AbortOnDrop>);

    // Services, re-read on refresh.
    let c = client.clone();
    Effect::new(move |_| {
        tick.0.track();
        let client = match &c {
            Ok(client) => client.clone(),
            Err(e) => {
                form_error.set(Some(e.to_string()));
                return;
            }
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        lists_abort.set_value(Some(handle));
        spawn_local(async move {
            match client.services(&signal).await {
                Ok(list) => {
                    services.try_set(list);
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    form_error.try_set(Some(format!("Services could not be loaded: {e}")));
                }
            }
        });
    });
    // Operations of the chosen service.
    let c = client.clone();
    Effect::new(move |_| {
        let service = f_service.get();
        operations.set(Vec::new());
        let (Ok(client), false) = (c.clone(), service.is_empty()) else {
            return;
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        ops_abort.set_value(Some(handle));
        spawn_local(async move {
            if let Ok(list) = client.operations(&service, &signal).await {
                operations.try_set(list);
            }
        });
    });

    // The search, run from the URL.
    let state = RwSignal::new("empty");
    let error = RwSignal::new(None::<String>);
    let results = RwSignal::new(Arc::new(Vec::<TraceSummary>::new()));
    let warnings = RwSignal::new(Vec::<String>::new());
    let search_abort = StoredValue::new_local(None::<AbortOnDrop>);
    let c = client.clone();
    Effect::new(move |_| {
        let values = url.map(|m| m.get());
        let (time_range, _) = range.get();
        tick.0.track();
        let [service, operation, tags, min, max, limit] = values;
        if service.is_empty() {
            state.set("empty");
            results.set(Arc::new(Vec::new()));
            return;
        }
        let client = match &c {
            Ok(client) => client.clone(),
            Err(e) => {
                state.set("error");
                error.set(Some(e.to_string()));
                return;
            }
        };
        let durations =
            parse_duration_us(&min).and_then(|a| parse_duration_us(&max).map(|b| (a, b)));
        let (min_duration_us, max_duration_us) = match durations {
            Ok(pair) => pair,
            Err(e) => {
                state.set("error");
                error.set(Some(e));
                return;
            }
        };
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        let query = TraceQuery {
            service,
            operation: Some(operation).filter(|o| !o.is_empty()),
            tags: parse_tags_logfmt(&tags),
            min_duration_us,
            max_duration_us,
            start_us: start_ms.saturating_mul(1000),
            end_us: end_ms.saturating_mul(1000),
            limit: limit
                .trim()
                .parse()
                .ok()
                .filter(|l| *l > 0)
                .unwrap_or(DEFAULT_LIMIT),
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        search_abort.set_value(Some(handle));
        state.set("loading");
        spawn_local(async move {
            match client.search(&query, &signal).await {
                Ok(found) => {
                    let rows = summaries(&found.traces);
                    let _ = state.try_set(if rows.is_empty() { "empty" } else { "ok" });
                    error.try_set(None);
                    warnings.try_set(found.warnings);
                    results.try_set(Arc::new(rows));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    state.try_set("error");
                    error.try_set(Some(e.to_string()));
                    results.try_set(Arc::new(Vec::new()));
                }
            }
        });
    });

    let submit = {
        let update = update.clone();
        move || {
            let values = form.map(|f| f.get_untracked());
            for text in [&values[3], &values[4]] {
                if let Err(e) = parse_duration_us(text) {
                    form_error.set(Some(e));
                    return;
                }
            }
            form_error.set(None);
            if values == url.map(|m| m.get_untracked()) {
                tick.bump();
                return;
            }
            update(&|state| {
                for (key, value) in PARAMS.iter().zip(values.iter()) {
                    state.set_passthrough(
                        key,
                        Some(value.trim().to_string()).filter(|v| !v.is_empty()),
                    );
                }
            });
        }
    };

    // Open by id, and uploaded files (shown in place of the results).
    let open_id = RwSignal::new(String::new());
    let nav = navigate.clone();
    let open_trace = Callback::new(move |id: String| {
        let target = format!(
            "/explore/traces/{}{}",
            id.trim(),
            carried_query(&view.get_untracked())
        );
        nav(&target, NavigateOptions::default());
    });
    let uploaded = RwSignal::new(Vec::<Arc<TraceModel>>::new());
    let uploaded_pick = RwSignal::new(0usize);
    let upload_error = RwSignal::new(None::<String>);
    let on_loaded = Callback::new(move |traces: Vec<Trace>| {
        upload_error.set(None);
        uploaded_pick.set(0);
        uploaded.set(traces.into_iter().map(TraceModel::new).collect());
    });
    let on_upload_error = Callback::new(move |e: String| upload_error.set(Some(e)));

    let submit_click = submit.clone();
    view! {
        <section class="page traces-page" data-testid="traces-search">
            <form class="trace-search-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label>"Service"
                    <select class="select" data-testid="trace-service" prop:value=move || f_service.get()
                        on:change=move |ev| { f_service.set(event_target_value(&ev)); f_operation.set(String::new()); }>
                        <option value="">"Choose a service"</option>
                        {move || {
                            let mut list = services.get();
                            let current = f_service.get();
                            if !current.is_empty() && !list.contains(&current) { list.insert(0, current); }
                            list.into_iter().map(|s| view! { <option value=s.clone() selected=s == f_service.get_untracked()>{s.clone()}</option> }).collect_view()
                        }}
                    </select>
                </label>
                <label>"Operation"
                    <select class="select" data-testid="trace-operation" prop:value=move || f_operation.get()
                        on:change=move |ev| f_operation.set(event_target_value(&ev))>
                        <option value="">"All operations"</option>
                        {move || {
                            let mut list = operations.get();
                            let current = f_operation.get();
                            if !current.is_empty() && !list.contains(&current) { list.insert(0, current); }
                            list.into_iter().map(|s| view! { <option value=s.clone() selected=s == f_operation.get_untracked()>{s.clone()}</option> }).collect_view()
                        }}
                    </select>
                </label>
                <label>"Tags"
                    <input class="input" data-testid="trace-tags" placeholder="error=true http.status_code=500"
                        prop:value=move || f_tags.get() on:input=move |ev| f_tags.set(event_target_value(&ev)) />
                </label>
                <label>"Min duration"
                    <input class="input input-short" data-testid="trace-min-duration" placeholder="e.g. 1.2s, 100ms"
                        prop:value=move || f_min.get() on:input=move |ev| f_min.set(event_target_value(&ev)) />
                </label>
                <label>"Max duration"
                    <input class="input input-short" data-testid="trace-max-duration" placeholder="e.g. 10s"
                        prop:value=move || f_max.get() on:input=move |ev| f_max.set(event_target_value(&ev)) />
                </label>
                <label>"Limit"
                    <input class="input input-short" type="number" min="1" max="1500" data-testid="trace-limit" placeholder="20"
                        prop:value=move || f_limit.get() on:input=move |ev| f_limit.set(event_target_value(&ev)) />
                </label>
                <button class="btn btn-primary" type="submit" data-testid="trace-find" on:click=move |ev| { ev.prevent_default(); submit_click(); }>"Find traces"</button>
            </form>
            <div class="trace-search-tools">
                <input class="input" data-testid="trace-id-input" placeholder="Trace id"
                    prop:value=move || open_id.get() on:input=move |ev| open_id.set(event_target_value(&ev)) />
                <button class="btn" data-testid="trace-id-open" disabled=move || !is_trace_id(&open_id.get())
                    on:click=move |_| open_trace.run(open_id.get_untracked())>"Open trace"</button>
                <UploadButton on_loaded on_error=on_upload_error />
                <leptos_router::components::A href=move || format!("{}{}", crate::ui::view_state::app_href("/explore/traces/dependencies"), carried_query(&view.get())) attr:class="btn">"Dependency graph"</leptos_router::components::A>
            </div>
            {move || form_error.get().map(|e| view! { <p class="error-text" data-testid="trace-form-error">{e}</p> })}
            {move || upload_error.get().map(|e| view! { <div class="panel" data-testid="panel" data-panel-title="Uploaded trace" data-state="error"><p class="error-text" data-testid="panel-error">{e}</p></div> })}
            {move || {
                let list = uploaded.get();
                if list.is_empty() {
                    return search_results(state, error, results, warnings, open_trace).into_any();
                }
                let pick = uploaded_pick.get().min(list.len() - 1);
                let model = list[pick].clone();
                let names: Vec<(usize, String)> = list.iter().enumerate().map(|(i, m)| (i, format!("{}: {} ({} spans)", m.summary.root_service, m.summary.root_operation, m.summary.span_count))).collect();
                view! {
                    <div class="uploaded" data-testid="uploaded-trace">
                        <div class="uploaded-bar">
                            <span class="muted">{format!("Opened from a file: {} trace(s)", list.len())}</span>
                            {(names.len() > 1).then(|| view! {
                                <select class="select" on:change=move |ev| uploaded_pick.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    {names.clone().into_iter().map(|(i, n)| view! { <option value=i.to_string() selected=i == pick>{n}</option> }).collect_view()}
                                </select>
                            })}
                            <button class="btn btn-small" on:click=move |_| uploaded.set(Vec::new())>"Back to search"</button>
                        </div>
                        <TraceView model timeline_height=timeline_height() />
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn search_results(
    state: RwSignal<&'static str>,
    error: RwSignal<Option<String>>,
    results: RwSignal<Arc<Vec<TraceSummary>>>,
    warnings: RwSignal<Vec<String>>,
    open_trace: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="panel trace-search-results" data-testid="panel" data-panel-title="Trace search"
            data-state=move || state.get() data-series="1" data-points=move || results.with(|r| r.len())>
            {move || match state.get() {
                "error" => view! { <p class="error-text" data-testid="panel-error">{error.get().unwrap_or_default()}</p> }.into_any(),
                "loading" => view! { <p class="muted">"Searching…"</p> }.into_any(),
                "empty" if results.with(|r| r.is_empty()) => view! { <p class="muted" data-testid="panel-empty">"No traces: choose a service (and maybe an operation) and press Find traces, or widen the time range."</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || warnings.get().into_iter().map(|w| view! { <p class="warn">{w}</p> }).collect_view()}
            <Show when=move || results.with(|r| !r.is_empty())>
                <ScatterPlot rows=results on_open=open_trace />
                <ResultsList rows=results initial=SortKey::Start />
            </Show>
        </div>
    }
}
