//! The per-line log pipeline: stream selector matching, line filters, parsers (`json`,
//! `logfmt [--strict] [--keep-empty]`, `unpack`, `regexp`, `pattern`), label filters (with
//! `ip("...")`), `line_format`, `label_format`, `drop` and `keep`, with Loki's naming and
//! error-label rules. A parser that cannot read a line keeps it and sets `__error__` and
//! `__error_details__`, as Loki's parsers do (`pkg/logql/log`); the default logfmt parser is
//! lenient and marks nothing, only `--strict` does.

use super::ast::*;
use crate::loki::duration::{parse_bytes, parse_go_duration};
use crate::loki::ingest;
use crate::telemetry::LogRecord;
use meshboard_core::loki::fields::sanitize_label_name;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// Key-value pairs in line order.
pub type Pairs = Vec<(String, String)>;

pub const ERROR_LABEL: &str = "__error__";
pub const ERROR_DETAILS_LABEL: &str = "__error_details__";

/// A line that went through the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub line: String,
    /// Stream labels, structured metadata and extracted labels together: the label set Loki
    /// reports for the line (and groups lines by) when labels are not categorized.
    pub labels: Labels,
    /// Labels added by parsers, `label_format` and errors (the `parsed` part of
    /// categorize-labels).
    pub parsed: Labels,
}

pub fn matches_selector(matchers: &[Matcher], labels: &Labels) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(labels.get(&m.name).map(String::as_str)))
}

/// Selector matching against a stored record's labels as Loki indexed them (`service_name`
/// included), without copying the label set.
pub fn matches_record(matchers: &[Matcher], rec: &LogRecord) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(ingest::stream_label(rec, &m.name)))
}

/// Runs the stages over one record; `None` when a filter drops it.
pub fn run(stages: &[Stage], rec: &LogRecord) -> Option<Output> {
    let mut line: Cow<str> = Cow::Borrowed(&rec.line);
    // Built lazily: pure line-filter pipelines never parse anything before filtering.
    let mut labels: Option<Labels> = None;
    let mut parsed = Labels::new();
    let init = || {
        let mut l = ingest::stream_labels(&rec.labels).into_owned();
        l.extend(ingest::metadata(rec));
        l
    };
    for stage in stages {
        match stage {
            Stage::Line(f) => {
                if !line_matches(f, &line) {
                    return None;
                }
            }
            Stage::Json(fields) => {
                let l = labels.get_or_insert_with(init);
                extract_json(&line, fields, &rec.labels, l, &mut parsed);
            }
            Stage::Logfmt { strict, keep_empty } => {
                let l = labels.get_or_insert_with(init);
                let (pairs, error) = logfmt_scan(&line, *strict);
                for (k, v) in pairs {
                    let k = sanitize_key(&k);
                    if k.is_empty() || (v.is_empty() && !keep_empty) {
                        continue;
                    }
                    add_extracted(&rec.labels, l, &mut parsed, k, v);
                }
                // Only a strict parser reports the line (`LogfmtParser.Process`).
                if let (true, Some(details)) = (*strict, error) {
                    set_error(l, &mut parsed, "LogfmtParserErr", &details);
                }
            }
            Stage::Unpack => {
                let l = labels.get_or_insert_with(init);
                match serde_json::from_str::<serde_json::Value>(&line) {
                    Ok(serde_json::Value::Object(map)) => {
                        let mut entry = None;
                        for (k, v) in map {
                            // Only string values are unpacked, as Loki's unpack parser does.
                            let serde_json::Value::String(v) = v else {
                                continue;
                            };
                            if k == "_entry" {
                                entry = Some(v);
                            } else {
                                add_extracted(&rec.labels, l, &mut parsed, sanitize_key(&k), v);
                            }
                        }
                        if let Some(e) = entry {
                            line = Cow::Owned(e);
                        }
                    }
                    _ => {
                        let details = json_error_details(&line);
                        set_error(l, &mut parsed, "JSONParserErr", details);
                    }
                }
            }
            Stage::Regexp(RegexpStage(re)) => {
                let l = labels.get_or_insert_with(init);
                if let Some(caps) = re.captures(&line) {
                    for name in re.capture_names().flatten() {
                        if let Some(m) = caps.name(name) {
                            let v = m.as_str().to_string();
                            add_extracted(&rec.labels, l, &mut parsed, sanitize_key(name), v);
                        }
                    }
                }
            }
            Stage::Pattern(parts) => {
                let l = labels.get_or_insert_with(init);
                for (k, v) in match_pattern(parts, &line) {
                    add_extracted(&rec.labels, l, &mut parsed, k, v);
                }
            }
            Stage::Labels(f) => {
                let l = labels.get_or_insert_with(init);
                if !label_filter(f, l, &mut parsed) {
                    return None;
                }
            }
            Stage::LineFormat(parts) => {
                let l = labels.get_or_insert_with(init);
                line = Cow::Owned(render(parts, l));
            }
            Stage::LabelFormat(list) => {
                let l = labels.get_or_insert_with(init);
                // All templates read the labels as they were before this stage, as in Loki.
                let before = l.clone();
                for (dst, src) in list {
                    let v = match src {
                        LabelFmt::Rename(from) => {
                            let v = before.get(from).cloned().unwrap_or_default();
                            l.remove(from);
                            parsed.remove(from);
                            v
                        }
                        LabelFmt::Template(parts) => render(parts, &before),
                    };
                    l.insert(dst.clone(), v.clone());
                    parsed.insert(dst.clone(), v);
                }
            }
            Stage::Drop(list) => {
                let l = labels.get_or_insert_with(init);
                for nm in list {
                    let hit = match nm {
                        NameMatcher::Name(_) => true,
                        NameMatcher::Matcher(m) => {
                            l.get(&m.name).is_some_and(|v| m.matches(Some(v)))
                        }
                    };
                    if hit {
                        l.remove(nm.name());
                        parsed.remove(nm.name());
                    }
                }
            }
            Stage::Keep(list) => {
                let l = labels.get_or_insert_with(init);
                l.retain(|k, v| {
                    list.iter().any(|nm| match nm {
                        NameMatcher::Name(n) => n == k,
                        NameMatcher::Matcher(m) => m.name == *k && m.matches(Some(v)),
                    })
                });
                parsed.retain(|k, _| l.contains_key(k));
            }
            Stage::Decolorize => {
                line = Cow::Owned(decolorize(&line));
            }
        }
    }
    Some(Output {
        line: line.into_owned(),
        labels: labels.unwrap_or_else(init),
        parsed,
    })
}

/// Removes ANSI colour sequences (`ESC [ ... m`).
fn decolorize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Loki's pattern parser: literals must appear in order; each capture takes the text up to
/// the next literal (the last one takes the rest). A line that does not match adds nothing.
fn match_pattern(parts: &[PatternPart], line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            PatternPart::Lit(l) => {
                let Some(r) = rest.strip_prefix(l.as_str()) else {
                    return Vec::new();
                };
                rest = r;
            }
            PatternPart::Capture(name) => {
                let value = match parts.get(i + 1) {
                    Some(PatternPart::Lit(next)) => match rest.find(next.as_str()) {
                        Some(p) => {
                            let v = &rest[..p];
                            rest = &rest[p..];
                            v
                        }
                        None => return Vec::new(),
                    },
                    _ => std::mem::take(&mut rest),
                };
                if let Some(n) = name {
                    out.push((n.clone(), value.to_string()));
                }
            }
        }
        i += 1;
    }
    out
}

fn line_matches(f: &LineFilter, line: &str) -> bool {
    let any = match (f.ip, f.op) {
        // Any address in the line (runs of hex digits, `.` and `:`) inside the pattern.
        (Some(pattern), _) => line
            .split(|c: char| !(c.is_ascii_hexdigit() || c == '.' || c == ':'))
            .filter_map(|t| {
                let t = t.trim_matches(|c| c == '.' || c == ':');
                // `10.0.0.1:8080`: an IPv4 address with its port.
                t.parse().ok().or_else(|| {
                    t.split_once(':')
                        .filter(|(a, _)| a.contains('.'))
                        .and_then(|(a, _)| a.parse().ok())
                })
            })
            .any(|ip| pattern.contains(ip)),
        (None, op) => match op {
            LineOp::Contains | LineOp::NotContains => {
                f.patterns.iter().any(|p| line.contains(p.as_str()))
            }
            LineOp::Match | LineOp::NotMatch => f.res.iter().any(|r| r.is_match(line)),
        },
    };
    match f.op {
        LineOp::Contains | LineOp::Match => any,
        LineOp::NotContains | LineOp::NotMatch => !any,
    }
}

/// Loki keeps the line (and marks it) when a numeric filter cannot read the value.
pub fn label_filter(f: &LabelFilter, labels: &mut Labels, parsed: &mut Labels) -> bool {
    match f {
        LabelFilter::And(a, b) => {
            label_filter(a, labels, parsed) && label_filter(b, labels, parsed)
        }
        LabelFilter::Or(a, b) => label_filter(a, labels, parsed) || label_filter(b, labels, parsed),
        LabelFilter::Str(m) => m.matches(labels.get(&m.name).map(String::as_str)),
        LabelFilter::Ip {
            name,
            negate,
            pattern,
        } => {
            let inside = labels
                .get(name)
                .and_then(|v| v.trim().parse().ok())
                .is_some_and(|ip| pattern.contains(ip));
            inside != *negate
        }
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
                    set_error(labels, parsed, "LabelFilterErr", &details);
                    true
                }
            }
        }
    }
}

/// Loki's `SetErr`/`SetErrorDetails`: the first error of a line wins.
pub fn set_error(labels: &mut Labels, parsed: &mut Labels, kind: &str, details: &str) {
    if !labels.contains_key(ERROR_LABEL) {
        for (k, v) in [(ERROR_LABEL, kind), (ERROR_DETAILS_LABEL, details)] {
            labels.insert(k.into(), v.into());
            parsed.insert(k.into(), v.into());
        }
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

/// buger/jsonparser's messages, which Loki puts in `__error_details__`.
const MALFORMED_OBJECT: &str = "Value looks like object, but can't find closing '}' symbol";
const MALFORMED_JSON: &str = "Malformed JSON error";

/// `__error_details__` of a line the JSON parsers cannot read (buger/jsonparser's wording).
fn json_error_details(line: &str) -> &'static str {
    if line.trim_start().starts_with('{') {
        MALFORMED_JSON
    } else {
        MALFORMED_OBJECT
    }
}

fn extract_json(
    line: &str,
    fields: &[(String, Vec<String>)],
    stream: &Labels,
    labels: &mut Labels,
    parsed: &mut Labels,
) {
    let map = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(map)) => map,
        // jsonparser.ObjectEach refuses anything that does not open with `{`.
        _ if !line.trim_start().starts_with('{') => {
            return set_error(labels, parsed, "JSONParserErr", MALFORMED_OBJECT)
        }
        _ => return set_error(labels, parsed, "JSONParserErr", MALFORMED_JSON),
    };
    if fields.is_empty() {
        return flatten_json("", &map, stream, labels, parsed);
    }
    // `json a="x.y"`: only the named paths; a missing path gives an empty value.
    for (name, path) in fields {
        let mut v = Some(&serde_json::Value::Object(map.clone()));
        for key in path {
            v = v.and_then(|x| match key.parse::<usize>() {
                Ok(i) if x.is_array() => x.get(i),
                _ => x.get(key),
            });
        }
        let value = match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        add_extracted(stream, labels, parsed, name.clone(), value);
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
            // jsonparser hands Loki strings, numbers and booleans only.
            serde_json::Value::Array(_) | serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        add_extracted(stream, labels, parsed, key, value);
    }
}

/// Reads a line as Loki's logfmt decoder does (`pkg/logql/log/logfmt/decode.go`): the pairs in
/// order (a key without `=`, or with nothing after it, has an empty value) and the first syntax
/// error. Without `strict` a bad pair is skipped up to the next space and reading goes on (what
/// Loki's default parser does); with it reading stops at the first bad pair.
pub fn logfmt_scan(line: &str, strict: bool) -> (Pairs, Option<String>) {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut error: Option<String> = None;
    let mut pos = 0;
    let syntax = |pos: usize, msg: &str| format!("logfmt syntax error at pos {} : {msg}", pos + 1);
    let unexpected = |pos: usize, c: u8| syntax(pos, &format!("unexpected '{}'", c as char));
    loop {
        while pos < b.len() && b[pos] <= b' ' {
            pos += 1;
        }
        if pos >= b.len() {
            break;
        }
        let start = pos;
        while pos < b.len() && b[pos] > b' ' && b[pos] != b'=' && b[pos] != b'"' {
            pos += 1;
        }
        let bad = if pos < b.len() && b[pos] == b'"' {
            Some(unexpected(pos, b'"'))
        } else if pos < b.len() && b[pos] == b'=' && pos == start {
            Some(unexpected(pos, b'='))
        } else {
            let key = line[start..pos].to_string();
            if pos >= b.len() || b[pos] <= b' ' {
                out.push((key, String::new()));
                continue;
            }
            // `=`: the value.
            pos += 1;
            if pos >= b.len() || b[pos] <= b' ' {
                out.push((key, String::new()));
                continue;
            }
            if b[pos] == b'"' {
                match quoted(&line[pos..]) {
                    Some((value, used)) => {
                        pos += used;
                        out.push((key, value));
                        continue;
                    }
                    None => {
                        pos = b.len();
                        error.get_or_insert_with(|| syntax(pos, "unterminated quoted value"));
                        if strict {
                            break;
                        }
                        continue;
                    }
                }
            }
            let vstart = pos;
            while pos < b.len() && b[pos] > b' ' && b[pos] != b'=' && b[pos] != b'"' {
                pos += 1;
            }
            if pos < b.len() && b[pos] > b' ' {
                Some(unexpected(pos, b[pos]))
            } else {
                out.push((key, line[vstart..pos].to_string()));
                continue;
            }
        };
        error.get_or_insert_with(|| bad.unwrap_or_default());
        if strict {
            break;
        }
        // Skip the rest of the bad pair.
        while pos < b.len() && b[pos] > b' ' {
            pos += 1;
        }
    }
    (out, error)
}

/// A quoted logfmt value at the start of `s` (Go escapes): the text and the bytes used.
fn quoted(s: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, i + 1)),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('r') => value.push('\r'),
                Some(other) => value.push(other),
                None => return None,
            },
            c => value.push(c),
        }
    }
    None
}

/// The strict reading: every pair, or the pairs before the first syntax error and its message.
pub fn logfmt_pairs(line: &str) -> Result<Pairs, (Pairs, String)> {
    match logfmt_scan(line, true) {
        (pairs, None) => Ok(pairs),
        (pairs, Some(e)) => Err((pairs, e)),
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
    fn logfmt_flags_as_lokis_parser() {
        let line = "a=1 foo=bar=buzz empty= alone next=ok";
        // Default: the bad pair is skipped, reading goes on, no error; empty values dropped.
        let out = run_q(r#"{job="fl"} | logfmt"#, line).unwrap();
        assert_eq!(out.labels["a"], "1");
        assert_eq!(out.labels["next"], "ok");
        assert!(!out.labels.contains_key(ERROR_LABEL));
        assert!(!out.labels.contains_key("empty") && !out.labels.contains_key("alone"));
        // --strict stops at the bad pair and marks the line.
        let out = run_q(r#"{job="fl"} | logfmt --strict"#, line).unwrap();
        assert_eq!(out.labels["a"], "1");
        assert!(!out.labels.contains_key("next"));
        assert_eq!(out.labels[ERROR_LABEL], "LogfmtParserErr");
        assert_eq!(
            out.labels["__error_details__"],
            "logfmt syntax error at pos 12 : unexpected '='"
        );
        // --keep-empty keeps keys without a value.
        let out = run_q(r#"{job="fl"} | logfmt --keep-empty"#, line).unwrap();
        assert_eq!(out.labels["empty"], "");
        assert_eq!(out.labels["alone"], "");
        let out = run_q(
            r#"{job="fl"} | logfmt --strict --keep-empty"#,
            "k= v=\"x y\"",
        )
        .unwrap();
        assert_eq!(
            (out.labels["k"].as_str(), out.labels["v"].as_str()),
            ("", "x y")
        );
        // An unterminated quote.
        let (pairs, err) = logfmt_scan(r#"a=1 b="open"#, true);
        assert_eq!(pairs, [("a".to_string(), "1".to_string())]);
        assert_eq!(
            err.as_deref(),
            Some("logfmt syntax error at pos 12 : unterminated quoted value")
        );
    }

    #[test]
    fn unpack_restores_the_packed_line() {
        let out = run_q(
            r#"{job="fl"} | unpack | pod="p-1""#,
            r#"{"_entry":"original line","pod":"p-1","level":"warn","n":3}"#,
        )
        .unwrap();
        assert_eq!(out.line, "original line");
        assert_eq!(out.labels["pod"], "p-1");
        // `level` is a stream label: the packed one is `level_extracted`; numbers are not unpacked.
        assert_eq!(out.labels["level_extracted"], "warn");
        assert!(!out.labels.contains_key("n"));
        let bad = run_q(r#"{job="fl"} | unpack"#, "plain text").unwrap();
        assert_eq!(bad.labels[ERROR_LABEL], "JSONParserErr");
        assert_eq!(bad.line, "plain text");
    }

    #[test]
    fn ip_label_filters() {
        let q = |f: &str, addr: &str| {
            run_q(
                &format!(r#"{{job="fl"}} | logfmt | {f}"#),
                &format!("addr={addr}"),
            )
            .is_some()
        };
        assert!(q(r#"addr = ip("10.0.0.0/8")"#, "10.1.2.3"));
        assert!(!q(r#"addr = ip("10.0.0.0/8")"#, "11.1.2.3"));
        assert!(q(r#"addr != ip("10.0.0.0/8")"#, "11.1.2.3"));
        assert!(q(
            r#"addr = ip("192.168.1.10-192.168.1.30")"#,
            "192.168.1.20"
        ));
        assert!(!q(
            r#"addr = ip("192.168.1.10-192.168.1.30")"#,
            "192.168.1.31"
        ));
        assert!(q(r#"addr = ip("fe80::1")"#, "fe80::1"));
        assert!(q(r#"addr = ip("fe80::/10")"#, "fe80::abcd"));
        assert!(!q(r#"addr = ip("10.0.0.0/8")"#, "not-an-ip"));
        assert!(
            !q(r#"addr = ip("0.0.0.0/0")"#, "fe80::1"),
            "families do not mix"
        );
        assert!(q(r#"addr = ip("0.0.0.0/0")"#, "8.8.8.8"));
    }

    #[test]
    fn ip_line_filters() {
        let q = |f: &str, line: &str| run_q(&format!(r#"{{job="fl"}} {f}"#), line).is_some();
        assert!(q(r#"|= ip("10.0.0.0/8")"#, "GET / from 10.2.3.4:5678 200"));
        assert!(!q(r#"|= ip("10.0.0.0/8")"#, "GET / from 11.2.3.4 200"));
        assert!(q(r#"!= ip("10.0.0.0/8")"#, "GET / from 11.2.3.4 200"));
        assert!(q(r#"|= ip("2001:db8::/32")"#, "peer=2001:db8::7 ok"));
        assert!(!q(r#"|= ip("10.0.0.1")"#, "version 10.0.0.10"));
    }

    #[test]
    fn label_names_are_sanitized_as_loki_does() {
        assert_eq!(sanitize_key("http.status-code"), "http_status_code");
        assert_eq!(sanitize_key("1st"), "_1st");
        // Unlike the app's field names, Loki leaves an empty key empty.
        assert_eq!(sanitize_key(""), "");
    }
}
