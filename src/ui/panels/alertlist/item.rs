//! One alert of an `alertlist` panel: state (and, from Alertmanager, who silenced or inhibited
//! it), severity, name, start time, summary, labels and the link to its PromQL in the metrics
//! explorer. Every text is a text node; the link is the in-app path core made of the
//! generator URL, checked by `safe_url`.

use crate::core::alertmanager::alertlist::{AlertListItem, Suppressor};
use crate::core::markdown::safe_url;
use crate::core::panel::age_text;
use crate::core::panel_calc::{iso_utc, labels_text};
use crate::ui::view_state::app_href;
use leptos::prelude::*;

#[component]
pub fn AlertItem(item: AlertListItem, now: f64) -> impl IntoView {
    let AlertListItem {
        key,
        name,
        severity,
        state,
        silenced_by,
        inhibited_by,
        starts_at_ms,
        labels,
        summary,
        explore_path,
    } = item;
    let explore = explore_path.and_then(|p| safe_url(&app_href(&p)));
    let since = starts_at_ms.map(|t| {
        let title = iso_utc(t as i64);
        view! { <span class="alert-age" data-testid="alert-start" title=title.clone()>{format!("since {title} ({})", age_text(t, now))}</span> }
    });
    let name_attr = name.clone();
    view! {
        <li class=format!("alert-item state-{state}") data-testid="alert-item" data-alert=name_attr
            data-alert-state=state.clone() data-key=key>
            <span class=format!("alert-state am-state am-state-{state}")>{state.clone()}</span>
            <span class=format!("alert-severity sev-{severity}")>{severity.clone()}</span>
            <strong class="alert-name">{name}</strong>
            {since}
            {explore.map(|href| view! { <a class="am-generator" data-testid="alert-generator" href=href>"Query"</a> })}
            {(!summary.is_empty()).then(|| view! { <div class="alert-summary">{summary}</div> })}
            <div class="alert-labels">{labels_text(&labels)}</div>
            {suppressors("Silenced by", "alert-silenced-by", silenced_by)}
            {suppressors("Inhibited by", "alert-inhibited-by", inhibited_by)}
        </li>
    }
}

/// `Silenced by ops@example.org: ledger migration`; nothing when nothing suppresses it.
fn suppressors(what: &'static str, testid: &'static str, list: Vec<Suppressor>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let ids = list.iter().map(|s| s.id.clone()).collect::<Vec<_>>().join(" ");
        let text = list.into_iter().map(|s| s.text).collect::<Vec<_>>().join("; ");
        view! { <div class="am-suppressed" data-testid=testid data-ids=ids>{format!("{what} {text}")}</div> }
    })
}
