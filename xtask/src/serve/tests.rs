//! The server against real sockets: files under a base path, the proxies against small
//! backends started here, the websocket relay, and the connection burst that stalled tiny_http.

use super::*;
use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use futures_util::{SinkExt, StreamExt};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Instant;
use tokio_tungstenite::tungstenite::{self, Message};

/// A dist/ folder with what the tests fetch; removed on drop.
struct Dist(PathBuf);

impl Dist {
    fn new(name: &str) -> Dist {
        let dir = std::env::temp_dir().join(format!(
            "xtask-serve-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dashboards")).unwrap();
        let files: [(&str, &[u8]); 6] = [
            (
                "index.html",
                b"<!DOCTYPE html><html><head><base href=\"/\"></head><body>app</body></html>",
            ),
            ("app-1234.js", b"console.log('app');"),
            ("caf\u{e9}.js", b"// cafe"),
            ("a+b.css", b"body{}"),
            ("config.json", b"{\"datasources\": {}}"),
            ("dashboards/index.json", b"[]"),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        Dist(dir)
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn options(dist: &Dist, base: &str) -> ServeOptions {
    ServeOptions {
        base_path: base.into(),
        ..ServeOptions::demo(dist.0.clone(), 0)
    }
}

/// A client that shows redirects instead of following them, and non-2xx answers as answers.
fn get(url: &str) -> (u16, HeaderMap, String) {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let response = match agent.get(url).call() {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = response.status();
    let mut headers = HeaderMap::new();
    for name in response.headers_names() {
        if let (Ok(key), Some(value)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            response.header(&name),
        ) {
            headers.insert(key, HeaderValue::from_str(value).unwrap());
        }
    }
    (status, headers, response.into_string().unwrap())
}

fn port_of(server: &ServerHandle) -> u16 {
    let url = server.url();
    let rest = url.trim_start_matches("http://127.0.0.1:");
    rest[..rest.find('/').unwrap()].parse().unwrap()
}

/// One request as written, for paths an URL library would normalise (`%2e%2e`).
fn raw_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// An axum app on a runtime of its own (kept alive by the returned value).
fn backend(app: Router) -> (String, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(axum::serve(listener, app).into_future());
    (url, runtime)
}

/// Says what it received: method, path and query, the tenant header, the body.
async fn echo(request: Request) -> Response {
    let method = request.method().clone();
    let target = request.uri().to_string();
    let tenant = request
        .headers()
        .get("x-scope-orgid")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let cookie = request.headers().contains_key(header::COOKIE);
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap();
    if target.starts_with("/refuse") {
        return (StatusCode::BAD_REQUEST, "parse error at line 1").into_response();
    }
    if target.starts_with("/slow") {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if target.starts_with("/stream") {
        // A chunked body of unknown length, sent in parts.
        let parts = futures_util::stream::iter(["a", "b", "c"]).then(|part| async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, std::io::Error>(Bytes::from(part))
        });
        return Body::from_stream(parts).into_response();
    }
    let text = format!(
        "{method} {target} {tenant} cookie={cookie} {}",
        String::from_utf8_lossy(&body)
    );
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

#[test]
fn serves_files_under_the_base_path() {
    let dist = Dist::new("files");
    let server = spawn(options(&dist, "/ops/mb/")).unwrap();
    let url = server.url();
    assert!(url.ends_with("/ops/mb/"), "{url}");

    let (status, headers, body) = get(&url);
    assert_eq!(status, 200);
    assert!(body.contains("<base href=\"/ops/mb/\">"), "{body}");
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_eq!(header(&headers, "content-security-policy"), STRICT_CSP);
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    assert_eq!(header(&headers, "referrer-policy"), "no-referrer");

    let (status, headers, body) = get(&format!("{url}app-1234.js"));
    assert_eq!((status, body.as_str()), (200, "console.log('app');"));
    assert_eq!(
        header(&headers, "content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        header(&headers, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    for revalidated in ["config.json", "dashboards/index.json"] {
        let (status, headers, _) = get(&format!("{url}{revalidated}"));
        assert_eq!(status, 200, "{revalidated}");
        assert_eq!(
            header(&headers, "cache-control"),
            "no-cache",
            "{revalidated}"
        );
    }

    // Percent-encoded names are decoded once, whatever the characters.
    assert_eq!(get(&format!("{url}caf%C3%A9.js")).2, "// cafe");
    assert_eq!(get(&format!("{url}a%2Bb.css")).2, "body{}");
    assert_eq!(get(&format!("{url}a+b.css")).2, "body{}");

    // Client routes get the page; missing files and climbing out do not.
    let (status, _, body) = get(&format!("{url}d/some-uid?from=now-1h"));
    assert_eq!(status, 200);
    assert!(body.contains("<base href=\"/ops/mb/\">"), "{body}");
    assert_eq!(get(&format!("{url}missing-5678.js")).0, 404);
    let port = port_of(&server);
    let climbing = raw_get(port, "/ops/mb/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
    assert!(climbing.starts_with("HTTP/1.1 200"), "{climbing}");
    assert!(
        climbing.contains("<base href=\"/ops/mb/\">"),
        "the page, not the file"
    );
    let climbing = raw_get(port, "/ops/mb/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/os-release.d");
    assert!(climbing.starts_with("HTTP/1.1 404"), "{climbing}");

    // The base path without its slash redirects; anything else outside it is not found.
    let (status, headers, _) = get(url.trim_end_matches('/'));
    assert_eq!(status, 301);
    assert_eq!(header(&headers, "location"), "/ops/mb/");
    let root = url.trim_end_matches("ops/mb/");
    assert_eq!(get(&format!("{root}elsewhere/")).0, 404);
}

#[test]
fn streams_files_with_ranges_and_head() {
    let dist = Dist::new("range");
    let server = spawn(options(&dist, "/")).unwrap();
    let url = format!("{}app-1234.js", server.url());
    let response = ureq::get(&url).set("Range", "bytes=0-6").call().unwrap();
    assert_eq!(response.status(), 206);
    assert_eq!(response.into_string().unwrap(), "console");
    let head = ureq::head(&url).call().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.header("content-length"), Some("19"));
}

#[test]
fn overrides_config_json_when_asked() {
    let dist = Dist::new("config");
    let server = spawn(ServeOptions {
        config_override: Some("{\"datasources\": ".into()),
        csp: false,
        ..options(&dist, "/")
    })
    .unwrap();
    let (status, headers, body) = get(&format!("{}config.json", server.url()));
    assert_eq!((status, body.as_str()), (200, "{\"datasources\": "));
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert_eq!(header(&headers, "content-security-policy"), "");
}

#[test]
fn proxies_to_the_backends_with_path_query_and_body() {
    let (upstream, _backend) = backend(Router::new().fallback(echo));
    let dist = Dist::new("proxy");
    let server = spawn(ServeOptions {
        upstreams: Upstreams {
            prometheus: upstream.clone(),
            loki: format!("{upstream}/loki-root"),
            jaeger: upstream.clone(),
            alertmanager: format!("{upstream}/am-root"),
        },
        ..options(&dist, "/ops/mb/")
    })
    .unwrap();
    let url = server.url();

    let (status, headers, body) = get(&format!(
        "{url}prometheus/api/v1/query?query=rate(x%5B5m%5D)%2B1&time=1"
    ));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "GET /api/v1/query?query=rate(x%5B5m%5D)%2B1&time=1 - cookie=false "
    );
    assert_eq!(header(&headers, "content-type"), "application/json");
    // The backend's answer is not given the app's CSP or cache policy.
    assert_eq!(header(&headers, "content-security-policy"), "");

    let response = ureq::post(&format!("{url}prometheus/api/v1/query_range"))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .set("X-Scope-OrgID", "tenant-a")
        .set("Cookie", "session=secret")
        .send_string("query=up&step=15")
        .unwrap();
    assert_eq!(
        response.into_string().unwrap(),
        "POST /api/v1/query_range tenant-a cookie=false query=up&step=15"
    );

    // An upstream with a path keeps it; the backend's errors come back as they are.
    assert!(get(&format!("{url}loki/loki/api/v1/labels"))
        .2
        .starts_with("GET /loki-root/loki/api/v1/labels "));
    let (status, _, body) = get(&format!("{url}prometheus/refuse"));
    assert_eq!((status, body.as_str()), (400, "parse error at line 1"));

    // A body of unknown length streams through (chunked both ways).
    let (status, _, body) = get(&format!("{url}jaeger/stream"));
    assert_eq!((status, body.as_str()), (200, "abc"));

    // Alertmanager's silences are created with a JSON POST; filters are repeated query keys.
    let response = ureq::post(&format!("{url}alertmanager/api/v2/silences"))
        .set("Content-Type", "application/json")
        .send_string(r#"{"matchers":[]}"#)
        .unwrap();
    assert_eq!(
        response.into_string().unwrap(),
        r#"POST /am-root/api/v2/silences - cookie=false {"matchers":[]}"#
    );
    assert!(get(&format!(
        "{url}alertmanager/api/v2/alerts/groups?filter=alertname%3D%22X%22&filter=job%3D~%22a.%2A%22"
    ))
    .2
    .starts_with(
        "GET /am-root/api/v2/alerts/groups?filter=alertname%3D%22X%22&filter=job%3D~%22a.%2A%22 "
    ));
}

#[test]
fn a_backend_that_is_down_is_a_clear_502() {
    let dist = Dist::new("down");
    let closed = "http://127.0.0.1:9".to_string();
    let server = spawn(ServeOptions {
        upstreams: Upstreams {
            prometheus: closed.clone(),
            loki: closed.clone(),
            jaeger: closed.clone(),
            alertmanager: closed,
        },
        ..options(&dist, "/")
    })
    .unwrap();
    let (status, headers, body) = get(&format!("{}prometheus/api/v1/query?query=up", server.url()));
    assert_eq!(status, 502);
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert!(
        body.starts_with("<html><head><title>502 Bad Gateway</title>"),
        "{body}"
    );
    assert!(
        body.contains("cannot reach http://127.0.0.1:9/api/v1/query?query=up"),
        "{body}"
    );
    assert!(body.contains("onnect"), "the reason is named: {body}");
}

#[test]
fn many_connections_at_once_are_all_served() {
    // The burst that stalled tiny_http: a page opening connections in parallel while earlier
    // ones are still being answered (here: slow proxied queries next to static files).
    let (upstream, _backend) = backend(Router::new().fallback(echo));
    let dist = Dist::new("burst");
    let server = spawn(ServeOptions {
        upstreams: Upstreams {
            prometheus: upstream.clone(),
            loki: upstream.clone(),
            jaeger: upstream.clone(),
            alertmanager: upstream,
        },
        ..options(&dist, "/")
    })
    .unwrap();
    let port = port_of(&server);
    let started = Instant::now();
    let clients: Vec<_> = (0..24)
        .map(|i| {
            let path = if i % 2 == 0 {
                "/prometheus/slow"
            } else {
                "/app-1234.js"
            };
            std::thread::spawn(move || raw_get(port, path))
        })
        .collect();
    for client in clients {
        let answer = client.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    }
    // Twelve 200 ms answers one after the other would take 2.4 s.
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "the burst took {:?}",
        started.elapsed()
    );
}

#[test]
// tungstenite's handshake callback returns its own large `Err` type; not ours to box.
#[allow(clippy::result_large_err)]
fn relays_the_loki_tail_websocket() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // A tail endpoint: refuses a handshake without a query (as Loki does, in plain text),
    // otherwise says which path it got and echoes every message.
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let upstream = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut seen = String::new();
                let callback =
                    |request: &tungstenite::handshake::server::Request,
                     response: tungstenite::handshake::server::Response| {
                        seen = request.uri().to_string();
                        if request.uri().query().is_some() {
                            Ok(response)
                        } else {
                            let mut refusal = tungstenite::handshake::server::ErrorResponse::new(
                                Some("query required".into()),
                            );
                            *refusal.status_mut() = StatusCode::BAD_REQUEST;
                            Err(refusal)
                        }
                    };
                let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(stream, callback).await
                else {
                    return;
                };
                let _ = socket.send(Message::text(format!("path {seen}"))).await;
                while let Some(Ok(message)) = socket.next().await {
                    if message.is_text() && socket.send(message).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let dist = Dist::new("ws");
    let server = spawn(ServeOptions {
        upstreams: Upstreams {
            loki: upstream,
            ..Upstreams::default()
        },
        ..options(&dist, "/ops/mb/")
    })
    .unwrap();
    let ws_base = server.url().replacen("http://", "ws://", 1);
    runtime.block_on(async {
        let url = format!("{ws_base}loki/loki/api/v1/tail?query=%7Bjob%3D%22a%22%7D");
        let (mut socket, response) = tokio_tungstenite::connect_async(url).await.unwrap();
        assert_eq!(response.status(), StatusCode::SWITCHING_PROTOCOLS);
        let first = socket.next().await.unwrap().unwrap();
        assert_eq!(
            first.to_text().unwrap(),
            "path /loki/api/v1/tail?query=%7Bjob%3D%22a%22%7D"
        );
        socket.send(Message::text("hello")).await.unwrap();
        let echoed = socket.next().await.unwrap().unwrap();
        assert_eq!(echoed.to_text().unwrap(), "hello");
        socket.close(None).await.unwrap();

        match tokio_tungstenite::connect_async(format!("{ws_base}loki/loki/api/v1/tail")).await {
            Err(tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), StatusCode::BAD_REQUEST);
                let body = response.body().clone().unwrap_or_default();
                assert_eq!(String::from_utf8_lossy(&body), "query required");
            }
            other => panic!("expected the backend's 400, got {other:?}"),
        }
    });
    // Stopping the server with no socket open frees the port promptly.
    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn dropping_the_server_frees_its_port() {
    let dist = Dist::new("drop");
    let server = spawn(options(&dist, "/")).unwrap();
    let port = port_of(&server);
    assert_eq!(get(&server.url()).0, 200);
    drop(server);
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is free again");
}

#[test]
fn targets_keep_the_query_as_sent() {
    assert_eq!(
        proxy::target("http://h:1/", "api/v1/query", Some("query=a%2Bb")),
        "http://h:1/api/v1/query?query=a%2Bb"
    );
    assert_eq!(proxy::target("http://h:1", "x", Some("")), "http://h:1/x");
    assert_eq!(
        proxy::target("http://h:1/base", "x", None),
        "http://h:1/base/x"
    );
}
