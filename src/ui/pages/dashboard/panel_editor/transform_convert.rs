//! Convert field type (Grafana's `ConvertFieldTypeTransformerEditor`): a row per conversion
//! (the field, the type it becomes among those core converts to, the input date format when
//! it becomes a time), each removable, and "Convert field type" to add one. Each change
//! writes the `conversions` list, one undo step. A select wrapped in its label also carries
//! the label as `aria-label`: otherwise its name would include the chosen option's text.

use super::transform_inputs::OptionsAt;
use crate::core::panel_options::transform_row_forms::{
    conversion_rows, conversions_added, conversions_changed, conversions_removed, ConversionRow,
    CONVERT_TYPES,
};
use leptos::prelude::*;
use serde_json::json;

const CONVERSIONS: &str = "/conversions";

#[component]
pub fn ConvertFieldTypeForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    let rows = Memo::new(move |_| conversion_rows(&at.get("").unwrap_or_else(|| json!({}))));
    let add = move |_| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        at.set(CONVERSIONS, Some(conversions_added(&options)));
    };
    view! {
        <ol class="pe-rows" aria-label="Conversions">
            <For each=move || 0..rows.with(Vec::len) key=|n| *n let:index>
                <ConversionRowView at rows fields index />
            </For>
        </ol>
        <button type="button" class="btn btn-small" data-testid="panel-editor-convert-add" on:click=add>"+ Convert field type"</button>
    }
}

/// Conversion `index`: its field, destination type, date format and remove button.
#[component]
fn ConversionRowView(
    at: OptionsAt,
    rows: Memo<Vec<ConversionRow>>,
    fields: Signal<Vec<String>>,
    index: usize,
) -> impl IntoView {
    let row = Memo::new(move |_| rows.with(|r| r.get(index).cloned().unwrap_or_default()));
    let change = move |edit: Box<dyn FnOnce(&mut ConversionRow)>| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        at.set(
            CONVERSIONS,
            Some(conversions_changed(&options, index, |r| edit(r))),
        );
    };
    let remove = move |_| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        at.set(CONVERSIONS, Some(conversions_removed(&options, index)));
    };
    let field_names = move || {
        let mut names = fields.get();
        let now = row.with(|r| r.field.clone());
        if !now.is_empty() && !names.contains(&now) {
            names.push(now);
        }
        names
    };
    let current_field = move || row.with(|r| r.field.clone());
    let current_type = move || row.with(|r| r.destination.clone());
    view! {
        <li class="pe-row" data-testid="panel-editor-convert-row">
            <label class="pe-field">
                <span class="pe-label">"Field"</span>
                <select data-option="targetField" aria-label="Field" prop:value=current_field
                    on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |r| r.field = v)) }>
                    <option value="" selected=move || current_field().is_empty()>"Choose a field…"</option>
                    {move || field_names().into_iter().map(|n| {
                        let shown = n.clone();
                        view! { <option value=n.clone() selected=move || current_field() == n>{shown}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="pe-field">
                <span class="pe-label">"as"</span>
                <select data-option="destinationType" aria-label="as" prop:value=current_type
                    on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |r| r.destination = v)) }>
                    <option value="" selected=move || current_type().is_empty()>"Type"</option>
                    {CONVERT_TYPES.iter().map(|(v, n)| view! {
                        <option value=*v selected=move || current_type() == *v>{*n}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || current_type() == "time">
                <label class="pe-field">
                    <span class="pe-label">"Input format"</span>
                    <input type="text" data-option="dateFormat" placeholder="X: seconds; empty: ms or ISO 8601"
                        prop:value=move || row.with(|r| r.date_format.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |r| r.date_format = v)) } />
                </label>
            </Show>
            <button type="button" class="btn btn-small" aria-label=move || format!("Remove conversion {}", index + 1)
                on:click=remove>"Remove"</button>
        </li>
    }
}
