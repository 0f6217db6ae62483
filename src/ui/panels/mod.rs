//! Dashboard panels: the chrome every panel shares (title, menu, states, the DOM contract) and
//! one body per panel kind. [`PanelView`] is the entry point the dashboard page renders; its
//! single `match` on the panel kind is where each kind's component is chosen.

// Built only in its chunk (`ui::lazy::ALERT_LIST`), as the types below.
pub(crate) mod alertlist;
pub mod annotations;
pub mod chrome;
pub mod crosshair;
pub mod data;
pub mod exemplars;
mod grid_canvas;
mod heatmap;
mod metric;
mod png_hidpi;
mod report_export;
mod single_value;
mod state_timeline;
mod svg_export;
// Built only in their chunks (`ui::lazy`), reached from here through the dispatch below.
pub(crate) mod table;
pub(crate) mod text;
pub mod timeseries;

pub use metric::metric_panel_view;
pub use report_export::{DashboardReportButton, ReportRequest};

use crate::core::dashboard::{panel_links, Panel, PanelKind};
use crate::core::load::DataState;
use crate::core::variables::{interpolate_text, VariableScope};
use crate::ui::lazy::{self, PanelArgs};
use chrome::PanelChrome;
use leptos::prelude::*;
use metric::MetricPanel;

/// One dashboard panel: queries its targets (once visible) and draws them.
#[component]
pub fn PanelView(
    /// The panel as the dashboard model has it (targets not yet interpolated).
    panel: Panel,
    /// Variable values for interpolation (core::variables::VariableScope), reactive.
    #[prop(into)]
    scope: Signal<VariableScope>,
    /// False while the panel is outside the viewport: do not query until it becomes true.
    #[prop(into)]
    visible: Signal<bool>,
    /// Pixel height the grid gives the panel (width comes from the element via ResizeObserver).
    #[prop(into)]
    height_px: Signal<f64>,
) -> impl IntoView {
    let raw_title = panel.title.clone();
    let title = Signal::derive(move || scope.with(|s| interpolate_text(&raw_title, s)));
    // The dashboard's annotation events this panel draws (time series only read them).
    if let Some(dashboard) = use_context::<annotations::DashboardAnnotations>() {
        let id = panel.id;
        provide_context(annotations::PanelAnnotations(Signal::derive(move || {
            dashboard.for_panel(id)
        })));
    }
    provide_context(chrome::PanelLinks {
        links: panel_links(&panel.raw),
        scope,
    });
    match panel.kind.clone() {
        PanelKind::TimeSeries | PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge | PanelKind::Table | PanelKind::Heatmap | PanelKind::StateTimeline => {
            view! { <MetricPanel panel title scope visible height_px /> }.into_any()
        }
        PanelKind::AlertList => lazy::lazy_panel(lazy::ALERT_LIST, PanelArgs { panel, title, scope, visible, height_px }),
        // These types' code is in chunks loaded when a dashboard shows one (ui::lazy).
        PanelKind::Text { .. } => lazy::lazy_panel(lazy::TEXT, PanelArgs { panel, title, scope, visible, height_px }),
        PanelKind::Logs => lazy::lazy_panel(lazy::LOGS, PanelArgs { panel, title, scope, visible, height_px }),
        PanelKind::Traces => lazy::lazy_panel(lazy::TRACES, PanelArgs { panel, title, scope, visible, height_px }),
        PanelKind::NodeGraph => lazy::lazy_panel(lazy::NODE_GRAPH, PanelArgs { panel, title, scope, visible, height_px }),
        PanelKind::Row => view! { <NotePanel title note="A row is drawn by the dashboard grid, not as a panel." /> }.into_any(),
        PanelKind::Unsupported { type_name, reason } => {
            let note = if reason.is_empty() { format!("Unsupported panel type \"{type_name}\"") } else { reason };
            view! { <NotePanel title note /> }.into_any()
        }
    }
}

/// A panel that only says something (unsupported kinds, kinds arriving later).
#[component]
pub fn NotePanel(title: Signal<String>, #[prop(into)] note: String) -> impl IntoView {
    view! {
        <PanelChrome title description=None status=DataState::Ok class="panel-unsupported">
            <p class="panel-note" data-testid="panel-unsupported">{note}</p>
        </PanelChrome>
    }
}
