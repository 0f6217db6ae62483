//! Prometheus effects: executes core::prometheus requests.
