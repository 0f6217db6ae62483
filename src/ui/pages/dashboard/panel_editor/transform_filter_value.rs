//! Filter data by values (Grafana's `FilterByValueTransformerEditor`): the filter type
//! (Include/Exclude) and how conditions combine (Match all/any) as radio groups, then a row per
//! condition (field, matcher among those core applies, its value or range), each removable,
//! and "Add condition". Each change is one undo step. Selects carry their label as
//! `aria-label` (wrapped in the label, their name would include the chosen option).

use super::transform_inputs::OptionsAt;
use crate::core::panel_options::transform_row_forms::{
    default_filter_field, filter_config_for, filter_rows, filters_added, filters_removed,
    matcher_inputs, FilterRow, MatcherInputs, FILTER_MATCHES, FILTER_TYPES, VALUE_MATCHERS,
};
use leptos::prelude::*;
use serde_json::{json, Value};

const FILTERS: &str = "/filters";

#[component]
pub fn FilterByValueForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    let rows = Memo::new(move |_| filter_rows(&at.get("").unwrap_or_else(|| json!({}))));
    let add = move |_| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        let field = fields.with_untracked(|f| default_filter_field(f));
        at.set(FILTERS, Some(filters_added(&options, &field)));
    };
    view! {
        <OptRadios at label="Filter type" pointer="/type" choices=FILTER_TYPES default="include" />
        <OptRadios at label="Conditions" pointer="/match" choices=FILTER_MATCHES default="any" />
        <ol class="pe-rows" aria-label="Conditions">
            <For each=move || 0..rows.with(Vec::len) key=|n| *n let:index>
                <ConditionRow at rows fields index />
            </For>
        </ol>
        <button type="button" class="btn btn-small" data-testid="panel-editor-filter-add" on:click=add>"+ Add condition"</button>
    }
}

/// A radio group over one option of the transformation (arrow keys move between choices).
#[component]
fn OptRadios(
    at: OptionsAt,
    label: &'static str,
    pointer: &'static str,
    choices: &'static [(&'static str, &'static str)],
    default: &'static str,
) -> impl IntoView {
    let current = move || {
        Some(at.text(pointer))
            .filter(|t| !t.is_empty())
            .unwrap_or(default.into())
    };
    let group = at.control_id(pointer.trim_start_matches('/'));
    view! {
        <fieldset class="pe-field pe-radio" data-option=pointer>
            <legend class="pe-label">{label}</legend>
            {choices.iter().map(|(value, name)| view! {
                <label class="pe-radio-choice">
                    <input type="radio" name=group.clone() value=*value prop:checked=move || current() == *value
                        on:change=move |_| at.set(pointer, Some(Value::String(value.to_string()))) />
                    <span>{*name}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// Condition `index`: its field, matcher, value(s) and remove button.
#[component]
fn ConditionRow(
    at: OptionsAt,
    rows: Memo<Vec<FilterRow>>,
    fields: Signal<Vec<String>>,
    index: usize,
) -> impl IntoView {
    let row = Memo::new(move |_| rows.with(|r| r.get(index).cloned()));
    let read =
        move |get: fn(&FilterRow) -> String| row.with(|r| r.as_ref().map(get).unwrap_or_default());
    let field = move || read(|r| r.field.clone());
    let matcher = move || read(|r| r.matcher.clone());
    let inputs = move || matcher_inputs(&matcher());
    let at_row = move |tail: &str| format!("{FILTERS}/{index}/{tail}");
    let field_names = move || {
        let mut names = fields.get();
        let now = field();
        if !now.is_empty() && !names.contains(&now) {
            names.push(now);
        }
        names
    };
    let set_text = move |tail: &'static str| {
        move |ev| at.set(&at_row(tail), Some(Value::String(event_target_value(&ev))))
    };
    let remove = move |_| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        at.set(FILTERS, Some(filters_removed(&options, index)));
    };
    view! {
        <li class="pe-row" data-testid="panel-editor-filter-row" data-matcher=matcher>
            <label class="pe-field">
                <span class="pe-label">"Field"</span>
                <select data-option="fieldName" aria-label="Field" prop:value=field on:change=set_text("fieldName")>
                    {move || field_names().into_iter().map(|n| {
                        let shown = n.clone();
                        view! { <option value=n.clone() selected=move || field() == n>{shown}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="pe-field">
                <span class="pe-label">"Match"</span>
                <select data-option="matcher" aria-label="Match" prop:value=matcher
                    on:change=move |ev| at.set(&at_row("config"), Some(filter_config_for(&event_target_value(&ev))))>
                    {VALUE_MATCHERS.iter().map(|(v, n)| view! {
                        <option value=*v selected=move || matcher() == *v>{*n}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || inputs() == MatcherInputs::Value>
                <label class="pe-field">
                    <span class="pe-label">"Value"</span>
                    <input type="text" data-option="value" prop:value=move || read(|r| r.value.clone())
                        on:change=set_text("config/options/value") />
                </label>
            </Show>
            <Show when=move || inputs() == MatcherInputs::Range>
                <label class="pe-field">
                    <span class="pe-label">"From"</span>
                    <input type="text" data-option="from" prop:value=move || read(|r| r.value.clone())
                        on:change=set_text("config/options/from") />
                </label>
                <label class="pe-field">
                    <span class="pe-label">"To"</span>
                    <input type="text" data-option="to" prop:value=move || read(|r| r.to.clone())
                        on:change=set_text("config/options/to") />
                </label>
            </Show>
            <button type="button" class="btn btn-small" aria-label=move || format!("Remove condition {}", index + 1)
                on:click=remove>"Remove"</button>
        </li>
    }
}
