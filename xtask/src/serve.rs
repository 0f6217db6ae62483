//! A small static server for `dist/` with same-origin proxies to the backends, the way nginx
//! serves Meshboard in production: under any base path, SPA fallback to `index.html` (with its
//! `<base href>` rewritten to that path), optional strict CSP, `/prometheus/`, `/loki/` and
//! `/jaeger/` forwarded to each server's root (websockets too: Loki's live tail).

use crate::http1::{Reply, Request, Server};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The CSP the app must run under (issue: foundation §5).
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Where the proxies forward to (each a server root, as a Grafana datasource URL is).
#[derive(Clone)]
pub struct Upstreams {
    pub prometheus: String,
    pub loki: String,
    pub jaeger: String,
}

impl Default for Upstreams {
    fn default() -> Self {
        Upstreams {
            prometheus: "http://127.0.0.1:9090".into(),
            loki: "http://127.0.0.1:3100".into(),
            jaeger: "http://127.0.0.1:16686".into(),
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
    _server: Server,
    url: String,
}

impl ServerHandle {
    /// The app's URL, ending in the base path.
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

/// Starts serving on 127.0.0.1 (port 0 picks a free one).
pub fn spawn(options: ServeOptions) -> Result<ServerHandle, String> {
    let base_path = options.base_path.clone();
    let server = Server::start(options.port, move |request| handle(request, &options))?;
    let url = format!("http://127.0.0.1:{}{base_path}", server.port());
    Ok(ServerHandle {
        _server: server,
        url,
    })
}

fn handle(request: Request, options: &ServeOptions) {
    let raw_url = request.target.clone();
    let (path, query) = raw_url.split_once('?').unwrap_or((&raw_url, ""));
    let base = options.base_path.as_str();
    if path == base.trim_end_matches('/') && base != "/" {
        request.respond(Reply::new(301, "text/plain", "").with_header("Location", base));
        return;
    }
    let Some(relative) = path.strip_prefix(base) else {
        let message = format!("not found: {path} is outside {base}");
        request.respond(Reply::new(404, "text/plain; charset=utf-8", message));
        return;
    };
    for (prefix, upstream) in [
        ("prometheus/", &options.upstreams.prometheus),
        ("loki/", &options.upstreams.loki),
        ("jaeger/", &options.upstreams.jaeger),
    ] {
        if let Some(rest) = relative.strip_prefix(prefix) {
            let target = if query.is_empty() {
                format!("{upstream}/{rest}")
            } else {
                format!("{upstream}/{rest}?{query}")
            };
            if crate::ws_proxy::is_upgrade(&request) {
                crate::ws_proxy::relay(request, &target);
            } else {
                proxy(request, &target);
            }
            return;
        }
    }
    let reply = static_response(relative, options);
    request.respond(reply);
}

fn static_response(relative: &str, options: &ServeOptions) -> Reply {
    let decoded = relative.replace("%20", " ");
    let (status, body, content_type, cache) =
        if decoded == "config.json" && options.config_override.is_some() {
            (
                200,
                options
                    .config_override
                    .clone()
                    .unwrap_or_default()
                    .into_bytes(),
                "application/json",
                "no-cache",
            )
        } else if let Some(file) = safe_file(&options.dist, &decoded) {
            match std::fs::read(&file) {
                Ok(bytes) if decoded.is_empty() || decoded == "index.html" => (
                    200,
                    rewrite_base(&bytes, &options.base_path),
                    "text/html; charset=utf-8",
                    "no-cache",
                ),
                Ok(bytes) => {
                    let cache = if decoded == "config.json" || decoded.starts_with("dashboards/") {
                        "no-cache"
                    } else {
                        "public, max-age=31536000, immutable"
                    };
                    (200, bytes, content_type_of(&file), cache)
                }
                Err(e) => (
                    500,
                    format!("cannot read {decoded}: {e}").into_bytes(),
                    "text/plain; charset=utf-8",
                    "no-store",
                ),
            }
        } else if !last_segment_has_extension(&decoded) {
            // A client route (/d/uid, /explore/logs): the app's router takes it from here.
            match std::fs::read(options.dist.join("index.html")) {
                Ok(bytes) => (
                    200,
                    rewrite_base(&bytes, &options.base_path),
                    "text/html; charset=utf-8",
                    "no-cache",
                ),
                Err(e) => (
                    500,
                    format!("dist/index.html missing: {e}").into_bytes(),
                    "text/plain; charset=utf-8",
                    "no-store",
                ),
            }
        } else {
            (
                404,
                format!("not found: {decoded}").into_bytes(),
                "text/plain; charset=utf-8",
                "no-store",
            )
        };
    let reply = Reply::new(status, content_type, body)
        .with_header("Cache-Control", cache)
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Referrer-Policy", "no-referrer");
    if options.csp {
        reply.with_header("Content-Security-Policy", STRICT_CSP)
    } else {
        reply
    }
}

/// Resolves a request path inside `dist`, refusing `..` and absolute components.
fn safe_file(dist: &Path, relative: &str) -> Option<PathBuf> {
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let path = Path::new(relative);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = dist.join(path);
    full.is_file().then_some(full)
}

fn last_segment_has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

/// The one server-side change the page needs under a sub-path: where its base is.
fn rewrite_base(html: &[u8], base_path: &str) -> Vec<u8> {
    String::from_utf8_lossy(html)
        .replacen(
            "<base href=\"/\"",
            &format!("<base href=\"{base_path}\""),
            1,
        )
        .into_bytes()
}

fn content_type_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Forwards the request and relays status, content type and body, whatever the status.
fn proxy(request: Request, target: &str) {
    let mut outgoing =
        ureq::request(&request.method, target).timeout(std::time::Duration::from_secs(60));
    for (name, value) in &request.headers {
        if [
            "accept",
            "content-type",
            "x-scope-orgid",
            "x-loki-response-encoding-flags",
        ]
        .contains(&name.to_ascii_lowercase().as_str())
        {
            outgoing = outgoing.set(name, value);
        }
    }
    let result = if matches!(request.method.as_str(), "POST" | "PUT") {
        outgoing.send_bytes(&request.body)
    } else {
        outgoing.call()
    };
    let response = match result {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(e)) => {
            let page = format!("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway: {e}</body></html>");
            request.respond(Reply::new(502, "text/html", page));
            return;
        }
    };
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or("application/octet-stream")
        .to_string();
    let mut body = Vec::new();
    let _ = response
        .into_reader()
        .take(512 * 1024 * 1024)
        .read_to_end(&mut body);
    request.respond(Reply::new(status, &content_type, body));
}
