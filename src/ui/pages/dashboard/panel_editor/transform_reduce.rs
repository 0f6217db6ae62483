//! The forms that pick calculations: Reduce (Grafana's `ReduceTransformerEditor`: mode,
//! calculations, include time / labels to fields) and Add field from calculation
//! (`CalculateFieldTransformerEditor`: mode, then the reducer or the binary operation,
//! alias and "replace all fields"), with the calculation list they share.

use super::transform_inputs::{OptCheck, OptSelect, OptText, OptionsAt};
use crate::core::panel_options::transform_forms::{
    holds, operand_json, operand_text, reducer_name, toggled, REDUCER_IDS,
};
use leptos::prelude::*;

const REDUCE_MODES: &[(&str, &str)] = &[
    ("seriesToRows", "Series to rows"),
    ("reduceFields", "Reduce fields"),
];
const CALC_MODES: &[(&str, &str)] = &[("reduceRow", "Reduce row"), ("binary", "Binary operation")];
const OPERATORS: &[(&str, &str)] = &[
    ("+", "+"),
    ("-", "-"),
    ("*", "*"),
    ("/", "/"),
    ("%", "%"),
    ("^", "^"),
];
const SINGLE_REDUCERS: &[(&str, &str)] = &[
    ("sum", "Total"),
    ("mean", "Mean"),
    ("min", "Min"),
    ("max", "Max"),
    ("lastNotNull", "Last *"),
    ("last", "Last"),
    ("firstNotNull", "First *"),
    ("first", "First"),
    ("count", "Count"),
    ("median", "Median"),
    ("range", "Range"),
    ("stdDev", "StdDev"),
    ("variance", "Variance"),
];

#[component]
pub fn ReduceForm(at: OptionsAt) -> impl IntoView {
    let series_to_rows = move || at.text("/mode") != "reduceFields";
    view! {
        <OptSelect at label="Mode" pointer="/mode" choices=REDUCE_MODES default="seriesToRows" />
        <Calculations at />
        <Show when=series_to_rows fallback=move || view! { <OptCheck at label="Include time" pointer="/includeTimeField" /> }>
            <OptCheck at label="Convert labels to fields" pointer="/labelsToFields" />
        </Show>
    }
}

/// The `reducers` list as a switch per calculation, in the order they were chosen.
#[component]
fn Calculations(at: OptionsAt) -> impl IntoView {
    let toggle = move |id: &str, on: bool| {
        at.set("/reducers", toggled(at.get("/reducers").as_ref(), id, on))
    };
    view! {
        <fieldset class="pe-fieldset pe-calcs" data-testid="panel-editor-reduce-calculations">
            <legend class="pe-label">"Calculations"</legend>
            {REDUCER_IDS.iter().map(|id| view! {
                <label class="pe-field pe-check">
                    <input type="checkbox" data-reducer=*id prop:checked=move || holds(at.get("/reducers").as_ref(), id)
                        on:change=move |ev| toggle(id, event_target_checked(&ev)) />
                    <span class="pe-label">{reducer_name(id)}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn CalculateFieldForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    let binary = move || at.text("/mode") == "binary";
    view! {
        <OptSelect at label="Mode" pointer="/mode" choices=CALC_MODES default="reduceRow" />
        <Show when=binary fallback=move || view! { <OptSelect at label="Calculation" pointer="/reduce/reducer" choices=SINGLE_REDUCERS default="sum" /> }>
            <Operand at fields label="Left" pointer="/binary/left" />
            <OptSelect at label="Operator" pointer="/binary/operator" choices=OPERATORS default="+" />
            <Operand at fields label="Right" pointer="/binary/right" />
        </Show>
        <OptText at label="Alias" pointer="/alias" placeholder="Field name" />
        <OptCheck at label="Replace all fields" pointer="/replaceFields" />
    }
}

/// A binary operand: a field name (offered from the input) or a number.
#[component]
fn Operand(
    at: OptionsAt,
    fields: Signal<Vec<String>>,
    label: &'static str,
    pointer: &'static str,
) -> impl IntoView {
    let list_id = at.control_id(&format!("{}-fields", label.to_lowercase()));
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <input type="text" data-option=pointer list=list_id.clone() placeholder="Field or number"
                prop:value=move || operand_text(at.get(pointer).as_ref())
                on:change=move |ev| at.set(pointer, operand_json(&event_target_value(&ev), &fields.get_untracked())) />
        </label>
        <datalist id=list_id>
            {move || fields.get().into_iter().map(|f| view! { <option value=f></option> }).collect_view()}
        </datalist>
    }
}
