//! The controls of the per-transformation forms, each bound to one option of transformation
//! `i` (a JSON pointer inside its `options`, core's `transform_forms::set_option`): a choice
//! among fixed values, a choice among the input's field names, a text, a number and a switch.
//! Each change is one undo step; an emptied text or number leaves the option out.

use super::EditedPanel;
use crate::core::panel_options::transform_forms::{number_option, option_at, set_option};
use leptos::prelude::*;
use serde_json::Value;

const LIST: &str = "/transformations";

/// Transformation `i` of the edited panel, for its form's controls.
#[derive(Clone, Copy)]
pub struct OptionsAt {
    pub panel: EditedPanel,
    pub i: usize,
}

impl OptionsAt {
    /// The option at `pointer` (tracked).
    pub fn get(&self, pointer: &str) -> Option<Value> {
        let i = self.i;
        self.panel
            .with(None, |p| option_at(p.get("transformations"), i, pointer))
    }

    /// The option at `pointer` as text ("" when unset).
    pub fn text(&self, pointer: &str) -> String {
        match self.get(pointer) {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    /// Sets (or with `None` removes) the option at `pointer`, one undo step.
    pub fn set(&self, pointer: &str, value: Option<Value>) {
        let list = self.panel.at_untracked(LIST);
        self.panel
            .set_step(LIST, set_option(list.as_ref(), self.i, pointer, value));
    }

    /// An id for a control of this transformation (labels point at it).
    pub fn control_id(&self, name: &str) -> String {
        format!("pe-t{}-{name}", self.i)
    }
}

/// A labelled choice among fixed `(value, label)` pairs; `default` shows when unset.
#[component]
pub fn OptSelect(
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
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <select data-option=pointer prop:value=current
                on:change=move |ev| at.set(pointer, Some(Value::String(event_target_value(&ev))))>
                {choices.iter().map(|(v, n)| view! { <option value=*v selected=move || current() == *v>{*n}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A labelled choice among the input's field names (`fields`); the stored name stays a choice
/// while the data lacks it; the empty choice removes the option.
#[component]
pub fn OptField(
    at: OptionsAt,
    label: &'static str,
    pointer: &'static str,
    fields: Signal<Vec<String>>,
    #[prop(optional)] empty: &'static str,
) -> impl IntoView {
    let current = move || at.text(pointer);
    let names = move || {
        let mut names = fields.get();
        let now = current();
        if !now.is_empty() && !names.contains(&now) {
            names.push(now);
        }
        names
    };
    let empty = if empty.is_empty() {
        "Choose a field…"
    } else {
        empty
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <select data-option=pointer prop:value=current on:change=move |ev| {
                let name = event_target_value(&ev);
                at.set(pointer, (!name.is_empty()).then_some(Value::String(name)));
            }>
                <option value="" selected=move || current().is_empty()>{empty}</option>
                {move || names().into_iter().map(|n| {
                    let shown = n.clone();
                    view! { <option value=n.clone() selected=move || current() == n>{shown}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// A labelled text, set when the field is left.
#[component]
pub fn OptText(
    at: OptionsAt,
    label: &'static str,
    pointer: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <input type="text" data-option=pointer placeholder=placeholder prop:value=move || at.text(pointer)
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    at.set(pointer, (!text.is_empty()).then_some(Value::String(text)));
                } />
        </label>
    }
}

/// A labelled number, set when the field is left; text that is no number is said, not stored.
#[component]
pub fn OptNumber(
    at: OptionsAt,
    label: &'static str,
    pointer: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let on_change = move |ev| match number_option(&event_target_value(&ev)) {
        Ok(v) => {
            problem.set(None);
            at.set(pointer, v);
        }
        Err(why) => problem.set(Some(why)),
    };
    view! {
        <label class="pe-field">
            <span class="pe-label">{label}</span>
            <input type="text" inputmode="decimal" data-option=pointer placeholder=placeholder
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=move || at.text(pointer) on:change=on_change />
            {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
        </label>
    }
}

/// A labelled switch (checkbox); off leaves the option out.
#[component]
pub fn OptCheck(at: OptionsAt, label: &'static str, pointer: &'static str) -> impl IntoView {
    let checked = move || at.get(pointer).and_then(|v| v.as_bool()).unwrap_or(false);
    view! {
        <label class="pe-field pe-check">
            <input type="checkbox" data-option=pointer prop:checked=checked
                on:change=move |ev| at.set(pointer, event_target_checked(&ev).then_some(Value::Bool(true))) />
            <span class="pe-label">{label}</span>
        </label>
    }
}
