//! An opened dashboard: its state and URL sync set up once, then either the whole page
//! (header, variables bar, the grid or one panel full screen) or, on `d-solo`, one panel alone.

use super::annotations::{use_dashboard_annotations, AnnotationToggles};
use super::edit::EditContext;
use super::header::DashboardHeader;
use super::load::Source;
use super::nav::{use_edit_view, History};
use super::single::SinglePanel;
use super::state::DashState;
use super::sync::{use_variable_sync, write_url_defaults};
use super::variables_bar::VariablesBar;
use super::Mode;
use crate::core::dashboard::{Dashboard, GraphTooltip};
use crate::ui::a11y::status::{PanelStatusBoard, StatusAnnouncer};
use crate::ui::lazy::{self, LazyPage};
use crate::ui::panels::crosshair::SharedCrosshair;
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;

use super::grid::DashboardGrid;

#[component]
pub fn DashboardView(dashboard: Dashboard, source: Source, mode: Mode) -> impl IntoView {
    let view = use_view_state();
    // Provided always: the settings can share the crosshair (`graphTooltip`) while open.
    let crosshair_on = RwSignal::new(dashboard.graph_tooltip != GraphTooltip::Default);
    SharedCrosshair::provide(crosshair_on.into())
        .share_tooltips(dashboard.graph_tooltip == GraphTooltip::SharedTooltip);
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{} · Meshboard", dashboard.title));
    }
    let state = DashState::new(dashboard.clone());
    write_url_defaults(&dashboard);
    use_variable_sync(state, &dashboard);
    // `timepicker.nowDelay` for every query below (annotations, panels, links; issue 18).
    crate::ui::view_state::NowDelay::provide(
        crate::core::authoring::DashboardSettings::of(&dashboard).now_delay,
    );
    use_dashboard_annotations(state);
    // The panel shown alone: `panelId=` on d-solo, `viewPanel=` on the page.
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
    match mode {
        Mode::Solo => view! { <SoloView state view_panel /> }.into_any(),
        Mode::Page => {
            view! { <PageView state source view_panel uid=dashboard.uid.clone() crosshair_on /> }
                .into_any()
        }
    }
}

/// `d-solo`: the one panel, once the variables are read.
#[component]
fn SoloView(state: DashState, view_panel: Memo<Option<String>>) -> impl IntoView {
    let ready = move || state.ready.get();
    view! {
        <div class="dash-solo" data-testid="dashboard-solo">
            <Show when=ready fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || view! { <SinglePanel state id=view_panel.get() solo=true /> }}
            </Show>
        </div>
    }
}

/// The dashboard page: header, variables, then the grid or the `viewPanel` full screen.
#[component]
fn PageView(
    state: DashState,
    source: Source,
    view_panel: Memo<Option<String>>,
    uid: String,
    crosshair_on: RwSignal<bool>,
) -> impl IntoView {
    let edit = use_edit_view();
    let exit_view_panel =
        Callback::new(move |_: ()| edit(History::Push, &|v| v.set_passthrough("viewPanel", None)));
    let ready = move || state.ready.get();
    // `editPanel=<id>`: the panel editor (its own chunk) in place of the grid (issue 18).
    let view = use_view_state();
    let edit_panel =
        Memo::new(move |_| view.with(|v| v.passthrough_value("editPanel").map(str::to_string)));
    // Edit mode's state, shared by the header and the panel menus (issue 18).
    let editing = EditContext::provide(state, source, &uid);
    // One polite status region for the page's panels (issue 19).
    let status_board = PanelStatusBoard::provide();
    // Charts announce and summarise times in the dashboard's `timezone` (issue 19); it, the
    // shared crosshair and the top bar's time controls follow the settings as edited.
    let timezone = super::edit::use_live_settings(editing, crosshair_on);
    crate::ui::a11y::zone::provide_announce_zone(timezone);
    let page_title = state.meta.with_value(|m| m.title.clone());
    view! {
        <section class="page dash-page" data-testid="dashboard-page" data-uid=uid>
            <StatusAnnouncer board=status_board page=page_title />
            <DashboardHeader state source editing />
            <div class="dash-controls">
                <VariablesBar state />
                <AnnotationToggles />
            </div>
            <Show when=ready fallback=|| view! { <p class="muted" data-testid="variables-loading">"Reading variables…"</p> }>
                {move || match (edit_panel.get(), view_panel.get()) {
                    (Some(_), _) => view! { <LazyPage chunk=lazy::PANEL_EDITOR /> }.into_any(),
                    (None, Some(id)) => view! {
                        <div class="dash-view-panel" data-testid="view-panel">
                            <button class="btn" data-testid="exit-view-panel" on:click=move |_| exit_view_panel.run(())>"← Back to dashboard"</button>
                            <SinglePanel state id=Some(id) solo=false />
                        </div>
                    }
                    .into_any(),
                    (None, None) => view! { <DashboardGrid state /> }.into_any(),
                }}
            </Show>
        </section>
    }
}
