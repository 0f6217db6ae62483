//! The pure heart of Meshboard: models, parsers and maths with no browser dependency.
//!
//! Everything here is deterministic and testable with plain `cargo test`; time is always
//! passed in (epoch milliseconds), never read from a clock. This is its own crate so the
//! compiler keeps it pure: its `Cargo.toml` names no browser crate, so none can be used here.
//! The app re-exports it as `meshboard::core` (and the chart geometry as `meshboard::chart`);
//! the devstack uses it directly for the maths it shares with the app.

pub mod alertmanager;
pub mod config;
pub mod dashboard_index;
pub mod embed;
pub mod frame;
pub mod health;
pub mod load;
pub mod sort;
pub mod time_range;
pub mod url_state;

// Metrics (Prometheus): parsing into columnar frames, query step maths, decimation, units.
pub mod annotations;
pub mod decimate;
pub mod grid_hover;
pub mod legend;
pub mod panel;
pub mod panel_calc;
pub mod prometheus;
pub mod promql_complete;
pub mod step;
#[cfg(test)]
mod test_fixtures;
pub mod time_ticks;
pub mod transform;
pub mod units;

// Dashboards: the Grafana-compatible model and template variables.
pub mod authoring;
pub mod dashboard;
pub mod panel_options;
pub mod variables;

// Logs (Loki) and traces (Jaeger).
pub mod jaeger;
pub mod logs_config;
pub mod logs_view;
pub mod loki;
pub mod markdown;
pub mod trace;
pub mod trace_explore;

// Chart geometry: the pure half of the app's chart engine.
pub mod chart;
pub mod chart_a11y;

// Accessibility: what the page's status region announces about its panels.
pub mod status_announce;
pub mod target_size;
pub mod text_contrast;
