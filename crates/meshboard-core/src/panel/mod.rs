//! The pure half of the metrics panels and alert views: which requests a panel's targets make
//! and when it makes them again, how the answers merge into what it draws and what its
//! inspector lists, its JSON read as chart options, and the alert views' and the metrics
//! Explore page's small rules.
//!
//! The app's `ui::panels` keeps only the effects (fetching, drawing) and the markup.

mod alerts;
mod backend;
mod exemplar_marks;
mod explore;
mod first_view;
mod queries;
mod result;
mod run;
mod spec;
mod state_timeline;

pub use alerts::{active_alerts, active_since_ms, age_text, ago_text, rule_matches, rule_state};
pub use backend::{loki_metric_request, query_backend, LokiMetricRequest, QueryBackend};
pub use exemplar_marks::{place_exemplars, PlacedExemplar};
pub use explore::{remember_query, utf16_to_byte, HISTORY_MAX};
pub use first_view::{answers, first_view_requests, FirstView, INSTANT_SLACK_MS};
pub use queries::{build_request, exemplar_request, panel_queries, sent_query, PanelQuery};
pub use result::{panel_status, InspectEntry, QueryOutcome, QueryResult, WireRecord};
pub use run::{PanelRun, PanelTime, RunPlanner};
pub use spec::{
    chart_spec, css_color, resolve_panel_series, series_chart_spec, series_identities,
    threshold_color,
};
pub use state_timeline::{run_lines, state_color, Timeline, NAME_W};
