//! Loki: response parsing, columnar log storage and the pure helpers the logs UI needs.
//!
//! The `api` layer fetches; everything here is a pure function of the response text and the
//! parameters passed in. Nanosecond timestamps stay exact integers ([`NsTime`]) all the way
//! from the JSON string to the table column; they never pass through an `f64`.

pub mod dedup;
pub mod derived;
pub mod error;
pub mod fields;
pub mod level;
pub mod logfmt;
pub mod logql;
pub mod query;
pub mod response;
pub mod stats;
pub mod table;
pub mod time;

pub use dedup::{dedup_rows, DedupResult, DedupStrategy};
pub use derived::{find_trace_id, DerivedFieldRule, DerivedFields, DerivedValue};
pub use error::LokiError;
pub use fields::{json_fields, line_fields, FieldSource};
pub use level::{detect_level, LogLevel};
pub use logfmt::parse_logfmt;
pub use logql::{
    add_label_filter, highlight_ranges, logs_for_trace_query, logs_volume_query, parse_log_query,
    FilterOp, LineFilter, LineFilterOp, LogQueryParts,
};
pub use query::{Direction, InstantQuery, RangeQuery};
pub use response::{
    parse_detected_field_values, parse_detected_fields, parse_labels, parse_patterns,
    parse_query_response, parse_series, parse_tail_message, parse_volume, DetectedField,
    DroppedEntry, LogEntry, LogPattern, LogStream, QueryData, QueryResponse, TailMessage,
};
pub use stats::{parse_stats, StatsSummary};
pub use table::{LogTable, RowLabels};
pub use time::NsTime;
