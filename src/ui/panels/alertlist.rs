//! `alertlist`: the alerts of Prometheus (`/api/v1/alerts`, firing and pending) or of
//! Alertmanager (`/api/v2/alerts`, active or suppressed, with the silences and alerts that
//! suppress them), filtered, sorted, limited and grouped by the panel's Grafana options
//! (core::alertmanager::alertlist). Refreshed with the dashboard, in place (the last list stays
//! until the new one arrives); an error (Alertmanager down, a proxy's 401/403, a label filter
//! its grammar refuses) shows on this panel only.

mod item;

use super::chrome::PanelChrome;
use crate::api::alertmanager::AlertmanagerClient;
use crate::api::error::CallError;
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::alertmanager::alertlist::{
    arrange, items_from_alertmanager, items_from_prometheus, AlertListItem, AlertListOptions,
    AlertListView, AlertSource,
};
use crate::core::config::Config;
use crate::core::load::{DataState, LoadState};
use crate::core::prometheus::{AlertsData, PromRequest};
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;
use web_sys::AbortSignal;

#[component]
pub fn AlertListPanel(
    title: Signal<String>,
    description: Option<String>,
    visible: Signal<bool>,
    /// The panel's JSON (its options and datasource).
    raw: serde_json::Value,
) -> impl IntoView {
    match AlertListOptions::from_panel(&raw) {
        Ok(options) => view! { <AlertListBody title description visible options /> }.into_any(),
        Err(problem) => {
            let error = Signal::derive(move || Some(problem.clone()));
            view! {
                <PanelChrome title description status=DataState::Error error class="panel-alertlist">
                    <ul class="alert-list"></ul>
                </PanelChrome>
            }
            .into_any()
        }
    }
}

/// The items of the source the options name.
async fn load_items(
    config: Config,
    source: AlertSource,
    signal: AbortSignal,
) -> Result<Vec<AlertListItem>, CallError> {
    match source {
        AlertSource::Prometheus => {
            let ds = datasource(&config)?;
            let (response, _) = fetch_data::<AlertsData>(ds, &PromRequest::Alerts, &signal).await?;
            Ok(items_from_prometheus(&response.data.alerts))
        }
        AlertSource::Alertmanager => {
            let client = AlertmanagerClient::from_config(&config)?;
            let alerts = client.alerts(&signal).await?;
            // Silences only name who silenced; without them the ids are shown.
            let silences = if alerts.iter().any(|a| !a.status.silenced_by.is_empty()) {
                client.silences(&signal).await.unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok(items_from_alertmanager(&alerts, &silences))
        }
    }
}

#[component]
fn AlertListBody(
    title: Signal<String>,
    description: Option<String>,
    visible: Signal<bool>,
    options: AlertListOptions,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let source = options.source;
    let alerts = use_query(
        move || {
            let tick = tick.0.get();
            visible.get().then_some(tick)
        },
        move |_, signal| load_items(config.clone(), source, signal),
    );
    let options = StoredValue::new(options);
    let arranged = move |items: Vec<AlertListItem>| options.with_value(|o| arrange(items, o));
    // Not yet visible is "loading": the panel loads as soon as it is seen.
    let status = Signal::derive(move || match alerts.settled() {
        LoadState::Idle => DataState::Loading,
        state => state.status(|items| arranged(items.clone()).matched == 0),
    });
    let error = Signal::derive(move || alerts.settled().error().map(ToString::to_string));
    // The last list that arrived stays on screen, also under a failed refresh.
    let view_model = Memo::new(move |_| arranged(alerts.latest().unwrap_or_default()));
    let series = Signal::derive(move || view_model.with(|v| v.matched));
    let stat_view = options.with_value(|o| o.stat_view);
    let source_name = match source {
        AlertSource::Prometheus => "prometheus",
        AlertSource::Alertmanager => "alertmanager",
    };
    view! {
        <PanelChrome title description status error series class="panel-alertlist">
            <div class="alert-list-body" data-source=source_name>
                {move || if stat_view {
                    stat(view_model.get()).into_any()
                } else {
                    list(view_model.get()).into_any()
                }}
            </div>
        </PanelChrome>
    }
}

/// `viewMode: "stat"`: how many alerts the filters keep.
fn stat(view: AlertListView) -> impl IntoView {
    view! {
        <div class="alert-stat" data-testid="alert-stat">
            <span class="alert-stat-value">{view.matched}</span>
            <span class="alert-stat-unit">{if view.matched == 1 { " alert" } else { " alerts" }}</span>
        </div>
    }
}

/// The groups (one without heading when ungrouped) and their items.
fn list(view: AlertListView) -> impl IntoView {
    let now = js_sys::Date::now();
    view.groups
        .into_iter()
        .map(|group| {
            let heading = (!group.heading.is_empty()).then(|| {
                view! { <h4 class="alert-group-heading" data-testid="alert-list-group">{group.heading.clone()}</h4> }
            });
            view! {
                {heading}
                <ul class="alert-list">
                    {group.items.into_iter().map(|a| view! { <item::AlertItem item=a now /> }).collect_view()}
                </ul>
            }
        })
        .collect_view()
}
