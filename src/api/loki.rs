//! The Loki client: core builds the path, this fetches it, core parses the body. Every HTTP
//! request carries the datasource's headers plus `X-Scope-OrgID` from `config.json`'s tenant.
//! The live tail is a WebSocket with reconnect and back-off; a browser WebSocket cannot carry
//! headers, so the tenant must then be added by the same-origin proxy in front of Loki.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::{CallError, DatasourceKind};
use super::http::{send, FetchError, RequestSpec};
use crate::core::config::{resolve_url, Config};
use crate::core::frame::{Frame, Labels};
use crate::core::logs_config::derived_field_rules;
pub use crate::core::logs_view::tail::{backoff_ms, ws_url};
use crate::core::loki::query::{
    instant_query_path, label_values_path, labels_path, query_range_path, series_path, tail_path,
    volume_path, volume_range_path, InstantQuery, RangeQuery, VolumeQuery,
};
use crate::core::loki::{
    parse_labels, parse_query_response, parse_series, parse_tail_message, parse_volume,
    DerivedFieldRule, LokiError, NsTime, QueryResponse, TailMessage,
};

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
            .loki
            .as_ref()
            .ok_or_else(|| CallError::not_configured(DatasourceKind::Loki))?;
        let base = resolve_url(&super::config::base_uri(), &ds.url)
            .trim_end_matches('/')
            .to_string();
        let mut headers = ds.headers.clone();
        if let Some(tenant) = &config.loki_tenant {
            headers.insert("X-Scope-OrgID".into(), tenant.clone());
        }
        Ok(LokiClient {
            base,
            headers,
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
        match send(spec, signal).await {
            Ok(response) if (200..300).contains(&response.status) => Ok(response.body),
            Ok(response) => Err(LokiError::from_response(response.status, &response.body).into()),
            Err(FetchError::Network { .. }) => Err(LokiError::Unreachable {
                cross_origin: is_cross_origin(&url),
            }
            .into()),
            Err(other) => Err(other.into()),
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

    /// The tail websocket URL: the datasource URL with `http` turned into `ws`.
    pub fn tail_url(&self, query: &str, start: NsTime, limit: Option<u32>) -> String {
        ws_url(&self.url(&tail_path(query, start, limit, None)))
    }

    /// Opens a live tail; `on_event` hears every message, error and reconnect. Dropping the
    /// handle closes the socket and stops reconnecting.
    pub fn tail(
        &self,
        query: &str,
        start: NsTime,
        on_event: impl Fn(TailEvent) + 'static,
    ) -> TailHandle {
        let inner = Rc::new(RefCell::new(TailInner {
            client: self.clone(),
            query: query.to_string(),
            resume_from: start,
            socket: None,
            stopped: false,
            attempt: 0,
            timer: None,
            on_event: Rc::new(on_event),
        }));
        connect(&inner);
        TailHandle(inner)
    }
}

/// True when `url` is on another origin than the page (then CORS applies, and Loki sends none).
fn is_cross_origin(url: &str) -> bool {
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    !page.is_empty() && !url.starts_with(&format!("{page}/")) && url != page
}

/// What the tail reports.
#[derive(Debug, Clone)]
pub enum TailEvent {
    Connected,
    Message(TailMessage),
    /// A message that did not parse, or the socket failed: shown, then retried.
    Problem(String),
    /// The socket closed; a new one opens after `in_ms`.
    Reconnecting {
        in_ms: u32,
    },
}

/// A socket with the handlers that must live as long as it does.
type OpenSocket = (web_sys::WebSocket, Vec<Closure<dyn FnMut(JsValue)>>);

struct TailInner {
    client: LokiClient,
    query: String,
    /// Where a reconnect resumes: just after the newest line received.
    resume_from: NsTime,
    socket: Option<OpenSocket>,
    stopped: bool,
    attempt: u32,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
    on_event: Rc<dyn Fn(TailEvent)>,
}

/// A running tail; dropping it closes the socket.
pub struct TailHandle(Rc<RefCell<TailInner>>);

impl Drop for TailHandle {
    fn drop(&mut self) {
        let mut inner = self.0.borrow_mut();
        inner.stopped = true;
        if let Some((id, _)) = inner.timer.take() {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(id);
            }
        }
        if let Some((socket, _closures)) = inner.socket.take() {
            detach(&socket);
            let _ = socket.close();
        }
    }
}

fn detach(socket: &web_sys::WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onerror(None);
    socket.set_onclose(None);
}

fn connect(inner_rc: &Rc<RefCell<TailInner>>) {
    let (url, on_event) = {
        let inner = inner_rc.borrow();
        if inner.stopped {
            return;
        }
        (
            inner
                .client
                .tail_url(&inner.query, inner.resume_from, Some(100)),
            inner.on_event.clone(),
        )
    };
    let socket = match web_sys::WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(e) => {
            on_event(TailEvent::Problem(format!(
                "could not open the tail websocket: {}",
                e.as_string().unwrap_or_else(|| format!("{e:?}"))
            )));
            schedule_reconnect(inner_rc);
            return;
        }
    };
    let weak = Rc::downgrade(inner_rc);
    let on_open = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.borrow_mut().attempt = 0;
            }
            on_event(TailEvent::Connected);
        })
    };
    let on_message = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(text) = event
                .dyn_ref::<web_sys::MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            match parse_tail_message(&text) {
                Ok(message) => {
                    let newest = message
                        .streams
                        .iter()
                        .flat_map(|s| s.entries.iter().map(|e| e.ts))
                        .max();
                    if let (Some(newest), Some(inner)) = (newest, weak.upgrade()) {
                        let mut inner = inner.borrow_mut();
                        inner.resume_from = inner.resume_from.max(newest.saturating_add(1));
                    }
                    on_event(TailEvent::Message(message));
                }
                Err(e) => on_event(TailEvent::Problem(e.to_string())),
            }
        })
    };
    let on_close = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let reason = event
                .dyn_ref::<web_sys::CloseEvent>()
                .map(|c| c.reason())
                .filter(|r| !r.is_empty());
            if let Some(reason) = reason {
                // Loki closes with its error text (a bad query, a tenant it refuses).
                on_event(TailEvent::Problem(reason));
            }
            if let Some(inner) = weak.upgrade() {
                schedule_reconnect(&inner);
            }
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let mut inner = inner_rc.borrow_mut();
    if let Some((old, _)) = inner.socket.take() {
        detach(&old);
        let _ = old.close();
    }
    inner.socket = Some((socket, vec![on_open, on_message, on_close]));
}

fn schedule_reconnect(inner_rc: &Rc<RefCell<TailInner>>) {
    let (delay, on_event) = {
        let mut inner = inner_rc.borrow_mut();
        if inner.stopped || inner.timer.is_some() {
            return;
        }
        let delay = backoff_ms(inner.attempt);
        inner.attempt = inner.attempt.saturating_add(1);
        (delay, inner.on_event.clone())
    };
    on_event(TailEvent::Reconnecting { in_ms: delay });
    let weak = Rc::downgrade(inner_rc);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(inner) = weak.upgrade() {
            // Take the timer out first: `connect` may schedule the next one.
            let _done = inner.borrow_mut().timer.take();
            connect(&inner);
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.as_ref().unchecked_ref(),
        delay as i32,
    ) {
        inner_rc.borrow_mut().timer = Some((id, callback));
    }
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
