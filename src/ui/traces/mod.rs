//! Traces: Jaeger search, the canvas trace timeline with span details, uploads, the
//! dependency graph, and the `traces`/`nodeGraph` panel types. Maths lives in core::trace.

mod by_id;
mod canvas;
mod deps;
mod details;
mod model;
pub mod mount;
mod panels;
mod results;
mod scatter;
mod search;
mod timeline;
mod upload;
mod view;

pub use by_id::TraceById;
pub use deps::DependencyGraphView;
pub use panels::{NodeGraphPanel, TracesPanel};
pub use search::TraceSearch;

use crate::core::trace::{summarize, Trace, TraceSummary, TraceTree};

/// Search rows for a list of traces.
fn summaries(traces: &[Trace]) -> Vec<TraceSummary> {
    traces
        .iter()
        .map(|t| summarize(t, &TraceTree::build(t)))
        .collect()
}

/// The timeline's scroll height: most of the window, never less than 300 px.
fn timeline_height() -> f64 {
    let inner = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(900.0);
    (inner - 330.0).max(300.0)
}
