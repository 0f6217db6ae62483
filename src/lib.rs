//! Meshboard: an observability console for federated, multi-agent systems, in the browser.
//!
//! `core` is pure Rust and compiles everywhere. The layers that touch the browser exist only
//! on wasm32: `api` (fetching) and `ui` (Leptos components); `chart` keeps its geometry
//! host-testable and draws on canvas only on wasm32.
//! Data flows one way: dashboard -> query -> fetch -> parse -> frame -> decimate -> draw.

pub mod chart;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod ui;
