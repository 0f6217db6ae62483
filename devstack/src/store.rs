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

/// Merges `incoming` into the time-sorted `items` and drops what fell out of retention.
///
/// Readers binary-search these vectors by time, so they stay sorted. Records nearly always
/// arrive in order, so the common path is a plain append; expired records are removed in
/// batches (once they are an eighth of the store) so a push does not move the whole vector
/// every time. Readers filter by time anyway, so a few expired records left over do no harm.
fn merge<T>(items: &mut Vec<T>, mut incoming: Vec<T>, key: impl Fn(&T) -> i64, retention: i64) {
    if incoming.is_empty() {
        return;
    }
    incoming.sort_by_key(&key);
    let in_order = items
        .last()
        .is_none_or(|last| key(last) <= key(&incoming[0]));
    items.append(&mut incoming);
    if !in_order {
        // Stable and adaptive: two sorted runs merge in linear time.
        items.sort_by_key(&key);
    }
    if let Some(newest) = items.last().map(&key) {
        let expired = items.partition_point(|r| key(r) < newest - retention);
        if expired > 0 && (expired >= items.len() / 8 || items.len() < 1024) {
            items.drain(..expired);
        }
    }
}

impl TelemetryStore {
    pub fn new(retention_ns: i64) -> Self {
        TelemetryStore {
            retention_ns,
            logs: RwLock::new(Vec::new()),
            spans: RwLock::new(Vec::new()),
        }
    }

    /// Appends log records (any order; kept sorted by timestamp) and drops expired ones.
    pub fn push_logs(&self, records: Vec<LogRecord>) {
        let mut logs = self.logs.write().expect("log store poisoned");
        merge(&mut logs, records, |r| r.ts_ns, self.retention_ns);
    }

    /// Appends spans (any order; kept sorted by start time) and drops expired ones.
    pub fn push_spans(&self, records: Vec<SpanRecord>) {
        let mut spans = self.spans.write().expect("span store poisoned");
        merge(
            &mut spans,
            records,
            |s| s.start_us,
            self.retention_ns / 1000,
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    fn log(ts: i64) -> LogRecord {
        LogRecord {
            ts_ns: ts,
            labels: Default::default(),
            structured_metadata: Default::default(),
            line: ts.to_string(),
        }
    }

    #[test]
    fn keeps_order_and_retention() {
        let store = TelemetryStore::new(100);
        store.push_logs(vec![log(5), log(1)]);
        store.push_logs(vec![log(3), log(7)]);
        store
            .with_logs(|l| assert_eq!(l.iter().map(|r| r.ts_ns).collect::<Vec<_>>(), [1, 3, 5, 7]));
        store.push_logs(vec![log(150)]);
        store.with_logs(|l| assert_eq!(l.iter().map(|r| r.ts_ns).collect::<Vec<_>>(), [150]));
    }
}
