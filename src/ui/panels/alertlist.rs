//! `alertlist`: the pending and firing alerts from `/api/v1/alerts`, with severity, age,
//! labels and summary; refreshed with the dashboard, in place (the last list stays until the
//! new one arrives).

use super::chrome::PanelChrome;
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::load::{DataState, LoadState};
use crate::core::panel::{active_alerts, age_text};
use crate::core::panel_calc::labels_text;
use crate::core::prometheus::{parse_rfc3339_ms, Alert, AlertsData, PromRequest};
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;

#[component]
pub fn AlertListPanel(
    title: Signal<String>,
    description: Option<String>,
    visible: Signal<bool>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let alerts = use_query(
        move || {
            let tick = tick.0.get();
            visible.get().then_some(tick)
        },
        move |_, signal| {
            let config = config.clone();
            async move {
                let ds = datasource(&config)?;
                let (response, _) =
                    fetch_data::<AlertsData>(ds, &PromRequest::Alerts, &signal).await?;
                Ok(active_alerts(response.data.alerts))
            }
        },
    );
    // Not yet visible is "loading": the panel loads as soon as it is seen.
    let status = Signal::derive(move || match alerts.settled() {
        LoadState::Idle => DataState::Loading,
        state => state.status(Vec::is_empty),
    });
    let error = Signal::derive(move || alerts.settled().error().map(ToString::to_string));
    // The last list that arrived stays on screen, also under a failed refresh.
    let list = move || alerts.latest().unwrap_or_default();
    let series = Signal::derive(move || list().len());
    view! {
        <PanelChrome title description status error series class="panel-alertlist">
            <ul class="alert-list">
                {move || {
                    let now = js_sys::Date::now();
                    list().into_iter().map(|a| alert_item(a, now)).collect_view()
                }}
            </ul>
        </PanelChrome>
    }
}

fn alert_item(a: Alert, now: f64) -> impl IntoView {
    let name = a.labels.get("alertname").cloned().unwrap_or_default();
    let name_attr = name.clone();
    let severity = a
        .labels
        .get("severity")
        .cloned()
        .unwrap_or_else(|| "none".into());
    let summary = a
        .annotations
        .get("summary")
        .or_else(|| a.annotations.get("description"))
        .cloned()
        .unwrap_or_default();
    let age = a
        .active_at
        .as_deref()
        .and_then(parse_rfc3339_ms)
        .map(|t| age_text(t, now))
        .unwrap_or_default();
    view! {
        <li class=format!("alert-item state-{}", a.state) data-testid="alert-item" data-alert=name_attr>
            <span class="alert-state">{a.state.clone()}</span>
            <span class=format!("alert-severity sev-{severity}")>{severity.clone()}</span>
            <strong class="alert-name">{name}</strong>
            <span class="alert-age">{age}</span>
            <div class="alert-summary">{summary}</div>
            <div class="alert-labels">{labels_text(&a.labels)}</div>
        </li>
    }
}
