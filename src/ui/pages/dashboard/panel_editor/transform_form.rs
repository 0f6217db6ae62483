//! One transformation's form (Grafana's `transformers/editors/*`), picked by its id: organize,
//! reduce, group by, convert field type and filter by value have their own files; the small
//! forms are here, each a handful of the bound controls of `transform_inputs`. A
//! transformation without a form says so (its options stay editable as JSON); those without
//! options say that instead.

use super::transform_convert::ConvertFieldTypeForm;
use super::transform_filter_value::FilterByValueForm;
use super::transform_group_by::GroupByForm;
use super::transform_inputs::{OptCheck, OptField, OptNumber, OptSelect, OptText, OptionsAt};
use super::transform_organize::OrganizeForm;
use super::transform_reduce::{CalculateFieldForm, ReduceForm};
use crate::core::panel_options::transform_forms::{has_form, holds, toggled, WITHOUT_OPTIONS};
use leptos::prelude::*;

const JOIN_MODES: &[(&str, &str)] = &[("outer", "OUTER (time series)"), ("inner", "INNER")];
const LABEL_MODES: &[(&str, &str)] = &[("columns", "Columns"), ("rows", "Rows")];
const FRAME_NAME_MODES: &[(&str, &str)] = &[
    ("field", "Copy frame name to field name"),
    ("label", "Add a label with the frame name"),
    ("drop", "Ignore the frame name"),
];

/// The form for transformation `id`, or a note when it has none.
#[component]
pub fn TransformForm(at: OptionsAt, id: String, fields: Signal<Vec<String>>) -> impl IntoView {
    if WITHOUT_OPTIONS.contains(&id.as_str()) {
        return view! { <p class="pe-note">"This transformation has no options."</p> }.into_any();
    }
    if !has_form(&id) {
        return view! { <p class="pe-note" data-testid="panel-editor-transformation-no-form">"Meshboard has no form for this transformation yet: edit its options as JSON (Advanced)."</p> }.into_any();
    }
    let form = match id.as_str() {
        "organize" => view! { <OrganizeForm at fields /> }.into_any(),
        "reduce" => view! { <ReduceForm at /> }.into_any(),
        "calculateField" => view! { <CalculateFieldForm at fields /> }.into_any(),
        "filterFieldsByName" => view! { <FilterByNameForm at fields /> }.into_any(),
        "groupBy" => view! { <GroupByForm at fields /> }.into_any(),
        "convertFieldType" => view! { <ConvertFieldTypeForm at fields /> }.into_any(),
        "filterByValue" => view! { <FilterByValueForm at fields /> }.into_any(),
        "sortBy" => view! {
            <OptField at label="Field" pointer="/sort/0/field" fields />
            <OptCheck at label="Reverse" pointer="/sort/0/desc" />
        }
        .into_any(),
        "limit" => view! { <OptNumber at label="Limit" pointer="/limitField" placeholder="10" /> }.into_any(),
        "joinByField" => view! {
            <OptSelect at label="Mode" pointer="/mode" choices=JOIN_MODES default="outer" />
            <OptField at label="Field" pointer="/byField" fields empty="The first time field" />
        }
        .into_any(),
        "labelsToFields" => view! {
            <OptSelect at label="Mode" pointer="/mode" choices=LABEL_MODES default="columns" />
            <OptText at label="Value field name" pointer="/valueLabel" placeholder="A label whose values name the value fields" />
        }
        .into_any(),
        "renameByRegex" => view! {
            <OptText at label="Match" pointer="/regex" placeholder="Regular expression pattern" />
            <OptText at label="Replace" pointer="/renamePattern" placeholder="Replacement pattern ($1)" />
        }
        .into_any(),
        _ => view! {
            <OptSelect at label="Name" pointer="/frameNameMode" choices=FRAME_NAME_MODES default="field" />
            <OptText at label="Label" pointer="/frameNameLabel" placeholder="frame" />
        }
        .into_any(),
    };
    view! { <div class="pe-transform-form" data-testid="panel-editor-transformation-form">{form}</div> }.into_any()
}

/// Filter fields by name: a switch per input field (`include.names`) and a regex.
#[component]
fn FilterByNameForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    const NAMES: &str = "/include/names";
    let toggle =
        move |name: &str, on: bool| at.set(NAMES, toggled(at.get(NAMES).as_ref(), name, on));
    view! {
        <fieldset class="pe-fieldset">
            <legend class="pe-label">"Identifier"</legend>
            <Show when=move || fields.with(Vec::is_empty)>
                <p class="pe-note">"The field names show once the panel's queries return data."</p>
            </Show>
            {move || fields.get().into_iter().map(|name| {
                let label = name.clone();
                let shown = name.clone();
                view! {
                    <label class="pe-field pe-check">
                        <input type="checkbox" data-field=name.clone() prop:checked=move || holds(at.get(NAMES).as_ref(), &name)
                            on:change=move |ev| toggle(&label, event_target_checked(&ev)) />
                        <span class="pe-label">{shown}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
        <OptText at label="Use regex" pointer="/include/pattern" placeholder="Regular expression pattern" />
    }
}
