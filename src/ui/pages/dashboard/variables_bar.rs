//! The variables bar: one control per variable (select, multi-select with "All", textbox;
//! constants and `hide: 2` variables are not shown). A control only writes `var-<name>` into
//! the URL; the page applies URL values to the variables, so links, back/forward and host
//! pages all take the same path. The rules (who gets a control, what a click selects) are
//! core's `dashboard::variable_picker`.

use super::nav::{use_edit_view, History};
use super::state::DashState;
use crate::core::dashboard::{
    multi_summary, options_with_current, shown_variables, toggled_selection,
};
use crate::core::variables::{Variable, VariableHide, VariableKind};
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
            _ if v.multi => view! { <MultiSelect variable=v choose /> }.into_any(),
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

/// A dropdown of checkable options; "All" is exclusive, as in Grafana.
#[component]
fn MultiSelect(
    variable: Variable,
    choose: impl Fn(Vec<String>) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let summary = multi_summary(&variable);
    let selected = variable.current.values.clone();
    let include_all = variable.include_all;
    let options = options_with_current(&variable);
    let list = move || {
        let choose = choose.clone();
        let selected = selected.clone();
        options
            .clone()
            .into_iter()
            .map(move |o| {
                let checked = selected.contains(&o.value);
                let choose = choose.clone();
                let selected = selected.clone();
                let value = o.value.clone();
                view! {
                    <button class="var-option" class:checked=checked data-value=o.value.clone() role="menuitemcheckbox" aria-checked=checked.to_string()
                        on:click=move |_| choose(toggled_selection(&selected, &value, include_all))>
                        <span class="var-check">{if checked { "☑" } else { "☐" }}</span>{o.text.clone()}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="var-multi">
            <button class="select var-multi-button" data-testid="variable-button" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{summary}</button>
            <Show when=move || open.get()>
                <div class="dropdown var-dropdown" data-testid="variable-options" on:mouseleave=move |_| open.set(false)>{list.clone()}</div>
            </Show>
        </div>
    }
}
