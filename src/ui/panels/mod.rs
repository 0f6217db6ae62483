//! Dashboard panels: the chrome every panel shares (title, menu, states, the DOM contract) and
//! one body per panel kind. [`PanelView`] is the entry point the dashboard page renders; its
//! single `match` on the panel kind is where each kind's component is chosen.

mod alertlist;
pub mod chrome;
pub mod crosshair;
pub mod data;
pub mod exemplars;
mod grid_canvas;
mod heatmap;
mod single_value;
pub mod spec;
mod state_timeline;
mod table;
pub mod timeseries;

pub use alertlist::age_text as alertlist_age;

use crate::core::dashboard::{Panel, PanelKind};
use crate::core::panel_calc::frame_csv;
use crate::core::variables::{interpolate_text, VariableScope};
use chrome::{MenuActions, PanelChrome};
use data::{panel_queries, use_panel_data, LoadState, PanelData, PanelQuery};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;

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
    let description = panel.description.clone();
    match panel.kind.clone() {
        PanelKind::TimeSeries | PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge | PanelKind::Table | PanelKind::Heatmap | PanelKind::StateTimeline => {
            view! { <MetricPanel panel title scope visible height_px /> }.into_any()
        }
        PanelKind::AlertList => view! { <alertlist::AlertListPanel title description visible /> }.into_any(),
        PanelKind::Text { content, mode } => view! { <TextPanel title description content mode /> }.into_any(),
        PanelKind::Logs => view! { <crate::ui::logs::LogsPanel panel scope visible height_px /> }.into_any(),
        PanelKind::Traces => view! { <crate::ui::traces::TracesPanel panel scope visible height_px /> }.into_any(),
        PanelKind::NodeGraph => view! { <crate::ui::traces::NodeGraphPanel panel scope visible height_px /> }.into_any(),
        PanelKind::Row => view! { <NotePanel title note="A row is drawn by the dashboard grid, not as a panel." /> }.into_any(),
        PanelKind::Unsupported { type_name, reason } => {
            let note = if reason.is_empty() { format!("Unsupported panel type \"{type_name}\"") } else { reason };
            view! { <NotePanel title note /> }.into_any()
        }
    }
}

/// A panel that queries Prometheus and draws the result with one of the metric bodies.
#[component]
pub fn MetricPanel(
    panel: Panel,
    title: Signal<String>,
    scope: Signal<VariableScope>,
    visible: Signal<bool>,
    height_px: Signal<f64>,
) -> impl IntoView {
    let queries_panel = panel.clone();
    // Re-queries only when the interpolated queries change, not on every scope change.
    let queries = Memo::new(move |_| scope.with(|s| panel_queries(&queries_panel, s)));
    metric_panel_view(panel, title, queries.into(), visible, height_px, Some(true))
}

/// The metric panel around given queries: shared by dashboards and the Explore page.
/// `with_view` offers the full-screen "view" menu entry (dashboards only).
pub fn metric_panel_view(
    panel: Panel,
    title: Signal<String>,
    queries: Signal<Vec<PanelQuery>>,
    visible: Signal<bool>,
    height_px: Signal<f64>,
    with_view: Option<bool>,
) -> AnyView {
    let container = NodeRef::<Div>::new();
    // 0 until measured (the query step assumes at least 300 px meanwhile).
    let width = crate::ui::observe::observe_width(container, 0.0);
    let data = use_panel_data(
        queries,
        visible,
        Signal::derive(move || width.get().max(300.0)),
    );
    let stats = RwSignal::new((0usize, 0usize));
    let canvas_ref = NodeRef::<Canvas>::new();
    let kind = panel.kind.clone();
    let is_chart = matches!(kind, PanelKind::TimeSeries);
    let actions = MenuActions {
        panel_id: with_view.filter(|v| *v).map(|_| panel.id),
        explore_expr: Some(Signal::derive(move || {
            queries.with(|q| q.first().map(|q| q.expr.clone()))
        })),
        csv: Some(Callback::new(move |_| {
            data.result
                .with(|r| r.as_ref().map(|r| frame_csv(&r.frame, &r.names)))
        })),
        png: matches!(
            kind,
            PanelKind::TimeSeries | PanelKind::Heatmap | PanelKind::StateTimeline
        )
        .then_some(canvas_ref),
    };
    let body_height = Signal::derive(move || (height_px.get() - 34.0).max(40.0));
    let series = Signal::derive(move || {
        if is_chart {
            stats.get().0
        } else {
            series_count(data)
        }
    });
    let points = Signal::derive(move || {
        if is_chart {
            stats.get().1
        } else {
            data.result
                .with(|r| r.as_ref().map_or(0, |r| r.frame.point_count()))
        }
    });
    let body = match kind {
        PanelKind::TimeSeries => {
            let spec_panel = panel.clone();
            let spec = Signal::derive(move || spec::chart_spec(&spec_panel, crate::ui::clock::utc_offset_min()));
            view! { <timeseries::TimeSeriesBody data spec legend=panel.options.legend.clone() height_px=body_height stats canvas_ref container width /> }.into_any()
        }
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {
            view! { <div class="panel-fill" node_ref=container><single_value::SingleValueBody data panel=panel.clone() height_px=body_height /></div> }.into_any()
        }
        PanelKind::Table => view! { <div class="panel-fill" node_ref=container><table::TableBody data panel=panel.clone() height_px=body_height /></div> }.into_any(),
        PanelKind::Heatmap => {
            view! { <div class="panel-fill" node_ref=container><heatmap::HeatmapBody data panel=panel.clone() height_px=body_height width canvas_ref /></div> }.into_any()
        }
        PanelKind::StateTimeline => {
            view! { <div class="panel-fill" node_ref=container><state_timeline::StateTimelineBody data panel=panel.clone() height_px=body_height width canvas_ref /></div> }.into_any()
        }
        _ => view! { <div node_ref=container></div> }.into_any(),
    };
    view! {
        <PanelChrome title description=panel.description.clone() data=Some(data) series points actions class=format!("panel-{}", panel.type_name)>
            {body}
        </PanelChrome>
    }
    .into_any()
}

fn series_count(data: PanelData) -> usize {
    data.result
        .with(|r| r.as_ref().map_or(0, |r| r.frame.series.len()))
}

/// Markdown or plain text, always shown as text (never parsed as HTML).
#[component]
fn TextPanel(
    title: Signal<String>,
    description: Option<String>,
    content: String,
    mode: String,
) -> impl IntoView {
    let state = Signal::derive(move || Some(LoadState::Ok));
    view! {
        <PanelChrome title description data=None state_override=state class="panel-text">
            <div class="text-panel-body" data-mode=mode>{content}</div>
        </PanelChrome>
    }
}

/// A panel that only says something (unsupported kinds, kinds arriving later).
#[component]
pub fn NotePanel(title: Signal<String>, #[prop(into)] note: String) -> impl IntoView {
    let state = Signal::derive(move || Some(LoadState::Ok));
    view! {
        <PanelChrome title description=None data=None state_override=state class="panel-unsupported">
            <p class="panel-note" data-testid="panel-unsupported">{note}</p>
        </PanelChrome>
    }
}
