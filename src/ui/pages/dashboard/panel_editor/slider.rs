//! A labelled slider with its number beside it (Grafana's `SliderValueEditor`: a range input
//! and a number input showing the same value). The slider commits on `change` (a release, or
//! each arrow key press), so a drag or a key press is one undo step; the number box commits
//! when left, clamped to the range. Unset shows Grafana's default.

use super::EditedPanel;
use crate::core::panel_options::styles::slider_value;
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn SliderField(
    panel: EditedPanel,
    label: &'static str,
    pointer: &'static str,
    testid: &'static str,
    min: f64,
    max: f64,
    step: f64,
    default: f64,
) -> impl IntoView {
    let stored = move || {
        panel.with(default, |p| {
            p.pointer(pointer)
                .and_then(Value::as_f64)
                .unwrap_or(default)
        })
    };
    // What the slider shows while dragged, before it is committed.
    let dragging = RwSignal::new(None::<f64>);
    let shown = move || dragging.get().unwrap_or_else(stored);
    let commit = move |text: String| {
        dragging.set(None);
        if let Some(v) = slider_value(&text, min, max) {
            panel.set_step(pointer, Some(v));
        }
    };
    let id = format!("{testid}-range");
    view! {
        <div class="pe-field pe-slider">
            <label class="pe-label" for=id.clone()>{label}</label>
            <div class="pe-slider-row">
                <input type="range" id=id data-testid=testid min=min max=max step=step
                    prop:value=move || shown().to_string()
                    on:input=move |ev| dragging.set(event_target_value(&ev).parse().ok())
                    on:change=move |ev| commit(event_target_value(&ev)) />
                <input type="number" class="pe-slider-number" data-testid=format!("{testid}-number")
                    aria-label=format!("{label} value") min=min max=max step=step
                    prop:value=move || shown().to_string() on:change=move |ev| commit(event_target_value(&ev)) />
            </div>
        </div>
    }
}
