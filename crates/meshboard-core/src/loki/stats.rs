//! The summary of Loki's query statistics that the inspector shows (lines and bytes processed).

use serde_json::Value;

use super::error::LokiError;

/// `stats.summary` of a Loki response. Missing fields read as zero: the layout changed across
/// Loki versions (2.x had a flat `store`/`ingester` layout, 3.x adds `querier`/`cache`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StatsSummary {
    pub total_lines_processed: u64,
    pub total_bytes_processed: u64,
    pub total_entries_returned: u64,
    pub total_post_filter_lines: u64,
    pub lines_processed_per_second: u64,
    pub bytes_processed_per_second: u64,
    pub exec_time_seconds: f64,
    pub queue_time_seconds: f64,
    pub splits: u64,
    pub shards: u64,
}

impl StatsSummary {
    /// Reads the summary out of a whole `stats` object; anything unexpected reads as zero.
    pub fn from_stats_value(stats: &Value) -> StatsSummary {
        let summary = stats.get("summary").unwrap_or(&Value::Null);
        let int = |key: &str| summary.get(key).and_then(as_u64).unwrap_or(0);
        let float = |key: &str| summary.get(key).and_then(Value::as_f64).unwrap_or(0.0);
        StatsSummary {
            total_lines_processed: int("totalLinesProcessed"),
            total_bytes_processed: int("totalBytesProcessed"),
            total_entries_returned: int("totalEntriesReturned"),
            total_post_filter_lines: int("totalPostFilterLines"),
            lines_processed_per_second: int("linesProcessedPerSecond"),
            bytes_processed_per_second: int("bytesProcessedPerSecond"),
            exec_time_seconds: float("execTime"),
            queue_time_seconds: float("queueTime"),
            splits: int("splits"),
            shards: int("shards"),
        }
    }
}

/// Counters are integers, but a float sneaks in now and then (and negative means "unknown").
fn as_u64(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
}

/// Parses a bare `stats` object (as Loki's encoder emits it inside `data`).
pub fn parse_stats(body: &str) -> Result<StatsSummary, LokiError> {
    let value: Value =
        serde_json::from_str(body).map_err(|e| LokiError::from_unparsable_body(body, &e))?;
    if !value.is_object() {
        return Err(LokiError::Malformed("stats is not an object".into()));
    }
    Ok(StatsSummary::from_stats_value(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_summary_and_tolerates_gaps() {
        let stats = serde_json::json!({"summary": {"totalLinesProcessed": 55,
            "totalBytesProcessed": 7772, "execTime": 0.0022, "splits": 2.0}});
        let summary = StatsSummary::from_stats_value(&stats);
        assert_eq!(summary.total_lines_processed, 55);
        assert_eq!(summary.total_bytes_processed, 7772);
        assert_eq!(summary.splits, 2);
        assert_eq!(summary.exec_time_seconds, 0.0022);
        assert_eq!(
            StatsSummary::from_stats_value(&Value::Null),
            StatsSummary::default()
        );
        assert!(parse_stats("[1]").is_err());
    }
}
