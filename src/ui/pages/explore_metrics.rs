//! `/explore/metrics`: a PromQL editor (completion of metric names, label names and values from
//! the API; recent queries; Shift+Enter runs) over a result panel in graph or table view.
//! The query lives in the URL (`query=`), so the page is shareable.

use crate::api::http::abort_handle;
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::dashboard::Panel;
use crate::core::prometheus::PromRequest;
use crate::core::promql_complete::{
    apply_completion, completion_context, rank_suggestions, CompletionContext,
};
use crate::core::url_state::ViewState;
use crate::core::variables::VariableScope;
use crate::ui::panels::data::panel_queries;
use crate::ui::panels::metric_panel_view;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::{use_update_view, use_view_state};
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

const HISTORY_KEY: &str = "meshboard.explore.metrics.history";
const HISTORY_MAX: usize = 20;

fn url_param(state: &ViewState, key: &str) -> Option<String> {
    state
        .passthrough
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

fn set_param(state: &mut ViewState, key: &str, value: Option<String>) {
    state.passthrough.retain(|(k, _)| k != key);
    if let Some(v) = value {
        state.passthrough.push((key.to_string(), v));
    }
}

/// localStorage may be blocked (privacy modes, sandboxed iframes): every access is guarded.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load_history() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
        .unwrap_or_default()
}

fn save_history(list: &[String]) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(list)) {
        let _ = s.set_item(HISTORY_KEY, &text);
    }
}

/// Names fetched for completion, cached for the page's life.
#[derive(Clone, Copy)]
struct CompletionSource {
    metrics: RwSignal<Option<Vec<String>>>,
    labels: RwSignal<Option<Vec<String>>>,
    values: RwSignal<HashMap<String, Vec<String>>>,
}

impl CompletionSource {
    fn new() -> Self {
        CompletionSource {
            metrics: RwSignal::new(None),
            labels: RwSignal::new(None),
            values: RwSignal::new(HashMap::new()),
        }
    }

    /// Starts fetching what `ctx` needs if it is not cached yet.
    fn ensure(self, config: &Config, ctx: &CompletionContext) {
        let request = match ctx {
            CompletionContext::Metric { .. } if self.metrics.with_untracked(Option::is_none) => {
                self.metrics.set(Some(Vec::new()));
                (
                    PromRequest::LabelValues {
                        name: "__name__".into(),
                        matchers: vec![],
                        start_ms: None,
                        end_ms: None,
                    },
                    None,
                )
            }
            CompletionContext::LabelName { .. } if self.labels.with_untracked(Option::is_none) => {
                self.labels.set(Some(Vec::new()));
                (
                    PromRequest::Labels {
                        matchers: vec![],
                        start_ms: None,
                        end_ms: None,
                    },
                    None,
                )
            }
            CompletionContext::LabelValue { label, .. }
                if !self.values.with_untracked(|v| v.contains_key(label)) =>
            {
                self.values.update(|v| {
                    v.insert(label.clone(), Vec::new());
                });
                (
                    PromRequest::LabelValues {
                        name: label.clone(),
                        matchers: vec![],
                        start_ms: None,
                        end_ms: None,
                    },
                    Some(label.clone()),
                )
            }
            _ => return,
        };
        let Ok(ds) = datasource(config).cloned() else {
            return;
        };
        spawn_local(async move {
            let Ok((_keep, signal)) = abort_handle() else {
                return;
            };
            let (req, label) = request;
            let Ok((resp, _)) = fetch_data::<Vec<String>>(&ds, &req, &signal).await else {
                return;
            };
            match (&req, label) {
                (PromRequest::Labels { .. }, _) => self.labels.set(Some(resp.data)),
                (_, Some(label)) => self.values.update(|v| {
                    v.insert(label, resp.data);
                }),
                _ => self.metrics.set(Some(resp.data)),
            }
        });
    }

    fn suggestions(self, ctx: &CompletionContext) -> Vec<String> {
        match ctx {
            CompletionContext::Metric { prefix } => self
                .metrics
                .with(|m| m.as_ref().map(|m| rank_suggestions(m, prefix, 15)))
                .unwrap_or_default(),
            CompletionContext::LabelName { prefix, .. } => self
                .labels
                .with(|m| m.as_ref().map(|m| rank_suggestions(m, prefix, 15)))
                .unwrap_or_default(),
            CompletionContext::LabelValue { label, prefix, .. } => self
                .values
                .with(|v| v.get(label).map(|m| rank_suggestions(m, prefix, 15)))
                .unwrap_or_default(),
            CompletionContext::None => Vec::new(),
        }
    }
}

#[component]
pub fn ExploreMetricsPage() -> impl IntoView {
    let view = use_view_state();
    let update = use_update_view();
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let url_query = Memo::new(move |_| url_param(&view.get(), "query").unwrap_or_default());
    let table_view = Memo::new(move |_| url_param(&view.get(), "view").as_deref() == Some("table"));
    let draft = RwSignal::new(url_query.get_untracked());
    // Following a link or going back replaces the draft with the URL's query.
    Effect::new(move |_| draft.set(url_query.get()));
    let history = RwSignal::new(load_history());
    let textarea = NodeRef::<Textarea>::new();
    let source = CompletionSource::new();
    let context = RwSignal::new(CompletionContext::None);
    let cursor = RwSignal::new(0usize);
    let suggestions = Memo::new(move |_| source.suggestions(&context.get()));

    let run = {
        let update = update.clone();
        move || {
            let q = draft.get_untracked().trim().to_string();
            context.set(CompletionContext::None);
            if q.is_empty() {
                return;
            }
            history.update(|h| {
                h.retain(|x| *x != q);
                h.insert(0, q.clone());
                h.truncate(HISTORY_MAX);
                save_history(h);
            });
            if q == url_query.get_untracked() {
                tick.bump();
            } else {
                update(&|s| set_param(s, "query", Some(q.clone())));
            }
        }
    };
    let refresh_context = {
        let config = config.clone();
        move || {
            let Some(el) = textarea.get_untracked() else {
                return;
            };
            let pos = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            // selectionStart counts UTF-16 units; map back to a byte offset.
            let text = el.value();
            let byte = utf16_to_byte(&text, pos);
            cursor.set(byte);
            let ctx = completion_context(&text, byte);
            source.ensure(&config, &ctx);
            context.set(ctx);
        }
    };
    let pick = move |choice: String| {
        let ctx = context.get_untracked();
        let (text, at) = apply_completion(
            &draft.get_untracked(),
            cursor.get_untracked(),
            ctx.prefix_len(),
            &choice,
        );
        draft.set(text.clone());
        context.set(CompletionContext::None);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&text);
            let at16 = text[..at].encode_utf16().count() as u32;
            let _ = el.focus();
            let _ = el.set_selection_range(at16, at16);
        }
    };
    let on_key = {
        let run = run.clone();
        move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Enter" && ev.shift_key() {
                ev.prevent_default();
                run();
            } else if ev.key() == "Escape" {
                context.set(CompletionContext::None);
            } else if ev.key() == "Tab" {
                if let Some(first) = suggestions.get_untracked().first().cloned() {
                    ev.prevent_default();
                    pick(first);
                }
            }
        }
    };
    let on_input = {
        let refresh_context = refresh_context.clone();
        move |ev| {
            draft.set(event_target_value(&ev));
            refresh_context();
        }
    };
    let set_view =
        move |table: bool| update(&|s| set_param(s, "view", table.then(|| "table".to_string())));
    let set_view2 = set_view.clone();
    let run_click = run.clone();

    let result = move || {
        let q = url_query.get();
        if q.trim().is_empty() {
            return view! { <p class="explore-hint" data-testid="explore-hint">"Type a PromQL query and press Shift+Enter or Run."</p> }.into_any();
        }
        let table = table_view.get();
        let panel = Panel::from_json(
            &serde_json::json!({
                "id": 1, "type": if table { "table" } else { "timeseries" }, "title": "Query result",
                "targets": [{ "refId": "A", "expr": q, "instant": table }],
                "options": { "legend": { "displayMode": "list" } }
            }),
            1,
        );
        let queries = Signal::derive({
            let panel = panel.clone();
            move || panel_queries(&panel, &VariableScope::default())
        });
        let title = Signal::derive(|| "Query result".to_string());
        metric_panel_view(
            panel,
            title,
            queries,
            Signal::derive(|| true),
            Signal::derive(|| 420.0),
            None,
        )
    };

    view! {
        <section class="page explore-metrics" data-testid="explore-metrics">
            <div class="explore-editor">
                <textarea class="promql-editor" data-testid="promql-editor" rows="3" spellcheck="false" node_ref=textarea
                    placeholder="PromQL, e.g. rate(http_requests_total[5m])"
                    prop:value=move || draft.get() on:input=on_input on:keydown=on_key
                    on:click=move |_| refresh_context() on:blur=move |_| {
                        // Let a click on a suggestion land before the list closes.
                        set_timeout(move || context.set(CompletionContext::None), std::time::Duration::from_millis(200));
                    }></textarea>
                <Show when=move || !suggestions.get().is_empty()>
                    <ul class="completion-list" data-testid="completion-list">
                        {move || suggestions.get().into_iter().map(|s| {
                            let choice = s.clone();
                            view! { <li data-testid="completion-item" on:mousedown=move |ev: web_sys::MouseEvent| { ev.prevent_default(); pick(choice.clone()); }>{s}</li> }
                        }).collect_view()}
                    </ul>
                </Show>
                <div class="explore-actions">
                    <button class="btn primary" data-testid="run-query" on:click=move |_| run_click()>"Run"</button>
                    <span class="hint">"Shift+Enter runs"</span>
                    <div class="spacer"></div>
                    <button class="btn" class:active=move || !table_view.get() data-testid="view-graph" on:click=move |_| set_view(false)>"Graph"</button>
                    <button class="btn" class:active=move || table_view.get() data-testid="view-table" on:click=move |_| set_view2(true)>"Table"</button>
                </div>
                <Show when=move || !history.get().is_empty()>
                    <details class="explore-history" data-testid="query-history">
                        <summary>"Recent queries"</summary>
                        <ul>
                            {move || history.get().into_iter().map(|q| {
                                let chosen = q.clone();
                                view! { <li><button class="link" on:click=move |_| draft.set(chosen.clone())>{q}</button></li> }
                            }).collect_view()}
                        </ul>
                    </details>
                </Show>
            </div>
            <div class="explore-result">{result}</div>
        </section>
    }
}

fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16();
    }
    text.len()
}
