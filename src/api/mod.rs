//! Effects: everything that talks to the network. Each call is core query -> fetch -> core parse;
//! this layer owns transport concerns only (URLs, headers, timeouts, aborting).

pub mod alertmanager;
pub mod config;
pub mod dashboards;
pub mod early;
pub mod early_queries;
pub mod error;
pub mod health;
pub mod http;
pub mod jaeger;
pub mod loki;
pub mod prometheus;
