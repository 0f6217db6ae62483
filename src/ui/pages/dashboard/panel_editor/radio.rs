//! A labelled radio group bound to one JSON pointer (Grafana's `RadioButtonGroup` options:
//! view mode, group mode, bar alignment). Arrow keys move between the choices as in any radio
//! group; each choice is one undo step; `default` is checked while the option is unset.

use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn RadioField(
    panel: EditedPanel,
    label: &'static str,
    pointer: &'static str,
    testid: &'static str,
    choices: &'static [(&'static str, &'static str)],
    default: &'static str,
    /// Stores the choice as a number (`barAlignment`: -1, 0, 1).
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let current = move || {
        let text = panel.with(String::new(), |p| text_at(p, pointer));
        if text.is_empty() {
            default.to_string()
        } else {
            text
        }
    };
    let store = move |value: &str| {
        let stored = match numeric {
            true => value.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
            false => Value::String(value.to_string()),
        };
        panel.set_step(pointer, Some(stored));
    };
    view! {
        <fieldset class="pe-field pe-radio" data-testid=testid>
            <legend class="pe-label">{label}</legend>
            {choices.iter().map(|(value, name)| view! {
                <label class="pe-radio-choice">
                    <input type="radio" name=testid value=*value prop:checked=move || current() == *value
                        on:change=move |_| store(value) />
                    <span>{*name}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}
