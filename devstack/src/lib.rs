//! meshsim: the devstack's simulator of the seed systems and its Loki- and Jaeger-compatible APIs.

pub mod store;
pub mod telemetry;
