//! Pure request building: the path and percent-encoded parameters of every endpoint, and the
//! rule that switches long queries to a form-encoded POST.

/// Longest GET URL we send. nginx rejects request lines over its 8 KiB
/// `large_client_header_buffers` with 414, and other proxies are stricter; 4 KiB keeps a
/// wide margin while keeping ordinary queries on cacheable, readable GETs.
pub const DEFAULT_MAX_GET_URL_BYTES: usize = 4096;

/// One Prometheus API call. Times are epoch ms; steps are ms.
#[derive(Debug, Clone, PartialEq)]
pub enum PromRequest {
    Query {
        query: String,
        time_ms: Option<f64>,
    },
    QueryRange {
        query: String,
        start_ms: f64,
        end_ms: f64,
        step_ms: f64,
    },
    Series {
        matchers: Vec<String>,
        start_ms: Option<f64>,
        end_ms: Option<f64>,
    },
    Labels {
        matchers: Vec<String>,
        start_ms: Option<f64>,
        end_ms: Option<f64>,
    },
    LabelValues {
        name: String,
        matchers: Vec<String>,
        start_ms: Option<f64>,
        end_ms: Option<f64>,
    },
    Metadata {
        metric: Option<String>,
        limit: Option<u32>,
    },
    Targets {
        state: Option<String>,
    },
    /// `rule_type`: `alert` or `record`; `None` for both.
    Rules {
        rule_type: Option<String>,
    },
    Alerts,
    QueryExemplars {
        query: String,
        start_ms: f64,
        end_ms: f64,
    },
    BuildInfo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

/// Everything the fetch layer needs to send one request.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    /// Form-encoded parameters for a POST.
    pub body: Option<String>,
    pub content_type: Option<&'static str>,
}

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

impl PromRequest {
    /// The path below the datasource URL, without a leading slash.
    pub fn path(&self) -> String {
        let fixed = match self {
            PromRequest::Query { .. } => "api/v1/query",
            PromRequest::QueryRange { .. } => "api/v1/query_range",
            PromRequest::Series { .. } => "api/v1/series",
            PromRequest::Labels { .. } => "api/v1/labels",
            PromRequest::LabelValues { name, .. } => {
                return format!("api/v1/label/{}/values", encode_query_component(name));
            }
            PromRequest::Metadata { .. } => "api/v1/metadata",
            PromRequest::Targets { .. } => "api/v1/targets",
            PromRequest::Rules { .. } => "api/v1/rules",
            PromRequest::Alerts => "api/v1/alerts",
            PromRequest::QueryExemplars { .. } => "api/v1/query_exemplars",
            PromRequest::BuildInfo => "api/v1/status/buildinfo",
        };
        fixed.to_owned()
    }

    /// The parameters, in a stable order, not yet encoded.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        let add_time = |params: &mut Vec<(&'static str, String)>, key, ms: Option<f64>| {
            if let Some(ms) = ms {
                params.push((key, format_seconds(ms)));
            }
        };
        match self {
            PromRequest::Query { query, time_ms } => {
                params.push(("query", query.clone()));
                add_time(&mut params, "time", *time_ms);
            }
            PromRequest::QueryRange {
                query,
                start_ms,
                end_ms,
                step_ms,
            } => {
                params.push(("query", query.clone()));
                params.push(("start", format_seconds(*start_ms)));
                params.push(("end", format_seconds(*end_ms)));
                params.push(("step", format_seconds(*step_ms)));
            }
            PromRequest::Series {
                matchers,
                start_ms,
                end_ms,
            }
            | PromRequest::Labels {
                matchers,
                start_ms,
                end_ms,
            }
            | PromRequest::LabelValues {
                matchers,
                start_ms,
                end_ms,
                ..
            } => {
                params.extend(matchers.iter().map(|m| ("match[]", m.clone())));
                add_time(&mut params, "start", *start_ms);
                add_time(&mut params, "end", *end_ms);
            }
            PromRequest::Metadata { metric, limit } => {
                params.extend(metric.iter().map(|m| ("metric", m.clone())));
                params.extend(limit.iter().map(|l| ("limit", l.to_string())));
            }
            PromRequest::Targets { state } => {
                params.extend(state.iter().map(|s| ("state", s.clone())));
            }
            PromRequest::Rules { rule_type } => {
                params.extend(rule_type.iter().map(|t| ("type", t.clone())));
            }
            PromRequest::QueryExemplars {
                query,
                start_ms,
                end_ms,
            } => {
                params.push(("query", query.clone()));
                params.push(("start", format_seconds(*start_ms)));
                params.push(("end", format_seconds(*end_ms)));
            }
            PromRequest::Alerts | PromRequest::BuildInfo => {}
        }
        params
    }

    /// `a=1&b=2`, percent-encoded; usable as a URL query or a form body.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (key, value) in self.params() {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode_query_component(key));
            out.push('=');
            out.push_str(&encode_query_component(&value));
        }
        out
    }

    /// Whether Prometheus accepts this endpoint as a form-encoded POST.
    pub fn allows_post(&self) -> bool {
        matches!(
            self,
            PromRequest::Query { .. }
                | PromRequest::QueryRange { .. }
                | PromRequest::Series { .. }
                | PromRequest::Labels { .. }
                | PromRequest::QueryExemplars { .. }
        )
    }

    /// The request to send to the datasource at `base_url` (absolute or relative, with or
    /// without a trailing slash): a GET unless its URL would exceed `max_get_url_bytes`.
    pub fn build(&self, base_url: &str, max_get_url_bytes: usize) -> HttpRequest {
        let url = format!("{}/{}", base_url.trim_end_matches('/'), self.path());
        let query = self.query_string();
        let get_len = url.len() + if query.is_empty() { 0 } else { 1 + query.len() };
        if self.allows_post() && should_post(get_len, max_get_url_bytes) {
            return HttpRequest {
                method: HttpMethod::Post,
                url,
                body: Some(query),
                content_type: Some(FORM_CONTENT_TYPE),
            };
        }
        let url = if query.is_empty() {
            url
        } else {
            format!("{url}?{query}")
        };
        HttpRequest {
            method: HttpMethod::Get,
            url,
            body: None,
            content_type: None,
        }
    }
}

/// The POST rule: a GET whose URL would be longer than `max_get_url_bytes` is sent as a
/// form-encoded POST instead (where the endpoint accepts one).
pub fn should_post(get_url_len: usize, max_get_url_bytes: usize) -> bool {
    get_url_len > max_get_url_bytes
}

/// Percent-encodes everything but RFC 3986 unreserved characters. A space becomes `%20`,
/// which Go's form parser decodes as a space, so one encoding serves URLs and form bodies.
pub fn encode_query_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

/// Epoch ms -> the float seconds Prometheus takes: `1700000000123` -> `1700000000.123`,
/// whole seconds without a fraction.
pub fn format_seconds(ms: f64) -> String {
    let ms = ms.round() as i64;
    let sign = if ms < 0 { "-" } else { "" };
    let (seconds, millis) = (ms.unsigned_abs() / 1000, ms.unsigned_abs() % 1000);
    if millis == 0 {
        return format!("{sign}{seconds}");
    }
    let mut text = format!("{sign}{seconds}.{millis:03}");
    while text.ends_with('0') {
        text.pop();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_promql_by_hand() {
        assert_eq!(
            encode_query_component(r#"rate(x{a="b c",d=~"é|+"}[5m])"#),
            "rate%28x%7Ba%3D%22b%20c%22%2Cd%3D~%22%C3%A9%7C%2B%22%7D%5B5m%5D%29"
        );
        assert_eq!(encode_query_component("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn formats_times_as_float_seconds() {
        assert_eq!(format_seconds(1_700_000_000_123.0), "1700000000.123");
        assert_eq!(format_seconds(1_700_000_000_100.0), "1700000000.1");
        assert_eq!(format_seconds(15_000.0), "15");
        assert_eq!(format_seconds(500.0), "0.5");
        assert_eq!(format_seconds(-1500.0), "-1.5");
    }

    #[test]
    fn builds_get_urls_for_every_endpoint() {
        let range = PromRequest::QueryRange {
            query: "up".into(),
            start_ms: 1000.0,
            end_ms: 61_000.0,
            step_ms: 15_000.0,
        };
        let req = range.build("/prometheus/", DEFAULT_MAX_GET_URL_BYTES);
        assert_eq!(req.method, HttpMethod::Get);
        assert_eq!(
            req.url,
            "/prometheus/api/v1/query_range?query=up&start=1&end=61&step=15"
        );
        let values = PromRequest::LabelValues {
            name: "job".into(),
            matchers: vec!["up{job=\"a\"}".into()],
            start_ms: Some(0.0),
            end_ms: None,
        };
        assert_eq!(
            values.build("http://p:9090", 4096).url,
            "http://p:9090/api/v1/label/job/values?match%5B%5D=up%7Bjob%3D%22a%22%7D&start=0"
        );
        assert_eq!(
            PromRequest::BuildInfo.build("", 10).url,
            "/api/v1/status/buildinfo"
        );
        assert_eq!(PromRequest::Alerts.build("x", 1).method, HttpMethod::Get);
        let rules = PromRequest::Rules {
            rule_type: Some("alert".into()),
        };
        assert_eq!(rules.build("p", 4096).url, "p/api/v1/rules?type=alert");
        let meta = PromRequest::Metadata {
            metric: Some("up".into()),
            limit: Some(5),
        };
        assert_eq!(meta.query_string(), "metric=up&limit=5");
        let targets = PromRequest::Targets {
            state: Some("active".into()),
        };
        assert_eq!(targets.query_string(), "state=active");
        let ex = PromRequest::QueryExemplars {
            query: "x".into(),
            start_ms: 0.0,
            end_ms: 1.0,
        };
        assert_eq!(ex.path(), "api/v1/query_exemplars");
    }

    #[test]
    fn long_queries_become_form_posts() {
        let query = format!("sum({})", "x".repeat(5000));
        let req = PromRequest::Query {
            query: query.clone(),
            time_ms: Some(2000.0),
        }
        .build("/prometheus", DEFAULT_MAX_GET_URL_BYTES);
        assert_eq!(req.method, HttpMethod::Post);
        assert_eq!(req.url, "/prometheus/api/v1/query");
        assert_eq!(req.content_type, Some("application/x-www-form-urlencoded"));
        assert_eq!(
            req.body.unwrap(),
            format!("query=sum%28{}%29&time=2", "x".repeat(5000))
        );
        let exact = PromRequest::Query {
            query: "up".into(),
            time_ms: None,
        };
        let len = exact.build("", usize::MAX).url.len();
        assert_eq!(exact.build("", len).method, HttpMethod::Get);
        assert_eq!(exact.build("", len - 1).method, HttpMethod::Post);
        let no_post = PromRequest::LabelValues {
            name: "a".into(),
            matchers: vec!["x".repeat(9000)],
            start_ms: None,
            end_ms: None,
        };
        assert_eq!(no_post.build("", 100).method, HttpMethod::Get);
    }
}
