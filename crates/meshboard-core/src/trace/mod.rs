//! Traces: one model for both Jaeger API generations, the span tree and everything derived
//! from it (depth, critical path, visible rows, search, summary, the views' `TraceModel`),
//! waterfall layout and interaction maths, and the service dependency graph's layout and
//! drawing geometry.
//!
//! Times are exact integer microseconds (Jaeger's unit) throughout; nothing reads a clock.

pub mod color;
pub mod critical_path;
pub mod deps;
pub mod deps_draw;
pub mod layout;
pub mod model;
pub mod rows;
pub mod search;
pub mod summary;
pub mod tree;
pub mod view_model;
pub mod waterfall;

pub use color::{service_color, service_color_index};
pub use critical_path::{critical_path, CriticalSection};
pub use deps::{layout_dependency_graph, DependencyGraph, DependencyLink, GraphEdge, GraphNode};
pub use layout::{format_duration_us, Bar, MinimapRow, Viewport};
pub use model::{Process, RefType, Span, SpanLog, SpanRef, Tag, TagValue, Trace};
pub use rows::{collapse_below_depth, expand_to, visible_rows};
pub use search::{matching_spans, SpanFilter};
pub use summary::{summarize, summarize_all, TraceSummary};
pub use tree::{SpanFlags, TraceTree};
pub use view_model::TraceModel;
