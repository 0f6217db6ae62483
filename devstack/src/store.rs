//! In-memory telemetry store shared by the simulator (writer) and the Loki and Jaeger
//! stand-ins (readers). Bounded by a retention window so a long demo does not grow forever.

use crate::telemetry::{LogRecord, SpanRecord};
use std::sync::RwLock;

/// Logs and spans of the simulated systems, newest appended last.
pub struct TelemetryStore {
    /// How far back records are kept, in nanoseconds.
    retention_ns: i64,
    logs: RwLock<Vec<LogRecord>>,
    spans: RwLock<Vec<SpanRecord>>,
}

impl TelemetryStore {
    pub fn new(retention_ns: i64) -> Self {
        TelemetryStore { retention_ns, logs: RwLock::new(Vec::new()), spans: RwLock::new(Vec::new()) }
    }

    /// Appends log records (any order; kept sorted by timestamp) and drops expired ones.
    pub fn push_logs(&self, mut records: Vec<LogRecord>) {
        let mut logs = self.logs.write().expect("log store poisoned");
        logs.append(&mut records);
        logs.sort_by_key(|r| r.ts_ns);
        if let Some(newest) = logs.last().map(|r| r.ts_ns) {
            let cutoff = newest - self.retention_ns;
            logs.retain(|r| r.ts_ns >= cutoff);
        }
    }

    /// Appends spans (any order; kept sorted by start time) and drops expired ones.
    pub fn push_spans(&self, mut records: Vec<SpanRecord>) {
        let mut spans = self.spans.write().expect("span store poisoned");
        spans.append(&mut records);
        spans.sort_by_key(|s| s.start_us);
        if let Some(newest) = spans.last().map(|s| s.start_us) {
            let cutoff = newest - self.retention_ns / 1000;
            spans.retain(|s| s.start_us >= cutoff);
        }
    }

    /// Runs `f` over the stored logs (sorted by timestamp, oldest first).
    pub fn with_logs<T>(&self, f: impl FnOnce(&[LogRecord]) -> T) -> T {
        f(&self.logs.read().expect("log store poisoned"))
    }

    /// Runs `f` over the stored spans (sorted by start time, oldest first).
    pub fn with_spans<T>(&self, f: impl FnOnce(&[SpanRecord]) -> T) -> T {
        f(&self.spans.read().expect("span store poisoned"))
    }
}
