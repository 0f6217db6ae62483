//! Traces: one model for both Jaeger API generations, the span tree and everything derived
//! from it (depth, critical path, visible rows, search, summary), waterfall layout maths and
//! the service dependency graph layout.
//!
//! Times are exact integer microseconds (Jaeger's unit) throughout; nothing reads a clock.

pub mod color;
pub mod critical_path;
pub mod deps;
pub mod layout;
pub mod model;
pub mod rows;
pub mod search;
pub mod summary;
pub mod tree;

pub use color::service_color_index;
pub use critical_path::{critical_path, CriticalSection};
pub use deps::{layout_dependency_graph, DependencyGraph, DependencyLink, GraphEdge, GraphNode};
pub use layout::{format_duration_us, Bar, MinimapRow, Viewport};
pub use model::{Process, RefType, Span, SpanLog, SpanRef, Tag, TagValue, Trace};
pub use rows::{collapse_below_depth, expand_to, visible_rows};
pub use search::{matching_spans, SpanFilter};
pub use summary::{summarize, TraceSummary};
pub use tree::{SpanFlags, TraceTree};
