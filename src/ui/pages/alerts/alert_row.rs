//! One Alertmanager alert: its state and what suppresses it, labels, summary, start, the link
//! back to its PromQL, and a button that starts a silence for exactly it.

use super::draft_store;
use crate::core::alertmanager::{generator_explore_path, GettableAlert, SilenceDraft};
use crate::core::markdown::safe_url;
use crate::core::panel::age_text;
use crate::core::panel_calc::{iso_utc, labels_text};
use crate::ui::view_state::app_href;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn AlertRow(alert: GettableAlert) -> impl IntoView {
    let now = js_sys::Date::now();
    let state = alert.status.state.as_str();
    let started = alert.starts_at_ms();
    // Only the PromQL of the generator URL is kept, as an in-app link (never the URL itself).
    let explore =
        generator_explore_path(&alert.generator_url).and_then(|p| safe_url(&app_href(&p)));
    let name = alert.labels.get("alertname").cloned().unwrap_or_default();
    let summary = alert
        .annotations
        .get("summary")
        .or_else(|| alert.annotations.get("description"))
        .cloned();
    let navigate = use_navigate();
    let labels = alert.labels.clone();
    let silence = move |_| {
        draft_store::save(&SilenceDraft::from_labels(&labels));
        navigate("/alerts/silences", NavigateOptions::default());
    };
    let silenced = alert.status.silenced_by.clone();
    let inhibited = alert.status.inhibited_by.clone();
    view! {
        <li class=format!("am-alert state-{state}") data-testid="am-alert" data-alertname=name.clone()
            data-fingerprint=alert.fingerprint.clone() data-alert-state=state>
            <div class="am-alert-head">
                <span class=format!("am-state am-state-{state}")>{state}</span>
                <strong>{name.clone()}</strong>
                {started.map(|t| view! {
                    <span class="muted" data-testid="am-alert-start">{format!(" since {} ({} ago)", iso_utc(t as i64), age_text(t, now))}</span>
                })}
                {explore.map(|href| view! { <a class="am-generator" data-testid="am-generator" href=href>"Query"</a> })}
                <button type="button" class="btn am-silence-btn" data-testid="silence-alert" on:click=silence
                    aria-label=format!("Silence {}", labels_text(&alert.labels))>"Silence"</button>
            </div>
            <div class="am-alert-labels">{labels_text(&alert.labels)}</div>
            {summary.map(|s| view! { <div class="am-alert-summary">{s}</div> })}
            {(!silenced.is_empty()).then(|| view! {
                <div class="am-suppressed" data-testid="am-silenced-by">"Silenced by "
                    {silenced.into_iter().map(|id| view! { <a href=app_href("/alerts/silences") class="am-silence-id">{id}</a>" " }).collect_view()}
                </div>
            })}
            {(!inhibited.is_empty()).then(|| view! {
                <div class="am-suppressed" data-testid="am-inhibited-by">{format!("Inhibited by {}", inhibited.join(", "))}</div>
            })}
        </li>
    }
}
