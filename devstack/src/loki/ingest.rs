//! What Loki 3's distributor adds to every pushed entry, applied when the stand-in reads the
//! store (the simulator writes straight into it, so there is no push path to hook):
//!
//! - `service_name` on every stream that lacks it: the value of the first non-empty label of
//!   the `discover_service_name` default list, else `unknown_service`
//!   (`pkg/validation/limits.go` `DiscoverServiceName`, `pkg/loghttp/push/push.go`);
//! - `detected_level` as structured metadata on every entry (`discover_log_levels`, default on):
//!   a level label, else a level structured-metadata field, else the level found in the line
//!   (JSON up to depth 2, logfmt, then a bounded-word search), normalized
//!   (`pkg/distributor/field_detection.go`). Lines with no level say `unknown`.

use crate::loki::logql::pipeline::Labels;
use crate::telemetry::LogRecord;
use meshboard_core::loki::level::{json_level_field, LEVEL_FIELDS};
use std::borrow::Cow;

pub const SERVICE_NAME: &str = "service_name";
pub const DETECTED_LEVEL: &str = "detected_level";
pub const UNKNOWN_SERVICE: &str = "unknown_service";

/// Loki's default `discover_service_name`, in its order.
pub const DISCOVER_SERVICE_NAME: &[&str] = &[
    "service",
    "app",
    "application",
    "app_name",
    "name",
    "app_kubernetes_io_name",
    "container",
    "container_name",
    "k8s_container_name",
    "component",
    "workload",
    "job",
    "k8s_job_name",
];

/// The stream's `service_name` as Loki would have stored it.
pub fn service_name(labels: &Labels) -> &str {
    if let Some(s) = labels.get(SERVICE_NAME) {
        return s;
    }
    DISCOVER_SERVICE_NAME
        .iter()
        .find_map(|n| labels.get(*n).filter(|v| !v.is_empty()))
        .map(String::as_str)
        .unwrap_or(UNKNOWN_SERVICE)
}

/// The stream labels Loki indexes: the pushed ones plus the discovered `service_name`.
pub fn stream_labels(labels: &Labels) -> Cow<'_, Labels> {
    if labels.contains_key(SERVICE_NAME) {
        return Cow::Borrowed(labels);
    }
    let mut l = labels.clone();
    l.insert(SERVICE_NAME.into(), service_name(labels).to_string());
    Cow::Owned(l)
}

/// A stream label of the record as stored by Loki (without copying the label set).
pub fn stream_label<'a>(rec: &'a LogRecord, name: &str) -> Option<&'a str> {
    match rec.labels.get(name) {
        Some(v) => Some(v),
        None if name == SERVICE_NAME => Some(service_name(&rec.labels)),
        None => None,
    }
}

/// The entry's structured metadata as stored by Loki: the pushed fields plus `detected_level`.
pub fn metadata(rec: &LogRecord) -> Labels {
    let mut m = rec.structured_metadata.clone();
    match m.get_mut(DETECTED_LEVEL) {
        Some(v) => *v = normalize_level(v),
        None => {
            m.insert(DETECTED_LEVEL.into(), detected_level(rec));
        }
    }
    m
}

/// The entry's `detected_level`.
pub fn detected_level(rec: &LogRecord) -> String {
    if let Some(v) = rec.structured_metadata.get(DETECTED_LEVEL) {
        return normalize_level(v);
    }
    let field = |l: &Labels| LEVEL_FIELDS.iter().find_map(|f| l.get(*f)).cloned();
    if let Some(v) = field(&rec.labels).or_else(|| field(&rec.structured_metadata)) {
        return normalize_level(&v);
    }
    level_from_line(&rec.line).to_string()
}

/// Loki's `normalizeLogLevel`: known spellings to the canonical word, anything else unchanged.
pub fn normalize_level(v: &str) -> String {
    canonical(v)
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

fn canonical(v: &str) -> Option<&'static str> {
    let eq = |w: &str| v.eq_ignore_ascii_case(w);
    Some(if eq("trace") || eq("trc") {
        "trace"
    } else if eq("debug") || eq("dbg") {
        "debug"
    } else if eq("info") || eq("inf") || eq("information") {
        "info"
    } else if eq("warn") || eq("wrn") || eq("warning") {
        "warn"
    } else if eq("error") || eq("err") {
        "error"
    } else if eq("critical") {
        "critical"
    } else if eq("fatal") {
        "fatal"
    } else {
        return None;
    })
}

/// `extractLogLevelFromLogLine`: a JSON line's level field, a logfmt line's level key, else a
/// level word found in the text; an unknown field value falls back to the text search too.
pub fn level_from_line(line: &str) -> &'static str {
    let trimmed = line.trim();
    let value = if trimmed.starts_with('{') && trimmed.ends_with('}') {
        serde_json::from_str::<serde_json::Value>(trimmed)
            .ok()
            .and_then(|v| json_level_field(&v))
    } else if line.contains('=') {
        logfmt_level(line)
    } else {
        return level_from_text(line);
    };
    value
        .as_deref()
        .and_then(canonical)
        .unwrap_or_else(|| level_from_text(line))
}

/// `getValueUsingLogfmtParser`: the value of the earliest-listed level key (keys compared
/// case-insensitively).
fn logfmt_level(line: &str) -> Option<String> {
    let pairs = crate::loki::logql::pipeline::logfmt_pairs(line).ok()?;
    let mut best: Option<(usize, String)> = None;
    for (k, v) in pairs {
        if let Some(rank) = LEVEL_FIELDS.iter().position(|f| f.eq_ignore_ascii_case(&k)) {
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, v));
            }
        }
    }
    best.map(|(_, v)| v)
}

/// `detectLevelFromLogLine`, shared with the app: the level word that appears first in the
/// line as a whole word, as Loki's `detected_level` value; `unknown` when none does.
pub fn level_from_text(line: &str) -> &'static str {
    meshboard_core::loki::level::detected_level_word(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(labels: &[(&str, &str)], line: &str) -> LogRecord {
        LogRecord {
            ts_ns: 1,
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            structured_metadata: Default::default(),
            line: line.into(),
        }
    }

    #[test]
    fn service_name_follows_the_discovery_list() {
        let l = |p: &[(&str, &str)]| rec(p, "").labels;
        assert_eq!(service_name(&l(&[("job", "j"), ("component", "c")])), "c");
        assert_eq!(service_name(&l(&[("job", "j"), ("app", "")])), "j");
        assert_eq!(
            service_name(&l(&[("service_name", "s"), ("app", "a")])),
            "s"
        );
        assert_eq!(service_name(&l(&[("instance", "i")])), "unknown_service");
    }

    #[test]
    fn detected_level_as_loki_detects_it() {
        // A level label wins and is normalized.
        assert_eq!(
            detected_level(&rec(&[("level", "warning")], "error")),
            "warn"
        );
        assert_eq!(
            detected_level(&rec(&[], r#"{"msg":"x","level":"ERROR"}"#)),
            "error"
        );
        assert_eq!(
            detected_level(&rec(&[], r#"{"a":{"severity":"dbg"}}"#)),
            "debug"
        );
        // Depth 2 is the limit: a level three objects deep is not read from JSON, and the
        // text search that follows does not know `dbg`.
        assert_eq!(
            detected_level(&rec(&[], r#"{"a":{"b":{"lvl":"dbg"}}}"#)),
            "unknown"
        );
        assert_eq!(detected_level(&rec(&[], "ts=1 lvl=inf msg=\"up\"")), "info");
        assert_eq!(detected_level(&rec(&[], "2024 [WARN] disk low")), "warn");
        assert_eq!(detected_level(&rec(&[], "debug: starting")), "debug");
        assert_eq!(detected_level(&rec(&[], "starting up")), "unknown");
        // Issue 16: the word inside `alert(1)` or `misc:error` is no level.
        assert_eq!(level_from_text("<script>alert(1)</script>"), "unknown");
        assert_eq!(level_from_text("misc:error happened"), "unknown");
        assert_eq!(level_from_text("an error and a warning"), "error");
    }
}
