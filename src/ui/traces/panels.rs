//! Grafana panel types backed by Jaeger: `traces` (the slowest recent traces of the service in
//! the panel's target) and `nodeGraph` (the service dependency graph).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::deps::DependencyGraphView;
use super::results::ResultsList;
use super::summaries;
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::jaeger::JaegerClient;
use crate::core::config::Config;
use crate::core::dashboard::Panel;
use crate::core::jaeger::{parse_tags_logfmt, TraceQuery};
use crate::core::trace::TraceSummary;
use crate::core::trace_explore::{panel_target_search, SortKey};
use crate::core::variables::{interpolate_text, VariableScope};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

/// How many traces a panel asks for, and how many of the slowest it lists.
const PANEL_LIMIT: u32 = 50;
const PANEL_ROWS: usize = 10;

#[component]
pub fn TracesPanel(
    panel: Panel,
    #[prop(into)] scope: Signal<VariableScope>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let client = JaegerClient::from_config(&config);
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let state = RwSignal::new("loading");
    let error = RwSignal::new(None::<String>);
    let rows = RwSignal::new(Arc::new(Vec::<TraceSummary>::new()));
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    let target = panel
        .active_targets()
        .next()
        .map(|t| t.raw.clone())
        .unwrap_or_default();
    let title = panel.title.clone();

    Effect::new(move |_| {
        let scope = scope.get();
        let (time_range, _) = range.get();
        tick.0.track();
        if !visible.get() {
            return;
        }
        let (service, operation) = panel_target_search(&target);
        let Some(service) = service
            .map(|s| interpolate_text(&s, &scope))
            .filter(|s| !s.is_empty())
        else {
            state.set("error");
            error.set(Some(
                "This traces panel names no service: set the target's `service` (or `query`)."
                    .into(),
            ));
            return;
        };
        let client = match &client {
            Ok(c) => c.clone(),
            Err(e) => {
                state.set("error");
                error.set(Some(e.to_string()));
                return;
            }
        };
        let tags = target
            .get("tags")
            .and_then(|t| t.as_str())
            .map(|t| parse_tags_logfmt(&interpolate_text(t, &scope)))
            .unwrap_or_default();
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        let query = TraceQuery {
            service,
            operation: operation.map(|o| interpolate_text(&o, &scope)),
            tags,
            min_duration_us: None,
            max_duration_us: None,
            start_us: start_ms.saturating_mul(1000),
            end_us: end_ms.saturating_mul(1000),
            limit: PANEL_LIMIT,
        };
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        if rows.with_untracked(|r| r.is_empty()) {
            state.set("loading");
        }
        spawn_local(async move {
            match client.search(&query, &signal).await {
                Ok(found) => {
                    let list = summaries(&found.traces);
                    state.try_set(if list.is_empty() { "empty" } else { "ok" });
                    rows.try_set(Arc::new(list));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                    state.try_set("error");
                }
            }
        });
    });

    view! {
        <div class="panel traces-panel" data-testid="panel" data-panel-title=title data-state=move || state.get()
            data-points=move || rows.with(|r| r.len().min(PANEL_ROWS)) data-series="1"
            style:max-height=move || format!("{}px", height_px.get())>
            {move || (state.get() == "error").then(|| view! { <p class="error-text" data-testid="panel-error">{error.get().unwrap_or_default()}</p> })}
            {move || (state.get() == "empty").then(|| view! { <p class="muted">"No traces in this time range."</p> })}
            <ResultsList rows initial=SortKey::Duration max_rows=PANEL_ROWS />
        </div>
    }
}

#[component]
pub fn NodeGraphPanel(
    panel: Panel,
    #[prop(into)] scope: Signal<VariableScope>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    // The dependency graph takes no query: the scope has nothing to fill in.
    let _ = scope;
    let height = Signal::derive(move || (height_px.get() - 60.0).max(120.0));
    view! { <DependencyGraphView title=panel.title.clone() height visible /> }
}
