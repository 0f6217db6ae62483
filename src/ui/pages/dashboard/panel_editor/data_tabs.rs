//! The tabs under the preview, as Grafana's editor has them: Queries and Transform data (the
//! latter only for panel types that query; its label counts the transformations). A tablist:
//! the arrow keys move between the tabs, the selected tab's panel shows; both panels stay
//! mounted so a half-typed query survives a look at the transformations.

use super::queries::QueryRows;
use super::transformations::TransformationsTab;
use super::EditedPanel;
use crate::core::authoring::panel_edit::text_at;
use crate::core::panel_options::groups::{shows, OptionGroup};
use leptos::prelude::*;
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Queries,
    Transform,
}

#[component]
pub fn DataTabs(panel: EditedPanel) -> impl IntoView {
    let tab = RwSignal::new(Tab::Queries);
    let transforms_apply = Memo::new(move |_| {
        panel.with(false, |p| {
            shows(&text_at(p, "/type"), OptionGroup::Transformations)
        })
    });
    let count = move || {
        panel.with(0, |p| {
            p.get("transformations")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
    };
    // Back to Queries when the type no longer has the tab (a text panel picked).
    Effect::new(move |_| {
        if !transforms_apply.get() {
            tab.set(Tab::Queries);
        }
    });
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight")
            && transforms_apply.get_untracked()
        {
            ev.prevent_default();
            let next = match tab.get_untracked() {
                Tab::Queries => Tab::Transform,
                Tab::Transform => Tab::Queries,
            };
            tab.set(next);
            let id = match next {
                Tab::Queries => "pe-tab-queries",
                Tab::Transform => "pe-tab-transform",
            };
            if let Some(el) = document().get_element_by_id(id) {
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).focus();
            }
        }
    };
    let tab_button =
        move |which: Tab, id: &'static str, testid: &'static str, panel_id: &'static str| {
            let selected = move || tab.get() == which;
            view! {
                <button type="button" role="tab" id=id class="pe-tab" data-testid=testid
                    aria-selected=move || selected().to_string() aria-controls=panel_id
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| tab.set(which)>
                    {move || match which {
                        Tab::Queries => "Queries".to_string(),
                        Tab::Transform => format!("Transform data ({})", count()),
                    }}
                </button>
            }
        };
    view! {
        <div class="pe-data-tabs">
            <div class="pe-tablist" role="tablist" aria-label="Panel data" on:keydown=on_key>
                {tab_button(Tab::Queries, "pe-tab-queries", "panel-editor-tab-queries", "pe-tabpanel-queries")}
                <Show when=move || transforms_apply.get()>
                    {tab_button(Tab::Transform, "pe-tab-transform", "panel-editor-tab-transform", "pe-tabpanel-transform")}
                </Show>
            </div>
            <div role="tabpanel" id="pe-tabpanel-queries" aria-labelledby="pe-tab-queries" hidden=move || tab.get() != Tab::Queries>
                <QueryRows panel />
            </div>
            <div role="tabpanel" id="pe-tabpanel-transform" aria-labelledby="pe-tab-transform" hidden=move || tab.get() != Tab::Transform>
                <TransformationsTab panel />
            </div>
        </div>
    }
}
