//! Template variables: their model, the Prometheus requests they need, option building,
//! dependency order, interpolation into queries and titles, and `var-<name>` URL sync.
//!
//! Everything is pure: what a variable needs from Prometheus is a [`VariableQuery`] value that
//! the api layer executes; the `Vec<String>` it gets back goes into
//! [`Variable::apply_query_result`]. A dashboard refresh is therefore:
//! [`refresh_plan`] -> for each index, [`Variable::request`] -> fetch -> `apply_query_result`.

mod custom;
mod graph;
pub(crate) mod interpolate;
mod interval;
mod model;
mod query;
mod sort;
mod url;

pub use custom::parse_custom_options;
pub use graph::{
    dependencies_of, dependents_of, refresh_plan, RefreshPlan, RefreshTrigger, VariableCycleError,
};
pub use interpolate::{
    encode_uri_strict, interpolate, interpolate_query, interpolate_text, referenced_names,
    DefaultFormat, ScopedValue, VariableScope,
};
pub use interval::{auto_interval, format_interval_ms, parse_interval_ms};
pub use model::{
    DatasourceInfo, RefreshOn, Selection, Variable, VariableHide, VariableKind, VariableOption,
    ALL_TEXT, ALL_VALUE,
};
pub use query::compile_js_regex;
pub use query::{query_result_text, VariableQuery};
pub use sort::{sort_options, VariableSort};
pub use url::{apply_url_values, url_params, url_values};
