//! Prometheus HTTP API: pure request building, response classification, and parsing of every
//! endpoint Meshboard reads; query results go straight into columnar [`Frame`]s.
//!
//! [`Frame`]: crate::frame::Frame

mod api_types;
mod error;
mod exemplar_dots;
mod json_path;
mod query_data;
mod request;
mod response;
mod sample;

pub use api_types::{
    parse_rfc3339_ms, ActiveTarget, Alert, AlertsData, BuildInfo, DroppedTarget, Exemplar,
    ExemplarSeries, MetadataMap, MetricMetadata, Rule, RuleGroup, RuleKind, RulesData, TargetsData,
};
pub use error::PromError;
pub use exemplar_dots::{exemplar_dots, ExemplarDot, MAX_DOTS};
pub use query_data::{QueryData, ResultType};
pub use request::{
    encode_query_component, format_seconds, should_post, HttpMethod, HttpRequest, PromRequest,
    DEFAULT_MAX_GET_URL_BYTES,
};
pub use response::{
    parse_alerts, parse_buildinfo, parse_envelope, parse_exemplars, parse_label_values,
    parse_labels, parse_metadata, parse_query, parse_query_frame, parse_rules, parse_series,
    parse_targets, read_query_response, read_response, PromResponse,
};
pub use sample::{format_sample_value, parse_sample_value, seconds_to_ms};
