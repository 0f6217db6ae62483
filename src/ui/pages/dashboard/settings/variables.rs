//! The variables editor (`editview=variables`): the list (name, type, query) with move up,
//! move down, delete and edit; "New variable"; the order they load in (core's dependency
//! graph) with any cycle said. Every change is one `Edit::SetVariables` of the whole list, so
//! undo, drafts and save cover it; the form of the chosen one is [`super::variable_form`].

use super::super::edit::EditContext;
use super::variable_form::VariableForm;
use crate::core::authoring::variables_edit::{
    load_order, move_variable, new_variable, query_text, type_of, variable_list, VARIABLE_TYPES,
};
use crate::core::authoring::Edit;
use leptos::prelude::*;
use serde_json::Value;

/// The variables now (tracked).
pub fn current_list(ctx: EditContext) -> Vec<Value> {
    ctx.read(|s| variable_list(s.dashboard()))
}

/// Puts a changed list in.
pub fn set_list(ctx: EditContext, list: Vec<Value>) {
    ctx.apply_step(Edit::SetVariables { list });
}

#[component]
pub fn VariablesView(ctx: EditContext) -> impl IntoView {
    let list = Memo::new(move |_| current_list(ctx));
    let editing = RwSignal::new(None::<usize>);
    let add = move |_| {
        let mut next = untrack(|| current_list(ctx));
        next.push(new_variable("query", &next));
        let at = next.len() - 1;
        set_list(ctx, next);
        editing.set(Some(at));
    };
    view! {
        <div class="settings-form settings-variables" data-testid="settings-variables">
            <h2>"Variables"</h2>
            {move || editing.get().map(|index| view! { <VariableForm ctx index editing /> })}
            <Show when=move || editing.get().is_none()>
                <table class="versions-table" data-testid="variables-table">
                    <thead><tr><th scope="col">"Variable"</th><th scope="col">"Type"</th><th scope="col">"Definition"</th><th scope="col"></th></tr></thead>
                    <tbody>
                        {move || list.get().into_iter().enumerate().map(|(i, entry)| view! {
                            <VariableRow ctx index=i entry editing count=list.with(Vec::len) />
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="settings-actions">
                    <button class="btn primary" data-testid="variable-add" on:click=add>"New variable"</button>
                </div>
                <LoadOrderView list />
            </Show>
        </div>
    }
}

#[component]
fn VariableRow(
    ctx: EditContext,
    index: usize,
    entry: Value,
    editing: RwSignal<Option<usize>>,
    count: usize,
) -> impl IntoView {
    let name = entry["name"].as_str().unwrap_or_default().to_string();
    let kind = type_of(&entry).to_string();
    let kind_label = VARIABLE_TYPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind.clone(), |(_, l)| l.to_string());
    let shift = move |up: bool| {
        let list = untrack(|| current_list(ctx));
        set_list(ctx, move_variable(&list, index, up));
    };
    let remove = move |_| {
        let mut list = untrack(|| current_list(ctx));
        if index < list.len() {
            list.remove(index);
            set_list(ctx, list);
        }
    };
    view! {
        <tr data-testid="variable-row" data-name=name.clone()>
            <td><button class="btn-link" data-testid="variable-edit" on:click=move |_| editing.set(Some(index))>{format!("${name}")}</button></td>
            <td>{kind_label}</td>
            <td class="variable-definition">{query_text(&entry)}</td>
            <td class="settings-link-actions">
                <button class="btn" aria-label=format!("Move {name} up") prop:disabled=index == 0 on:click=move |_| shift(true)>"↑"</button>
                <button class="btn" aria-label=format!("Move {name} down") prop:disabled={ index + 1 >= count } on:click=move |_| shift(false)>"↓"</button>
                <button class="btn" data-testid="variable-remove" aria-label=format!("Delete {name}") on:click=remove>"Delete"</button>
            </td>
        </tr>
    }
}

/// The order the variables load in, what each uses, and any cycle.
#[component]
fn LoadOrderView(list: Memo<Vec<Value>>) -> impl IntoView {
    let order = Memo::new(move |_| list.with(|l| load_order(l)));
    view! {
        <h3>"Load order"</h3>
        <p data-testid="variables-load-order">{move || order.with(|o| if o.queried.is_empty() {
            "No variable reads its options from a data source.".to_string()
        } else {
            format!("Read from the data source in this order: {}", o.queried.iter().map(|n| format!("${n}")).collect::<Vec<_>>().join(" → "))
        })}</p>
        <ul class="variables-uses">
            {move || order.with(|o| o.uses.iter().filter(|(_, used)| !used.is_empty()).map(|(name, used)| view! {
                <li>{format!("${name} uses {}", used.iter().map(|n| format!("${n}")).collect::<Vec<_>>().join(", "))}</li>
            }).collect_view())}
        </ul>
        {move || order.with(|o| o.cycles.iter().map(|c| view! { <p class="inline-error" role="alert">{c.clone()}</p> }).collect_view())}
    }
}
