//! `/alerts`: every rule group from `/api/v1/rules` with each rule's state, labels,
//! annotations, active since, last evaluation and errors, filtered by state and text; and the
//! scrape targets' health from `/api/v1/targets`.

use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::prometheus::{datasource, fetch_data};
use crate::core::config::Config;
use crate::core::panel_calc::labels_text;
use crate::core::prometheus::{
    parse_rfc3339_ms, ActiveTarget, PromRequest, Rule, RuleGroup, RuleKind, RulesData, TargetsData,
};
use crate::ui::panels::data::LoadState;
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn when(text: &str, now: f64) -> String {
    match parse_rfc3339_ms(text) {
        Some(t) if t > 0.0 => format!("{} ago", crate::ui::panels::alertlist_age(t, now)),
        _ => "never".into(),
    }
}

/// The state a rule shows: alerting rules have firing/pending/inactive; recording rules their health.
fn rule_state(rule: &Rule) -> String {
    match rule.kind {
        RuleKind::Alerting => {
            if rule.state.is_empty() {
                "inactive".into()
            } else {
                rule.state.clone()
            }
        }
        _ => "recording".into(),
    }
}

fn rule_matches(rule: &Rule, group: &RuleGroup, state: &str, text: &str) -> bool {
    let state_ok = state == "all" || rule_state(rule) == state;
    let text = text.trim().to_lowercase();
    let text_ok = text.is_empty()
        || rule.name.to_lowercase().contains(&text)
        || group.name.to_lowercase().contains(&text)
        || rule.query.to_lowercase().contains(&text)
        || rule
            .labels
            .iter()
            .chain(rule.annotations.iter())
            .any(|(k, v)| k.to_lowercase().contains(&text) || v.to_lowercase().contains(&text));
    state_ok && text_ok
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let rules = RwSignal::new(None::<Result<Vec<RuleGroup>, String>>);
    let targets = RwSignal::new(None::<Result<Vec<ActiveTarget>, String>>);
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    let state_filter = RwSignal::new("all".to_string());
    let text_filter = RwSignal::new(String::new());
    Effect::new(move |_| {
        tick.0.track();
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        let ds = datasource(&config).cloned();
        spawn_local(async move {
            let ds = match ds {
                Ok(ds) => ds,
                Err(e) => {
                    rules.set(Some(Err(e.to_string())));
                    targets.set(Some(Err(e.to_string())));
                    return;
                }
            };
            let (rules_req, targets_req) = (
                PromRequest::Rules { rule_type: None },
                PromRequest::Targets {
                    state: Some("active".into()),
                },
            );
            let r = fetch_data::<RulesData>(&ds, &rules_req, &signal).await;
            if !matches!(&r, Err(f) if f.is_aborted()) {
                rules.set(Some(
                    r.map(|(d, _)| d.data.groups).map_err(|f| f.to_string()),
                ));
            }
            let t = fetch_data::<TargetsData>(&ds, &targets_req, &signal).await;
            if !matches!(&t, Err(f) if f.is_aborted()) {
                targets.set(Some(
                    t.map(|(d, _)| d.data.active_targets)
                        .map_err(|f| f.to_string()),
                ));
            }
        });
    });
    let rules_state = move || match rules
        .with(|r| r.as_ref().map(|r| r.as_ref().map(Vec::len).map_err(|_| ())))
    {
        None => LoadState::Loading,
        Some(Err(())) => LoadState::Error,
        Some(Ok(0)) => LoadState::Empty,
        Some(Ok(_)) => LoadState::Ok,
    };
    let targets_state = move || match targets
        .with(|r| r.as_ref().map(|r| r.as_ref().map(Vec::len).map_err(|_| ())))
    {
        None => LoadState::Loading,
        Some(Err(())) => LoadState::Error,
        Some(Ok(0)) => LoadState::Empty,
        Some(Ok(_)) => LoadState::Ok,
    };
    view! {
        <section class="page alerts-page" data-testid="alerts-page">
            <h1>"Alerts"</h1>
            <div class="alerts-filters">
                <select class="select" data-testid="alert-state-filter" prop:value=move || state_filter.get() on:change=move |ev| state_filter.set(event_target_value(&ev))>
                    <option value="all">"All states"</option>
                    <option value="firing">"Firing"</option>
                    <option value="pending">"Pending"</option>
                    <option value="inactive">"Inactive"</option>
                    <option value="recording">"Recording rules"</option>
                </select>
                <input class="input" type="search" data-testid="alert-text-filter" placeholder="Filter by name, label, annotation"
                    prop:value=move || text_filter.get() on:input=move |ev| text_filter.set(event_target_value(&ev)) />
            </div>
            <div class="panel alerts-rules" data-testid="panel" data-panel-title="Alert rules" data-state=move || rules_state().as_str()
                data-series=move || rules.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, |g| g.iter().map(|g| g.rules.len()).sum::<usize>()).to_string())>
                {move || match rules.get() {
                    None => view! { <p class="panel-spinner">"loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <div class="panel-error" data-testid="panel-error">{e}</div> }.into_any(),
                    Some(Ok(groups)) => {
                        let now = js_sys::Date::now();
                        let (state, text) = (state_filter.get(), text_filter.get());
                        groups.into_iter().map(|g| {
                            let shown: Vec<Rule> = g.rules.iter().filter(|r| rule_matches(r, &g, &state, &text)).cloned().collect();
                            (!shown.is_empty()).then(|| view! {
                                <div class="rule-group" data-testid="rule-group" data-group=g.name.clone()>
                                    <h2>{g.name.clone()}<span class="muted">{format!("  {} · evaluated {}", g.file, when(&g.last_evaluation, now))}</span></h2>
                                    {shown.into_iter().map(|r| rule_view(r, now)).collect_view()}
                                </div>
                            })
                        }).collect_view().into_any()
                    }
                }}
            </div>
            <h1>"Targets"</h1>
            <div class="panel targets" data-testid="panel" data-panel-title="Targets" data-state=move || targets_state().as_str()
                data-series=move || targets.with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).map_or(0, Vec::len).to_string())>
                {move || match targets.get() {
                    None => view! { <p class="panel-spinner">"loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <div class="panel-error" data-testid="panel-error">{e}</div> }.into_any(),
                    Some(Ok(list)) => {
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
                                            <td>{when(&t.last_scrape, now)}</td>
                                            <td>{format!("{:.1} ms", t.last_scrape_duration * 1000.0)}</td>
                                            <td class="error-text">{t.last_error.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

fn rule_view(r: Rule, now: f64) -> impl IntoView {
    let state = rule_state(&r);
    let since = r
        .alerts
        .iter()
        .filter_map(|a| a.active_at.as_deref().and_then(parse_rfc3339_ms))
        .fold(None::<f64>, |m, t| Some(m.map_or(t, |m| m.min(t))));
    view! {
        <div class=format!("rule state-{state}") data-testid="rule" data-rule=r.name.clone() data-rule-state=state.clone()>
            <div class="rule-head">
                <span class=format!("rule-state state-{state}")>{state.clone()}</span>
                <strong>{r.name.clone()}</strong>
                {since.map(|t| view! { <span class="muted">{format!(" active since {} ago", crate::ui::panels::alertlist_age(t, now))}</span> })}
                <span class="muted">{format!(" · evaluated {}", when(&r.last_evaluation, now))}</span>
                {(!r.alerts.is_empty()).then(|| view! { <span class="muted">{format!(" · {} alert(s)", r.alerts.len())}</span> })}
            </div>
            <pre class="rule-expr">{r.query.clone()}</pre>
            {(!r.labels.is_empty()).then(|| view! { <div class="rule-labels">"Labels: "{labels_text(&r.labels)}</div> })}
            {r.annotations.iter().map(|(k, v)| view! { <div class="rule-annotation"><span class="muted">{format!("{k}: ")}</span>{v.clone()}</div> }).collect_view()}
            {(!r.last_error.is_empty()).then(|| view! { <div class="rule-error error-text" data-testid="rule-error">{format!("Error ({}): {}", r.health, r.last_error)}</div> })}
        </div>
    }
}
