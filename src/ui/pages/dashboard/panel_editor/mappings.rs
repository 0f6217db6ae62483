//! The value mappings editor: one row per mapping as Grafana's editor lists them (a value, a
//! range, a regex or a special value), each with the text and colour shown instead. A row's
//! fields are set when left, and the whole list is written back as Grafana saves it.

use super::EditedPanel;
use crate::core::authoring::panel_edit::{
    mapping_rows, mappings_json, number_input, MappingMatch, MappingRow,
};
use leptos::prelude::*;

const POINTER: &str = "/fieldConfig/defaults/mappings";

#[component]
pub fn MappingsEditor(panel: EditedPanel) -> impl IntoView {
    let rows = Memo::new(move |_| panel.with(Vec::new(), mapping_rows));
    let add = move |_| {
        let mut all = rows.get_untracked();
        all.push(MappingRow {
            matches: MappingMatch::Value(String::new()),
            text: String::new(),
            color: String::new(),
        });
        panel.set(POINTER, Some(mappings_json(&all)));
    };
    view! {
        <div class="pe-mappings" data-testid="panel-editor-mappings">
            <For each=move || 0..rows.with(Vec::len) key=|i| *i let:i>
                <MappingRowEditor panel rows i />
            </For>
            <button class="btn" data-testid="panel-editor-add-mapping" on:click=add>"+ Add value mapping"</button>
        </div>
    }
}

/// The condition's kind as the select names it.
fn kind(m: &MappingMatch) -> &'static str {
    match m {
        MappingMatch::Value(_) => "value",
        MappingMatch::Range { .. } => "range",
        MappingMatch::Regex(_) => "regex",
        MappingMatch::Special(_) => "special",
    }
}

/// The condition as one editable text: the value, `from..to`, the pattern, the special name.
fn condition_text(m: &MappingMatch) -> String {
    let bound = |b: &Option<f64>| b.map(|v| v.to_string()).unwrap_or_default();
    match m {
        MappingMatch::Value(v) | MappingMatch::Regex(v) | MappingMatch::Special(v) => v.clone(),
        MappingMatch::Range { from, to } => format!("{}..{}", bound(from), bound(to)),
    }
}

/// The condition of kind `kind` read from typed `text`.
fn parse_condition(kind: &str, text: &str) -> MappingMatch {
    let bound = |t: &str| number_input(t).ok().flatten().and_then(|v| v.as_f64());
    match kind {
        "range" => {
            let (from, to) = text.split_once("..").unwrap_or((text, ""));
            MappingMatch::Range {
                from: bound(from),
                to: bound(to),
            }
        }
        "regex" => MappingMatch::Regex(text.to_string()),
        "special" => MappingMatch::Special(if text.is_empty() {
            "null".into()
        } else {
            text.to_string()
        }),
        _ => MappingMatch::Value(text.to_string()),
    }
}

#[component]
fn MappingRowEditor(panel: EditedPanel, rows: Memo<Vec<MappingRow>>, i: usize) -> impl IntoView {
    let row = move || rows.with(|r| r.get(i).cloned());
    let write = move |change: &dyn Fn(&mut MappingRow)| {
        let mut all = rows.get_untracked();
        if let Some(r) = all.get_mut(i) {
            change(r);
        }
        panel.set(POINTER, Some(mappings_json(&all)));
    };
    let on_kind = move |ev| {
        let k = event_target_value(&ev);
        write(&|r| r.matches = parse_condition(&k, &condition_text(&r.matches)));
    };
    let on_condition = move |ev| {
        let text = event_target_value(&ev);
        write(&|r| r.matches = parse_condition(kind(&r.matches), &text));
    };
    let on_text = move |ev| {
        let text = event_target_value(&ev);
        write(&|r| r.text = text.clone());
    };
    let on_color = move |ev| {
        let color = event_target_value(&ev);
        write(&|r| r.color = color.clone());
    };
    let remove = move |_| {
        let mut all = rows.get_untracked();
        if i < all.len() {
            all.remove(i);
        }
        panel.set(POINTER, Some(mappings_json(&all)));
    };
    let current_kind = move || row().map(|r| kind(&r.matches)).unwrap_or("value");
    let field =
        move |f: fn(&MappingRow) -> String| move || row().map(|r| f(&r)).unwrap_or_default();
    view! {
        <div class="pe-mapping" data-testid="panel-editor-mapping">
            <select aria-label="Condition" on:change=on_kind prop:value=current_kind>
                {[("value", "Value"), ("range", "Range"), ("regex", "Regex"), ("special", "Special")].into_iter()
                    .map(|(v, n)| view! { <option value=v selected=move || current_kind() == v>{n}</option> }).collect_view()}
            </select>
            <input type="text" aria-label="Matches" data-testid="panel-editor-mapping-match" placeholder="value, 0..10, regex, null"
                prop:value=field(|r| condition_text(&r.matches)) on:change=on_condition />
            <input type="text" aria-label="Display text" data-testid="panel-editor-mapping-text" placeholder="Display text"
                prop:value=field(|r| r.text.clone()) on:change=on_text />
            <input type="text" aria-label="Colour" class="pe-mapping-color" placeholder="Colour"
                prop:value=field(|r| r.color.clone()) on:change=on_color />
            <button class="btn btn-small" aria-label="Remove mapping" on:click=remove>"×"</button>
        </div>
    }
}
