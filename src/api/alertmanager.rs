//! The Alertmanager client (API v2): groups, alerts and silences fetched and handed to core's
//! parsers; a silence posted (created, or replaced by its id) and expired. Errors keep
//! Alertmanager's own words (`CallErrorKind::Alertmanager`).

use std::collections::BTreeMap;

use super::error::{CallError, CallErrorKind, DatasourceKind};
use super::http::{send_with, Method, RequestSpec};
use crate::core::alertmanager::{
    parse_alerts, parse_error_body, parse_groups, parse_silence_id, parse_silences, AlertGroup,
    GettableAlert, GettableSilence, PostableSilence,
};
use crate::core::config::{resolve_url, Config};
use web_sys::AbortSignal;

/// Where and how to reach Alertmanager, from `config.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertmanagerClient {
    base: String,
    headers: BTreeMap<String, String>,
    timeout_ms: u32,
}

fn failed(message: String) -> CallError {
    CallError::new(CallErrorKind::Alertmanager(message))
}

impl AlertmanagerClient {
    pub fn from_config(config: &Config) -> Result<AlertmanagerClient, CallError> {
        let ds = config
            .alertmanager
            .as_ref()
            .ok_or_else(|| CallError::not_configured(DatasourceKind::Alertmanager))?;
        let base = resolve_url(&super::config::base_uri(), &ds.url)
            .trim_end_matches('/')
            .to_string();
        Ok(AlertmanagerClient {
            base,
            headers: ds.headers.clone(),
            timeout_ms: ds.timeout_ms,
        })
    }

    /// The body of a 2xx answer to `method` on `path`, or Alertmanager's reason.
    async fn call(
        &self,
        path: &str,
        method: Method<'_>,
        signal: &AbortSignal,
    ) -> Result<String, CallError> {
        let url = format!("{}{path}", self.base);
        let spec = RequestSpec {
            url: &url,
            headers: &self.headers,
            timeout_ms: self.timeout_ms,
            form_body: None,
        };
        let response = send_with(spec, method, signal).await?;
        if (200..300).contains(&response.status) {
            Ok(response.body)
        } else {
            Err(failed(parse_error_body(response.status, &response.body)))
        }
    }

    /// `GET /api/v2/alerts/groups`.
    pub async fn groups(&self, signal: &AbortSignal) -> Result<Vec<AlertGroup>, CallError> {
        let body = self
            .call("/api/v2/alerts/groups", Method::Get, signal)
            .await?;
        parse_groups(&body).map_err(failed)
    }

    /// `GET /api/v2/alerts`: every current alert, for a silence's preview.
    pub async fn alerts(&self, signal: &AbortSignal) -> Result<Vec<GettableAlert>, CallError> {
        let body = self.call("/api/v2/alerts", Method::Get, signal).await?;
        parse_alerts(&body).map_err(failed)
    }

    /// `GET /api/v2/silences`.
    pub async fn silences(&self, signal: &AbortSignal) -> Result<Vec<GettableSilence>, CallError> {
        let body = self.call("/api/v2/silences", Method::Get, signal).await?;
        parse_silences(&body).map_err(failed)
    }

    /// `POST /api/v2/silences`: creates the silence, or replaces the one its id names; its id.
    pub async fn post_silence(
        &self,
        silence: &PostableSilence,
        signal: &AbortSignal,
    ) -> Result<String, CallError> {
        let json = silence.to_json();
        let body = self
            .call(
                "/api/v2/silences",
                Method::Post(&json, "application/json"),
                signal,
            )
            .await?;
        parse_silence_id(&body).map_err(failed)
    }

    /// `DELETE /api/v2/silence/{id}`: expires it now.
    pub async fn expire_silence(&self, id: &str, signal: &AbortSignal) -> Result<(), CallError> {
        let path = format!(
            "/api/v2/silence/{}",
            crate::core::url_state::percent_encode(id)
        );
        self.call(&path, Method::Delete, signal).await.map(|_| ())
    }
}
