//! meshsim: the devstack's simulator of the seed systems and its Loki- and Jaeger-compatible APIs.

pub mod jaeger;
pub mod loki;
pub mod store;
pub mod telemetry;
