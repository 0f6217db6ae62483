//! Group by (Grafana's `GroupByTransformerEditor`): a row per input field with its operation
//! (Ignored, Group by, Calculate) and, for Calculate, the calculations as switches in the
//! order picked; Grafana's warning when something calculates but nothing is grouped on. Each
//! change writes the field's whole `fields.<name>` object, one undo step.

use super::transform_inputs::OptionsAt;
use crate::core::panel_options::transform_forms::{reducer_name, REDUCER_IDS};
use crate::core::panel_options::transform_row_forms::{
    group_by_aggregations, group_by_calculates_without_grouping, group_by_operation,
    group_by_pointer, group_by_with_aggregation, group_by_with_operation, GROUP_BY_OPERATIONS,
};
use leptos::prelude::*;
use serde_json::{json, Value};

#[component]
pub fn GroupByForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    let options = Memo::new(move |_| at.get("").unwrap_or_else(|| json!({})));
    view! {
        <Show when=move || options.with(group_by_calculates_without_grouping)>
            <p class="pe-problem" role="alert">"Calculations will not have an effect if no fields are being grouped on."</p>
        </Show>
        <Show when=move || fields.with(Vec::is_empty)>
            <p class="pe-note">"The fields show here once the panel's queries return data."</p>
        </Show>
        <ul class="pe-rows" aria-label="Fields">
            <For each=move || fields.get() key=|name| name.clone() let:name>
                <GroupByRow at options name />
            </For>
        </ul>
    }
}

/// One field: its operation and, when it calculates, its calculations.
#[component]
fn GroupByRow(at: OptionsAt, options: Memo<Value>, name: String) -> impl IntoView {
    let pointer = group_by_pointer(&name);
    let key = name.clone();
    let operation = Memo::new(move |_| options.with(|o| group_by_operation(o, &key)));
    let (for_op, key, op_pointer) = (name.clone(), name.clone(), pointer.clone());
    let choose = move |ev| {
        let chosen = event_target_value(&ev);
        let config = options.with_untracked(|o| group_by_with_operation(o, &for_op, &chosen));
        at.set(&op_pointer, Some(config));
    };
    view! {
        <li class="pe-row" data-field=name.clone() data-operation=move || operation.get()>
            <label class="pe-row-head">
                // The field's name is the select's name too (the wrapping label would add the
                // chosen option's text to it).
                <span class="pe-row-name">{name.clone()}</span>
                <select data-testid="panel-editor-groupby-operation" aria-label=name.clone() prop:value=move || operation.get() on:change=choose>
                    {GROUP_BY_OPERATIONS.iter().map(|(v, n)| view! {
                        <option value=*v selected=move || operation.get() == *v>{*n}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || operation.get() == "aggregate">
                <Aggregations at options name=key.clone() pointer=pointer.clone() />
            </Show>
        </li>
    }
}

/// The calculations of a field that calculates (Grafana's stats picker, as switches).
#[component]
fn Aggregations(
    at: OptionsAt,
    options: Memo<Value>,
    name: String,
    pointer: String,
) -> impl IntoView {
    let legend = format!("Calculations of {name}");
    view! {
        <fieldset class="pe-fieldset pe-calcs" data-testid="panel-editor-groupby-calculations">
            <legend class="pe-label">{legend}</legend>
            {REDUCER_IDS.iter().map(|id| {
                let (checked_name, toggle_name, pointer) = (name.clone(), name.clone(), pointer.clone());
                let checked = move || options.with(|o| group_by_aggregations(o, &checked_name).iter().any(|a| a == id));
                let toggle = move |ev| {
                    let on = event_target_checked(&ev);
                    let config = options.with_untracked(|o| group_by_with_aggregation(o, &toggle_name, id, on));
                    at.set(&pointer, Some(config));
                };
                view! {
                    <label class="pe-field pe-check">
                        <input type="checkbox" data-reducer=*id prop:checked=checked on:change=toggle />
                        <span class="pe-label">{reducer_name(id)}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
