//! Log level detection: from labels first, then the line's JSON or logfmt, then its words.

use crate::frame::Labels;

use super::logfmt::LogfmtPairs;

/// A log line's severity, with Grafana's names and aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LogLevel {
    Critical,
    Error,
    Warning,
    Info,
    Debug,
    Trace,
    #[default]
    Unknown,
}

impl LogLevel {
    /// Reads a level word (`"ERR"`, `"warning"`, `"fatal"`, ...), case-insensitively.
    pub fn from_word(word: &str) -> Option<LogLevel> {
        let lower = word.trim().to_ascii_lowercase();
        Some(match lower.as_str() {
            "emerg" | "emergency" | "fatal" | "alert" | "crit" | "critical" | "panic" => {
                LogLevel::Critical
            }
            "err" | "eror" | "error" => LogLevel::Error,
            "warn" | "warning" => LogLevel::Warning,
            "info" | "information" | "informational" | "notice" => LogLevel::Info,
            "dbug" | "debug" => LogLevel::Debug,
            "trace" => LogLevel::Trace,
            _ => return None,
        })
    }

    /// The name used in CSS classes, the volume query's `level` label and downloads.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Critical => "critical",
            LogLevel::Error => "error",
            LogLevel::Warning => "warning",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
            LogLevel::Unknown => "unknown",
        }
    }
}

const LEVEL_LABELS: [&str; 2] = ["level", "detected_level"];
const LEVEL_FIELDS: [&str; 3] = ["level", "lvl", "severity"];

/// Detects a line's level. Order: a `level`/`detected_level` label (stream labels, then
/// structured metadata), a `level`/`lvl`/`severity` field of a JSON line, the same keys in a
/// logfmt line, and finally the first level keyword standing as a whole word in the line.
pub fn detect_level(labels: &Labels, structured_metadata: &Labels, line: &str) -> LogLevel {
    for source in [labels, structured_metadata] {
        for key in LEVEL_LABELS {
            if let Some(level) = source.get(key).and_then(|v| LogLevel::from_word(v)) {
                return level;
            }
        }
    }
    level_from_line(line)
}

/// The line-only part of [`detect_level`].
pub fn level_from_line(line: &str) -> LogLevel {
    let trimmed = line.trim_start();
    if trimmed.starts_with('{') {
        if let Some(level) = level_from_json(trimmed) {
            return level;
        }
    } else if let Some(level) = level_from_logfmt(trimmed) {
        return level;
    }
    level_from_keywords(line)
}

fn level_from_json(line: &str) -> Option<LogLevel> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let object = value.as_object()?;
    LEVEL_FIELDS
        .iter()
        .filter_map(|key| object.get(*key)?.as_str())
        .find_map(LogLevel::from_word)
}

fn level_from_logfmt(line: &str) -> Option<LogLevel> {
    // Cheap pre-check: most plain-text lines have no `level=` and need no logfmt pass.
    if !line.contains("level=") && !line.contains("lvl=") && !line.contains("severity=") {
        return None;
    }
    LogfmtPairs::new(line)
        .find(|(key, _)| LEVEL_FIELDS.contains(&key.as_str()))
        .and_then(|(_, value)| LogLevel::from_word(&value))
}

/// Grafana's heuristic: the earliest whole word (ASCII word characters) that names a level.
fn level_from_keywords(line: &str) -> LogLevel {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| (3..=13).contains(&word.len()))
        .find_map(LogLevel::from_word)
        .unwrap_or(LogLevel::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn label_wins_over_line() {
        let l = labels(&[("level", "warn")]);
        assert_eq!(
            detect_level(&l, &Labels::new(), "level=error boom"),
            LogLevel::Warning
        );
        let meta = labels(&[("detected_level", "debug")]);
        assert_eq!(
            detect_level(&Labels::new(), &meta, "error"),
            LogLevel::Debug
        );
    }

    #[test]
    fn json_and_logfmt_fields() {
        let none = Labels::new();
        assert_eq!(
            detect_level(&none, &none, r#"{"msg":"x","lvl":"ERROR"}"#),
            LogLevel::Error
        );
        assert_eq!(
            detect_level(&none, &none, r#"{"severity":"notice"}"#),
            LogLevel::Info
        );
        assert_eq!(
            detect_level(&none, &none, r#"ts=1 msg="an error here" level=info"#),
            LogLevel::Info
        );
        assert_eq!(
            detect_level(&none, &none, "level=\"warning\" msg=x"),
            LogLevel::Warning
        );
    }

    #[test]
    fn keyword_heuristics() {
        let none = Labels::new();
        assert_eq!(
            detect_level(&none, &none, "log line error 1"),
            LogLevel::Error
        );
        assert_eq!(
            detect_level(&none, &none, "[WARN] then error"),
            LogLevel::Warning
        );
        assert_eq!(
            detect_level(&none, &none, "errors are not a word match"),
            LogLevel::Unknown
        );
        assert_eq!(
            detect_level(&none, &none, "FATAL: disk"),
            LogLevel::Critical
        );
        assert_eq!(detect_level(&none, &none, ""), LogLevel::Unknown);
        // A JSON line without a level field falls back to the words.
        assert_eq!(
            detect_level(&none, &none, r#"{"msg":"debug me"}"#),
            LogLevel::Debug
        );
    }
}
