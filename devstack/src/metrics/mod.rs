//! Prometheus exposition of the simulated systems: one prometheus-client registry per scrape
//! target, the metric families of each seed system, the HTTP endpoint Prometheus scrapes and
//! the generated Prometheus / VictoriaMetrics configuration.

pub mod fedrl;
pub mod fedzk;
pub mod mesh;
pub mod process;
pub mod protocol;
pub mod rules;
pub mod scrape_config;
pub mod server;
pub mod target;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use std::sync::atomic::AtomicU64;

/// A label set as the seeds write them: static names, owned values.
pub type Labels = Vec<(&'static str, String)>;
/// A gauge holding a float (the default prometheus-client gauge holds an i64).
pub type GaugeF = Gauge<f64, AtomicU64>;
/// A counter that grows by fractions (seconds, bytes-as-float, tokens).
pub type CounterF = Counter<f64, AtomicU64>;
/// A labelled histogram family whose buckets come from a plain function.
pub type HistogramFamily = Family<Labels, Histogram, fn() -> Histogram>;

/// Builds a label set from literal pairs.
pub fn labels<const N: usize>(pairs: [(&'static str, &str); N]) -> Labels {
    pairs.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
}

/// Prometheus client libraries' default histogram buckets (Python's `Histogram()` uses these).
pub const DEFAULT_BUCKETS: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// A histogram with the client libraries' default buckets.
pub fn default_histogram() -> Histogram {
    Histogram::new(DEFAULT_BUCKETS)
}
