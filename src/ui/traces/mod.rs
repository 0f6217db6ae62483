//! Traces: Jaeger search, the canvas trace timeline with span details, uploads, the
//! dependency graph, and the `traces`/`nodeGraph` panel types. The maths and the decisions
//! (the trace model, search plans, zoom, graph geometry) live in `core::trace` and
//! `core::trace_explore`; every Jaeger load goes through `ui::query::use_query`.

mod by_id;
mod canvas;
mod deps;
mod details;
mod loading;
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
