//! The overrides editor: each field override is a matcher (which fields) and its properties
//! (what changes for them), as Grafana's "Add field override" builds them. Fields are set by
//! JSON pointer into `fieldConfig.overrides`, when left; a property's value is typed into the
//! JSON Grafana stores for it (core's `property_value`).

use super::EditedPanel;
use crate::core::authoring::panel_edit::{
    add_override, add_property, property_text, property_value, MATCHERS, PROPERTIES,
};
use leptos::prelude::*;
use serde_json::Value;

fn count(panel: &EditedPanel, pointer: String) -> usize {
    panel.with(0, |p| {
        p.pointer(&pointer)
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    })
}

#[component]
pub fn OverridesEditor(panel: EditedPanel) -> impl IntoView {
    let add = move |_| {
        if let Some(json) = panel.json.get_untracked() {
            panel.set("/fieldConfig/overrides", Some(add_override(&json)));
        }
    };
    view! {
        <div class="pe-overrides" data-testid="panel-editor-overrides">
            <For each=move || 0..count(&panel, "/fieldConfig/overrides".into()) key=|i| *i let:i>
                <OverrideCard panel i />
            </For>
            <button class="btn" data-testid="panel-editor-add-override" on:click=add>"+ Add field override"</button>
        </div>
    }
}

#[component]
fn OverrideCard(panel: EditedPanel, i: usize) -> impl IntoView {
    let base = format!("/fieldConfig/overrides/{i}");
    let text = move |pointer: String| {
        move || {
            panel.with(String::new(), |p| {
                p.pointer(&pointer).map(property_text).unwrap_or_default()
            })
        }
    };
    let matcher_id = Memo::new({
        let read = text(format!("{base}/matcher/id"));
        move |_| read()
    });
    let set = move |pointer: String, value: String| panel.set(&pointer, Some(Value::String(value)));
    let (b1, b2, b3, b4) = (base.clone(), base.clone(), base.clone(), base.clone());
    let on_matcher = move |ev| set(format!("{b1}/matcher/id"), event_target_value(&ev));
    let on_options = move |ev| set(format!("{b2}/matcher/options"), event_target_value(&ev));
    let on_add_property = move |ev| {
        let id = event_target_value(&ev);
        if let (false, Some(json)) = (id.is_empty(), panel.json.get_untracked()) {
            panel.set("/fieldConfig/overrides", Some(add_property(&json, i, &id)));
        }
    };
    let remove = move |_| panel.set(&b3, None);
    view! {
        <div class="pe-override" data-testid="panel-editor-override">
            <div class="pe-override-head">
                <select aria-label="Matcher" data-testid="panel-editor-override-matcher" on:change=on_matcher prop:value=move || matcher_id.get()>
                    {MATCHERS.iter().map(|(id, name)| view! { <option value=*id selected=move || matcher_id.get() == *id>{*name}</option> }).collect_view()}
                </select>
                <input type="text" aria-label="Fields" data-testid="panel-editor-override-options"
                    prop:value=text(format!("{base}/matcher/options")) on:change=on_options />
                <button class="btn btn-small" aria-label=format!("Remove override {}", i + 1) on:click=remove>"×"</button>
            </div>
            <For each=move || 0..count(&panel, format!("{b4}/properties")) key=|j| *j let:j>
                <PropertyRow panel i j />
            </For>
            <select aria-label="Add override property" data-testid="panel-editor-add-property" on:change=on_add_property prop:value="">
                <option value="" selected=true>"+ Add override property"</option>
                {PROPERTIES.iter().map(|(id, name, _)| view! { <option value=*id>{*name}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn PropertyRow(panel: EditedPanel, i: usize, j: usize) -> impl IntoView {
    let base = format!("/fieldConfig/overrides/{i}/properties/{j}");
    let id_pointer = format!("{base}/id");
    let id = Memo::new(move |_| {
        panel.with(String::new(), |p| {
            p.pointer(&id_pointer)
                .map(property_text)
                .unwrap_or_default()
        })
    });
    let name = move || {
        let id = id.get();
        PROPERTIES
            .iter()
            .find(|(p, _, _)| *p == id)
            .map_or(id.clone(), |(_, n, _)| (*n).to_string())
    };
    let value_pointer = format!("{base}/value");
    let vp = value_pointer.clone();
    let value = move || {
        panel.with(String::new(), |p| {
            p.pointer(&vp).map(property_text).unwrap_or_default()
        })
    };
    let problem = RwSignal::new(None::<String>);
    let on_value = move |ev| match property_value(&id.get_untracked(), &event_target_value(&ev)) {
        Ok(v) => {
            problem.set(None);
            panel.set(&value_pointer, v);
        }
        Err(why) => problem.set(Some(why)),
    };
    let remove = move |_| panel.set(&base, None);
    view! {
        <div class="pe-property" data-testid="panel-editor-override-property">
            <label class="pe-field">
                <span class="pe-label">{name}</span>
                <input type="text" data-testid="panel-editor-property-value" prop:value=value on:change=on_value
                    aria-invalid=move || problem.with(Option::is_some).to_string() />
                {move || problem.get().map(|why| view! { <span class="pe-problem" role="alert">{why}</span> })}
            </label>
            <button class="btn btn-small" aria-label="Remove property" on:click=remove>"×"</button>
        </div>
    }
}
