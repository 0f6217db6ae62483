//! The panel's queries: one row per target (its `refId`, hide, remove, the query in its
//! language's editor, legend format, min interval, instant or range), and "Add query". Rows
//! are keyed by `refId` so a row being typed in is not rebuilt when another one changes.

use super::fields::{CheckField, TextField};
use super::query_field::QueryField;
use super::EditedPanel;
use crate::core::authoring::panel_edit::{add_query, query_language, remove_query, QueryLanguage};
use leptos::prelude::*;
use serde_json::Value;

/// Each target's key: its `refId` and which occurrence of it (a loaded file may repeat one).
fn target_keys(panel: &Value) -> Vec<(String, usize)> {
    let mut keys: Vec<(String, usize)> = Vec::new();
    for target in panel
        .get("targets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let ref_id = target
            .get("refId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let nth = keys.iter().filter(|(r, _)| *r == ref_id).count();
        keys.push((ref_id, nth));
    }
    keys
}

#[component]
pub fn QueryRows(panel: EditedPanel) -> impl IntoView {
    let keys = Memo::new(move |_| panel.with(Vec::new(), target_keys));
    let language = Memo::new(move |_| panel.with(QueryLanguage::PromQl, query_language));
    let add = move |_| {
        if let Some(json) = panel.json.get_untracked() {
            panel.replace(add_query(&json));
        }
    };
    view! {
        <section class="panel-editor-queries" data-testid="panel-editor-queries" aria-label="Queries">
            <h3 class="pe-section-title">"Queries"</h3>
            <For each=move || keys.get() key=|k| k.clone() let:key>
                <QueryRow panel key keys language />
            </For>
            <button class="btn" data-testid="panel-editor-add-query" on:click=add>"+ Add query"</button>
        </section>
    }
}

#[component]
fn QueryRow(
    panel: EditedPanel,
    key: (String, usize),
    keys: Memo<Vec<(String, usize)>>,
    language: Memo<QueryLanguage>,
) -> impl IntoView {
    let ref_id = key.0.clone();
    let mine = key.clone();
    // Where this row's target is now (others may have been removed above it).
    let index = Memo::new(move |_| keys.with(|k| k.iter().position(|x| *x == mine)));
    let at = move |field: &'static str| {
        Signal::derive(move || format!("/targets/{}/{field}", index.get().unwrap_or(0)))
    };
    let remove = move |_| {
        if let (Some(json), Some(i)) = (panel.json.get_untracked(), index.get_untracked()) {
            panel.replace(remove_query(&json, i));
        }
    };
    let instant = move || {
        panel.with(false, |p| {
            index
                .get()
                .and_then(|i| p.pointer(&format!("/targets/{i}/instant")))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
    };
    let set_type = move |ev| {
        let Some(i) = index.get_untracked() else {
            return;
        };
        let is_instant = event_target_value(&ev) == "instant";
        panel.set(
            &format!("/targets/{i}/instant"),
            Some(Value::Bool(is_instant)),
        );
        panel.set(
            &format!("/targets/{i}/range"),
            Some(Value::Bool(!is_instant)),
        );
    };
    view! {
        <div class="pe-query" data-testid="panel-editor-query-row" data-ref-id=ref_id.clone()>
            <div class="pe-query-head">
                <span class="pe-ref-id" data-testid="panel-editor-ref-id">{ref_id.clone()}</span>
                <CheckField panel label="Hide" pointer=at("hide") testid="panel-editor-query-hide" />
                <button class="btn btn-small" data-testid="panel-editor-remove-query"
                    aria-label=format!("Remove query {ref_id}") on:click=remove>"Remove"</button>
            </div>
            <QueryField panel index language />
            <div class="pe-query-options">
                <TextField panel label="Legend" pointer=at("legendFormat") testid="panel-editor-legend-format" placeholder="Auto" />
                <TextField panel label="Min interval" pointer=at("interval") testid="panel-editor-min-interval" placeholder="e.g. 1m" />
                <Show when=move || language.get() == QueryLanguage::PromQl>
                    <label class="pe-field">
                        <span class="pe-label">"Type"</span>
                        <select data-testid="panel-editor-query-type" on:change=set_type>
                            <option value="range" selected=move || !instant()>"Range"</option>
                            <option value="instant" selected=instant>"Instant"</option>
                        </select>
                    </label>
                </Show>
            </div>
        </div>
    }
}
