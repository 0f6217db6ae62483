//! The `process_*` family every Prometheus client library exports by default
//! (seed 001 lists them; the Python services of the other seeds export them too).

use super::{CounterF, GaugeF};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Clone, Default)]
pub struct ProcessMetrics {
    pub cpu_seconds: CounterF,
    pub resident_memory_bytes: GaugeF,
    pub open_fds: Gauge,
    pub start_time_seconds: GaugeF,
}

impl ProcessMetrics {
    pub fn register(registry: &mut Registry) -> Self {
        let m = ProcessMetrics::default();
        registry.register(
            "process_cpu_seconds",
            "Total user and system CPU time spent in seconds.",
            m.cpu_seconds.clone(),
        );
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory size in bytes.",
            m.resident_memory_bytes.clone(),
        );
        registry.register(
            "process_open_fds",
            "Number of open file descriptors.",
            m.open_fds.clone(),
        );
        registry.register(
            "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.",
            m.start_time_seconds.clone(),
        );
        m
    }

    /// Advances the process by `dt` seconds at `cpu_fraction` of one core.
    pub fn advance(&self, dt: f64, cpu_fraction: f64, rss_bytes: f64, open_fds: i64) {
        self.cpu_seconds.inc_by(dt * cpu_fraction.max(0.0));
        self.resident_memory_bytes.set(rss_bytes);
        self.open_fds.set(open_fds);
    }
}
