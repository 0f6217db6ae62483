//! The static half of the server: files from `dist/` (streamed, with ranges and conditional
//! requests from tower-http's `ServeFile`), `index.html` with its `<base href>` rewritten, the
//! SPA fallback for client routes, and the cache and security headers nginx sets in production.

use super::{ServeOptions, STRICT_CSP};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::path::{Component, Path, PathBuf};
use tower_http::services::ServeFile;

/// Hashed assets never change under their name; `index.html`, `config.json` and the dashboards
/// do, so those are revalidated on every load.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const NEVER_STORE: &str = "no-store";

/// Answers `relative` (the request path after the base path, still percent-encoded).
pub async fn respond(options: &ServeOptions, relative: &str, request: Request) -> Response {
    let decoded = match percent_decode_str(relative).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => {
            let message = format!("not found: {relative} is not UTF-8 once decoded");
            return secured(plain(StatusCode::NOT_FOUND, message), NEVER_STORE, options);
        }
    };
    let (response, cache) = static_response(options, &decoded, request).await;
    secured(response, cache, options)
}

async fn static_response(
    options: &ServeOptions,
    decoded: &str,
    request: Request,
) -> (Response, &'static str) {
    if decoded == "config.json" {
        if let Some(text) = &options.config_override {
            let response = ([(header::CONTENT_TYPE, "application/json")], text.clone());
            return (response.into_response(), REVALIDATE);
        }
    }
    if decoded.is_empty() || decoded == "index.html" {
        return index(options).await;
    }
    if let Some(file) = safe_file(&options.dist, decoded).await {
        let cache = if decoded == "config.json" || decoded.starts_with("dashboards/") {
            REVALIDATE
        } else {
            IMMUTABLE
        };
        return match ServeFile::new(&file).try_call(request).await {
            Ok(response) => {
                let (mut parts, body) = response.into_parts();
                // tower-http guesses from the extension too, but without the charsets the app
                // has always been served with; ours is the same table as nginx's mime.types.
                parts.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type_of(&file)),
                );
                let ok = parts.status.is_success() || parts.status == StatusCode::NOT_MODIFIED;
                let response = Response::from_parts(parts, Body::new(body));
                (response, if ok { cache } else { NEVER_STORE })
            }
            Err(e) => (
                plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot read {decoded}: {e}"),
                ),
                NEVER_STORE,
            ),
        };
    }
    if !last_segment_has_extension(decoded) {
        // A client route (/d/uid, /explore/logs): the app's router takes it from here.
        return index(options).await;
    }
    (
        plain(StatusCode::NOT_FOUND, format!("not found: {decoded}")),
        NEVER_STORE,
    )
}

/// `index.html` with its base rewritten (small, so read whole: it has to be edited anyway).
async fn index(options: &ServeOptions) -> (Response, &'static str) {
    match tokio::fs::read(options.dist.join("index.html")).await {
        Ok(bytes) => {
            let html = rewrite_base(&bytes, &options.base_path);
            let response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html);
            (response.into_response(), REVALIDATE)
        }
        Err(e) => (
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("dist/index.html missing: {e}"),
            ),
            NEVER_STORE,
        ),
    }
}

/// A plain-text answer (errors and refusals).
pub fn plain(status: StatusCode, message: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The headers every non-proxied answer carries, as deploy/nginx.conf sets them.
fn secured(mut response: Response, cache: &'static str, options: &ServeOptions) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if options.csp {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        );
    }
    response
}

/// Resolves a decoded request path inside `dist` to a file, refusing `..`, absolute and other
/// non-plain components (so `%2e%2e/` cannot climb out either: it is checked after decoding).
async fn safe_file(dist: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = dist.join(path);
    let metadata = tokio::fs::metadata(&full).await.ok()?;
    metadata.is_file().then_some(full)
}

fn last_segment_has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

/// The one server-side change the page needs under a sub-path: where its base is.
pub fn rewrite_base(html: &[u8], base_path: &str) -> String {
    String::from_utf8_lossy(html).replacen(
        "<base href=\"/\"",
        &format!("<base href=\"{base_path}\""),
        1,
    )
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
