//! The same-origin proxies: a request under `/prometheus/`, `/loki/`, `/jaeger/` or
//! `/alertmanager/` goes to the backend's root on hyper-util's pooled client and the answer
//! streams back (status, content type and body, whatever the status: the app shows the
//! backend's own error text).
//!
//! A websocket handshake (Loki's live tail, `/loki/api/v1/tail`) goes upstream too; after the
//! backend's 101 both connections are taken over from hyper and spliced byte for byte until
//! either side closes, so the frames are never parsed here. A refused handshake (Loki answers
//! bad tail parameters with a plain-text 400) comes back to the browser as any answer does.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::time::Duration;

/// Request headers the backends need; the rest (cookies, the browser's own Authorization) stay
/// at the proxy, as deploy/nginx.conf keeps them.
const FORWARDED_HEADERS: [&str; 4] = [
    "accept",
    "content-type",
    "x-scope-orgid",
    "x-loki-response-encoding-flags",
];

/// What a websocket handshake needs at the backend (extensions are left out on purpose: a
/// compressed stream would still relay, but there is no reason to negotiate one here).
const HANDSHAKE_HEADERS: [&str; 6] = [
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-protocol",
    "x-scope-orgid",
];

/// How long a backend may take to start answering (its body may stream for longer): a query
/// that is still thinking after a minute is reported, as nginx's `proxy_read_timeout` would.
const HEAD_TIMEOUT: Duration = Duration::from_secs(60);
/// The most of a refused websocket handshake's body that is passed on.
const REFUSAL_LIMIT: usize = 64 * 1024;
/// A backend that does not accept the connection in this time is as good as down.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `upstream` + `/` + the rest of the path + the query, all as the browser sent them.
pub fn target(upstream: &str, rest: &str, query: Option<&str>) -> String {
    let upstream = upstream.trim_end_matches('/');
    match query {
        Some(query) if !query.is_empty() => format!("{upstream}/{rest}?{query}"),
        _ => format!("{upstream}/{rest}"),
    }
}

/// The client shared by all proxied requests (its pool keeps backend connections warm).
pub struct Proxy {
    client: Client<HttpConnector, Body>,
}

impl Proxy {
    pub fn new() -> Proxy {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
        connector.set_nodelay(true);
        Proxy {
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }

    /// Forwards `request` to `target` (an `http://` URL) and relays the answer.
    pub async fn forward(&self, request: Request, target: &str) -> Response {
        let uri = match target.parse::<Uri>() {
            Ok(uri) if uri.scheme_str() == Some("http") => uri,
            _ => {
                return bad_gateway(&format!(
                    "only http:// backends can be proxied, not {target}"
                ))
            }
        };
        if is_websocket_upgrade(request.headers()) {
            return self.relay_websocket(request, uri, target).await;
        }
        let (parts, body) = request.into_parts();
        let outgoing = outgoing(parts.method, uri, &parts.headers, &FORWARDED_HEADERS, body);
        match self.send(outgoing, target).await {
            Ok(response) => relay(response),
            Err(response) => response,
        }
    }

    async fn send(
        &self,
        outgoing: Request,
        target: &str,
    ) -> Result<hyper::Response<hyper::body::Incoming>, Response> {
        match tokio::time::timeout(HEAD_TIMEOUT, self.client.request(outgoing)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(bad_gateway(&format!(
                "cannot reach {target}: {}",
                error_chain(&e)
            ))),
            Err(_) => Err(gateway_timeout(target)),
        }
    }

    /// The handshake upstream; on its 101, the spliced connections (on a task of their own,
    /// which ends when either side closes).
    async fn relay_websocket(&self, mut request: Request, uri: Uri, target: &str) -> Response {
        let from_browser = hyper::upgrade::on(&mut request);
        let outgoing = outgoing(
            Method::GET,
            uri,
            request.headers(),
            &HANDSHAKE_HEADERS,
            Body::empty(),
        );
        let mut response = match self.send(outgoing, target).await {
            Ok(response) => response,
            Err(response) => return response,
        };
        if response.status() != StatusCode::SWITCHING_PROTOCOLS {
            // Whole, with its length: websocket clients read a refusal's body as it comes off
            // the wire and do not all undo chunked encoding. Refusals are a line or two.
            let (parts, body) = relay(response).into_parts();
            let body = axum::body::to_bytes(body, REFUSAL_LIMIT)
                .await
                .unwrap_or_default();
            return Response::from_parts(parts, Body::from(body));
        }
        let from_backend = hyper::upgrade::on(&mut response);
        let target = target.to_string();
        tokio::spawn(async move {
            match tokio::try_join!(from_browser, from_backend) {
                Ok((browser, backend)) => {
                    let mut browser = TokioIo::new(browser);
                    let mut backend = TokioIo::new(backend);
                    // Ends when both directions are closed; a reset on either side is how
                    // tails usually end (the page navigates away), so it is not an error.
                    let _ = tokio::io::copy_bidirectional(&mut browser, &mut backend).await;
                }
                Err(e) => eprintln!("websocket proxy to {target}: {e}"),
            }
        });
        // The backend's 101 as it is: Sec-WebSocket-Accept and the chosen protocol are for the
        // browser's handshake, which the backend computed from the browser's key.
        let mut answer = Response::new(Body::empty());
        *answer.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        *answer.headers_mut() = response.headers().clone();
        answer
    }
}

/// True for a browser's websocket handshake.
fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The upstream request: `method` to `uri` with the `allowed` headers of the browser's request
/// (hyper adds Host from the URI).
fn outgoing(
    method: Method,
    uri: Uri,
    headers: &HeaderMap,
    allowed: &[&'static str],
    body: Body,
) -> Request {
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    for name in allowed {
        let name = HeaderName::from_static(name);
        for value in headers.get_all(&name) {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    request
}

/// The backend's status, content type and body, the body streamed as it arrives.
fn relay(response: hyper::Response<hyper::body::Incoming>) -> Response {
    let (parts, body) = response.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("application/octet-stream"));
    let mut answer = Response::new(Body::new(body));
    *answer.status_mut() = parts.status;
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    answer
}

/// nginx's kind of 502 page, which the app recognises as a proxy's answer rather than the
/// backend's, with what went wrong.
fn bad_gateway(detail: &str) -> Response {
    proxy_page(StatusCode::BAD_GATEWAY, "502 Bad Gateway", detail)
}

fn gateway_timeout(target: &str) -> Response {
    let detail = format!("{target} sent no answer within {}s", HEAD_TIMEOUT.as_secs());
    proxy_page(StatusCode::GATEWAY_TIMEOUT, "504 Gateway Timeout", &detail)
}

fn proxy_page(status: StatusCode, title: &str, detail: &str) -> Response {
    let detail = detail
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page =
        format!("<html><head><title>{title}</title></head><body>{title}: {detail}</body></html>");
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// hyper-util's errors say "client error (Connect)"; the reason is further down the chain.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
