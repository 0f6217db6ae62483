//! Log-query execution over the store: the time window, direction, limit and `interval` rules
//! of Loki's `query_range` for streams, plus the counters that feed `stats`.

use super::ast::LogQuery;
use super::pipeline::{matches_record, run, Labels, Output};
use crate::loki::ingest;
use crate::loki::params::Direction;
use crate::telemetry::LogRecord;

/// One selected line with its timestamp.
#[derive(Debug, Clone)]
pub struct Entry {
    pub ts_ns: i64,
    pub out: Output,
    /// The record's stream labels as Loki indexed them, `service_name` included (what
    /// categorize-labels reports as `stream`).
    pub stream: Labels,
    /// Structured metadata as Loki stored it, `detected_level` included.
    pub metadata: Labels,
}

/// Work counters for the `stats` block.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScanStats {
    pub lines_scanned: u64,
    pub bytes_scanned: u64,
    pub metadata_bytes: u64,
    pub post_filter_lines: u64,
    pub streams: u64,
}

/// Index range of records with `lo <= ts < hi` in a timestamp-sorted slice.
pub fn time_slice(logs: &[LogRecord], lo: i64, hi: i64) -> &[LogRecord] {
    let a = logs.partition_point(|r| r.ts_ns < lo);
    let b = logs.partition_point(|r| r.ts_ns < hi);
    &logs[a..b.max(a)]
}

/// Loki selects `start <= ts < end`, newest first for `backward`, stopping after `limit` lines.
/// `interval` keeps only lines at least that far apart within a stream.
pub fn select(
    q: &LogQuery,
    logs: &[LogRecord],
    start_ns: i64,
    end_ns: i64,
    limit: usize,
    dir: Direction,
    interval_ns: i64,
) -> (Vec<Entry>, ScanStats) {
    let window = time_slice(logs, start_ns, end_ns);
    let mut stats = ScanStats::default();
    let mut out = Vec::new();
    let mut streams = std::collections::HashSet::new();
    let mut last_per_stream: std::collections::HashMap<Labels, i64> = Default::default();
    let iter: Box<dyn Iterator<Item = &LogRecord>> = match dir {
        Direction::Forward => Box::new(window.iter()),
        Direction::Backward => Box::new(window.iter().rev()),
    };
    for rec in iter {
        if out.len() >= limit {
            break;
        }
        if !matches_record(&q.matchers, rec) {
            continue;
        }
        stats.lines_scanned += 1;
        stats.bytes_scanned += rec.line.len() as u64;
        stats.metadata_bytes += rec
            .structured_metadata
            .iter()
            .map(|(k, v)| (k.len() + v.len()) as u64)
            .sum::<u64>();
        streams.insert(&rec.labels);
        let Some(o) = run(&q.stages, rec) else {
            continue;
        };
        stats.post_filter_lines += 1;
        if interval_ns > 0 {
            let last = last_per_stream.get(&o.labels).copied();
            let too_close = last.is_some_and(|l| (rec.ts_ns - l).abs() < interval_ns);
            if too_close {
                continue;
            }
            last_per_stream.insert(o.labels.clone(), rec.ts_ns);
        }
        out.push(Entry {
            ts_ns: rec.ts_ns,
            out: o,
            stream: ingest::stream_labels(&rec.labels).into_owned(),
            metadata: ingest::metadata(rec),
        });
    }
    stats.streams = streams.len() as u64;
    (out, stats)
}
