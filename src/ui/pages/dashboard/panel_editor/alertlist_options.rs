//! The alert list's option groups in Grafana's order (`alertlist/module.tsx`): Options (view
//! mode, group mode and the group-by labels, max items, sort order), Filter (alert name, alert
//! instance label checked with Alertmanager's matcher grammar, the source) and Alert state
//! filter (a switch per state). Every path is one the panel reads (core `alertmanager::
//! alertlist`); each choice is one undo step.

use super::fields::{NumberField, TextField};
use super::options::Group;
use super::radio::RadioField;
use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::panel_options::alertlist::{
    group_by_json, group_by_text, label_filter_problem, source_json, source_key, state_filter_json,
    state_kept, GROUP_MODES, SORT_ORDERS, SOURCES, STATES, VIEW_MODES,
};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn AlertListGroups(panel: EditedPanel) -> impl IntoView {
    let custom = move || panel.with(false, |p| text_at(p, "/options/groupMode") == "custom");
    let sort_order = Signal::derive(move || {
        let text = panel.with(String::new(), |p| text_at(p, "/options/sortOrder"));
        if text.is_empty() {
            "1".to_string()
        } else {
            text
        }
    });
    let source =
        Signal::derive(move || panel.with("prometheus".into(), |p| source_key(p).to_string()));
    view! {
        <Group title="Options" testid="pe-group-alertlist">
            <RadioField panel label="View mode" pointer="/options/viewMode" testid="panel-editor-alert-view-mode" choices=VIEW_MODES default="list" />
            <RadioField panel label="Group mode" pointer="/options/groupMode" testid="panel-editor-alert-group-mode" choices=GROUP_MODES default="default" />
            <Show when=custom>
                <GroupByField panel />
            </Show>
            <NumberField panel label="Max items" pointer="/options/maxItems" testid="panel-editor-alert-max-items" placeholder="20" />
            <ChoiceField panel label="Sort order" pointer="/options/sortOrder" testid="panel-editor-alert-sort" choices=SORT_ORDERS current=sort_order store=sort_json />
        </Group>
        <Group title="Filter" testid="pe-group-alertlist-filter">
            <TextField panel label="Alert name" pointer="/options/alertName".to_string() testid="panel-editor-alert-name" placeholder="Alerts whose name contains this" />
            <LabelFilterField panel />
            <ChoiceField panel label="Alerts from" pointer="/options/datasource" testid="panel-editor-alert-source" choices=SOURCES current=source store=source_json />
        </Group>
        <Group title="Alert state filter" testid="pe-group-alertlist-states">
            {STATES.iter().map(|(key, name)| view! {
                <label class="pe-field pe-check">
                    <input type="checkbox" data-testid=format!("panel-editor-alert-state-{key}") prop:checked=move || panel.with(true, |p| state_kept(p, key))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let next = panel.json.with_untracked(|p| p.as_ref().map(|p| state_filter_json(p, key, on)));
                            panel.set_step("/options/stateFilter", next);
                        } />
                    <span class="pe-label">{*name}</span>
                </label>
            }).collect_view()}
        </Group>
    }
}

fn sort_json(choice: &str) -> Option<Value> {
    choice.parse::<u64>().ok().map(Value::from)
}

/// A select whose stored value is made by `store` (a number, or nothing for the default).
#[component]
fn ChoiceField(
    panel: EditedPanel,
    label: &'static str,
    pointer: &'static str,
    testid: &'static str,
    choices: &'static [(&'static str, &'static str)],
    current: Signal<String>,
    store: fn(&str) -> Option<Value>,
) -> impl IntoView {
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <select data-testid=testid prop:value=current on:change=move |ev| panel.set_step(pointer, store(&event_target_value(&ev)))>
                {choices.iter().map(|(v, n)| view! { <option value=*v selected=move || current.get() == *v>{*n}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The labels alerts are grouped by, typed comma separated.
#[component]
fn GroupByField(panel: EditedPanel) -> impl IntoView {
    view! {
        <label class="pe-field">
            <span class="pe-label">"Group by"</span>
            <input type="text" data-testid="panel-editor-alert-group-by" placeholder="severity, job"
                prop:value=move || panel.with(String::new(), group_by_text)
                on:change=move |ev| panel.set_step("/options/groupBy", group_by_json(&event_target_value(&ev))) />
        </label>
    }
}

/// The alert instance label filter: refused text is said and not stored (the panel would
/// show an error instead of alerts).
#[component]
fn LabelFilterField(panel: EditedPanel) -> impl IntoView {
    const POINTER: &str = "/options/alertInstanceLabelFilter";
    let problem = RwSignal::new(None::<String>);
    let on_change = move |ev| {
        let text = event_target_value(&ev);
        match label_filter_problem(&text) {
            Some(why) => problem.set(Some(why)),
            None => {
                problem.set(None);
                panel.set_step(
                    POINTER,
                    (!text.trim().is_empty()).then_some(Value::String(text)),
                );
            }
        }
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">"Alert instance label"</span>
            <input type="text" data-testid="panel-editor-alert-label-filter" placeholder="{severity=\"critical\", instance=~\"cluster-us-.+\"}"
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=move || panel.with(String::new(), |p| text_at(p, POINTER)) on:change=on_change />
            {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
        </label>
    }
}
