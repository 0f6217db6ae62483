//! Websocket pass-through for the dev server's proxies, so Loki's live tail
//! (`/loki/api/v1/tail`) works through `cargo xtask demo` as it does through nginx.
//!
//! The handshake goes to the backend as-is and its answer (101, or Loki's plain-text 400)
//! comes back; after a 101 the two connections are spliced byte for byte, both ways, until
//! either side closes.

use crate::http1::{Reply, Request};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};

/// Request headers the handshake needs at the backend (extensions are left out on purpose:
/// a compressed stream would still relay, but there is no reason to negotiate one here).
const HANDSHAKE_HEADERS: [&str; 6] = [
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-protocol",
    "x-scope-orgid",
];

/// True for a browser's websocket handshake.
pub fn is_upgrade(request: &Request) -> bool {
    request
        .header("upgrade")
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Relays the handshake to `target` (`http://host:port/path?query`) and then the frames.
pub fn relay(request: Request, target: &str) {
    if let Err(message) = try_relay(request, target) {
        eprintln!("websocket proxy to {target}: {message}");
    }
}

fn try_relay(request: Request, target: &str) -> Result<(), String> {
    let (host, path) = split_target(target)?;
    let mut upstream = match TcpStream::connect(&host) {
        Ok(stream) => stream,
        Err(e) => {
            let page = format!("502 Bad Gateway: cannot reach {host}: {e}");
            request.respond(Reply::new(502, "text/plain; charset=utf-8", page));
            return Ok(());
        }
    };
    upstream
        .write_all(handshake(&request, &host, &path).as_bytes())
        .map_err(|e| format!("sending the handshake: {e}"))?;
    let mut from_backend = BufReader::new(
        upstream
            .try_clone()
            .map_err(|e| format!("cloning the socket: {e}"))?,
    );
    let (status, headers) = read_head(&mut from_backend)?;
    if status != 101 {
        // Loki refuses bad tail parameters with a plain-text 400 before upgrading.
        let mut body = String::new();
        let _ = from_backend.take(64 * 1024).read_to_string(&mut body);
        request.respond(Reply::new(status, "text/plain; charset=utf-8", body));
        return Ok(());
    }
    let mut browser = request.into_stream();
    let mut answer = String::from("HTTP/1.1 101 Switching Protocols\r\n");
    for (name, value) in &headers {
        answer.push_str(&format!("{name}: {value}\r\n"));
    }
    answer.push_str("\r\n");
    browser
        .write_all(answer.as_bytes())
        .map_err(|e| format!("answering the browser: {e}"))?;
    // Frames the backend sent right behind its head are already in the reader's buffer.
    let early = from_backend.buffer().to_vec();
    browser
        .write_all(&early)
        .map_err(|e| format!("relaying to the browser: {e}"))?;
    let to_backend = browser
        .try_clone()
        .map_err(|e| format!("cloning the socket: {e}"))?;
    let backend_reader = upstream
        .try_clone()
        .map_err(|e| format!("cloning the socket: {e}"))?;
    let browser_to_backend = std::thread::spawn(move || splice(to_backend, upstream));
    splice(backend_reader, browser);
    let _ = browser_to_backend.join();
    Ok(())
}

/// Copies `from` into `to` until `from` ends, then closes both directions of both, so the
/// other splice ends too.
fn splice(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

/// `http://host:port/path?q` into (`host:port`, `/path?q`).
fn split_target(target: &str) -> Result<(String, String), String> {
    let rest = target
        .strip_prefix("http://")
        .ok_or_else(|| format!("only http:// backends can be proxied, not {target}"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let path = if path.is_empty() { "/" } else { path };
    Ok((host, path.to_string()))
}

fn handshake(request: &Request, host: &str, path: &str) -> String {
    let mut text = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in &request.headers {
        if HANDSHAKE_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    text.push_str("\r\n");
    text
}

/// Reads a response's status line and headers, leaving anything after them in `reader`.
fn read_head(reader: &mut impl BufRead) -> Result<(u16, Vec<(String, String)>), String> {
    let mut status_line = String::new();
    reader
        .read_line(&mut status_line)
        .map_err(|e| format!("reading the backend's answer: {e}"))?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP answer: {status_line:?}"))?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| format!("reading the backend's headers: {e}"))?;
        let line = line.trim_end();
        if line.is_empty() {
            return Ok((status, headers));
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_backend_urls() {
        assert_eq!(
            split_target("http://127.0.0.1:3100/loki/api/v1/tail?query=%7Ba%3D%22b%22%7D").unwrap(),
            (
                "127.0.0.1:3100".to_string(),
                "/loki/api/v1/tail?query=%7Ba%3D%22b%22%7D".to_string()
            )
        );
        assert_eq!(
            split_target("http://loki").unwrap(),
            ("loki:80".to_string(), "/".to_string())
        );
        assert!(split_target("https://loki").is_err());
    }

    #[test]
    fn reads_a_switching_protocols_head_and_leaves_the_frames() {
        let raw = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: abc=\r\n\r\n\x81\x02hi";
        let mut reader = BufReader::new(&raw[..]);
        let (status, headers) = read_head(&mut reader).unwrap();
        assert_eq!(status, 101);
        assert!(headers.contains(&("Sec-WebSocket-Accept".into(), "abc=".into())));
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"\x81\x02hi");
    }
}
