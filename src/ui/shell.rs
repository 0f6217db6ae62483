//! The application shell: top bar (name, dashboard picker, time, refresh, theme), navigation,
//! and the routes. `kiosk` in the URL hides all chrome for wall screens and embedding.
//! The dashboard routes are in the main wasm module; every other page is a chunk loaded when
//! its route is visited (`ui::lazy`), and prefetched once the first page is drawn.

use super::embed::install_embed_bridge;
use super::lazy::{self, prefetch_when_idle, Chunk, LazyPage};
use super::pages::dashboard_index::DashboardPicker;
use super::pages::{DashboardPage, HomePage, NotFound, SoloPanelPage};
use super::refresh::{provide_refresh_tick, use_time_controls, RefreshPicker};
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
    // A dashboard's `timepicker.hidden` takes the time and refresh pickers away.
    let time_hidden = use_time_controls().hidden;
    let theme = use_effective_theme();
    // Escape hides hover and focus cards everywhere (issue 19, WCAG 1.4.13).
    crate::ui::a11y::dismiss::install_escape_dismiss();
    // `/d-solo/...` is a single embedded panel: no chrome, like kiosk.
    let location = leptos_router::hooks::use_location();
    let kiosk =
        Memo::new(move |_| view.get().kiosk || location.pathname.get().contains("/d-solo/"));
    prefetch_when_idle(move || kiosk.try_get_untracked() == Some(false));
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
                    <Show when=move || !time_hidden.get()>
                        <TimePicker />
                        <RefreshPicker />
                    </Show>
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
                    <Route path=path!("/dashboard/import") view=lazy_page(lazy::IMPORT) />
                    <Route path=path!("/explore/metrics") view=lazy_page(lazy::EXPLORE_METRICS) />
                    <Route path=path!("/explore/logs") view=lazy_page(lazy::EXPLORE_LOGS) />
                    <Route path=path!("/explore/traces") view=lazy_page(lazy::EXPLORE_TRACES) />
                    <Route path=path!("/explore/traces/dependencies") view=lazy_page(lazy::TRACE_DEPENDENCIES) />
                    <Route path=path!("/explore/traces/:id") view=lazy_page(lazy::EXPLORE_TRACES) />
                    <Route path=path!("/alerts") view=lazy_page(lazy::ALERTS) />
                    <Route path=path!("/alerts/silences") view=lazy_page(lazy::ALERTS) />
                    <Route path=path!("/settings") view=lazy_page(lazy::SETTINGS) />
                </Routes>
            </main>
        </div>
    }
}

/// A route's view that loads `chunk`'s page on demand.
fn lazy_page(chunk: Chunk) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || view! { <LazyPage chunk /> }.into_any()
}
