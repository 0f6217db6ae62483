//! The part of the settings that is in the main module: the toolbar's "Settings" and
//! "Save as" buttons, and the place the settings chunk opens while the URL names an
//! `editview` (opening one also enters edit mode, as Grafana does).

use super::super::edit::EditContext;
use super::super::nav::{use_edit_view, History};
use super::EDIT_VIEW_KEY;
use crate::ui::lazy::{LazyPage, DASHBOARD_SETTINGS};
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;

/// Shows the settings chunk while the URL has `editview=`.
#[component]
pub fn SettingsHost(ctx: EditContext) -> impl IntoView {
    let view = use_view_state();
    let open = Memo::new(move |_| view.with(|v| v.passthrough_value(EDIT_VIEW_KEY).is_some()));
    Effect::new(move |_| {
        if open.get() {
            ctx.editing.set(true);
        }
    });
    view! {
        <Show when=move || open.get()>
            <LazyPage chunk=DASHBOARD_SETTINGS />
        </Show>
    }
}

/// "Settings" and "Save as" in the edit toolbar.
#[component]
pub fn SettingsButtons() -> impl IntoView {
    let edit = use_edit_view();
    let open = move |view: &'static str| {
        edit(History::Push, &|v| {
            v.set_passthrough(EDIT_VIEW_KEY, Some(view.to_string()))
        })
    };
    let open_too = open.clone();
    view! {
        <button class="btn" data-testid="dashboard-settings-open" on:click=move |_| open("settings")>"Settings"</button>
        <button class="btn" data-testid="dashboard-save-as" on:click=move |_| open_too("save_as")>"Save as"</button>
    }
}
