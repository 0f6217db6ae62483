//! The panel editor (issue 18) at Grafana's URL, `/d/<uid>?editPanel=<id>`: the live preview
//! on top, the panel's queries below it, and the options pane (visualization picker, then the
//! option groups in Grafana's order) on the right. Every change goes through the dashboard's
//! [`EditContext`] as one authoring edit, so undo, the draft and save cover the editor; Apply
//! closes it keeping the changes, Discard puts the panel back as it was when opened.
//!
//! It is its own wasm chunk (`lazy::PANEL_EDITOR`): the dashboard's first load does not carry
//! it. It reads the open dashboard's edit context and the `editPanel` id from the page.

mod alertlist_options;
mod axis;
mod color_scheme;
mod data_tabs;
mod fields;
mod graph_styles;
mod input_frames;
mod links;
mod mappings;
mod options;
mod overrides;
mod preview;
mod queries;
mod query_field;
mod radio;
mod slider;
mod thresholds;
mod transform_convert;
mod transform_filter_value;
mod transform_form;
mod transform_group_by;
mod transform_inputs;
mod transform_organize;
mod transform_reduce;
mod transformations;
mod type_picker;
mod unit_picker;

use super::edit::{use_edit_context, EditContext};
use super::nav::{use_edit_view, History};
use crate::core::authoring::{panel_json, Edit};
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;
use serde_json::Value;

/// The panel being edited: the edit context and the panel's id, with its current JSON.
#[derive(Clone, Copy)]
pub struct EditedPanel {
    pub ctx: EditContext,
    pub id: i64,
    /// The panel's JSON as the dashboard now has it (`None`: removed meanwhile).
    pub json: Memo<Option<Value>>,
}

impl EditedPanel {
    /// Sets one field (`None` removes it): one undo step per field while typing.
    pub fn set(&self, pointer: &str, value: Option<Value>) {
        self.ctx.apply(Edit::SetPanelField {
            id: self.id,
            pointer: pointer.to_string(),
            value,
        });
    }

    /// Sets one field as its own undo step: a choice or a list action (a link added, a
    /// transformation moved), not typing that joins the step before it.
    pub fn set_step(&self, pointer: &str, value: Option<Value>) {
        self.ctx.apply_step(Edit::SetPanelField {
            id: self.id,
            pointer: pointer.to_string(),
            value,
        });
    }

    /// Replaces the whole panel (a query added, the type changed).
    pub fn replace(&self, panel: Value) {
        self.ctx.apply(Edit::ReplacePanel { id: self.id, panel });
    }

    /// Replaces the whole panel as its own undo step (another visualization picked).
    pub fn replace_step(&self, panel: Value) {
        self.ctx
            .apply_step(Edit::ReplacePanel { id: self.id, panel });
    }

    /// The JSON at `pointer` of the current panel, untracked (what a list action starts from).
    pub fn at_untracked(&self, pointer: &str) -> Option<Value> {
        self.json
            .with_untracked(|json| json.as_ref().and_then(|p| p.pointer(pointer).cloned()))
    }

    /// A function of the current JSON, tracked (`default` once the panel is gone).
    pub fn with<T>(&self, default: T, f: impl FnOnce(&Value) -> T) -> T {
        self.json.with(|json| json.as_ref().map_or(default, f))
    }
}

/// The editor page for the `editPanel` id of the URL (the chunk's entry point).
#[component]
pub fn PanelEditorPage() -> impl IntoView {
    let view = use_view_state();
    let id = view.with_untracked(|v| {
        v.passthrough_value("editPanel")
            .and_then(|s| s.parse::<i64>().ok())
    });
    let (Some(ctx), Some(id)) = (use_edit_context(), id) else {
        return view! { <p class="inline-error" data-testid="dashboard-error">"There is no panel to edit here."</p> }.into_any();
    };
    let json = Memo::new(move |_| ctx.read(|s| panel_json(s.dashboard(), id)));
    let Some(original) = json.get_untracked() else {
        return view! { <p class="inline-error" data-testid="dashboard-error">{format!("There is no panel with id {id} on this dashboard.")}</p> }.into_any();
    };
    // Opening the editor is editing the dashboard, as in Grafana.
    ctx.editing.set(true);
    let panel = EditedPanel { ctx, id, json };
    view! { <EditorLayout panel original /> }.into_any()
}

/// The editor's frame: its header with Discard and Apply, the preview and queries on the
/// left, the options on the right.
#[component]
fn EditorLayout(panel: EditedPanel, original: Value) -> impl IntoView {
    let edit_view = use_edit_view();
    let close = move || edit_view(History::Push, &|v| v.set_passthrough("editPanel", None));
    let close_apply = close.clone();
    let discard = move |_| {
        if panel.json.get_untracked().as_ref() != Some(&original) {
            panel.replace(original.clone());
        }
        close();
    };
    let title = move || {
        panel.with(String::new(), |p| {
            crate::core::authoring::panel_edit::text_at(p, "/title")
        })
    };
    view! {
        <section class="panel-editor" data-testid="panel-editor" aria-label="Edit panel">
            <header class="panel-editor-header">
                <h2 class="panel-editor-heading">"Edit panel: "<span data-testid="panel-editor-heading-title">{title}</span></h2>
                <button class="btn" data-testid="panel-editor-discard" on:click=discard>"Discard"</button>
                <button class="btn btn-primary" data-testid="panel-editor-apply" on:click=move |_| close_apply()>"Apply"</button>
            </header>
            <div class="panel-editor-body">
                <div class="panel-editor-main">
                    <preview::EditorPreview panel />
                    <data_tabs::DataTabs panel />
                </div>
                <options::OptionsPane panel />
            </div>
        </section>
    }
}
