//! The variables bar: one control per variable (select, multi-select with "All" in
//! `multi_select`, textbox; constants and `hide: 2` variables are not shown). A control only writes `var-<name>` into
//! the URL; the page applies URL values to the variables, so links, back/forward and host
//! pages all take the same path. The rules (who gets a control, what a click selects) are
//! core's `dashboard::variable_picker`.

use super::multi_select::{MultiSelect, MultiSelectState};
use super::nav::{use_edit_view, History};
use super::state::DashState;
use crate::core::dashboard::{options_with_current, shown_variables};
use crate::core::variables::{VariableHide, VariableKind};
use leptos::prelude::*;

#[component]
pub fn VariablesBar(state: DashState) -> impl IntoView {
    let shown = move || state.variables.with(|vars| shown_variables(vars));
    view! {
        <div class="dash-variables" data-testid="variables-bar">
            <For each=shown key=|name| name.clone() children=move |name| view! { <VariableControl state name /> } />
        </div>
    }
}

#[component]
fn VariableControl(state: DashState, name: String) -> impl IntoView {
    let edit = use_edit_view();
    let lookup = name.clone();
    let variable = Memo::new(move |_| {
        state
            .variables
            .with(|vars| vars.iter().find(|v| v.name == lookup).cloned())
    });
    let set_name = name.clone();
    let choose = move |values: Vec<String>| {
        let name = set_name.clone();
        edit(History::Push, &|view| view.set_var(&name, values.clone()));
    };
    let err_name = name.clone();
    let error = move || state.var_errors.with(|e| e.get(&err_name).cloned());
    let load_name = name.clone();
    let loading = move || state.var_loading.with(|l| l.contains(&load_name));
    let label = move || {
        variable.with(|v| match v {
            Some(v) if v.hide != VariableHide::LabelHidden => {
                Some(v.label.clone().unwrap_or_else(|| v.name.clone()))
            }
            _ => None,
        })
    };
    // The multi-select's open list, filter and active option outlive its redraws.
    let multi_state = MultiSelectState::new();
    let control = move || {
        let Some(v) = variable.get() else {
            return ().into_any();
        };
        let choose = choose.clone();
        // The control's accessible name: the label shown beside it, or the name when hidden.
        let a11y_name = v.label.clone().unwrap_or_else(|| v.name.clone());
        match &v.kind {
            VariableKind::Textbox { .. } => {
                let current = v.current.values.first().cloned().unwrap_or_default();
                view! {
                    <input class="input var-textbox" type="text" aria-label=a11y_name prop:value=current
                        on:change=move |ev| choose(vec![event_target_value(&ev)]) />
                }
                .into_any()
            }
            _ if v.multi => {
                view! { <MultiSelect variable=v state=multi_state choose /> }.into_any()
            }
            _ => {
                let current = v.current.values.first().cloned().unwrap_or_default();
                let options = options_with_current(&v);
                view! {
                    <select class="select var-select" aria-label=a11y_name prop:value=current.clone()
                        on:change=move |ev| choose(vec![event_target_value(&ev)])>
                        {options.into_iter().map(|o| {
                            let selected = o.value == current;
                            view! { <option value=o.value.clone() selected=selected>{o.text}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="dash-variable" data-testid=format!("variable-{name}") data-variable=name.clone()
            data-loading=move || loading().to_string()
            title=move || variable.with(|v| v.as_ref().and_then(|v| v.description.clone()).unwrap_or_default())>
            {move || label().map(|l| view! { <span class="var-label">{l}</span> })}
            {control}
            {move || error().map(|e| { let tip = e.clone(); view! { <span class="var-error" data-testid="variable-error" title=tip>"!"<span class="var-error-text">{e}</span></span> } })}
        </div>
    }
}
