//! The searchable unit picker (Standard options > Unit): type to search the units catalogue
//! (core's ranking), pick with a click or Enter; text that names no unit can be kept as a
//! custom unit, as Grafana's picker offers; "Clear" removes the unit.

use super::EditedPanel;
use crate::core::authoring::panel_edit::{search_units, text_at};
use crate::core::units::unit_info;
use leptos::prelude::*;
use serde_json::Value;

/// How many matches the list shows.
const SHOWN: usize = 12;
const POINTER: &str = "/fieldConfig/defaults/unit";

#[component]
pub fn UnitPicker(panel: EditedPanel) -> impl IntoView {
    let current = Memo::new(move |_| panel.with(String::new(), |p| text_at(p, POINTER)));
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let matches = Memo::new(move |_| search_units(&query.get(), SHOWN));
    let pick = move |id: Option<String>| {
        panel.set(POINTER, id.map(Value::String));
        query.set(String::new());
        open.set(false);
    };
    let shown_name = move || {
        let id = current.get();
        unit_info(&id).map_or(id.clone(), |u| format!("{} ({})", u.name, u.category))
    };
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            let typed = query.get_untracked();
            let first = matches.with_untracked(|m| m.first().map(|u| u.id.to_string()));
            match first {
                Some(id) => pick(Some(id)),
                None if !typed.trim().is_empty() => pick(Some(typed.trim().to_string())),
                None => {}
            }
        }
        "Escape" => open.set(false),
        _ => {}
    };
    view! {
        <div class="pe-field pe-unit">
            <label class="pe-label" for="pe-unit-search">"Unit"</label>
            <div class="pe-unit-current">
                <span data-testid="panel-editor-unit-current">{shown_name}</span>
                <Show when=move || !current.with(String::is_empty)>
                    <button class="btn btn-small" data-testid="panel-editor-unit-clear" on:click=move |_| pick(None)>"Clear"</button>
                </Show>
            </div>
            <input id="pe-unit-search" type="search" role="combobox" data-testid="panel-editor-unit"
                aria-expanded=move || open.get().to_string() aria-controls="pe-unit-list"
                placeholder="Search units" prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); open.set(true); }
                on:focus=move |_| open.set(true) on:keydown=on_key />
            <Show when=move || open.get()>
                <ul class="pe-unit-list" id="pe-unit-list" role="listbox" data-testid="panel-editor-unit-list">
                    {move || matches.get().into_iter().map(|u| {
                        let id = u.id.to_string();
                        view! {
                            <li role="option"><button type="button" data-testid="panel-editor-unit-option" data-unit=u.id
                                on:click=move |_| pick(Some(id.clone()))>
                                <span>{u.name}</span><span class="muted">{format!(" · {}", u.category)}</span>
                            </button></li>
                        }
                    }).collect_view()}
                    <CustomUnit query pick />
                </ul>
            </Show>
        </div>
    }
}

/// "Use custom unit" for typed text no catalogue unit is named (a suffix, `si:`, `count:`).
#[component]
fn CustomUnit(
    query: RwSignal<String>,
    pick: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let typed = move || query.get().trim().to_string();
    view! {
        <Show when=move || !typed().is_empty()>
            <li role="option"><button type="button" data-testid="panel-editor-unit-custom"
                on:click=move |_| pick(Some(typed()))>{move || format!("Use custom unit “{}”", typed())}</button></li>
        </Show>
    }
}
