//! The endpoints Grafana's Logs Drilldown reads: `detected_fields` (fields parsed from the
//! lines and structured metadata, with type and cardinality), `detected_field/{name}/values`
//! and `patterns` (lines grouped by their shape, counted per step). Shapes follow the HTTP API
//! reference (`docs_detected_fields.json`, `docs_detected_field_values.json`,
//! `docs_patterns.json`); the pattern miner is a simple stand-in for Loki's drain, replacing
//! variable tokens (with digits, or quoted values) with `<_>`.

use super::logql::ast::{Query, Stage};
use super::logql::pipeline::{logfmt_pairs, matches_record, run, sanitize_key};
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
    let scoped = st.tenant_has_data(headers);
    let mut fields: BTreeMap<String, Field> = BTreeMap::new();
    st.store.with_logs(|all| {
        let logs = if scoped { all } else { &[] };
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
            let parsed: Vec<(String, String, &'static str)> =
                if line.starts_with('{') && line.ends_with('}') {
                    match run(&[Stage::Json(Vec::new())], rec) {
                        Some(o) if !o.parsed.contains_key("__error__") => {
                            o.parsed.into_iter().map(|(k, v)| (k, v, "json")).collect()
                        }
                        _ => Vec::new(),
                    }
                } else if line.contains('=') {
                    logfmt_pairs(line)
                        .unwrap_or_else(|(pairs, _)| pairs)
                        .into_iter()
                        .map(|(k, v)| (sanitize_key(&k), v, "logfmt"))
                        .collect()
                } else {
                    Vec::new()
                };
            for (k, v, parser) in parsed {
                if k.is_empty() || rec.labels.contains_key(&k) {
                    continue;
                }
                let f = fields.entry(k).or_default();
                f.values.insert(v);
                f.parsers.insert(parser);
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
                    json!({
                        "label": name,
                        "type": field_type(&f.values),
                        "cardinality": f.values.len(),
                        // Structured metadata needs no parser: Loki sends null.
                        "parsers": if f.parsers.is_empty() { Value::Null } else { json!(f.parsers) },
                    })
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
        let scoped = st.tenant_has_data(&headers);
        let mut per_pattern: BTreeMap<String, BTreeMap<i64, u64>> = BTreeMap::new();
        st.store.with_logs(|all| {
            let logs = if scoped { all } else { &[] };
            for rec in time_slice(logs, start, end) {
                if !matches_record(&matchers, rec) {
                    continue;
                }
                let bucket = rec.ts_ns - rec.ts_ns.rem_euclid(step);
                *per_pattern
                    .entry(line_pattern(&rec.line))
                    .or_default()
                    .entry(bucket)
                    .or_default() += 1;
            }
        });
        let mut data: Vec<(u64, Value)> = per_pattern
            .into_iter()
            .map(|(pattern, samples)| {
                let total = samples.values().sum::<u64>();
                let samples: Vec<Value> = samples
                    .into_iter()
                    .map(|(t, n)| json!([t / 1_000_000_000, n]))
                    .collect();
                (total, json!({"pattern": pattern, "samples": samples}))
            })
            .collect();
        data.sort_by_key(|d| std::cmp::Reverse(d.0));
        let data: Vec<Value> = data.into_iter().map(|(_, v)| v).collect();
        Ok(json_ok(&json!({"status": "success", "data": data})))
    };
    run_it().unwrap_or_else(|e| bad_request(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_replace_variable_tokens() {
        assert_eq!(
            line_pattern("level=info took=12ms peer=node-3 msg=ok"),
            "level=info took=<_> peer=<_> msg=ok"
        );
        assert_eq!(line_pattern("GET /api 200 12ms"), "GET /api <_>");
    }
}
