//! The endpoints Grafana's Logs Drilldown reads: `detected_fields` (fields parsed from the
//! lines and structured metadata, with type, cardinality and, for JSON, the key path),
//! `detected_field/{name}/values`, `detected_labels` (stream labels and their cardinality) and
//! `patterns` (lines grouped by their shape and detected level, counted per step). Shapes are
//! held to real recorded responses (`drilldown_detected_fields.json`,
//! `drilldown_detected_labels.json`, `drilldown_patterns.json`) and the HTTP API reference's
//! examples; the pattern miner is a simple stand-in for Loki's drain, replacing variable tokens
//! (with digits, or quoted values) with `<_>`.

use super::logql::ast::{Query, Stage};
use super::logql::pipeline::{logfmt_scan, matches_record, run, sanitize_key};
use super::logql::select::time_slice;
use super::logql::{self};
use super::params::{self, Params};
use super::response::{bad_request, json_ok};
use super::{ingest, LokiState};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Loki's defaults for `line_limit` and `field_limit`.
const DEFAULT_LIMIT: usize = 1000;

/// One detected field: its values, the parsers that produced it, and the type of its values.
#[derive(Default)]
struct Field {
    values: BTreeSet<String>,
    parsers: BTreeSet<&'static str>,
    /// The JSON keys leading to the value, unsanitized (`["nested", "user-id"]`), for fields
    /// the json parser found: Loki's `jsonPath`.
    json_path: Option<Vec<String>>,
}

/// Each flattened label name the json parser makes of `value`, with the raw key path to it
/// (objects nest with `_`; arrays and nulls give no label, as Loki's parser skips them).
fn json_paths(
    prefix: &str,
    path: &[String],
    value: &Value,
    out: &mut BTreeMap<String, Vec<String>>,
) {
    let Value::Object(map) = value else { return };
    for (k, v) in map {
        let key = if prefix.is_empty() {
            sanitize_key(k)
        } else {
            format!("{prefix}_{}", sanitize_key(k))
        };
        let mut p = path.to_vec();
        p.push(k.clone());
        match v {
            Value::Object(_) => json_paths(&key, &p, v, out),
            Value::Array(_) | Value::Null => {}
            _ => {
                out.insert(key, p);
            }
        }
    }
}

/// Loki's `determineType`: int, float, boolean, duration, bytes, else string.
fn field_type(values: &BTreeSet<String>) -> &'static str {
    let all = |f: &dyn Fn(&str) -> bool| !values.is_empty() && values.iter().all(|v| f(v));
    if all(&|v| v.parse::<i64>().is_ok()) {
        "int"
    } else if all(&|v| v.parse::<f64>().is_ok()) {
        "float"
    } else if all(&|v| v == "true" || v == "false") {
        "boolean"
    } else if all(&|v| crate::loki::duration::parse_go_duration(v).is_ok()) {
        "duration"
    } else if all(&|v| crate::loki::duration::parse_bytes(v).is_some()) {
        "bytes"
    } else {
        "string"
    }
}

/// Collects the fields of the newest `line_limit` lines that the query selects.
fn detect(
    st: &LokiState,
    headers: &HeaderMap,
    p: &Params,
) -> Result<(BTreeMap<String, Field>, usize), String> {
    let (start, end) = params::parse_range(p, params::now_ns())?;
    let query = match logql::parse(p.get("query").unwrap_or("")).map_err(|e| e.to_string())? {
        Query::Log(q) => q,
        Query::Metric(_) => return Err("only log queries are supported".into()),
    };
    let line_limit = match p.get("line_limit") {
        Some(v) => v.parse().map_err(|_| format!("invalid line_limit: {v}"))?,
        None => DEFAULT_LIMIT,
    };
    let field_limit = match p.get("field_limit").or(p.get("limit")) {
        Some(v) => v.parse().map_err(|_| format!("invalid field_limit: {v}"))?,
        None => DEFAULT_LIMIT,
    };
    let mut fields: BTreeMap<String, Field> = BTreeMap::new();
    st.with_tenant_logs(headers, |logs| {
        let mut seen = 0;
        for rec in time_slice(logs, start, end).iter().rev() {
            if seen >= line_limit {
                break;
            }
            if !matches_record(&query.matchers, rec) {
                continue;
            }
            let Some(out) = run(&query.stages, rec) else {
                continue;
            };
            seen += 1;
            for (k, v) in ingest::metadata(rec) {
                fields.entry(k).or_default().values.insert(v);
            }
            // Fields come from the line as Loki's detection parses it: JSON, else logfmt.
            let line = out.line.trim();
            let mut paths = BTreeMap::new();
            let parsed: Vec<(String, String, &'static str)> =
                if line.starts_with('{') && line.ends_with('}') {
                    match run(&[Stage::Json(Vec::new())], rec) {
                        Some(o) if !o.parsed.contains_key("__error__") => {
                            if let Ok(v) = serde_json::from_str::<Value>(line) {
                                json_paths("", &[], &v, &mut paths);
                            }
                            o.parsed.into_iter().map(|(k, v)| (k, v, "json")).collect()
                        }
                        _ => Vec::new(),
                    }
                } else if line.contains('=') {
                    // Loki's default (non-strict) logfmt: bad pairs skipped, empty values dropped.
                    logfmt_scan(line, false)
                        .0
                        .into_iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| {
                            // A key clashing with a stream label gets `_extracted`, as in
                            // queries (recorded: `namespace_extracted`, `level_extracted`).
                            let k = sanitize_key(&k);
                            let k = if ingest::stream_label(rec, &k).is_some() {
                                format!("{k}_extracted")
                            } else {
                                k
                            };
                            (k, v, "logfmt")
                        })
                        .collect()
                } else {
                    Vec::new()
                };
            for (k, v, parser) in parsed {
                if k.is_empty() || rec.labels.contains_key(&k) {
                    continue;
                }
                let path = (parser == "json")
                    .then(|| {
                        paths
                            .get(&k)
                            .or_else(|| k.strip_suffix("_extracted").and_then(|b| paths.get(b)))
                    })
                    .flatten();
                let f = fields.entry(k).or_default();
                f.values.insert(v);
                f.parsers.insert(parser);
                if let (None, Some(p)) = (&f.json_path, path) {
                    f.json_path = Some(p.clone());
                }
            }
        }
    });
    Ok((fields, field_limit))
}

pub async fn detected_fields(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    match detect(&st, &headers, &p) {
        Ok((fields, limit)) => {
            let list: Vec<Value> = fields
                .iter()
                .take(limit)
                .map(|(name, f)| {
                    let mut field = json!({
                        "label": name,
                        "type": field_type(&f.values),
                        "cardinality": f.values.len(),
                        // Structured metadata needs no parser: Loki sends null.
                        "parsers": if f.parsers.is_empty() { Value::Null } else { json!(f.parsers) },
                    });
                    // Only fields the json parser found carry their path (recorded response).
                    if let Some(p) = &f.json_path {
                        field["jsonPath"] = json!(p);
                    }
                    field
                })
                .collect();
            json_ok(&json!({"fields": list, "limit": limit}))
        }
        Err(e) => bad_request(&e),
    }
}

pub async fn detected_field_values(
    State(st): State<Arc<LokiState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    match detect(&st, &headers, &p) {
        Ok((mut fields, limit)) => {
            let values: Vec<String> = fields
                .remove(&name)
                .map(|f| f.values.into_iter().take(limit).collect())
                .unwrap_or_default();
            json_ok(&json!({"values": values, "limit": limit}))
        }
        Err(e) => bad_request(&e),
    }
}

/// A line's shape: tokens with digits, and quoted values, become `<_>`; runs of `<_>` merge.
pub fn line_pattern(line: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for tok in line.split(' ') {
        let variable = tok.chars().any(|c| c.is_ascii_digit())
            || (tok.len() > 2 && tok.starts_with('"') && tok.ends_with('"'));
        let t = if !variable {
            tok.to_string()
        } else if let Some((k, _)) = tok
            .split_once('=')
            .filter(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_'))
        {
            format!("{k}=<_>")
        } else if let Some((k, _)) = tok
            .split_once("\":")
            .filter(|(k, _)| k.starts_with('"') || k.starts_with("{\""))
        {
            format!("{k}\":<_>")
        } else {
            "<_>".to_string()
        };
        if t == "<_>" && out.last().is_some_and(|l| l == "<_>") {
            continue;
        }
        out.push(t);
    }
    out.join(" ")
}

pub async fn patterns(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run_it = || -> Result<Response, String> {
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let matchers =
            logql::parse_selector(p.get("query").unwrap_or("")).map_err(|e| e.to_string())?;
        let step = match p.get("step") {
            Some(s) => params::parse_seconds_or_duration(s)?,
            None => params::default_step_ns(start, end),
        };
        if step <= 0 {
            return Err("zero or negative query resolution step widths are not accepted. Try a positive integer".into());
        }
        // Loki 3.x keeps one pattern per detected level (recorded: `drilldown_patterns`).
        let mut per_pattern: BTreeMap<(String, String), BTreeMap<i64, u64>> = BTreeMap::new();
        st.with_tenant_logs(&headers, |logs| {
            for rec in time_slice(logs, start, end) {
                if !matches_record(&matchers, rec) {
                    continue;
                }
                let bucket = rec.ts_ns - rec.ts_ns.rem_euclid(step);
                *per_pattern
                    .entry((line_pattern(&rec.line), ingest::detected_level(rec)))
                    .or_default()
                    .entry(bucket)
                    .or_default() += 1;
            }
        });
        let mut data: Vec<(u64, Value)> = per_pattern
            .into_iter()
            .map(|((pattern, level), samples)| {
                let total = samples.values().sum::<u64>();
                let samples: Vec<Value> = samples
                    .into_iter()
                    .map(|(t, n)| json!([t / 1_000_000_000, n]))
                    .collect();
                (
                    total,
                    json!({"pattern": pattern, "level": level, "samples": samples}),
                )
            })
            .collect();
        data.sort_by_key(|d| std::cmp::Reverse(d.0));
        let data: Vec<Value> = data.into_iter().map(|(_, v)| v).collect();
        Ok(json_ok(&json!({"status": "success", "data": data})))
    };
    run_it().unwrap_or_else(|e| bad_request(&e))
}

/// Labels Loki's querier always keeps in `detected_labels`, whatever their values.
const STATIC_LABELS: [&str; 4] = ["cluster", "namespace", "instance", "pod"];

/// Loki's `shouldRejectLabel`: a label whose values are all IDs (numbers or UUIDs) says
/// nothing about the streams; two values `0`/`1` are a boolean and kept.
fn only_ids(values: &BTreeSet<String>) -> bool {
    let is_id = |v: &str| v.parse::<f64>().is_ok() || is_uuid(v);
    if values.is_empty() {
        return true;
    }
    if values.len() <= 2 && values.iter().all(|v| v == "0" || v == "1") {
        return false;
    }
    values.iter().all(|v| is_id(v))
}

/// A UUID in its 36-character hyphenated form (what `uuid.Parse` accepts in label values).
fn is_uuid(v: &str) -> bool {
    v.len() == 36
        && v.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `GET /loki/api/v1/detected_labels`: the stream labels of the selected streams with their
/// cardinality (`{"detectedLabels":[{"label","cardinality"}]}`, recorded in
/// `drilldown_detected_labels.json`), dropping labels whose values are only IDs.
pub async fn detected_labels(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run_it = || -> Result<Response, String> {
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let matchers = match p.get("query").filter(|q| !q.trim().is_empty()) {
            Some(q) => logql::parse_selector(q).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        let mut values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        st.with_tenant_logs(&headers, |logs| {
            for rec in time_slice(logs, start, end) {
                if !matches_record(&matchers, rec) {
                    continue;
                }
                for (k, v) in ingest::stream_labels(&rec.labels).iter() {
                    values.entry(k.clone()).or_default().insert(v.clone());
                }
            }
        });
        let list: Vec<Value> = values
            .iter()
            .filter(|(k, v)| STATIC_LABELS.contains(&k.as_str()) || !only_ids(v))
            .map(|(k, v)| json!({"label": k, "cardinality": v.len()}))
            .collect();
        Ok(json_ok(&json!({"detectedLabels": list})))
    };
    run_it().unwrap_or_else(|e| bad_request(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_keep_the_raw_keys() {
        let v: Value = serde_json::from_str(
            r#"{"user-identifier":"u","nested_object":{"url":"/x","deep":{"user-identifier":"v"}},"list":[1],"n":null,"status":200}"#,
        )
        .unwrap();
        let mut out = BTreeMap::new();
        json_paths("", &[], &v, &mut out);
        let p = |k: &str| out.get(k).cloned().unwrap_or_default();
        assert_eq!(p("user_identifier"), ["user-identifier"]);
        assert_eq!(p("nested_object_url"), ["nested_object", "url"]);
        assert_eq!(
            p("nested_object_deep_user_identifier"),
            ["nested_object", "deep", "user-identifier"]
        );
        assert_eq!(p("status"), ["status"]);
        assert!(!out.contains_key("list") && !out.contains_key("n"));
    }

    #[test]
    fn labels_of_ids_only_are_not_detected() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert!(only_ids(&set(&[
            "12",
            "7.5",
            "0b6e4cd2-1d5a-4f4e-9c36-2f1d0e8a9b10"
        ])));
        assert!(!only_ids(&set(&["0", "1"])));
        assert!(!only_ids(&set(&["12", "node-1"])));
        assert!(only_ids(&set(&[])));
    }

    #[test]
    fn patterns_replace_variable_tokens() {
        assert_eq!(
            line_pattern("level=info took=12ms peer=node-3 msg=ok"),
            "level=info took=<_> peer=<_> msg=ok"
        );
        assert_eq!(line_pattern("GET /api 200 12ms"), "GET /api <_>");
    }
}
