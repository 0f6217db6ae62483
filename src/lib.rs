//! Meshboard: an observability console for federated, multi-agent systems, in the browser.
//!
//! The pure core (models, parsers, maths, chart geometry) is its own crate, `meshboard-core`,
//! re-exported here as [`core`]; its `Cargo.toml` names no browser crate, so the compiler keeps
//! it pure and plain `cargo test` covers it. The layers that touch the browser exist only on
//! wasm32: `api` (fetching), `chart` (painting the core's geometry on canvas) and `ui` (Leptos
//! components).
//! Data flows one way: dashboard -> query -> fetch -> parse -> frame -> decimate -> draw.

pub use meshboard_core as core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod chart;
#[cfg(target_arch = "wasm32")]
pub mod ui;
