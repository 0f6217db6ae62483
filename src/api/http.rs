//! A small fetch wrapper: GET/POST with per-datasource headers, a timeout, and abort on drop.
//! Bodies come back as text so that `core` can classify anything a proxy might send
//! (JSON, an nginx HTML error page, a truncated body) without this layer guessing.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

/// A response as `core` parsers want it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

/// One request and its response, as the panel inspector shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub response: Rc<HttpResponse>,
    pub method: &'static str,
    pub url: String,
    /// The form body of a POST.
    pub form_body: Option<String>,
    /// From the call to the last byte, including any wait for a free connection slot.
    pub elapsed_ms: f64,
    /// Whether another caller's identical request carried this one.
    pub shared: bool,
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The browser refused or lost the connection (DNS, refused, CORS, offline).
    Network {
        url: String,
        detail: String,
    },
    TimedOut {
        url: String,
        after_ms: u32,
    },
    /// A newer request replaced this one, or its view went away.
    Aborted,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network { url, detail } => write!(
                f,
                "could not reach {url}: {detail} (the server is down, or it is another origin that sends no CORS headers: reach it through the same-origin proxy)"
            ),
            FetchError::TimedOut { url, after_ms } => write!(f, "{url} did not answer within {} s", f64::from(*after_ms) / 1000.0),
            FetchError::Aborted => f.write_str("request cancelled"),
        }
    }
}

/// What to send.
pub struct RequestSpec<'a> {
    pub url: &'a str,
    pub headers: &'a BTreeMap<String, String>,
    pub timeout_ms: u32,
    /// `Some(form body)` sends a form-encoded POST instead of a GET.
    pub form_body: Option<&'a str>,
}

/// Aborts its request when dropped: store one per panel and replacing it cancels the stale one.
pub struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Creates the handle first so the caller can keep it (and cancel) while the request runs.
pub fn abort_handle() -> Result<(AbortOnDrop, web_sys::AbortSignal), FetchError> {
    let controller = AbortController::new().map_err(|_| FetchError::Network {
        url: String::new(),
        detail: "AbortController unavailable".into(),
    })?;
    let signal = controller.signal();
    Ok((AbortOnDrop(controller), signal))
}

/// Sends the request and reads the whole body as text.
pub async fn send(
    spec: RequestSpec<'_>,
    signal: &web_sys::AbortSignal,
) -> Result<HttpResponse, FetchError> {
    let method = match spec.form_body {
        Some(body) => Method::Post(body, "application/x-www-form-urlencoded"),
        None => Method::Get,
    };
    send_with(spec, method, signal).await
}

/// What a request does beyond a GET: Alertmanager's silences take a JSON POST and a DELETE.
#[derive(Clone, Copy)]
pub enum Method<'a> {
    Get,
    /// A POST of this body with this `Content-Type`.
    Post(&'a str, &'static str),
    Delete,
}

/// [`send`] with any [`Method`] (the spec's `form_body` is not used).
pub async fn send_with(
    spec: RequestSpec<'_>,
    method: Method<'_>,
    signal: &web_sys::AbortSignal,
) -> Result<HttpResponse, FetchError> {
    let url = spec.url.to_string();
    // The timeout aborts through its own controller, chained to the caller's signal.
    let timeout_controller = AbortController::new().map_err(|_| FetchError::Aborted)?;
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (timeout_controller.clone(), timed_out.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    // Listen (not `onabort =`) so that several requests sharing the caller's signal each keep
    // their own hook: assigning `onabort` would unhook every request but the last.
    let on_caller_abort = {
        let controller = timeout_controller.clone();
        Closure::<dyn FnMut()>::new(move || controller.abort())
    };
    if signal.aborted() {
        return Err(FetchError::Aborted);
    }
    let Some(window) = web_sys::window() else {
        return Err(FetchError::Aborted);
    };
    let _ =
        signal.add_event_listener_with_callback("abort", on_caller_abort.as_ref().unchecked_ref());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            spec.timeout_ms.min(i32::MAX as u32) as i32,
        )
        .unwrap_or(0);

    let result = perform(&spec, method, &timeout_controller.signal()).await;
    window.clear_timeout_with_handle(timer);
    let _ = signal
        .remove_event_listener_with_callback("abort", on_caller_abort.as_ref().unchecked_ref());
    drop(on_caller_abort);
    match result {
        Ok(response) => Ok(response),
        Err(_) if timed_out.get() => Err(FetchError::TimedOut {
            url,
            after_ms: spec.timeout_ms,
        }),
        Err(_) if signal.aborted() => Err(FetchError::Aborted),
        Err(detail) => Err(FetchError::Network { url, detail }),
    }
}

async fn perform(
    spec: &RequestSpec<'_>,
    method: Method<'_>,
    signal: &web_sys::AbortSignal,
) -> Result<HttpResponse, String> {
    let builder = match method {
        Method::Get => gloo_net::http::Request::get(spec.url),
        Method::Post(..) => gloo_net::http::Request::post(spec.url),
        Method::Delete => gloo_net::http::Request::delete(spec.url),
    };
    let mut builder = builder.abort_signal(Some(signal));
    for (name, value) in spec.headers {
        builder = builder.header(name, value);
    }
    let request = match method {
        Method::Post(body, content_type) => builder
            .header("Content-Type", content_type)
            .body(body.to_string()),
        Method::Get | Method::Delete => builder.build(),
    }
    .map_err(|e| e.to_string())?;
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    // A body cut off mid-stream surfaces here; keep the status so the message stays specific.
    let body = response
        .text()
        .await
        .map_err(|e| format!("HTTP {status}, body unreadable: {e}"))?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

/// Fetches a file shipped next to `index.html` (`config.json`, `dashboards/…`) as text;
/// `Err` carries the HTTP status or the network problem, for the caller to name the file.
pub async fn fetch_app_file(relative_path: &str) -> Result<HttpResponse, FetchError> {
    // Started by the page's loader while the wasm was still loading (issue 17: first chart).
    if let Some(early) = super::early::take(relative_path).await {
        return Ok(early);
    }
    let url = crate::core::config::resolve_url(&super::config::base_uri(), relative_path);
    let (_keep, signal) = abort_handle()?;
    let headers = BTreeMap::new();
    let spec = RequestSpec {
        url: &url,
        headers: &headers,
        timeout_ms: 10_000,
        form_body: None,
    };
    send(spec, &signal).await
}
