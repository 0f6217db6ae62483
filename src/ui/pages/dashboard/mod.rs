//! The dashboard page `/d/:uid` (header, variables bar, grid; `viewPanel=<id>` shows one panel
//! full screen) and Grafana's single-panel URL `/d-solo/:uid?panelId=<id>` (one panel filling
//! the frame, no chrome), plus dashboard import and the browser store of imported dashboards.
//!
//! The URL is the source of truth: the dashboard's own `time`/`refresh` are written into it
//! (replacing, not pushing) when it has none, and `var-<name>` values flow URL -> variables.

mod export;
mod grid;
mod header;
mod import;
mod load;
mod nav;

mod state;
pub mod store;
mod variables_bar;

pub use import::ImportPage;

use crate::core::config::Config;
use crate::core::dashboard::{expand_repeats, Dashboard, GraphTooltip, Panel, PanelKind};
use crate::core::time_range::TimeRange;
use crate::core::variables::url_params;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::observe::window_height;
use crate::ui::panels::crosshair::SharedCrosshair;
use crate::ui::panels::PanelView;
use crate::ui::view_state::use_view_state;
use grid::{panel_scope, DashboardGrid};
use header::DashboardHeader;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_params_map};
use load::{load_dashboard, Source};
use nav::{query_has_key, use_edit_view, History};
use state::{DashState, SyncContext, Want};
use std::collections::BTreeMap;
use variables_bar::VariablesBar;

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

#[component]
fn DashboardLoader(uid: String, mode: Mode) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<(Dashboard, Source), String>>);
    let wanted = uid.clone();
    spawn_local(async move {
        let result = load_dashboard(&wanted).await;
        loaded.try_set(Some(result));
    });
    move || {
        match loaded.get() {
        None => view! { <p class="muted dash-loading" data-testid="dashboard-loading">{format!("Loading dashboard \"{uid}\"…")}</p> }.into_any(),
        Some(Err(message)) => view! {
            <section class="page dash-error" data-testid="dashboard-error">
                <h1>"Dashboard could not be opened"</h1>
                <p class="inline-error">{message}</p>
            </section>
        }
        .into_any(),
        Some(Ok((dashboard, source))) => view! { <DashboardView dashboard source mode /> }.into_any(),
    }
    }
}

/// The effective time range strings: the URL's, else the dashboard's own.
fn effective_time(
    view: &crate::core::url_state::ViewState,
    dashboard: &Dashboard,
) -> (String, String) {
    (
        view.from
            .clone()
            .unwrap_or_else(|| dashboard.time.from.clone()),
        view.to.clone().unwrap_or_else(|| dashboard.time.to.clone()),
    )
}

fn resolve(from: &str, to: &str) -> (i64, i64) {
    TimeRange::parse(from, to)
        .unwrap_or_default()
        .resolve(now_ms(), utc_offset_min())
}

#[component]
fn DashboardView(dashboard: Dashboard, source: Source, mode: Mode) -> impl IntoView {
    let config = expect_context::<Config>();
    let location = use_location();
    let view = use_view_state();
    let edit = use_edit_view();
    if dashboard.graph_tooltip != GraphTooltip::Default {
        SharedCrosshair::provide();
    }
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{} · Meshboard", dashboard.title));
    }
    let state = DashState::new(dashboard.clone());

    // Defaults into the URL (replace: opening a dashboard is one history entry).
    let search = location.search.get_untracked();
    let has_time = query_has_key(&search, "from") || query_has_key(&search, "to");
    let has_refresh = query_has_key(&search, "refresh");
    let (from, to) = effective_time(&view.get_untracked(), &dashboard);
    let last_time = StoredValue::new((from.clone(), to.clone()));
    {
        let (from, to, refresh) = (from.clone(), to.clone(), dashboard.refresh.clone());
        let edit = edit.clone();
        // After this render pass: the router must not navigate while it is rendering the route.
        request_animation_frame(move || {
            edit(History::Replace, &|v| {
                if !has_time {
                    v.from = Some(from.clone());
                    v.to = Some(to.clone());
                }
                if !has_refresh {
                    v.refresh = refresh.clone().filter(|r| r != "off");
                }
            });
        });
    }

    // Variables: load, then follow the URL and the time range.
    let write_vars = {
        let edit = edit.clone();
        move || {
            let Some(vars) = state.variables.try_get_untracked() else {
                return;
            };
            let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
            for (key, value) in url_params(&vars) {
                let name = key.trim_start_matches("var-").to_string();
                match grouped.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, values)) => values.push(value),
                    None => grouped.push((name, vec![value])),
                }
            }
            edit(History::Replace, &|v| {
                for (name, values) in &grouped {
                    v.set_var(name, values.clone());
                }
            });
        }
    };
    let url_vars =
        Memo::new(move |_| view.with(|v| v.vars.iter().cloned().collect::<BTreeMap<_, _>>()));
    let meta = dashboard.clone();
    let time = Memo::new(move |_| view.with(|v| effective_time(v, &meta)));
    let ctx = SyncContext {
        config,
        url_vars,
        range: Callback::new(move |()| time.with_untracked(|(from, to)| resolve(from, to))),
        after: Callback::new(move |()| write_vars()),
    };
    state.schedule(Want::Load, ctx.clone());
    {
        let ctx = ctx.clone();
        Effect::new(move |first: Option<()>| {
            url_vars.track();
            if first.is_some() {
                state.schedule(Want::Url, ctx.clone());
            }
        });
    }
    Effect::new(move |_| {
        let now = time.get();
        if last_time.get_value() != now {
            last_time.set_value(now);
            state.schedule(Want::Time, ctx.clone());
        }
    });

    let exit_view_panel =
        Callback::new(move |_: ()| edit(History::Push, &|v| v.set_passthrough("viewPanel", None)));
    let view_panel = Memo::new(move |_| {
        view.with(|v| {
            v.passthrough_value(if mode == Mode::Solo {
                "panelId"
            } else {
                "viewPanel"
            })
            .map(str::to_string)
        })
    });
    let ready = move || state.ready.get();
    match mode {
        Mode::Solo => view! {
            <div class="dash-solo" data-testid="dashboard-solo">
                <Show when=ready fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || single_panel(state, view_panel.get(), true)}
                </Show>
            </div>
        }
        .into_any(),
        Mode::Page => view! {
            <section class="page dash-page" data-testid="dashboard-page" data-uid=dashboard.uid.clone()>
                <DashboardHeader state source />
                <VariablesBar state />
                <Show when=ready fallback=|| view! { <p class="muted" data-testid="variables-loading">"Reading variables…"</p> }>
                    {move || match view_panel.get() {
                        Some(id) => {
                            view! {
                                <div class="dash-view-panel" data-testid="view-panel">
                                    <button class="btn" data-testid="exit-view-panel" on:click=move |_| exit_view_panel.run(())>"← Back to dashboard"</button>
                                    {single_panel(state, Some(id), false)}
                                </div>
                            }
                            .into_any()
                        }
                        None => view! { <DashboardGrid state /> }.into_any(),
                    }}
                </Show>
            </section>
        }
        .into_any(),
    }
}

/// Finds a panel by id anywhere (inside collapsed rows too; repeats expanded) and renders it
/// alone, filling the window below what `offset` leaves for chrome.
fn single_panel(state: DashState, id: Option<String>, solo: bool) -> AnyView {
    let wanted = id.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let panel: Option<Panel> = wanted.and_then(|wanted| {
        let all: Vec<Panel> = state.panels.with_untracked(|ps| {
            ps.iter()
                .flat_map(|p| std::iter::once(p.clone()).chain(p.children.iter().cloned()))
                .collect()
        });
        let expanded = state
            .variables
            .with_untracked(|vars| expand_repeats(&all, vars));
        expanded
            .into_iter()
            .find(|p| p.id == wanted && p.kind != PanelKind::Row)
    });
    let Some(panel) = panel else {
        let text = match id {
            Some(id) => format!("This dashboard has no panel with id \"{id}\"."),
            None => "No panel id given: add panelId=<id> to the URL.".to_string(),
        };
        return view! { <p class="inline-error" data-testid="dashboard-error">{text}</p> }
            .into_any();
    };
    let height = window_height();
    let offset = if solo { 8.0 } else { 190.0 };
    let height_px = Signal::derive(move || (height.get() - offset).max(200.0));
    let scope = panel_scope(state, &panel);
    view! {
        <div class="dash-single" style:height=move || format!("{}px", height_px.get())>
            <PanelView panel scope visible=Signal::derive(|| true) height_px />
        </div>
    }
    .into_any()
}
