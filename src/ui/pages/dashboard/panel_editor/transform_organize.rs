//! Organize fields by name (Grafana's `OrganizeFieldsTransformerEditor`): one row per input
//! field in the order they will show, each with move up/down (for Grafana's drag handle), a
//! show/hide toggle (its eye icon) and a rename box. Each action is one undo step.

use super::transform_inputs::OptionsAt;
use crate::core::panel_options::transform_forms::{organize_moved, organize_rows, OrganizeRow};
use leptos::prelude::*;
use serde_json::{json, Value};

#[component]
pub fn OrganizeForm(at: OptionsAt, fields: Signal<Vec<String>>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        let options = at.get("").unwrap_or_else(|| json!({}));
        fields.with(|f| organize_rows(&options, f))
    });
    view! {
        <Show when=move || rows.with(Vec::is_empty)>
            <p class="pe-note">"The fields show here once the panel's queries return data."</p>
        </Show>
        <ol class="pe-organize" aria-label="Fields in order">
            <For each=move || rows.get() key=|r| r.name.clone() let:row>
                <OrganizeRowView at rows name=row.name />
            </For>
        </ol>
    }
}

/// One field's row (keyed by its name, so focus stays on a button that was pressed).
#[component]
fn OrganizeRowView(at: OptionsAt, rows: Memo<Vec<OrganizeRow>>, name: String) -> impl IntoView {
    let key = name.clone();
    let index =
        Memo::new(move |_| rows.with(|r| r.iter().position(|x| x.name == key).unwrap_or(0)));
    let key = name.clone();
    let row = Memo::new(move |_| rows.with(|r| r.iter().find(|x| x.name == key).cloned()));
    let hidden = move || row.with(|r| r.as_ref().is_some_and(|r| r.hidden));
    let last = move || rows.with(Vec::len).saturating_sub(1);
    let move_by = move |delta: isize| {
        let from = index.get_untracked();
        at.set(
            "/indexByName",
            Some(rows.with_untracked(|r| organize_moved(r, from, delta))),
        );
    };
    let pointer = |key: &str| format!("/{key}/{}", name.replace('~', "~0").replace('/', "~1"));
    let (hide_pointer, rename_pointer) = (pointer("excludeByName"), pointer("renameByName"));
    let rename_id = at.control_id(&format!("rename-{}", index.get_untracked()));
    view! {
        <li class="pe-organize-row" data-field=name.clone() data-hidden=move || hidden().to_string()>
            <button type="button" class="btn btn-small" aria-label=format!("Move {name} up")
                disabled=move || index.get() == 0 on:click=move |_| move_by(-1)>"↑"</button>
            <button type="button" class="btn btn-small" aria-label=format!("Move {name} down")
                disabled={move || index.get() >= last()} on:click=move |_| move_by(1)>"↓"</button>
            <button type="button" class="btn btn-small" aria-pressed=move || hidden().to_string()
                aria-label=format!("Hide {name}") data-testid="panel-editor-organize-hide"
                on:click=move |_| at.set(&hide_pointer, (!hidden()).then_some(Value::Bool(true)))>
                {move || if hidden() { "Hidden" } else { "Shown" }}
            </button>
            <label class="pe-organize-name" for=rename_id.clone()>{name.clone()}</label>
            <input type="text" id=rename_id placeholder="Rename" data-testid="panel-editor-organize-rename"
                prop:value=move || row.with(|r| r.as_ref().map(|r| r.rename.clone()).unwrap_or_default()) on:change=move |ev| {
                    let text = event_target_value(&ev);
                    at.set(&rename_pointer, (!text.is_empty()).then_some(Value::String(text)));
                } />
        </li>
    }
}
