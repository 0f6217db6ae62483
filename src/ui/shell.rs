//! The application shell: top bar (name, dashboard picker, time, refresh, theme), navigation,
//! and the routes. `kiosk` in the URL hides all chrome for wall screens and embedding.

use super::embed::install_embed_bridge;
use super::pages::dashboard_index::DashboardPicker;
use super::pages::{
    AlertsPage, DashboardPage, ExploreLogsPage, ExploreMetricsPage, ExploreTracesPage, HomePage,
    ImportPage, NotFound, SettingsPage, SoloPanelPage, TraceDependenciesPage,
};
use super::refresh::{provide_refresh_tick, RefreshPicker};
use super::theme::{use_effective_theme, ThemeToggle};
use super::time_picker::TimePicker;
use super::view_state::{app_href, carried_query, use_view_state};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes, A};
use leptos_router::path;

#[component]
pub fn Shell() -> impl IntoView {
    provide_refresh_tick();
    install_embed_bridge();
    let view = use_view_state();
    let theme = use_effective_theme();
    // `/d-solo/...` is a single embedded panel: no chrome, like kiosk.
    let location = leptos_router::hooks::use_location();
    let kiosk =
        Memo::new(move |_| view.get().kiosk || location.pathname.get().contains("/d-solo/"));
    let link = move |path: &'static str| {
        move || format!("{}{}", app_href(path), carried_query(&view.get()))
    };
    view! {
        <div class="app" data-testid="shell" class:kiosk=move || kiosk.get()>
            <Show when=move || !kiosk.get()>
                <header class="topbar" data-testid="topbar">
                    <A href=link("/") attr:class="brand">"Meshboard"</A>
                    <DashboardPicker />
                    <div class="spacer"></div>
                    <TimePicker />
                    <RefreshPicker />
                    <ThemeToggle theme />
                </header>
                <nav class="nav" data-testid="nav">
                    <A href=link("/")>"Dashboards"</A>
                    <A href=link("/dashboard/import")>"Import"</A>
                    <A href=link("/explore/metrics")>"Metrics"</A>
                    <A href=link("/explore/logs")>"Logs"</A>
                    <A href=link("/explore/traces")>"Traces"</A>
                    <A href=link("/alerts")>"Alerts"</A>
                    <A href=link("/settings")>"Settings"</A>
                </nav>
            </Show>
            <main class="content" data-testid="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/d/:uid") view=DashboardPage />
                    <Route path=path!("/d/:uid/:slug") view=DashboardPage />
                    <Route path=path!("/d-solo/:uid") view=SoloPanelPage />
                    <Route path=path!("/d-solo/:uid/:slug") view=SoloPanelPage />
                    <Route path=path!("/dashboard/import") view=ImportPage />
                    <Route path=path!("/explore/metrics") view=ExploreMetricsPage />
                    <Route path=path!("/explore/logs") view=ExploreLogsPage />
                    <Route path=path!("/explore/traces") view=ExploreTracesPage />
                    <Route path=path!("/explore/traces/dependencies") view=TraceDependenciesPage />
                    <Route path=path!("/explore/traces/:id") view=ExploreTracesPage />
                    <Route path=path!("/alerts") view=AlertsPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
        </div>
    }
}
