//! The option form's field kinds, each bound to one JSON pointer of the edited panel: typing
//! sets the field through the edit context (one undo step per field), an empty text or number
//! removes it, as Grafana leaves unset options out of the saved JSON.

use super::EditedPanel;
use crate::core::authoring::panel_edit::{bool_at, number_input, text_at};
use leptos::prelude::*;
use serde_json::Value;

/// A labelled text input.
#[component]
pub fn TextField(
    panel: EditedPanel,
    label: &'static str,
    #[prop(into)] pointer: Signal<String>,
    testid: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let value = move || panel.with(String::new(), |p| text_at(p, &pointer.get()));
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let stored = (!text.is_empty()).then_some(Value::String(text));
        panel.set(&pointer.get_untracked(), stored);
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <input type="text" data-testid=testid placeholder=placeholder prop:value=value on:input=on_input />
        </label>
    }
}

/// A labelled multi-line text (the description).
#[component]
pub fn TextAreaField(
    panel: EditedPanel,
    label: &'static str,
    pointer: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let value = move || panel.with(String::new(), |p| text_at(p, pointer));
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        panel.set(pointer, (!text.is_empty()).then_some(Value::String(text)));
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <textarea rows="3" data-testid=testid prop:value=value on:input=on_input></textarea>
        </label>
    }
}

/// A labelled number input; text that is not a number is said next to it and not stored.
#[component]
pub fn NumberField(
    panel: EditedPanel,
    label: &'static str,
    pointer: &'static str,
    testid: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let value = move || panel.with(String::new(), |p| text_at(p, pointer));
    let on_input = move |ev| match number_input(&event_target_value(&ev)) {
        Ok(stored) => {
            problem.set(None);
            panel.set(pointer, stored);
        }
        Err(why) => problem.set(Some(why)),
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <input type="text" inputmode="decimal" data-testid=testid placeholder=placeholder
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=value on:input=on_input />
            {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
        </label>
    }
}

/// A labelled choice among fixed values; `default` is what Grafana assumes when unset.
#[component]
pub fn SelectField(
    panel: EditedPanel,
    label: &'static str,
    #[prop(into)] pointer: Signal<String>,
    testid: &'static str,
    choices: &'static [(&'static str, &'static str)],
    default: &'static str,
) -> impl IntoView {
    let current = move || {
        let text = panel.with(String::new(), |p| text_at(p, &pointer.get()));
        if text.is_empty() {
            default.to_string()
        } else {
            text
        }
    };
    let on_change = move |ev| {
        panel.set(
            &pointer.get_untracked(),
            Some(Value::String(event_target_value(&ev))),
        );
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <select data-testid=testid on:change=on_change prop:value=current>
                {choices.iter().map(|(value, name)| view! { <option value=*value selected=move || current() == *value>{*name}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A labelled on/off switch (a checkbox); off removes the field when `default` is off.
#[component]
pub fn CheckField(
    panel: EditedPanel,
    label: &'static str,
    #[prop(into)] pointer: Signal<String>,
    testid: &'static str,
    #[prop(optional)] default: bool,
) -> impl IntoView {
    let checked = move || panel.with(default, |p| bool_at(p, &pointer.get(), default));
    let on_change = move |ev| {
        let on = event_target_checked(&ev);
        let stored = (on || default).then_some(Value::Bool(on));
        panel.set(&pointer.get_untracked(), stored);
    };
    view! {
        <label class="pe-field pe-check">
            <input type="checkbox" data-testid=testid prop:checked=checked on:change=on_change />
            <span class="pe-label">{label}</span>
        </label>
    }
}
