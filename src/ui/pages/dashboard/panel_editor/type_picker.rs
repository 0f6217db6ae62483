//! The visualization picker: a button (`panel-editor-type`) naming the panel's type opens a
//! searchable list of every type Meshboard draws, each with its name and description
//! (Grafana's `VizTypePicker`). Keyboard: the search box and the list follow the listbox
//! pattern: Up/Down (Home/End in the list) move the active option, typing in the list jumps
//! by name (typeahead), Enter picks, Escape closes and gives focus back to the button; the
//! active option is outlined. Picking is one undo step and shows in the preview at once.

use super::EditedPanel;
use crate::core::authoring::panel_edit::change_type;
use crate::core::panel_options::catalog::{
    move_active, search_visualizations, typeahead, viz_name, ListKey,
};
use leptos::html::{Button, Div, Input};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn TypePicker(panel: EditedPanel, kind: Memo<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    let typed = RwSignal::new(String::new());
    let shown = Memo::new(move |_| search_visualizations(&query.get()));
    let (button, search, popup) = (
        NodeRef::<Button>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Div>::new(),
    );
    let close = move |refocus: bool| {
        open.set(false);
        query.set(String::new());
        typed.set(String::new());
        if let (true, Some(b)) = (refocus, button.get_untracked()) {
            let _ = b.focus();
        }
    };
    let pick = move |id: &str| {
        if let Some(json) = panel.json.get_untracked() {
            panel.replace_step(change_type(&json, id));
        }
        close(true);
    };
    let open_list = move || {
        let current = kind.get_untracked();
        active.set(shown.with_untracked(|s| s.iter().position(|v| v.id == current)));
        open.set(true);
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close(true);
        } else {
            open_list();
        }
    };
    // The search box takes focus once the list is open.
    Effect::new(move |_| {
        if let (true, Some(input)) = (open.get(), search.get()) {
            let _ = input.focus();
        }
    });
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let in_list = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| el.get_attribute("role").as_deref() == Some("listbox"));
        let key = ev.key();
        // Closed, the button opens the list on Up/Down (Enter and Space click it).
        if !open.get_untracked() {
            if matches!(key.as_str(), "ArrowDown" | "ArrowUp") {
                ev.prevent_default();
                open_list();
            }
            return;
        }
        let len = shown.with_untracked(Vec::len);
        let step = match key.as_str() {
            "ArrowDown" => Some(ListKey::Next),
            "ArrowUp" => Some(ListKey::Previous),
            "Home" if in_list => Some(ListKey::First),
            "End" if in_list => Some(ListKey::Last),
            _ => None,
        };
        if let Some(step) = step {
            ev.prevent_default();
            typed.set(String::new());
            active.update(|a| *a = move_active(*a, len, step));
            return;
        }
        match key.as_str() {
            "Enter" => {
                ev.prevent_default();
                let chosen = active
                    .get_untracked()
                    .and_then(|i| shown.with_untracked(|s| s.get(i).map(|v| v.id)));
                if let Some(id) = chosen {
                    pick(id);
                }
            }
            "Escape" => {
                ev.prevent_default();
                close(true);
            }
            k if in_list && k.chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() => {
                typed.update(|t| t.push_str(k));
                let names: Vec<&str> = shown.with_untracked(|s| s.iter().map(|v| v.name).collect());
                active.set(typeahead(
                    &names,
                    active.get_untracked(),
                    &typed.get_untracked(),
                ));
            }
            _ => {}
        }
    };
    // Focus leaving the picker closes it (without taking focus back).
    let on_focusout = move |ev: web_sys::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(popup.get_untracked())
            .is_some_and(|(to, root)| root.contains(Some(&to)));
        if !inside {
            close(false);
        }
    };
    let active_id = move || {
        active
            .get()
            .and_then(|i| shown.with(|s| s.get(i).map(|v| format!("pe-viz-{}", v.id))))
    };
    view! {
        <div class="pe-field pe-type" node_ref=popup on:focusout=on_focusout on:keydown=on_key>
            <span class="pe-label" id="pe-type-label">"Visualization"</span>
            <button type="button" class="pe-type-button" node_ref=button data-testid="panel-editor-type"
                data-type=move || kind.get() aria-haspopup="listbox" aria-expanded=move || open.get().to_string()
                aria-labelledby="pe-type-label pe-type-current" on:click=toggle>
                <span id="pe-type-current">{move || viz_name(&kind.get()).to_string()}</span>
                <span aria-hidden="true">{move || if open.get() { "▴" } else { "▾" }}</span>
            </button>
            <Show when=move || open.get()>
                <input type="search" role="combobox" node_ref=search class="pe-type-search" data-testid="panel-editor-type-search"
                    aria-label="Search visualizations" aria-controls="pe-type-list" aria-expanded="true" aria-autocomplete="list"
                    aria-activedescendant=active_id placeholder="Search visualizations"
                    prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); active.set((shown.with_untracked(Vec::len) > 0).then_some(0)); } />
                <ul class="pe-type-list" id="pe-type-list" role="listbox" tabindex="0" aria-label="Visualizations"
                    data-testid="panel-editor-type-list" aria-activedescendant=active_id>
                    {move || shown.get().into_iter().enumerate().map(|(i, v)| view! {
                        <li role="option" id=format!("pe-viz-{}", v.id) class="pe-type-option" data-testid="panel-editor-type-option" data-type=v.id
                            class:active=move || active.get() == Some(i) aria-selected=move || (kind.get() == v.id).to_string()
                            on:mousedown=|ev| ev.prevent_default() on:click=move |_| pick(v.id)>
                            <span class="pe-type-name">{v.name}</span>
                            <span class="pe-type-description">{v.description}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <Show when=move || shown.with(Vec::is_empty)>
                    <p class="pe-note" role="status">"No visualization matches."</p>
                </Show>
            </Show>
        </div>
    }
}
