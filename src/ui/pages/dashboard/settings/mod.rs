//! Dashboard settings (Grafana's `/d/<uid>?editview=…`): the general settings with links
//! (`settings`), the variables editor (`variables`), the JSON model (`dashboard_json`), the saved versions with their diff and
//! restore (`versions`) and "Save as" a copy (`save_as`). Every change goes through the edit
//! context (core's `Edit`s), so undo, drafts and save cover it.
//!
//! Only [`host`] is in the main module (the toolbar's buttons and the place the view opens);
//! the views themselves are [`DashboardSettingsPage`], a split chunk (`lazy::DASHBOARD_SETTINGS`)
//! loaded when a settings URL is first opened, so the first dashboard load does not grow.

mod export;
mod general;
mod host;
mod json;
mod links;
mod save_as;
mod variable_form;
mod variables;
mod versions;

pub use host::{SettingsButtons, SettingsHost};

use super::edit::use_edit_context;
use super::nav::{use_edit_view, History};
use crate::ui::view_state::use_view_state;
use general::GeneralSettings;
use json::JsonModelView;
use leptos::prelude::*;
use save_as::SaveAsView;
use variables::VariablesView;
use versions::VersionsView;

/// The URL key of the open settings view, as Grafana names it.
pub const EDIT_VIEW_KEY: &str = "editview";

/// The views, as (`editview` value, tab name).
const VIEWS: [(&str, &str); 5] = [
    ("settings", "Settings"),
    ("variables", "Variables"),
    ("dashboard_json", "JSON Model"),
    ("versions", "Versions"),
    ("save_as", "Save as copy"),
];

/// The settings of the open dashboard: its tabs and the chosen view.
#[component]
pub fn DashboardSettingsPage() -> impl IntoView {
    let Some(ctx) = use_edit_context() else {
        return view! { <p class="inline-error">"Settings are only available on a dashboard."</p> }
            .into_any();
    };
    let view = use_view_state();
    let current = Memo::new(move |_| {
        view.with(|v| {
            v.passthrough_value(EDIT_VIEW_KEY)
                .unwrap_or("settings")
                .to_string()
        })
    });
    let edit = use_edit_view();
    let go = Callback::new(move |to: Option<&'static str>| {
        edit(History::Push, &|v| {
            v.set_passthrough(EDIT_VIEW_KEY, to.map(str::to_string))
        })
    });
    view! {
        <section class="dash-settings" data-testid="dashboard-settings" aria-label="Dashboard settings">
            <nav class="settings-tabs" aria-label="Settings views">
                {VIEWS.iter().map(|&(key, name)| view! {
                    <button class="settings-tab" data-testid=format!("settings-tab-{key}")
                        aria-current=move || (current.get() == key).then_some("page")
                        on:click=move |_| go.run(Some(key))>{name}</button>
                }).collect_view()}
                <div class="spacer"></div>
                <button class="btn" data-testid="settings-close" on:click=move |_| go.run(None)>"← Back to dashboard"</button>
            </nav>
            {move || match current.get().as_str() {
                "dashboard_json" => view! { <JsonModelView ctx /> }.into_any(),
                "versions" => view! { <VersionsView ctx /> }.into_any(),
                "variables" => view! { <VariablesView ctx /> }.into_any(),
                "save_as" => view! { <SaveAsView ctx /> }.into_any(),
                _ => view! { <GeneralSettings ctx /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
