//! The label browser: label names as chips, the chosen label's values with the log volume
//! each selects, and the selector the chosen values make, to put in the editor or run at once.

use leptos::prelude::*;

use super::lookups::LabelLookups;
use crate::core::logs_view::complete::selector_from_choices;
use crate::core::logs_view::label_browser::{is_chosen, toggle_choice, volume_text, Choices};

#[component]
pub(super) fn LabelBrowser(
    lookups: LabelLookups,
    draft: RwSignal<String>,
    open: RwSignal<bool>,
    on_run: Callback<()>,
) -> impl IntoView {
    let label = RwSignal::new(None::<String>);
    let choices = RwSignal::new(Choices::new());
    let names = move || {
        lookups.names().into_iter().map(|name| {
            let (active_name, picked) = (name.clone(), name.clone());
            view! { <button class="chip" data-testid="label-name" class:active=move || label.get().as_deref() == Some(active_name.as_str())
                on:click=move |_| { label.set(Some(picked.clone())); lookups.ensure_values(&picked); }>{name}</button> }
        }).collect_view()
    };
    let values = move || {
        label.get().map(|name| {
            let values = lookups
                .values
                .with(|v| v.get(&name).cloned().unwrap_or_default());
            values
                .into_iter()
                .map(|(value, bytes)| {
                    let (n, v) = (name.clone(), value.clone());
                    let (n_active, v_active) = (name.clone(), value.clone());
                    view! { <button class="chip" data-testid="label-value"
                    class:active=move || choices.with(|c| is_chosen(c, &n_active, &v_active))
                    on:click=move |_| choices.update(|c| toggle_choice(c, &n, &v))>
                    {value}<span class="muted">{bytes.map(|b| format!(" ({})", volume_text(b)))}</span></button> }
                })
                .collect_view()
        })
    };
    let use_selector = move || {
        draft.set(selector_from_choices(&choices.get_untracked()));
        open.set(false);
    };
    let none_chosen = move || choices.with(Vec::is_empty);
    view! {
        <div class="label-browser" data-testid="label-browser">
            <div class="label-browser-names">{names}</div>
            <div class="label-browser-values">{values}</div>
            <div class="label-browser-actions">
                <code data-testid="label-browser-selector">{move || selector_from_choices(&choices.get())}</code>
                <button class="btn" data-testid="label-browser-use" disabled=none_chosen
                    on:click=move |_| use_selector()>"Use selector"</button>
                <button class="btn" on:click=move |_| { use_selector(); on_run.run(()); }
                    disabled=none_chosen>"Show logs"</button>
            </div>
        </div>
    }
}
