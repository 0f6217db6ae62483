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
            "warn" | "wrn" | "warning" => LogLevel::Warning,
            "info" | "inf" | "information" | "informational" | "notice" => LogLevel::Info,
            "dbug" | "dbg" | "debug" => LogLevel::Debug,
            "trace" | "trc" => LogLevel::Trace,
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

/// The fields Loki reads a level from (`validation.DefaultAllowedLevelFields`), in its order of
/// preference for logfmt.
/// The field names Loki reads a level from, in its order (`distributor/field_detection.go`).
pub const LEVEL_FIELDS: [&str; 14] = [
    "level",
    "LEVEL",
    "Level",
    "log.level",
    "severity",
    "SEVERITY",
    "Severity",
    "SeverityText",
    "lvl",
    "LVL",
    "Lvl",
    "severity_text",
    "Severity_Text",
    "SEVERITY_TEXT",
];

/// How deep Loki looks into a JSON line for a level field (`log_level_from_json_max_depth`).
const JSON_MAX_DEPTH: usize = 2;

/// Detects a line's level. Order: a `level`/`detected_level` label (stream labels, then
/// structured metadata, where Loki 3 puts `detected_level`), then the line as Loki's
/// distributor reads it ([`level_from_line`]).
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

/// The line-only part of [`detect_level`], as Loki's `extractLogLevelFromLogLine`
/// (`pkg/distributor/field_detection.go`): a line that starts with `{` and ends with `}` is
/// read as JSON (a level field up to two objects deep), a line with `=` as logfmt (the
/// earliest-listed level key), anything else by its words; a field value that is not one of
/// Loki's level spellings falls back to the words too.
pub fn level_from_line(line: &str) -> LogLevel {
    let trimmed = line.trim();
    let value = if trimmed.starts_with('{') && trimmed.ends_with('}') {
        serde_json::from_str::<serde_json::Value>(trimmed)
            .ok()
            .and_then(|v| json_level(&v, 0))
    } else if line.contains('=') {
        logfmt_level(line)
    } else {
        return level_from_words(line);
    };
    value
        .as_deref()
        .and_then(loki_level_value)
        .unwrap_or_else(|| level_from_words(line))
}

/// Loki's spellings of a level field's value (compared case-insensitively); others are no level.
fn loki_level_value(value: &str) -> Option<LogLevel> {
    let eq = |w: &str| value.eq_ignore_ascii_case(w);
    Some(if eq("trace") || eq("trc") {
        LogLevel::Trace
    } else if eq("debug") || eq("dbg") {
        LogLevel::Debug
    } else if eq("info") || eq("inf") || eq("information") {
        LogLevel::Info
    } else if eq("warn") || eq("wrn") || eq("warning") {
        LogLevel::Warning
    } else if eq("error") || eq("err") {
        LogLevel::Error
    } else if eq("critical") || eq("fatal") {
        LogLevel::Critical
    } else {
        return None;
    })
}

/// A JSON line's level: the first string value under a level key (names compared exactly, as
/// Loki's JSON reader does), looking into nested objects up to [`JSON_MAX_DEPTH`]. Shared with
/// the devstack's Loki stand-in.
pub fn json_level_field(value: &serde_json::Value) -> Option<String> {
    json_level(value, 0)
}

fn json_level(value: &serde_json::Value, depth: usize) -> Option<String> {
    if depth >= JSON_MAX_DEPTH {
        return None;
    }
    for (key, val) in value.as_object()? {
        match val {
            serde_json::Value::String(s) if LEVEL_FIELDS.contains(&key.as_str()) => {
                return Some(s.clone())
            }
            serde_json::Value::Object(_) => {
                if let Some(found) = json_level(val, depth + 1) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// `getValueUsingLogfmtParser`: the value of the earliest-listed level key anywhere in the
/// line (keys compared case-insensitively).
fn logfmt_level(line: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for (key, value) in LogfmtPairs::new(line) {
        if let Some(rank) = LEVEL_FIELDS
            .iter()
            .position(|f| f.eq_ignore_ascii_case(&key))
        {
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, value));
            }
        }
    }
    best.map(|(_, v)| v)
}

/// Loki's `detectLevelFromLogLine`: of the level words, the one found first in the lower-cased
/// line standing as a whole word (bounded by the start or end of the line, whitespace,
/// brackets, quotes, `=` or `|`, and on its right also `:`, `,`, `!`, `)`, `]`, `}`). So
/// `[WARN]`, `error:` and `level=info` count, but not `alert(1)`, `misc:error` or `errors`.
/// Returns the value Loki stores as `detected_level` (`trace`, `debug`, `info`, `warn`,
/// `error`, `critical`, `fatal` or `unknown`); the devstack's Loki stand-in attaches exactly
/// this to every entry, so the app and the stand-in read lines alike.
pub fn detected_level_word(line: &str) -> &'static str {
    const WORDS: [(&str, &str); 9] = [
        ("trace", "trace"),
        ("debug", "debug"),
        ("fatal", "fatal"),
        ("critical", "critical"),
        ("error", "error"),
        ("err", "error"),
        ("warning", "warn"),
        ("warn", "warn"),
        ("info", "info"),
    ];
    let lower = line.to_lowercase();
    let mut best = (lower.len(), "unknown");
    for (word, level) in WORDS {
        if let Some(pos) = bounded_index(&lower, word) {
            if pos < best.0 {
                best = (pos, level);
                if pos == 0 {
                    break;
                }
            }
        }
    }
    best.1
}

/// [`detected_level_word`] as the level the logs view colours by.
pub fn level_from_words(line: &str) -> LogLevel {
    LogLevel::from_word(detected_level_word(line)).unwrap_or(LogLevel::Unknown)
}

/// The first index of `word` in `text` standing between word boundaries.
fn bounded_index(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let left = |i: usize| {
        i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'[' | b'(' | b'{' | b'"' | b'\'' | b'=' | b'|'
            )
    };
    let right = |i: usize| {
        i >= bytes.len()
            || matches!(
                bytes[i],
                b' ' | b'\t'
                    | b'\n'
                    | b'['
                    | b']'
                    | b'('
                    | b')'
                    | b'{'
                    | b'}'
                    | b':'
                    | b','
                    | b'!'
                    | b'"'
                    | b'\''
                    | b'='
                    | b'|'
            )
    };
    text.match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| left(i) && right(i + word.len()))
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
        // Nested one level: read; two levels: beyond Loki's default depth, so the words decide.
        assert_eq!(
            detect_level(&none, &none, r#"{"a":{"severity":"dbg"}}"#),
            LogLevel::Debug
        );
        assert_eq!(
            detect_level(&none, &none, r#"{"a":{"b":{"level":"warn"}}}"#),
            LogLevel::Warning,
            "the word warn stands between quotes"
        );
        assert_eq!(
            detect_level(&none, &none, r#"{"a":{"b":{"level":"x"}}, "m":"y"}"#),
            LogLevel::Unknown
        );
        assert_eq!(
            detect_level(&none, &none, r#"ts=1 msg="an error here" level=info"#),
            LogLevel::Info
        );
        assert_eq!(
            detect_level(&none, &none, "LVL=wrn msg=x Severity=error"),
            LogLevel::Error,
            "severity is listed before lvl"
        );
        assert_eq!(
            detect_level(&none, &none, "level=\"warning\" msg=x"),
            LogLevel::Warning
        );
        // `notice` is no Loki level value: the words decide (none here).
        assert_eq!(
            detect_level(&none, &none, r#"{"severity":"notice"}"#),
            LogLevel::Unknown
        );
    }

    #[test]
    fn words_as_loki_bounds_them() {
        let none = Labels::new();
        let cases = [
            // Issue 16: Loki says unknown; the word inside `alert(1)` is no level.
            ("<script>alert(1)</script>", LogLevel::Unknown),
            ("misc:error happened", LogLevel::Unknown),
            ("errors are not a word match", LogLevel::Unknown),
            ("log line error 1", LogLevel::Error),
            ("[WARN] then error", LogLevel::Warning),
            ("an error and a warning", LogLevel::Error),
            ("FATAL: disk", LogLevel::Critical),
            ("debug: starting", LogLevel::Debug),
            ("starting up", LogLevel::Unknown),
            ("panic: nil map", LogLevel::Unknown),
            ("", LogLevel::Unknown),
            // A JSON line without a level field falls back to the words.
            (r#"{"msg":"debug me"}"#, LogLevel::Debug),
        ];
        for (line, level) in cases {
            assert_eq!(detect_level(&none, &none, line), level, "{line}");
        }
    }
}
