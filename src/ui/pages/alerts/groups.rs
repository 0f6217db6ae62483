//! Alertmanager's groups on `/alerts`: as its route grouped them, filtered by receiver,
//! matchers (its own syntax) and state, with counts per severity.

use super::alert_row::AlertRow;
use super::client::use_alertmanager;
use crate::core::alertmanager::{
    filter_groups, parse_matchers, receivers, severity_counts, AlertGroup, GroupFilter,
};
use crate::core::load::LoadState;
use crate::core::panel_calc::labels_text;
use leptos::prelude::*;

#[component]
pub fn AlertmanagerGroups() -> impl IntoView {
    let groups = use_alertmanager(|client, signal| async move { client.groups(&signal).await });
    let receiver = RwSignal::new(String::new());
    let matcher_text = RwSignal::new(String::new());
    let flags = [
        ("active", "Active"),
        ("silenced", "Silenced"),
        ("inhibited", "Inhibited"),
        ("unprocessed", "Unprocessed"),
    ]
    .map(|(key, label)| (key, label, RwSignal::new(true)));
    let matchers = Memo::new(move |_| parse_matchers(&matcher_text.get()));
    let filter = move || {
        let [active, silenced, inhibited, unprocessed] = flags.map(|(_, _, on)| on.get());
        GroupFilter {
            receiver: Some(receiver.get()).filter(|r| !r.is_empty()),
            matchers: matchers.get().unwrap_or_default(),
            active,
            silenced,
            inhibited,
            unprocessed,
        }
    };
    let all = move || groups.latest().unwrap_or_default();
    let shown = Memo::new(move |_| filter_groups(&all(), &filter()));
    view! {
        <section class="am-groups" aria-labelledby="am-groups-title">
            <h1 id="am-groups-title">"Alertmanager"</h1>
            <div class="alerts-filters am-filters">
                <select class="select" data-testid="am-receiver-filter" aria-label="Receiver"
                    on:change=move |ev| receiver.set(event_target_value(&ev))>
                    <option value="">"All receivers"</option>
                    {move || receivers(&all()).into_iter().map(|r| view! { <option value=r.clone() selected=receiver.get() == r>{r.clone()}</option> }).collect_view()}
                </select>
                <input class="input am-matcher-input" type="search" data-testid="am-matcher-filter"
                    aria-label="Label matchers" placeholder=r#"{alertname="X", severity=~"critical|warning"}"#
                    prop:value=move || matcher_text.get() on:input=move |ev| matcher_text.set(event_target_value(&ev)) />
                {flags.map(|(key, label, on)| view! {
                    <label class="am-flag"><input type="checkbox" data-testid=format!("am-state-{key}")
                        prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev)) />{label}</label>
                }).collect_view()}
            </div>
            {move || matchers.get().err().map(|e| view! { <p class="error-text" role="alert" data-testid="am-matcher-error">{e}</p> })}
            <SeverityCounts groups=Signal::derive(move || shown.get()) />
            <div class="panel am-groups-panel" data-testid="panel" data-panel-title="Alertmanager groups"
                data-state=move || groups.settled().data_state(|g: &Vec<AlertGroup>| g.is_empty())
                data-series=move || shown.get().len().to_string()>
                {move || match groups.settled() {
                    LoadState::Idle | LoadState::Loading => view! { <p class="panel-spinner">"loading…"</p> }.into_any(),
                    LoadState::Failed(e) => view! { <div class="panel-error" data-testid="panel-error">{e.to_string()}</div> }.into_any(),
                    LoadState::Ready(_) if shown.get().is_empty() => view! { <p class="muted">"No alert group matches."</p> }.into_any(),
                    LoadState::Ready(_) => shown.get().into_iter().map(|g| view! { <GroupView group=g /> }).collect_view().into_any(),
                }}
            </div>
        </section>
    }
}

/// How many of the shown alerts carry each severity.
#[component]
fn SeverityCounts(groups: Signal<Vec<AlertGroup>>) -> impl IntoView {
    view! {
        <ul class="am-severity-counts" data-testid="am-severity-counts" aria-label="Alerts per severity">
            {move || severity_counts(&groups.get()).into_iter().map(|(severity, count)| view! {
                <li class=format!("am-severity sev-{severity}") data-severity=severity.clone() data-count=count.to_string()>
                    <strong>{count}</strong>" "{severity.clone()}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One group: its receiver, group labels and alerts.
#[component]
fn GroupView(group: AlertGroup) -> impl IntoView {
    let AlertGroup {
        labels,
        receiver,
        alerts,
    } = group;
    view! {
        <article class="am-group" data-testid="alert-group" data-receiver=receiver.name.clone()
            data-group-labels=labels_text(&labels)>
            <header class="am-group-head">
                <span class="am-receiver" title="Receiver">{receiver.name.clone()}</span>
                <span class="am-group-labels">{labels_text(&labels)}</span>
                <span class="muted">{format!("{} alert(s)", alerts.len())}</span>
            </header>
            <ul class="am-alerts">
                {alerts.into_iter().map(|a| view! { <AlertRow alert=a /> }).collect_view()}
            </ul>
        </article>
    }
}
