//! The one error every datasource client returns: why a call produced no result.
//!
//! Prometheus, Loki and Jaeger fail in the same few ways (no answer, an answer that says why,
//! no datasource configured, or the caller gave up), so the UI handles one type: it shows the
//! `Display` text on the panel that made the call and ignores [`CallError::is_aborted`] ones.
//! The backend-specific reasons stay structured (core's `LokiError`, `JaegerError`) so a
//! message keeps every detail the backend gave.

use std::fmt;

use super::http::{Exchange, FetchError};
use crate::core::jaeger::JaegerError;
use crate::core::loki::LokiError;

/// Which datasource a call was for, for messages that name the missing configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasourceKind {
    Prometheus,
    Loki,
    Jaeger,
    Alertmanager,
}

impl DatasourceKind {
    /// The key under `datasources` in `config.json`.
    pub fn config_key(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "prometheus",
            DatasourceKind::Loki => "loki",
            DatasourceKind::Jaeger => "jaeger",
            DatasourceKind::Alertmanager => "alertmanager",
        }
    }

    fn display_name(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "Prometheus",
            DatasourceKind::Loki => "Loki",
            DatasourceKind::Jaeger => "Jaeger",
            DatasourceKind::Alertmanager => "Alertmanager",
        }
    }
}

/// Why a call produced no result.
#[derive(Debug, Clone, PartialEq)]
pub enum CallErrorKind {
    /// A newer request replaced this one, or its view went away: nothing to show.
    Aborted,
    /// No answer arrived: the network, CORS, or the datasource's timeout.
    Fetch(FetchError),
    /// Prometheus (or a proxy in front of it) answered, and core's reading of it says why.
    Prometheus(String),
    /// Loki (or a proxy) answered with an error, or an answer core could not read.
    Loki(LokiError),
    /// Jaeger (or a proxy) answered with an error, or an answer core could not read.
    Jaeger(JaegerError),
    /// Alertmanager (or a proxy) refused the call, in its own words (core's
    /// `alertmanager::parse_error_body`), or answered what core could not read.
    Alertmanager(String),
    /// `config.json` names no datasource of this kind.
    NotConfigured(DatasourceKind),
}

/// A failed call, with the exchange behind it when a response arrived (the inspector shows it).
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub kind: CallErrorKind,
    pub exchange: Option<Exchange>,
}

impl CallError {
    pub fn new(kind: CallErrorKind) -> Self {
        CallError {
            kind,
            exchange: None,
        }
    }

    pub fn not_configured(datasource: DatasourceKind) -> Self {
        CallError::new(CallErrorKind::NotConfigured(datasource))
    }

    /// Attaches the request and response this error came from.
    pub fn with_exchange(mut self, exchange: Exchange) -> Self {
        self.exchange = Some(exchange);
        self
    }

    /// A newer request replaced this one, or its view went away: not an error worth showing.
    pub fn is_aborted(&self) -> bool {
        matches!(
            self.kind,
            CallErrorKind::Aborted | CallErrorKind::Fetch(FetchError::Aborted)
        )
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CallErrorKind::Aborted => f.write_str("request cancelled"),
            CallErrorKind::Fetch(e) => fmt::Display::fmt(e, f),
            CallErrorKind::Prometheus(message) => f.write_str(message),
            CallErrorKind::Loki(e) => fmt::Display::fmt(e, f),
            CallErrorKind::Jaeger(e) => fmt::Display::fmt(e, f),
            CallErrorKind::Alertmanager(message) => f.write_str(message),
            CallErrorKind::NotConfigured(kind) => write!(
                f,
                "config.json names no {} datasource: add datasources.{}.url (e.g. \"{}\").",
                kind.display_name(),
                kind.config_key(),
                kind.config_key()
            ),
        }
    }
}

impl From<FetchError> for CallError {
    fn from(e: FetchError) -> Self {
        match e {
            FetchError::Aborted => CallError::new(CallErrorKind::Aborted),
            other => CallError::new(CallErrorKind::Fetch(other)),
        }
    }
}

impl From<LokiError> for CallError {
    fn from(e: LokiError) -> Self {
        CallError::new(CallErrorKind::Loki(e))
    }
}

impl From<JaegerError> for CallError {
    fn from(e: JaegerError) -> Self {
        CallError::new(CallErrorKind::Jaeger(e))
    }
}
