//! The dashboard page `/d/:uid` (header, variables bar, grid; `viewPanel=<id>` shows one panel
//! full screen) and Grafana's single-panel URL `/d-solo/:uid?panelId=<id>` (one panel filling
//! the frame, no chrome), plus dashboard import and the browser store of imported dashboards.
//!
//! The URL is the source of truth: the dashboard's own `time`/`refresh` are written into it
//! (replacing, not pushing) when it has none, and `var-<name>` values flow URL -> variables.

mod annotations;
pub mod edit;
mod export;
mod grid;
mod header;
mod import;
mod linked_dashboards;
mod load;
mod multi_select;
mod nav;
pub mod panel_editor;
mod refresh;
pub mod settings;
mod single;
mod state;
pub mod store;
mod sync;
mod variables_bar;
mod view;

pub use import::ImportPage;

use crate::core::load::LoadState;
use crate::ui::query::use_message_query;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use load::load_dashboard;
use view::DashboardView;

/// Which route shows the dashboard: the whole page, or one panel alone (`d-solo`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Page,
    Solo,
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    by_uid(Mode::Page)
}

/// `/d-solo/:uid?panelId=<id>`: one panel, no chrome (the shell hides its bars on this route).
#[component]
pub fn SoloPanelPage() -> impl IntoView {
    by_uid(Mode::Solo)
}

/// Re-creates the page when the uid changes (the router keeps the component across params).
fn by_uid(mode: Mode) -> impl IntoView {
    let params = use_params_map();
    let uid = Memo::new(move |_| params.read().get("uid").unwrap_or_default());
    move || {
        let uid = uid.get();
        view! { <DashboardLoader uid mode /> }
    }
}

/// Loads the dashboard `uid`, then shows it, or says why it could not be opened.
#[component]
fn DashboardLoader(uid: String, mode: Mode) -> impl IntoView {
    let wanted = uid.clone();
    // The dashboard files are app files without an abort signal: a load that outlives the
    // page is simply dropped.
    let loaded = use_message_query(
        move || Some(wanted.clone()),
        |uid: String, _signal| async move { load_dashboard(&uid).await },
    );
    move || {
        match loaded.state() {
        LoadState::Idle | LoadState::Loading => view! {
            <p class="muted dash-loading" data-testid="dashboard-loading">{format!("Loading dashboard \"{uid}\"…")}</p>
        }
        .into_any(),
        LoadState::Failed(message) => view! {
            <section class="page dash-error" data-testid="dashboard-error">
                <h1>"Dashboard could not be opened"</h1>
                <p class="inline-error">{message}</p>
            </section>
        }
        .into_any(),
        LoadState::Ready((dashboard, source)) => view! { <DashboardView dashboard source mode /> }.into_any(),
    }
    }
}
