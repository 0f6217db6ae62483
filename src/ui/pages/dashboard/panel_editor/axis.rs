//! The time series' Axis group (Grafana's `addAxisConfig`): placement, label (not for a
//! hidden axis), soft min and max, the width (empty: fitted to the labels), the scale (linear, logarithmic with base 2 or 10, symlog
//! with its base and linear threshold) and centered zero. Everything is `fieldConfig.defaults
//! .custom`, so an override can set it per series as in Grafana.

use super::fields::{CheckField, NumberField, SelectField, TextField};
use super::options::Group;
use super::EditedPanel;
use crate::core::authoring::panel_edit::{number_input, text_at};
use crate::core::panel_options::styles::{
    scale_form, scale_json, ScaleForm, AXIS_PLACEMENTS, LOG_BASES, SCALES,
};
use leptos::prelude::*;

const CUSTOM: &str = "/fieldConfig/defaults/custom";
const SCALE: &str = "/fieldConfig/defaults/custom/scaleDistribution";

#[component]
pub fn AxisGroup(panel: EditedPanel) -> impl IntoView {
    let hidden = move || {
        panel.with(false, |p| {
            text_at(p, &format!("{CUSTOM}/axisPlacement")) == "hidden"
        })
    };
    view! {
        <Group title="Axis" testid="pe-group-axis">
            <SelectField panel label="Placement" pointer=format!("{CUSTOM}/axisPlacement") testid="panel-editor-axis-placement" choices=AXIS_PLACEMENTS default="auto" />
            <Show when=move || !hidden()>
                <TextField panel label="Label" pointer=format!("{CUSTOM}/axisLabel") testid="panel-editor-axis-label" placeholder="Optional text" />
            </Show>
            <NumberField panel label="Soft min" pointer="/fieldConfig/defaults/custom/axisSoftMin" testid="panel-editor-axis-soft-min" placeholder="See: Standard options > Min" />
            <NumberField panel label="Soft max" pointer="/fieldConfig/defaults/custom/axisSoftMax" testid="panel-editor-axis-soft-max" placeholder="See: Standard options > Max" />
            <NumberField panel label="Width" pointer="/fieldConfig/defaults/custom/axisWidth" testid="panel-editor-axis-width" placeholder="auto" />
            <ScaleField panel />
            <CheckField panel label="Centered zero" pointer=format!("{CUSTOM}/axisCenteredZero") testid="panel-editor-axis-centered-zero" />
        </Group>
    }
}

/// The scale: its kind, then the log base (logarithmic, symlog) and the linear threshold
/// (symlog), stored together as one `scaleDistribution` object.
#[component]
fn ScaleField(panel: EditedPanel) -> impl IntoView {
    let form = Memo::new(move |_| panel.with(scale_form(None), |p| scale_form(p.pointer(SCALE))));
    let write = move |change: &dyn Fn(&mut ScaleForm)| {
        let mut next = form.get_untracked();
        change(&mut next);
        panel.set_step(SCALE, Some(scale_json(&next)));
    };
    let problem = RwSignal::new(None::<String>);
    let on_threshold = move |ev| match number_input(&event_target_value(&ev)) {
        Ok(Some(v)) => {
            problem.set(None);
            write(&|f| f.linear_threshold = v.as_f64().unwrap_or(1.0));
        }
        Ok(None) => write(&|f| f.linear_threshold = 1.0),
        Err(why) => problem.set(Some(why)),
    };
    let kind = move || form.with(|f| f.kind.clone());
    let base = move || form.with(|f| format!("{}", f.base));
    view! {
        <div class="pe-field-row">
            <label class="pe-field">
                <span class="pe-label">"Scale"</span>
                <select data-testid="panel-editor-axis-scale" prop:value=kind
                    on:change=move |ev| { let k = event_target_value(&ev); write(&|f| f.kind = k.clone()); }>
                    {SCALES.iter().map(|(v, n)| view! { <option value=*v selected=move || kind() == *v>{*n}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || kind() != "linear">
                <label class="pe-field">
                    <span class="pe-label">"Log base"</span>
                    <select data-testid="panel-editor-axis-log-base" prop:value=base
                        on:change=move |ev| { let b = event_target_value(&ev).parse().unwrap_or(2.0); write(&|f| f.base = b); }>
                        {LOG_BASES.iter().map(|(v, n)| view! { <option value=*v selected=move || base() == *v>{*n}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || kind() == "symlog">
                <label class="pe-field">
                    <span class="pe-label">"Linear threshold"</span>
                    <input type="text" inputmode="decimal" data-testid="panel-editor-axis-linear-threshold"
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        prop:value=move || form.with(|f| f.linear_threshold.to_string()) on:change=on_threshold />
                    {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
                </label>
            </Show>
        </div>
    }
}
