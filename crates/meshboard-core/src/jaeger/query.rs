//! Request builders for both Jaeger API generations (path plus query string, relative to the
//! datasource URL), from one description of a trace search.

use crate::loki::query::{encode_component, QueryString};
use crate::loki::time::NsTime;

/// Which Jaeger query API a datasource speaks (`"api"` in `config.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// `/api/services`, `/api/traces`: Jaeger up to v2.20.
    #[default]
    V1,
    /// `/api/v3/*` with OTLP JSON: Jaeger's current main.
    V3,
}

impl ApiVersion {
    pub fn parse(text: &str) -> Option<ApiVersion> {
        match text.trim().to_ascii_lowercase().as_str() {
            "v1" | "1" => Some(ApiVersion::V1),
            "v3" | "3" => Some(ApiVersion::V3),
            _ => None,
        }
    }

    /// Detection for `/settings`: probe `/api/v3/services`; a 2xx JSON answer with a
    /// `services` list means v3 is served, anything else (404, HTML, error) means v1.
    pub fn from_v3_probe(status: u16, body: &str) -> ApiVersion {
        let is_v3 = (200..300).contains(&status)
            && serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .is_some_and(|v| v.get("services").is_some_and(serde_json::Value::is_array));
        if is_v3 {
            ApiVersion::V3
        } else {
            ApiVersion::V1
        }
    }
}

/// A trace search, as the search form and the `/explore/traces` URL describe it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TraceQuery {
    pub service: String,
    /// `None` (or empty) for all operations.
    pub operation: Option<String>,
    /// Tag filters (from the logfmt box).
    pub tags: Vec<(String, String)>,
    pub min_duration_us: Option<i64>,
    pub max_duration_us: Option<i64>,
    /// Time range, epoch microseconds.
    pub start_us: i64,
    pub end_us: i64,
    pub limit: u32,
}

impl TraceQuery {
    fn operation(&self) -> Option<&str> {
        self.operation
            .as_deref()
            .filter(|o| !o.is_empty() && *o != "all")
    }

    fn tags_json(&self) -> Option<String> {
        if self.tags.is_empty() {
            return None;
        }
        let map: serde_json::Map<String, serde_json::Value> = self
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        Some(serde_json::Value::Object(map).to_string())
    }

    /// `/api/traces?service=..&operation=..&tags={json}&minDuration=..&start=..&end=..&limit=..`
    pub fn v1_path(&self) -> String {
        let mut qs = QueryString::new();
        qs.push("service", &self.service)
            .push_opt("operation", self.operation().map(str::to_string))
            .push_opt("tags", self.tags_json())
            .push_opt("minDuration", self.min_duration_us.map(go_duration))
            .push_opt("maxDuration", self.max_duration_us.map(go_duration))
            .push("start", &self.start_us.to_string())
            .push("end", &self.end_us.to_string())
            .push("limit", &self.limit.max(1).to_string());
        qs.with_path("/api/traces")
    }

    /// `/api/v3/traces?query.serviceName=..` with RFC 3339 times and Go durations (the
    /// camelCase parameter names of Jaeger v2.20+).
    pub fn v3_path(&self) -> String {
        let mut qs = QueryString::new();
        qs.push("query.serviceName", &self.service)
            .push_opt("query.operationName", self.operation().map(str::to_string))
            .push("query.startTimeMin", &rfc3339_from_micros(self.start_us))
            .push("query.startTimeMax", &rfc3339_from_micros(self.end_us))
            .push_opt("query.durationMin", self.min_duration_us.map(go_duration))
            .push_opt("query.durationMax", self.max_duration_us.map(go_duration))
            .push_opt("query.attributes", self.tags_json())
            .push("query.searchDepth", &self.limit.max(1).to_string());
        qs.with_path("/api/v3/traces")
    }

    pub fn path(&self, api: ApiVersion) -> String {
        match api {
            ApiVersion::V1 => self.v1_path(),
            ApiVersion::V3 => self.v3_path(),
        }
    }
}

/// Microseconds as a Go `time.ParseDuration` string in the largest exact unit (`2s`, `150ms`,
/// `1500us`).
pub fn go_duration(us: i64) -> String {
    let us = us.max(0);
    if us != 0 && us % 1_000_000 == 0 {
        format!("{}s", us / 1_000_000)
    } else if us != 0 && us % 1_000 == 0 {
        format!("{}ms", us / 1_000)
    } else {
        format!("{us}us")
    }
}

/// Epoch microseconds as RFC 3339 UTC (`2024-01-31T05:28:29.209712Z`).
pub fn rfc3339_from_micros(us: i64) -> String {
    NsTime(us.saturating_mul(1_000)).to_rfc3339()
}

pub fn v1_services_path() -> String {
    "/api/services".to_string()
}

/// The legacy form, answering operation names only.
pub fn v1_service_operations_path(service: &str) -> String {
    format!("/api/services/{}/operations", encode_component(service))
}

/// `/api/operations?service=..&spanKind=..`, answering names with span kinds.
pub fn v1_operations_path(service: &str, span_kind: Option<&str>) -> String {
    let mut qs = QueryString::new();
    qs.push("service", service)
        .push_opt("spanKind", span_kind.map(str::to_string));
    qs.with_path("/api/operations")
}

pub fn v1_trace_path(trace_id: &str) -> String {
    format!("/api/traces/{}", encode_component(trace_id.trim()))
}

/// `/api/dependencies?endTs=..&lookback=..` (both milliseconds).
pub fn v1_dependencies_path(end_ms: i64, lookback_ms: i64) -> String {
    let mut qs = QueryString::new();
    qs.push("endTs", &end_ms.to_string())
        .push("lookback", &lookback_ms.max(1).to_string());
    qs.with_path("/api/dependencies")
}

pub fn v3_services_path() -> String {
    "/api/v3/services".to_string()
}

pub fn v3_operations_path(service: &str, span_kind: Option<&str>) -> String {
    let mut qs = QueryString::new();
    qs.push("service", service)
        .push_opt("span_kind", span_kind.map(str::to_string));
    qs.with_path("/api/v3/operations")
}

/// `/api/v3/traces/{id}`, optionally bounded in time (helps storage backends find it).
pub fn v3_trace_path(trace_id: &str, range_us: Option<(i64, i64)>) -> String {
    let mut qs = QueryString::new();
    if let Some((start, end)) = range_us {
        qs.push("start_time", &rfc3339_from_micros(start))
            .push("end_time", &rfc3339_from_micros(end));
    }
    qs.with_path(&format!(
        "/api/v3/traces/{}",
        encode_component(trace_id.trim())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TraceQuery {
        TraceQuery {
            service: "fl-coordinator".into(),
            operation: Some("fl.round".into()),
            tags: vec![
                ("error".into(), "true".into()),
                ("http.status_code".into(), "500".into()),
            ],
            min_duration_us: Some(1_500),
            max_duration_us: Some(2_000_000),
            start_us: 1_706_678_909_209_712,
            end_us: 1_706_682_509_000_000,
            limit: 20,
        }
    }

    #[test]
    fn v1_search() {
        assert_eq!(
            sample().v1_path(),
            "/api/traces?service=fl-coordinator&operation=fl.round\
             &tags=%7B%22error%22%3A%22true%22%2C%22http.status_code%22%3A%22500%22%7D\
             &minDuration=1500us&maxDuration=2s&start=1706678909209712&end=1706682509000000&limit=20"
        );
        let all_ops = TraceQuery {
            operation: Some("all".into()),
            tags: vec![],
            min_duration_us: None,
            max_duration_us: None,
            ..sample()
        };
        assert_eq!(
            all_ops.path(ApiVersion::V1),
            "/api/traces?service=fl-coordinator&start=1706678909209712&end=1706682509000000&limit=20"
        );
    }

    #[test]
    fn v3_search() {
        assert_eq!(
            sample().path(ApiVersion::V3),
            "/api/v3/traces?query.serviceName=fl-coordinator&query.operationName=fl.round\
             &query.startTimeMin=2024-01-31T05%3A28%3A29.209712Z&query.startTimeMax=2024-01-31T06%3A28%3A29Z\
             &query.durationMin=1500us&query.durationMax=2s\
             &query.attributes=%7B%22error%22%3A%22true%22%2C%22http.status_code%22%3A%22500%22%7D\
             &query.searchDepth=20"
        );
    }

    #[test]
    fn other_paths() {
        assert_eq!(
            v1_service_operations_path("a b"),
            "/api/services/a%20b/operations"
        );
        assert_eq!(
            v1_operations_path("s", Some("server")),
            "/api/operations?service=s&spanKind=server"
        );
        assert_eq!(v1_trace_path(" abc "), "/api/traces/abc");
        assert_eq!(
            v1_dependencies_path(1_700_000_000_000, 3_600_000),
            "/api/dependencies?endTs=1700000000000&lookback=3600000"
        );
        assert_eq!(
            v3_operations_path("s", None),
            "/api/v3/operations?service=s"
        );
        assert_eq!(v3_trace_path("abc", None), "/api/v3/traces/abc");
        assert_eq!(
            v3_trace_path("abc", Some((0, 1_000_000))),
            "/api/v3/traces/abc?start_time=1970-01-01T00%3A00%3A00Z&end_time=1970-01-01T00%3A00%3A01Z"
        );
        assert_eq!(v1_services_path(), "/api/services");
        assert_eq!(v3_services_path(), "/api/v3/services");
        assert_eq!(go_duration(0), "0us");
        assert_eq!(go_duration(-5), "0us");
    }

    #[test]
    fn api_version() {
        assert_eq!(ApiVersion::parse("V3"), Some(ApiVersion::V3));
        assert_eq!(ApiVersion::parse("v2"), None);
        assert_eq!(
            ApiVersion::from_v3_probe(200, r#"{"services":[]}"#),
            ApiVersion::V3
        );
        assert_eq!(
            ApiVersion::from_v3_probe(404, "404 page not found"),
            ApiVersion::V1
        );
        assert_eq!(ApiVersion::from_v3_probe(200, "<html>"), ApiVersion::V1);
    }
}
