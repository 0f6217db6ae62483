//! The per-line log pipeline: stream selector matching, line filters, `json`/`logfmt` label
//! extraction, label filters and `line_format`, with Loki's naming and error-label rules.

use super::ast::*;
use crate::loki::duration::{parse_bytes, parse_go_duration};
use crate::telemetry::LogRecord;
use meshboard_core::loki::fields::sanitize_label_name;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

pub const ERROR_LABEL: &str = "__error__";
pub const ERROR_DETAILS_LABEL: &str = "__error_details__";

/// A line that went through the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub line: String,
    /// Stream labels, structured metadata and extracted labels together: the label set Loki
    /// reports for the line (and groups lines by) when labels are not categorized.
    pub labels: Labels,
    /// Labels added by `json`/`logfmt` (the `parsed` part of categorize-labels).
    pub parsed: Labels,
}

pub fn matches_selector(matchers: &[Matcher], labels: &Labels) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(labels.get(&m.name).map(String::as_str)))
}

/// Runs the stages over one record; `None` when a filter drops it.
pub fn run(stages: &[Stage], rec: &LogRecord) -> Option<Output> {
    let mut line: Cow<str> = Cow::Borrowed(&rec.line);
    // Built lazily: pure line-filter pipelines (the common case) never copy the labels.
    let mut labels: Option<Labels> = None;
    let mut parsed = Labels::new();
    let init = || {
        let mut l = rec.labels.clone();
        l.extend(
            rec.structured_metadata
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        l
    };
    for stage in stages {
        match stage {
            Stage::Line(f) => {
                if !line_matches(f, &line) {
                    return None;
                }
            }
            Stage::Json => {
                let l = labels.get_or_insert_with(init);
                extract_json(&line, &rec.labels, l, &mut parsed);
            }
            Stage::Logfmt => {
                let l = labels.get_or_insert_with(init);
                extract_logfmt(&line, &rec.labels, l, &mut parsed);
            }
            Stage::Labels(f) => {
                let l = labels.get_or_insert_with(init);
                if !label_filter(f, l) {
                    return None;
                }
            }
            Stage::LineFormat(parts) => {
                let l = labels.get_or_insert_with(init);
                line = Cow::Owned(render(parts, l));
            }
        }
    }
    Some(Output {
        line: line.into_owned(),
        labels: labels.unwrap_or_else(init),
        parsed,
    })
}

fn line_matches(f: &LineFilter, line: &str) -> bool {
    match f.op {
        LineOp::Contains => line.contains(f.pattern.as_str()),
        LineOp::NotContains => !line.contains(f.pattern.as_str()),
        LineOp::Match => f.re.as_ref().is_some_and(|r| r.is_match(line)),
        LineOp::NotMatch => !f.re.as_ref().is_some_and(|r| r.is_match(line)),
    }
}

/// Loki keeps the line (and marks it) when a numeric filter cannot read the value.
fn label_filter(f: &LabelFilter, labels: &mut Labels) -> bool {
    match f {
        LabelFilter::And(a, b) => label_filter(a, labels) && label_filter(b, labels),
        LabelFilter::Or(a, b) => label_filter(a, labels) || label_filter(b, labels),
        LabelFilter::Str(m) => m.matches(labels.get(&m.name).map(String::as_str)),
        LabelFilter::Cmp { name, op, value } => {
            let Some(raw) = labels.get(name) else {
                return false;
            };
            let read = match value {
                CmpValue::Number(n) => raw.trim().parse::<f64>().ok().map(|v| (v, *n)),
                CmpValue::Duration(d) => parse_go_duration(raw).ok().map(|v| (v as f64, *d as f64)),
                CmpValue::Bytes(b) => parse_bytes(raw).map(|v| (v, *b)),
            };
            match read {
                Some((v, lit)) => op.holds(v, lit),
                None => {
                    let details = format!("cannot parse label {name} value {raw:?}");
                    set_error(labels, "LabelFilterErr", &details);
                    true
                }
            }
        }
    }
}

fn set_error(labels: &mut Labels, kind: &str, details: &str) {
    if !labels.contains_key(ERROR_LABEL) {
        labels.insert(ERROR_LABEL.into(), kind.into());
        labels.insert(ERROR_DETAILS_LABEL.into(), details.into());
    }
}

fn render(parts: &[TemplatePart], labels: &Labels) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            TemplatePart::Text(t) => out.push_str(t),
            // Loki renders with `missingkey=zero`: an absent label prints as nothing.
            TemplatePart::Field(f) => out.push_str(labels.get(f).map(String::as_str).unwrap_or("")),
        }
    }
    out
}

/// Loki's label-name sanitizing (`sanitizeLabelKey`): anything but `[A-Za-z0-9_]` becomes `_`,
/// no leading digit. The core's rule with one exception kept from Loki: an empty key stays
/// empty (the core names it `_` so the app always has a usable field name).
pub fn sanitize_key(key: &str) -> String {
    if key.is_empty() {
        return String::new();
    }
    sanitize_label_name(key)
}

/// Adds an extracted label; a name clashing with a stream label gets Loki's `_extracted` suffix.
fn add_extracted(
    stream: &Labels,
    labels: &mut Labels,
    parsed: &mut Labels,
    key: String,
    value: String,
) {
    if key.is_empty() {
        return;
    }
    let key = if stream.contains_key(&key) {
        format!("{key}_extracted")
    } else {
        key
    };
    labels.insert(key.clone(), value.clone());
    parsed.insert(key, value);
}

fn extract_json(line: &str, stream: &Labels, labels: &mut Labels, parsed: &mut Labels) {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(map)) => flatten_json("", &map, stream, labels, parsed),
        Ok(_) => set_error(
            labels,
            "JSONParserErr",
            "Value looks like object, but can't find closing '}' symbol",
        ),
        Err(e) => set_error(labels, "JSONParserErr", &e.to_string()),
    }
}

/// Nested objects flatten with `_`; arrays are skipped, as Loki's json parser does.
fn flatten_json(
    prefix: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    stream: &Labels,
    labels: &mut Labels,
    parsed: &mut Labels,
) {
    for (k, v) in map {
        let key = if prefix.is_empty() {
            sanitize_key(k)
        } else {
            format!("{prefix}_{}", sanitize_key(k))
        };
        let value = match v {
            serde_json::Value::Object(inner) => {
                flatten_json(&key, inner, stream, labels, parsed);
                continue;
            }
            serde_json::Value::Array(_) => continue,
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        add_extracted(stream, labels, parsed, key, value);
    }
}

fn extract_logfmt(line: &str, stream: &Labels, labels: &mut Labels, parsed: &mut Labels) {
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if chars.peek() == Some(&'"') {
                chars.next();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            Some(other) => value.push(other),
                            None => break,
                        },
                        c => value.push(c),
                    }
                }
                if !closed {
                    set_error(
                        labels,
                        "LogfmtParserErr",
                        "logfmt syntax error: unterminated quoted value",
                    );
                    return;
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        add_extracted(stream, labels, parsed, sanitize_key(&key), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::logql::{parse, Query};

    fn rec(line: &str) -> LogRecord {
        LogRecord {
            ts_ns: 1,
            labels: [
                ("job".to_string(), "fl".to_string()),
                ("level".to_string(), "info".to_string()),
            ]
            .into(),
            structured_metadata: [("trace_id".to_string(), "abc".to_string())].into(),
            line: line.to_string(),
        }
    }

    fn run_q(q: &str, line: &str) -> Option<Output> {
        let Query::Log(lq) = parse(q).unwrap() else {
            panic!()
        };
        assert!(matches_selector(&lq.matchers, &rec(line).labels));
        run(&lq.stages, &rec(line))
    }

    #[test]
    fn json_extraction_and_filters() {
        let line = r#"{"event":"federated_round_started","round_id":7,"level":"warning","meta":{"peer-id":"n1"},"participants":["a"],"duration":"1.5s"}"#;
        let out = run_q(r#"{job="fl"} | json | round_id >= 7 | duration > 1s"#, line).unwrap();
        assert_eq!(out.labels["event"], "federated_round_started");
        assert_eq!(out.labels["level"], "info");
        assert_eq!(out.labels["level_extracted"], "warning");
        assert_eq!(out.labels["meta_peer_id"], "n1");
        assert_eq!(out.labels["trace_id"], "abc");
        assert!(!out.labels.contains_key("participants"));
        assert_eq!(out.parsed.len(), 5);
        assert!(run_q(r#"{job="fl"} | json | round_id > 7"#, line).is_none());
    }

    #[test]
    fn logfmt_line_format_and_errors() {
        let out = run_q(
            r#"{job="fl"} | logfmt | msg=~"hel.*" | line_format "{{.msg}}/{{.missing}}""#,
            r#"msg="hello world" n=3"#,
        )
        .unwrap();
        assert_eq!(out.line, "hello world/");
        let bad = run_q(r#"{job="fl"} | json"#, "not json").unwrap();
        assert_eq!(bad.labels[ERROR_LABEL], "JSONParserErr");
        let unreadable = run_q(r#"{job="fl"} | logfmt | n > 2"#, "n=abc").unwrap();
        assert_eq!(unreadable.labels[ERROR_LABEL], "LabelFilterErr");
        assert!(run_q(r#"{job="fl"} |= "x" != "y""#, "xy").is_none());
        assert!(run_q(r#"{job="fl"} |~ "(?i)ERR""#, "an error").is_some());
    }

    #[test]
    fn label_names_are_sanitized_as_loki_does() {
        assert_eq!(sanitize_key("http.status-code"), "http_status_code");
        assert_eq!(sanitize_key("1st"), "_1st");
        // Unlike the app's field names, Loki leaves an empty key empty.
        assert_eq!(sanitize_key(""), "");
    }
}
