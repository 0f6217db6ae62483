//! The Jaeger client: core builds the path for the configured API generation (v1 or v3),
//! this fetches it, core parses the body into the one trace model.

use std::collections::BTreeMap;

use super::error::{CallError, DatasourceKind};
use super::http::{send, RequestSpec};
use crate::core::config::{resolve_url, Config, JaegerApi};
use crate::core::jaeger::query::{
    v1_dependencies_path, v1_service_operations_path, v1_services_path, v1_trace_path,
    v3_operations_path, v3_services_path, v3_trace_path,
};
use crate::core::jaeger::{
    parse_v1_dependencies, parse_v1_operations, parse_v1_services, parse_v1_traces,
    parse_v3_operations, parse_v3_search, parse_v3_services, parse_v3_trace, ApiVersion,
    JaegerError, TraceQuery,
};
use crate::core::trace::{DependencyLink, Trace};

/// Traces found by a search, with Jaeger's per-trace complaints (a partial result).
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    pub traces: Vec<Trace>,
    pub warnings: Vec<String>,
}

/// Where and how to reach Jaeger, from `config.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct JaegerClient {
    pub base: String,
    headers: BTreeMap<String, String>,
    timeout_ms: u32,
    pub api: ApiVersion,
}

impl JaegerClient {
    pub fn from_config(config: &Config) -> Result<JaegerClient, CallError> {
        let ds = config
            .jaeger
            .as_ref()
            .ok_or_else(|| CallError::not_configured(DatasourceKind::Jaeger))?;
        let base = resolve_url(&super::config::base_uri(), &ds.url)
            .trim_end_matches('/')
            .to_string();
        let api = match config.jaeger_api {
            JaegerApi::V1 => ApiVersion::V1,
            JaegerApi::V3 => ApiVersion::V3,
        };
        Ok(JaegerClient {
            base,
            headers: ds.headers.clone(),
            timeout_ms: ds.timeout_ms,
            api,
        })
    }

    async fn get(
        &self,
        path: &str,
        signal: &web_sys::AbortSignal,
    ) -> Result<(u16, String), CallError> {
        let url = format!("{}{path}", self.base);
        let spec = RequestSpec {
            url: &url,
            headers: &self.headers,
            timeout_ms: self.timeout_ms,
            form_body: None,
        };
        let response = send(spec, signal).await?;
        Ok((response.status, response.body))
    }

    /// Service names, sorted.
    pub async fn services(&self, signal: &web_sys::AbortSignal) -> Result<Vec<String>, CallError> {
        let mut services = match self.api {
            ApiVersion::V1 => {
                let (status, body) = self.get(&v1_services_path(), signal).await?;
                parse_v1_services(status, &body)?
            }
            ApiVersion::V3 => {
                let (status, body) = self.get(&v3_services_path(), signal).await?;
                parse_v3_services(status, &body)?
            }
        };
        crate::core::sort::sort(&mut services);
        services.dedup();
        Ok(services)
    }

    /// Operation names of a service, sorted and without duplicates (one per span kind).
    pub async fn operations(
        &self,
        service: &str,
        signal: &web_sys::AbortSignal,
    ) -> Result<Vec<String>, CallError> {
        let operations = match self.api {
            ApiVersion::V1 => {
                let (status, body) = self
                    .get(&v1_service_operations_path(service), signal)
                    .await?;
                parse_v1_operations(status, &body)?
            }
            ApiVersion::V3 => {
                let (status, body) = self.get(&v3_operations_path(service, None), signal).await?;
                parse_v3_operations(status, &body)?
            }
        };
        let mut names: Vec<String> = operations.into_iter().map(|o| o.name).collect();
        crate::core::sort::sort(&mut names);
        names.dedup();
        Ok(names)
    }

    /// A trace search; v3 answers "no match" with 404, which core reads as no traces.
    pub async fn search(
        &self,
        query: &TraceQuery,
        signal: &web_sys::AbortSignal,
    ) -> Result<SearchResult, CallError> {
        let (status, body) = self.get(&query.path(self.api), signal).await?;
        match self.api {
            ApiVersion::V1 => {
                let parsed = parse_v1_traces(status, &body)?;
                Ok(SearchResult {
                    traces: parsed.traces,
                    warnings: parsed.errors,
                })
            }
            ApiVersion::V3 => Ok(SearchResult {
                traces: parse_v3_search(status, &body)?,
                warnings: Vec::new(),
            }),
        }
    }

    /// One trace by id; an unknown id is [`JaegerError::TraceNotFound`].
    pub async fn trace(
        &self,
        trace_id: &str,
        signal: &web_sys::AbortSignal,
    ) -> Result<Trace, CallError> {
        match self.api {
            ApiVersion::V1 => {
                let (status, body) = self.get(&v1_trace_path(trace_id), signal).await?;
                let parsed = parse_v1_traces(status, &body)?;
                let mut trace = parsed
                    .traces
                    .into_iter()
                    .next()
                    .ok_or(CallError::from(JaegerError::TraceNotFound))?;
                trace.warnings.extend(parsed.errors);
                Ok(trace)
            }
            ApiVersion::V3 => {
                let (status, body) = self.get(&v3_trace_path(trace_id, None), signal).await?;
                Ok(parse_v3_trace(status, &body)?)
            }
        }
    }

    /// Caller -> callee links over `lookback_ms` before `end_ms`. Jaeger serves this on the
    /// v1 path in both generations (the v3 API has no dependencies endpoint).
    pub async fn dependencies(
        &self,
        end_ms: i64,
        lookback_ms: i64,
        signal: &web_sys::AbortSignal,
    ) -> Result<Vec<DependencyLink>, CallError> {
        let (status, body) = self
            .get(&v1_dependencies_path(end_ms, lookback_ms), signal)
            .await?;
        Ok(parse_v1_dependencies(status, &body)?)
    }
}
