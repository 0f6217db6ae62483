//! Jaeger: request builders and response parsers for both API generations, mapped into the
//! one trace model of [`crate::trace`].
//!
//! v1 (`/api/services`, `/api/traces`, ...; Jaeger up to v2.20) answers Jaeger's UI JSON;
//! v3 (`/api/v3/*`, Jaeger's current main) answers OTLP JSON. Uploaded files may be either.

pub mod error;
pub mod ids;
pub mod query;
pub mod tags;
pub mod v1;
pub mod v3;

pub use error::JaegerError;
pub use query::{ApiVersion, TraceQuery};
pub use tags::{format_tags_logfmt, parse_tags_logfmt};
pub use v1::{
    parse_uploaded_json, parse_v1_dependencies, parse_v1_operations, parse_v1_services,
    parse_v1_traces, Operation, TracesResponse,
};
pub use v3::{
    parse_otlp_traces, parse_v3_operations, parse_v3_search, parse_v3_services, parse_v3_trace,
};
