//! `/alerts`: Alertmanager's groups (`alerts/groups`, when `config.json` names an
//! Alertmanager), every rule group from `/api/v1/rules` with each rule's state, labels,
//! annotations, active since, last evaluation and errors, filtered by state and text; and the
//! scrape targets' health from `/api/v1/targets`. All refresh in place with the refresh tick.
//! `/alerts/silences` (the same chunk) is Alertmanager's silences (`alerts/silences`).

mod alert_row;
mod client;
mod draft_store;
mod groups;
mod silence_form;
mod silence_preview;
mod silences;

use crate::api::error::CallError;
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::load::LoadState;
use crate::core::panel::{active_since_ms, age_text, ago_text, rule_matches, rule_state};
use crate::core::panel_calc::labels_text;
use crate::core::prometheus::{ActiveTarget, PromRequest, Rule, RuleGroup, RulesData, TargetsData};
use crate::ui::query::{use_query, Query};
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

/// Fetches `request` from Prometheus on every refresh tick, keeping `pick` of its data.
fn use_prometheus<D, T>(request: PromRequest, pick: fn(D) -> T) -> Query<T>
where
    D: DeserializeOwned + 'static,
    T: Clone + 'static,
{
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    use_query(
        move || Some(tick.0.get()),
        move |_, signal| {
            let (config, request) = (config.clone(), request.clone());
            async move {
                let ds = datasource(&config)?;
                let (response, _) = fetch_data::<D>(ds, &request, &signal).await?;
                Ok::<T, CallError>(pick(response.data))
            }
        },
    )
}

/// `/alerts` or, on `/alerts/silences`, the silences.
#[component]
pub fn AlertsPage() -> impl IntoView {
    provide_context(client::Generation(RwSignal::new(0)));
    let location = leptos_router::hooks::use_location();
    let on_silences = Memo::new(move |_| {
        location
            .pathname
            .get()
            .trim_end_matches('/')
            .ends_with("/alerts/silences")
    });
    move || match on_silences.get() {
        true => view! { <silences::SilencesPage /> }.into_any(),
        false => view! { <RulesPage /> }.into_any(),
    }
}

/// Alertmanager (when configured), Prometheus' rules and the targets.
#[component]
fn RulesPage() -> impl IntoView {
    let has_alertmanager = expect_context::<Config>().alertmanager.is_some();
    let rules = use_prometheus(PromRequest::Rules { rule_type: None }, |d: RulesData| {
        d.groups
    });
    let targets = use_prometheus(
        PromRequest::Targets {
            state: Some("active".into()),
        },
        |d: TargetsData| d.active_targets,
    );
    let state_filter = RwSignal::new("all".to_string());
    let text_filter = RwSignal::new(String::new());
    view! {
        <section class="page alerts-page" data-testid="alerts-page">
            {has_alertmanager.then(|| view! { <groups::AlertmanagerGroups /> })}
            <h1>"Alerts"</h1>
            <div class="alerts-filters">
                <select class="select" data-testid="alert-state-filter" aria-label="Filter by state" prop:value=move || state_filter.get() on:change=move |ev| state_filter.set(event_target_value(&ev))>
                    <option value="all">"All states"</option>
                    <option value="firing">"Firing"</option>
                    <option value="pending">"Pending"</option>
                    <option value="inactive">"Inactive"</option>
                    <option value="recording">"Recording rules"</option>
                </select>
                <input class="input" type="search" data-testid="alert-text-filter" placeholder="Filter by name, label, annotation"
                    prop:value=move || text_filter.get() on:input=move |ev| text_filter.set(event_target_value(&ev)) />
            </div>
            <RulesPanel rules state_filter=state_filter.into() text_filter=text_filter.into() />
            <h1>"Targets"</h1>
            <TargetsPanel targets />
        </section>
    }
}

/// A page panel in the panels' DOM contract (`data-state`, `data-series`), showing the
/// last answer while a refresh runs.
#[component]
fn PagePanel<T: Clone + 'static>(
    query: Query<T>,
    class: &'static str,
    title: &'static str,
    /// Whether the answer is empty (`data-state="empty"`).
    is_empty: fn(&T) -> bool,
    /// How many series (rules, targets) the data holds.
    count: fn(&T) -> usize,
    /// The data shown.
    show: Callback<T, AnyView>,
) -> impl IntoView {
    let state = move || query.settled();
    view! {
        <div class=format!("panel {class}") data-testid="panel" data-panel-title=title
            data-state=move || state().data_state(is_empty)
            data-series=move || state().ready().map_or(0, count).to_string()>
            {move || match state() {
                LoadState::Idle | LoadState::Loading => view! { <p class="panel-spinner">"loading…"</p> }.into_any(),
                LoadState::Failed(e) => view! { <div class="panel-error" data-testid="panel-error">{e.to_string()}</div> }.into_any(),
                LoadState::Ready(data) => show.run(data),
            }}
        </div>
    }
}

/// The rule groups, each with the rules the filters keep.
#[component]
fn RulesPanel(
    rules: Query<Vec<RuleGroup>>,
    state_filter: Signal<String>,
    text_filter: Signal<String>,
) -> impl IntoView {
    let show = Callback::new(move |groups: Vec<RuleGroup>| {
        let now = js_sys::Date::now();
        let (state, text) = (state_filter.get(), text_filter.get());
        groups.into_iter().map(|g| {
            let shown: Vec<Rule> = g.rules.iter().filter(|r| rule_matches(r, &g, &state, &text)).cloned().collect();
            (!shown.is_empty()).then(|| view! {
                <div class="rule-group" data-testid="rule-group" data-group=g.name.clone()>
                    <h2>{g.name.clone()}<span class="muted">{format!("  {} · evaluated {}", g.file, ago_text(&g.last_evaluation, now))}</span></h2>
                    {shown.into_iter().map(|r| rule_view(r, now)).collect_view()}
                </div>
            })
        }).collect_view().into_any()
    });
    let count = |groups: &Vec<RuleGroup>| groups.iter().map(|g| g.rules.len()).sum::<usize>();
    view! { <PagePanel query=rules class="alerts-rules" title="Alert rules" is_empty=Vec::is_empty count show /> }
}

/// The active scrape targets and their health.
#[component]
fn TargetsPanel(targets: Query<Vec<ActiveTarget>>) -> impl IntoView {
    let show = Callback::new(move |list: Vec<ActiveTarget>| {
        let now = js_sys::Date::now();
        view! {
            <table class="data-table">
                <thead><tr><th>"Scrape pool"</th><th>"Endpoint"</th><th>"Health"</th><th>"Labels"</th><th>"Last scrape"</th><th>"Duration"</th><th>"Last error"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|t| view! {
                        <tr data-testid="target-row" data-health=t.health.clone()>
                            <td>{t.scrape_pool.clone()}</td>
                            <td><code>{t.scrape_url.clone()}</code></td>
                            <td class=format!("health-{}", t.health)>{t.health.clone()}</td>
                            <td>{labels_text(&t.labels)}</td>
                            <td>{ago_text(&t.last_scrape, now)}</td>
                            <td>{format!("{:.1} ms", t.last_scrape_duration * 1000.0)}</td>
                            <td class="error-text">{t.last_error.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    });
    view! { <PagePanel query=targets class="targets" title="Targets" is_empty=Vec::is_empty count=Vec::len show /> }
}

fn rule_view(r: Rule, now: f64) -> impl IntoView {
    let state = rule_state(&r);
    let since = active_since_ms(&r);
    view! {
        <div class=format!("rule state-{state}") data-testid="rule" data-rule=r.name.clone() data-rule-state=state.clone()>
            <div class="rule-head">
                <span class=format!("rule-state state-{state}")>{state.clone()}</span>
                <strong>{r.name.clone()}</strong>
                {since.map(|t| view! { <span class="muted">{format!(" active since {} ago", age_text(t, now))}</span> })}
                <span class="muted">{format!(" · evaluated {}", ago_text(&r.last_evaluation, now))}</span>
                {(!r.alerts.is_empty()).then(|| view! { <span class="muted">{format!(" · {} alert(s)", r.alerts.len())}</span> })}
            </div>
            <pre class="rule-expr">{r.query.clone()}</pre>
            {(!r.labels.is_empty()).then(|| view! { <div class="rule-labels">"Labels: "{labels_text(&r.labels)}</div> })}
            {r.annotations.iter().map(|(k, v)| view! { <div class="rule-annotation"><span class="muted">{format!("{k}: ")}</span>{v.clone()}</div> }).collect_view()}
            {(!r.last_error.is_empty()).then(|| view! { <div class="rule-error error-text" data-testid="rule-error">{format!("Error ({}): {}", r.health, r.last_error)}</div> })}
        </div>
    }
}
