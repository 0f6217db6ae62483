//! The Loki client: core builds the path, this fetches it, core parses the body. Every HTTP
//! request carries the datasource's headers plus `X-Scope-OrgID` from `config.json`'s tenant.
//! The live tail (`tail`) is a WebSocket; `derived_rules` reads the derived-field rules.

mod tail;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::error::{CallError, DatasourceKind};
use super::http::{send, Exchange, FetchError, RequestSpec};
use crate::core::config::{resolve_url, Config};
use crate::core::frame::{Frame, Labels};
use crate::core::logs_config::derived_field_rules;
use crate::core::loki::query::{
    instant_query_path, label_values_path, labels_path, query_range_path, series_path, volume_path,
    volume_range_path, InstantQuery, RangeQuery, VolumeQuery,
};
use crate::core::loki::{
    parse_labels, parse_query_response, parse_series, parse_volume, DerivedFieldRule, LokiError,
    NsTime, QueryData, QueryResponse,
};
use crate::core::panel::LokiMetricRequest;
pub use tail::{TailEvent, TailHandle};

/// Where and how to reach Loki, from `config.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct LokiClient {
    /// Absolute base URL (the datasource URL resolved against the page), no trailing slash.
    pub base: String,
    headers: BTreeMap<String, String>,
    timeout_ms: u32,
    pub tenant: Option<String>,
}

impl LokiClient {
    pub fn from_config(config: &Config) -> Result<LokiClient, CallError> {
        let ds = config
            .loki_with_tenant()
            .ok_or_else(|| CallError::not_configured(DatasourceKind::Loki))?;
        let base = resolve_url(&super::config::base_uri(), &ds.url)
            .trim_end_matches('/')
            .to_string();
        Ok(LokiClient {
            base,
            headers: ds.headers,
            timeout_ms: ds.timeout_ms,
            tenant: config.loki_tenant.clone(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `path`; non-2xx bodies become Loki's own message (plain text, shown verbatim).
    async fn get(
        &self,
        path: &str,
        categorize: bool,
        signal: &web_sys::AbortSignal,
    ) -> Result<String, CallError> {
        let exchange = self.exchange(path, categorize, signal).await?;
        Ok(exchange.response.body.clone())
    }

    /// GETs `path` and keeps the request beside its 2xx response, for the panel inspector.
    async fn exchange(
        &self,
        path: &str,
        categorize: bool,
        signal: &web_sys::AbortSignal,
    ) -> Result<Exchange, CallError> {
        let started = js_sys::Date::now();
        let url = self.url(path);
        let mut headers = self.headers.clone();
        if categorize {
            // Structured metadata and parsed labels arrive apart from the stream labels.
            headers.insert(
                "X-Loki-Response-Encoding-Flags".into(),
                "categorize-labels".into(),
            );
        }
        let spec = RequestSpec {
            url: &url,
            headers: &headers,
            timeout_ms: self.timeout_ms,
            form_body: None,
        };
        let response = match send(spec, signal).await {
            Ok(response) => response,
            Err(FetchError::Network { .. }) => {
                return Err(LokiError::Unreachable {
                    cross_origin: is_cross_origin(&url),
                }
                .into())
            }
            Err(other) => return Err(other.into()),
        };
        let exchange = Exchange {
            response: Rc::new(response),
            method: "GET",
            url,
            form_body: None,
            elapsed_ms: js_sys::Date::now() - started,
            shared: false,
        };
        let r = &exchange.response;
        if (200..300).contains(&r.status) {
            Ok(exchange)
        } else {
            let error = LokiError::from_response(r.status, &r.body);
            Err(CallError::from(error).with_exchange(exchange))
        }
    }

    /// A LogQL metric query of a dashboard panel, as the frame Prometheus' answers become.
    /// A log query (streams) is refused with what to write instead.
    pub async fn metric_frame(
        &self,
        request: &LokiMetricRequest,
        signal: &web_sys::AbortSignal,
    ) -> Result<(Frame, Exchange), CallError> {
        let path = match request {
            LokiMetricRequest::Range(q) => query_range_path(q),
            LokiMetricRequest::Instant(q) => instant_query_path(q),
        };
        let exchange = self.exchange(&path, false, signal).await?;
        let parsed = parse_query_response(&exchange.response.body);
        match parsed.map(|response| response.data) {
            Ok(QueryData::Matrix(frame) | QueryData::Vector(frame)) => Ok((frame, exchange)),
            Ok(QueryData::Streams(_)) => {
                Err(CallError::from(LokiError::LogLinesInMetricPanel).with_exchange(exchange))
            }
            Err(error) => Err(CallError::from(error).with_exchange(exchange)),
        }
    }

    /// `query_range`: log lines (streams) or a metric matrix.
    pub async fn query_range(
        &self,
        q: &RangeQuery,
        signal: &web_sys::AbortSignal,
    ) -> Result<QueryResponse, CallError> {
        let body = self.get(&query_range_path(q), true, signal).await?;
        parse_query_response(&body).map_err(CallError::from)
    }

    /// `query` (instant): vectors; Loki 3 refuses log selectors here (use `query_range`).
    pub async fn query(
        &self,
        q: &InstantQuery,
        signal: &web_sys::AbortSignal,
    ) -> Result<QueryResponse, CallError> {
        let body = self.get(&instant_query_path(q), true, signal).await?;
        parse_query_response(&body).map_err(CallError::from)
    }

    pub async fn labels(
        &self,
        start: NsTime,
        end: NsTime,
        query: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> Result<Vec<String>, CallError> {
        let body = self
            .get(&labels_path(start, end, query), false, signal)
            .await?;
        parse_labels(&body).map_err(CallError::from)
    }

    pub async fn label_values(
        &self,
        name: &str,
        start: NsTime,
        end: NsTime,
        query: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> Result<Vec<String>, CallError> {
        let path = label_values_path(name, start, end, query);
        let body = self.get(&path, false, signal).await?;
        parse_labels(&body).map_err(CallError::from)
    }

    pub async fn series(
        &self,
        selectors: &[&str],
        start: NsTime,
        end: NsTime,
        signal: &web_sys::AbortSignal,
    ) -> Result<Vec<Labels>, CallError> {
        let body = self
            .get(&series_path(selectors, start, end), false, signal)
            .await?;
        parse_series(&body).map_err(CallError::from)
    }

    /// `index/volume`: bytes per series (or per label) over the range.
    pub async fn volume(
        &self,
        q: &VolumeQuery,
        signal: &web_sys::AbortSignal,
    ) -> Result<Frame, CallError> {
        let body = self.get(&volume_path(q), false, signal).await?;
        parse_volume(&body).map_err(CallError::from)
    }

    /// `index/volume_range`: the same per `step_seconds`.
    pub async fn volume_range(
        &self,
        q: &VolumeQuery,
        step_seconds: f64,
        signal: &web_sys::AbortSignal,
    ) -> Result<Frame, CallError> {
        let body = self
            .get(&volume_range_path(q, step_seconds), false, signal)
            .await?;
        parse_volume(&body).map_err(CallError::from)
    }
}

/// The client for a call that needs Loki, or the error saying config.json names none.
pub fn configured(client: Option<LokiClient>) -> Result<LokiClient, CallError> {
    client.ok_or_else(|| CallError::not_configured(DatasourceKind::Loki))
}

/// True when `url` is on another origin than the page (then CORS applies, and Loki sends none).
fn is_cross_origin(url: &str) -> bool {
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    !page.is_empty() && !url.starts_with(&format!("{page}/")) && url != page
}

thread_local! {
    static DERIVED_RULES: RefCell<Option<Result<Vec<DerivedFieldRule>, String>>> = const { RefCell::new(None) };
}

/// The derived-field rules of `config.json` (`logs.derivedFields`), read once per page.
pub async fn derived_rules() -> Result<Vec<DerivedFieldRule>, String> {
    if let Some(cached) = DERIVED_RULES.with(|c| c.borrow().clone()) {
        return cached;
    }
    let result = match super::http::fetch_app_file("config.json").await {
        Ok(response) if response.status == 200 => derived_field_rules(&response.body),
        Ok(response) => Err(format!("config.json: HTTP {}", response.status)),
        Err(e) => Err(e.to_string()),
    };
    DERIVED_RULES.with(|c| *c.borrow_mut() = Some(result.clone()));
    result
}
