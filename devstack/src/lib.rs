//! meshsim: the devstack's simulator of the seed systems and its Loki- and Jaeger-compatible APIs.
#![allow(clippy::disallowed_methods)] // host program: wall-clock time is its job

pub mod auth;
pub mod control;
pub mod go_http;
pub mod history;
pub mod incidents;
pub mod jaeger;
pub mod loki;
pub mod metrics;
pub mod sim;
pub mod store;
pub mod telemetry;
pub mod webhook;

/// The wall clock as Unix seconds: the simulation's "now" when it runs live.
pub fn wall_clock() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}
