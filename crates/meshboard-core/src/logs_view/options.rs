//! How a logs view starts out: Grafana's logs panel options (`showTime`, `wrapLogMessage`,
//! `sortOrder`, `dedupStrategy`, `enableLogDetails`) plus what the hosting page allows.

use serde_json::Value;

use crate::loki::{DedupStrategy, Direction};

/// How the view starts out (Grafana's logs panel options plus what the page allows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogsOptions {
    pub show_time: bool,
    pub wrap: bool,
    pub direction: Direction,
    pub dedup: DedupStrategy,
    pub enable_details: bool,
    pub limit: u32,
    pub show_volume: bool,
    /// Explore shows the tail, download and inspector controls; a panel keeps it compact.
    pub explore: bool,
}

impl Default for LogsOptions {
    fn default() -> Self {
        LogsOptions {
            show_time: true,
            wrap: false,
            direction: Direction::Backward,
            dedup: DedupStrategy::None,
            enable_details: true,
            limit: 1000,
            show_volume: true,
            explore: true,
        }
    }
}

/// Reads Grafana's logs panel options (missing or odd values fall back to Grafana's defaults).
pub fn options_from_json(options: &Value) -> LogsOptions {
    let flag =
        |key: &str, default: bool| options.get(key).and_then(Value::as_bool).unwrap_or(default);
    let direction = match options.get("sortOrder").and_then(Value::as_str) {
        Some("Ascending") => Direction::Forward,
        _ => Direction::Backward,
    };
    let dedup = options
        .get("dedupStrategy")
        .and_then(Value::as_str)
        .and_then(DedupStrategy::parse)
        .unwrap_or_default();
    LogsOptions {
        show_time: flag("showTime", false),
        wrap: flag("wrapLogMessage", false),
        direction,
        dedup,
        enable_details: flag("enableLogDetails", true),
        limit: 1000,
        show_volume: false,
        explore: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn grafana_options() {
        let o = options_from_json(&json!({"showTime": true, "wrapLogMessage": true,
            "sortOrder": "Ascending", "dedupStrategy": "signature", "enableLogDetails": false}));
        assert!(o.show_time && o.wrap && !o.enable_details);
        assert_eq!(o.direction, Direction::Forward);
        assert_eq!(o.dedup, DedupStrategy::Signature);
        let d = options_from_json(&json!({}));
        assert!(!d.show_time && !d.wrap && d.enable_details);
        assert_eq!(d.direction, Direction::Backward);
        assert_eq!(d.dedup, DedupStrategy::None);
        assert_eq!(options_from_json(&Value::Null).limit, 1000);
    }
}
