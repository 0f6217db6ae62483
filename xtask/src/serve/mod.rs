//! The dev and test server for `dist/`, with same-origin proxies to the backends, the way nginx
//! serves Meshboard in production: under any base path, SPA fallback to `index.html` (with its
//! `<base href>` rewritten to that path), optional strict CSP, and `/prometheus/`, `/loki/`,
//! `/jaeger/` and `/alertmanager/` forwarded to each server's root (websockets too: Loki's live
//! tail).
//!
//! It is axum on hyper, on a tokio runtime of its own in a background thread, so the rest of
//! xtask stays synchronous: `spawn` returns once the port is bound and dropping the handle stops
//! it. hyper serves every connection on its own task with keep-alive, so a page's first load
//! (six connections at once, then more) never waits for a free worker; that burst is what
//! stalled tiny_http and, later, what the hand-written HTTP/1.1 server this replaces had to
//! work around with a thread per request.

mod files;
mod proxy;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// The CSP the app must run under (issue: foundation §5).
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Where the proxies forward to (each a server root, as a Grafana datasource URL is; a path
/// after the host is kept: `http://host:3100/base` serves `/loki/x` from `/base/x`).
#[derive(Clone)]
pub struct Upstreams {
    pub prometheus: String,
    pub loki: String,
    pub jaeger: String,
    pub alertmanager: String,
}

impl Default for Upstreams {
    fn default() -> Self {
        Upstreams {
            prometheus: "http://127.0.0.1:9090".into(),
            loki: "http://127.0.0.1:3100".into(),
            jaeger: "http://127.0.0.1:16686".into(),
            alertmanager: "http://127.0.0.1:9093".into(),
        }
    }
}

#[derive(Clone)]
pub struct ServeOptions {
    pub dist: PathBuf,
    pub port: u16,
    /// `/` or a sub-path such as `/ops/meshboard/` (leading and trailing slash).
    pub base_path: String,
    pub csp: bool,
    /// Serve this text as `config.json` instead of the file (tests of the error screen).
    pub config_override: Option<String>,
    pub upstreams: Upstreams,
}

impl ServeOptions {
    pub fn demo(dist: PathBuf, port: u16) -> ServeOptions {
        ServeOptions {
            dist,
            port,
            base_path: "/".into(),
            csp: true,
            config_override: None,
            upstreams: Upstreams::default(),
        }
    }
}

/// A running server; dropping it stops it and frees the port.
pub struct ServerHandle {
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// The app's URL, ending in the base path.
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How long connections still open at stop (a live tail, a slow query) may take to end before
/// the runtime drops them; the old server abandoned them outright.
const STOP_GRACE: Duration = Duration::from_millis(500);

/// Starts serving on 127.0.0.1 (port 0 picks a free one).
pub fn spawn(options: ServeOptions) -> Result<ServerHandle, String> {
    // Bound here, not on the server's thread, so a taken port is the caller's error at once.
    let listener = std::net::TcpListener::bind(("127.0.0.1", options.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot make the listener non-blocking: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?
        .port();
    let url = format!("http://127.0.0.1:{port}{}", options.base_path);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("xtask-serve")
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("xtask-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(e) => return eprintln!("xtask serve: cannot use the listener: {e}"),
                };
                let server = axum::serve(listener, router(options)).into_future();
                tokio::select! {
                    result = server => {
                        if let Err(e) = result {
                            eprintln!("xtask serve on port {port}: {e}");
                        }
                    }
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(STOP_GRACE);
        })
        .map_err(|e| format!("cannot start the server's thread: {e}"))?;
    Ok(ServerHandle {
        url,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// What every request handler shares.
struct App {
    options: ServeOptions,
    proxy: proxy::Proxy,
}

fn router(options: ServeOptions) -> Router {
    let app = Arc::new(App {
        options,
        proxy: proxy::Proxy::new(),
    });
    // One handler for every path: the base path is only known at run time, and the order of
    // the checks (redirect, outside the base, proxies, files) is the whole routing table.
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let options = &app.options;
    // Still percent-encoded: proxied paths go upstream exactly as the browser sent them, and
    // `files` decodes the rest once.
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let base = options.base_path.as_str();
    if base != "/" && path == base.trim_end_matches('/') {
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(location) = HeaderValue::from_str(base) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let Some(relative) = path.strip_prefix(base) else {
        return files::plain(
            StatusCode::NOT_FOUND,
            format!("not found: {path} is outside {base}"),
        );
    };
    for (prefix, upstream) in [
        ("prometheus/", &options.upstreams.prometheus),
        ("loki/", &options.upstreams.loki),
        ("jaeger/", &options.upstreams.jaeger),
        ("alertmanager/", &options.upstreams.alertmanager),
    ] {
        if let Some(rest) = relative.strip_prefix(prefix) {
            let target = proxy::target(upstream, rest, query.as_deref());
            return app.proxy.forward(request, &target).await;
        }
    }
    let relative = relative.to_string();
    files::respond(options, &relative, request).await
}

#[cfg(test)]
mod tests;
