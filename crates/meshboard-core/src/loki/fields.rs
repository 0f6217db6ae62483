//! Fields of a log line for the details view: JSON (flattened like Loki's `| json`) or logfmt.

use serde_json::Value;

use super::logfmt::LogfmtPairs;

/// Which parser produced a line's fields (and so which LogQL stage would extract them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    Json,
    Logfmt,
}

impl FieldSource {
    /// The LogQL parser stage name (`json`, `logfmt`).
    pub fn stage(self) -> &'static str {
        match self {
            FieldSource::Json => "json",
            FieldSource::Logfmt => "logfmt",
        }
    }
}

/// Parses a line's fields: a JSON object if the line is one, else logfmt pairs if there are
/// any `key=value` pairs. Plain text has no fields.
pub fn line_fields(line: &str) -> Option<(FieldSource, Vec<(String, String)>)> {
    let trimmed = line.trim();
    if trimmed.starts_with('{') {
        if let Some(fields) = json_fields(trimmed) {
            return Some((FieldSource::Json, fields));
        }
    }
    if !trimmed.contains('=') {
        return None;
    }
    let pairs: Vec<(String, String)> = LogfmtPairs::new(trimmed)
        .filter(|(key, _)| !key.is_empty())
        .map(|(key, value)| (sanitize_label_name(&key), value))
        .collect();
    // Plain text with one stray `=` would otherwise read as a field per word.
    let with_values = pairs.iter().filter(|(_, v)| !v.is_empty()).count();
    (with_values > 0 && with_values * 2 >= pairs.len()).then_some((FieldSource::Logfmt, pairs))
}

/// Flattens a JSON object line as Loki's `| json` does: nested keys joined with `_`, arrays
/// kept as JSON text, nulls dropped, names sanitised to valid label names. `None` if the line
/// is not a JSON object.
pub fn json_fields(line: &str) -> Option<Vec<(String, String)>> {
    let value: Value = serde_json::from_str(line).ok()?;
    let object = value.as_object()?;
    let mut fields = Vec::with_capacity(object.len());
    // An explicit stack keeps deeply nested (hostile) lines from exhausting the call stack.
    let mut stack: Vec<(String, &Value)> = object
        .iter()
        .rev()
        .map(|(k, v)| (sanitize_label_name(k), v))
        .collect();
    while let Some((name, value)) = stack.pop() {
        match value {
            Value::Null => {}
            Value::String(text) => fields.push((name, text.clone())),
            Value::Object(children) => {
                for (key, child) in children.iter().rev() {
                    stack.push((format!("{name}_{}", sanitize_label_name(key)), child));
                }
            }
            other => fields.push((name, other.to_string())),
        }
    }
    Some(fields)
}

/// Makes a field name a valid Prometheus/Loki label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
pub fn sanitize_label_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn json_is_flattened_like_loki() {
        let line = r#"{"level":"info","http":{"status":500,"path":"/x"},"tags":["a"],"n":null,"ok":true,"trace-id":"t"}"#;
        let (source, fields) = line_fields(line).unwrap();
        assert_eq!(source, FieldSource::Json);
        assert_eq!(
            fields,
            kv(&[
                ("http_path", "/x"),
                ("http_status", "500"),
                ("level", "info"),
                ("ok", "true"),
                ("tags", "[\"a\"]"),
                ("trace_id", "t"),
            ])
        );
    }

    #[test]
    fn logfmt_and_plain_text() {
        let (source, fields) = line_fields(r#"level=warn msg="slow round" round=7"#).unwrap();
        assert_eq!(source, FieldSource::Logfmt);
        assert_eq!(
            fields,
            kv(&[("level", "warn"), ("msg", "slow round"), ("round", "7")])
        );
        assert_eq!(line_fields("just some text"), None);
        assert_eq!(
            line_fields("a sentence where x=1 is mentioned in passing words"),
            None
        );
        assert_eq!(line_fields("{not json"), None);
    }

    #[test]
    fn deep_json_does_not_overflow() {
        let depth = 100_000;
        let line = format!(
            "{}{}",
            "{\"a\":".repeat(depth),
            "1".to_string() + &"}".repeat(depth)
        );
        // serde_json refuses nesting beyond 128 levels, which we report as "not JSON".
        assert_eq!(json_fields(&line), None);
    }

    #[test]
    fn label_names_are_sanitised() {
        assert_eq!(sanitize_label_name("http.status-code"), "http_status_code");
        assert_eq!(sanitize_label_name("1st"), "_1st");
        assert_eq!(sanitize_label_name(""), "_");
    }
}
