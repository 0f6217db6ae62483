//! Trace lookups over the span store shared by both API generations: trace-ID parsing, trace
//! assembly, search filters (Jaeger's memory-store semantics), services, operations and the
//! service dependency graph.

use crate::telemetry::{SpanRecord, TagValue};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Parses a trace ID as Jaeger's `model.TraceIDFromString`: 1-32 hex digits, left-padded to 32.
pub fn parse_trace_id(s: &str) -> Result<String, String> {
    if s.len() > 32 {
        return Err(format!(
            "TraceID cannot be longer than 32 hex characters: {s}"
        ));
    }
    if s.is_empty() {
        return Err("strconv.ParseUint: parsing \"\": invalid syntax".into());
    }
    if let Some(bad) = s.chars().find(|c| !c.is_ascii_hexdigit()) {
        let part = if s.len() > 16 { &s[s.len() - 16..] } else { s };
        let part = if part.contains(bad) { part } else { s };
        return Err(format!(
            "strconv.ParseUint: parsing {part:?}: invalid syntax"
        ));
    }
    Ok(format!("{:0>32}", s.to_ascii_lowercase()))
}

/// How the v1 JSON API prints a trace ID (Jaeger's `TraceID.String()`): the high half in
/// `%x` (no leading zeros, omitted when zero), then the low half in `%016x`.
pub fn display_trace_id(id: &str) -> &str {
    if id.len() != 32 {
        return id;
    }
    let high = id[..16].trim_start_matches('0');
    &id[32 - 16 - high.len()..]
}

/// The string form of a tag value that search filters compare against (`AsString()`).
pub fn tag_string(v: &TagValue) -> String {
    match v {
        TagValue::Str(s) => s.clone(),
        TagValue::Bool(b) => b.to_string(),
        TagValue::Int(i) => i.to_string(),
        TagValue::Float(f) => format!("{f}"),
        TagValue::Binary(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// A trace search, in Jaeger's query-service terms.
#[derive(Debug, Default, Clone)]
pub struct TraceQuery {
    pub service: Option<String>,
    pub operation: Option<String>,
    pub tags: Vec<(String, String)>,
    pub min_duration_us: Option<i64>,
    pub max_duration_us: Option<i64>,
    pub start_min_us: i64,
    pub start_max_us: i64,
    pub limit: usize,
}

impl TraceQuery {
    /// Jaeger's `validSpan`: every given criterion holds for this one span.
    fn matches(&self, s: &SpanRecord) -> bool {
        if self.service.as_deref().is_some_and(|svc| svc != s.service)
            || self
                .operation
                .as_deref()
                .is_some_and(|op| op != s.operation)
            || self.min_duration_us.is_some_and(|d| s.duration_us < d)
            || self.max_duration_us.is_some_and(|d| s.duration_us > d)
            || s.start_us < self.start_min_us
            || s.start_us > self.start_max_us
        {
            return false;
        }
        self.tags.iter().all(|(k, v)| span_has_tag(s, k, v))
    }
}

/// Tags are looked up in span tags, process tags and log fields, plus the tags the v1 API
/// shows for the span kind and error status.
fn span_has_tag(s: &SpanRecord, key: &str, value: &str) -> bool {
    let in_list =
        |list: &[(String, TagValue)]| list.iter().any(|(k, v)| k == key && tag_string(v) == value);
    in_list(&s.tags)
        || in_list(&s.process_tags)
        || s.events.iter().any(|e| in_list(&e.fields))
        || (key == "span.kind" && s.kind == value)
        || (key == "error" && s.error && value == "true")
}

/// Traces with at least one matching span, newest first, at most `limit`; each trace holds
/// all its spans in store order.
pub fn find_traces<'a>(spans: &'a [SpanRecord], q: &TraceQuery) -> Vec<Vec<&'a SpanRecord>> {
    let lo = spans.partition_point(|s| s.start_us < q.start_min_us);
    let hi = spans.partition_point(|s| s.start_us <= q.start_max_us);
    let mut ids: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for s in spans[lo..hi.max(lo)].iter().rev() {
        if ids.len() >= q.limit {
            break;
        }
        if !seen.contains(s.trace_id.as_str()) && q.matches(s) {
            seen.insert(s.trace_id.as_str());
            ids.push(&s.trace_id);
        }
    }
    collect_traces(spans, &ids)
}

/// All spans of the given trace IDs (normalized, 32 hex), in the order of `ids`.
pub fn collect_traces<'a>(spans: &'a [SpanRecord], ids: &[&str]) -> Vec<Vec<&'a SpanRecord>> {
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut traces: Vec<Vec<&SpanRecord>> = vec![Vec::new(); ids.len()];
    for s in spans {
        if let Some(&i) = index.get(s.trace_id.as_str()) {
            traces[i].push(s);
        }
    }
    traces.into_iter().filter(|t| !t.is_empty()).collect()
}

pub fn services(spans: &[SpanRecord]) -> Vec<String> {
    spans
        .iter()
        .map(|s| s.service.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(String::from)
        .collect()
}

/// `(operation, span kind)` pairs of a service (all services when `None`), sorted.
pub fn operations(
    spans: &[SpanRecord],
    service: Option<&str>,
    kind: Option<&str>,
) -> Vec<(String, String)> {
    spans
        .iter()
        .filter(|s| service.is_none_or(|svc| s.service == svc) && kind.is_none_or(|k| s.kind == k))
        .map(|s| (s.operation.as_str(), s.kind))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|(o, k)| (o.to_string(), k.to_string()))
        .collect()
}

/// Parent-service -> child-service call counts from spans started in `[start_us, end_us]`.
pub fn dependencies(
    spans: &[SpanRecord],
    start_us: i64,
    end_us: i64,
) -> Vec<(String, String, u64)> {
    let lo = spans.partition_point(|s| s.start_us < start_us);
    let hi = spans.partition_point(|s| s.start_us <= end_us);
    let window = &spans[lo..hi.max(lo)];
    let service_of: HashMap<(&str, &str), &str> = window
        .iter()
        .map(|s| {
            (
                (s.trace_id.as_str(), s.span_id.as_str()),
                s.service.as_str(),
            )
        })
        .collect();
    let mut counts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for s in window {
        let parent = s
            .references
            .iter()
            .find(|r| r.kind == crate::telemetry::RefKind::ChildOf);
        if let Some(p) = parent {
            if let Some(&parent_service) =
                service_of.get(&(p.trace_id.as_str(), p.span_id.as_str()))
            {
                if parent_service != s.service {
                    *counts
                        .entry((parent_service, s.service.as_str()))
                        .or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|((p, c), n)| (p.to_string(), c.to_string(), n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_ids() {
        assert_eq!(
            parse_trace_id("5915e2d0f3575298").unwrap(),
            "00000000000000005915e2d0f3575298"
        );
        assert_eq!(
            display_trace_id("00000000000000005915e2d0f3575298"),
            "5915e2d0f3575298"
        );
        assert_eq!(
            display_trace_id("1f5faa7d68eaf757e130f122eb5ddbe5"),
            "1f5faa7d68eaf757e130f122eb5ddbe5"
        );
        assert_eq!(
            display_trace_id("0df84e36b9e2ee3815d07f0867a5be1f"),
            "df84e36b9e2ee3815d07f0867a5be1f"
        );
        assert_eq!(
            display_trace_id("00000000000000000000000000000001"),
            "0000000000000001"
        );
        assert!(parse_trace_id("xyz")
            .unwrap_err()
            .contains("invalid syntax"));
        assert!(parse_trace_id(&"a".repeat(33))
            .unwrap_err()
            .contains("longer than 32"));
    }
}
