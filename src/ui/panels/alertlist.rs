//! `alertlist`: the firing and pending alerts from `/api/v1/alerts`, with severity, age,
//! labels and summary; refreshed with the dashboard.

use super::chrome::PanelChrome;
use super::data::LoadState;
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::panel_calc::labels_text;
use crate::core::prometheus::{parse_rfc3339_ms, Alert, AlertsData, PromRequest};
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `3m`, `2h 5m`, `4d`: how long ago an alert became active.
pub fn age_text(since_ms: f64, now_ms: f64) -> String {
    let s = ((now_ms - since_ms) / 1000.0).max(0.0) as i64;
    match s {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        s => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[component]
pub fn AlertListPanel(
    title: Signal<String>,
    description: Option<String>,
    visible: Signal<bool>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let state = RwSignal::new(Some(LoadState::Loading));
    let error = RwSignal::new(None::<String>);
    let alerts = RwSignal::new(Vec::<Alert>::new());
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    Effect::new(move |_| {
        tick.0.track();
        if !visible.get() {
            return;
        }
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        let config = config.clone();
        spawn_local(async move {
            let ds = match datasource(&config) {
                Ok(ds) => ds.clone(),
                Err(e) => {
                    error.set(Some(e.to_string()));
                    state.set(Some(LoadState::Error));
                    return;
                }
            };
            match fetch_data::<AlertsData>(&ds, &PromRequest::Alerts, &signal).await {
                Ok((data, _)) => {
                    let mut list: Vec<Alert> = data
                        .data
                        .alerts
                        .into_iter()
                        .filter(|a| a.state == "firing" || a.state == "pending")
                        .collect();
                    list.sort_by(|a, b| b.state.cmp(&a.state).then(a.active_at.cmp(&b.active_at)));
                    state.set(Some(if list.is_empty() {
                        LoadState::Empty
                    } else {
                        LoadState::Ok
                    }));
                    alerts.set(list);
                    error.set(None);
                }
                Err(f) if f.is_aborted() => {}
                Err(f) => {
                    error.set(Some(f.to_string()));
                    state.set(Some(LoadState::Error));
                }
            }
        });
    });
    let series = Signal::derive(move || alerts.with(Vec::len));
    view! {
        <PanelChrome title description data=None state_override=state error_override=error series class="panel-alertlist">
            <ul class="alert-list">
                {move || {
                    let now = js_sys::Date::now();
                    alerts.get().into_iter().map(|a| {
                        let name = a.labels.get("alertname").cloned().unwrap_or_default();
                        let severity = a.labels.get("severity").cloned().unwrap_or_else(|| "none".into());
                        let summary = a.annotations.get("summary").or_else(|| a.annotations.get("description")).cloned().unwrap_or_default();
                        let name_attr = name.clone();
                        let age = a.active_at.as_deref().and_then(parse_rfc3339_ms).map(|t| age_text(t, now)).unwrap_or_default();
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
                    }).collect_view()
                }}
            </ul>
        </PanelChrome>
    }
}
