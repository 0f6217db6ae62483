//! The thresholds editor: the steps from the highest down as Grafana lists them, each a colour
//! and a value (the base step has no value), "+ Add threshold", and Absolute or Percentage.
//! A value is set when the field is left, so the list does not re-sort under the typing.

use super::fields::SelectField;
use super::EditedPanel;
use crate::core::authoring::panel_edit::{
    add_threshold, number_input, remove_threshold, threshold_steps, thresholds_json,
};
use leptos::prelude::*;

const POINTER: &str = "/fieldConfig/defaults/thresholds";
const MODES: &[(&str, &str)] = &[("absolute", "Absolute"), ("percentage", "Percentage")];

#[component]
pub fn ThresholdsEditor(panel: EditedPanel) -> impl IntoView {
    let steps = Memo::new(move |_| panel.with(Vec::new(), threshold_steps));
    let add = move |_| {
        if let Some(json) = panel.json.get_untracked() {
            panel.set(POINTER, Some(add_threshold(&json)));
        }
    };
    // Highest first, as Grafana's editor shows them; `i` stays the index in the JSON.
    let rows = move || (0..steps.with(Vec::len)).rev().collect::<Vec<_>>();
    view! {
        <div class="pe-thresholds" data-testid="panel-editor-thresholds">
            <button class="btn" data-testid="panel-editor-add-threshold" on:click=add>"+ Add threshold"</button>
            <For each=rows key=|i| *i let:i>
                <StepRow panel steps i />
            </For>
            <SelectField panel label="Thresholds mode" pointer=format!("{POINTER}/mode") testid="panel-editor-thresholds-mode" choices=MODES default="absolute" />
        </div>
    }
}

#[component]
fn StepRow(
    panel: EditedPanel,
    steps: Memo<Vec<crate::core::authoring::panel_edit::ThresholdStep>>,
    i: usize,
) -> impl IntoView {
    let step = move || steps.with(|s| s.get(i).cloned());
    let is_base = move || step().is_some_and(|s| s.value.is_none());
    let write = move |change: &dyn Fn(&mut crate::core::authoring::panel_edit::ThresholdStep)| {
        let (Some(json), mut all) = (panel.json.get_untracked(), steps.get_untracked()) else {
            return;
        };
        if let Some(s) = all.get_mut(i) {
            change(s);
        }
        panel.set(POINTER, Some(thresholds_json(&json, all)));
    };
    let on_color = move |ev| {
        let color = event_target_value(&ev);
        write(&|s| s.color = color.clone());
    };
    let on_value = move |ev| {
        if let Ok(Some(v)) = number_input(&event_target_value(&ev)) {
            write(&|s| s.value = v.as_f64());
        }
    };
    let remove = move |_| {
        if let Some(json) = panel.json.get_untracked() {
            panel.set(POINTER, Some(remove_threshold(&json, i)));
        }
    };
    let color = move || step().map(|s| s.color).unwrap_or_default();
    view! {
        <div class="pe-step" data-testid="panel-editor-threshold">
            <span class="pe-swatch" style:background-color=color aria-hidden="true"></span>
            <input type="text" class="pe-step-color" aria-label="Colour" prop:value=color on:change=on_color />
            {move || if is_base() {
                view! { <span class="pe-step-base">"Base"</span> }.into_any()
            } else {
                view! {
                    <input type="text" inputmode="decimal" class="pe-step-value" aria-label="Threshold value" data-testid="panel-editor-threshold-value"
                        prop:value=move || step().and_then(|s| s.value).map(|v| v.to_string()).unwrap_or_default() on:change=on_value />
                    <button class="btn btn-small" aria-label="Remove threshold" on:click=remove>"×"</button>
                }.into_any()
            }}
        </div>
    }
}
