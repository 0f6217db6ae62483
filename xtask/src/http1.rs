//! A minimal HTTP/1.1 server for the dev and test servers: a thread per connection and one
//! request per connection (`Connection: close`).
//!
//! It replaces tiny_http 0.12, whose connection pool loses a wake-up when several connections
//! arrive at once (a page's first load opens six): the second queued connection waits until
//! another keep-alive connection ends, which stalled a fresh browser's first navigation for
//! minutes. A thread per connection cannot starve, and closing after each response keeps the
//! thread count at the number of requests in flight.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Request heads larger than this are refused (browsers send a few KiB).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Request bodies larger than this are refused (the app POSTs long PromQL, not uploads).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// A client that sends nothing for this long is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// One request, with the connection it came on.
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query (`/d/x?from=now-1h`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    stream: TcpStream,
}

/// What a handler answers: status, headers (Content-Length and Connection are added), body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Writes `reply` and closes the connection.
    pub fn respond(mut self, reply: Reply) {
        let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            reply.body.len()
        ));
        let body: &[u8] = if self.method == "HEAD" {
            &[]
        } else {
            &reply.body
        };
        let _ = self
            .stream
            .write_all(head.as_bytes())
            .and_then(|()| self.stream.write_all(body))
            .and_then(|()| self.stream.flush());
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    /// The raw connection, for protocols that take it over after the request (websockets):
    /// without the read timeout, since a websocket client may stay silent for hours.
    pub fn into_stream(self) -> TcpStream {
        let _ = self.stream.set_read_timeout(None);
        self.stream
    }
}

/// A listening server; dropping it stops accepting and frees the port.
pub struct Server {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0 picks a free port) and runs `handler` on its own thread
    /// for every request.
    pub fn start(
        port: u16,
        handler: impl Fn(Request) + Send + Sync + 'static,
    ) -> Result<Server, String> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        let stopping = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let stop = stopping.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::Acquire) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let handler = handler.clone();
                std::thread::spawn(move || {
                    if let Some(request) = read_request(stream) {
                        handler(request);
                    }
                });
            }
        });
        Ok(Server {
            address,
            stopping,
            thread: Some(thread),
        })
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::Release);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request; a malformed or oversized one gets its 400/413 here and `None`.
fn read_request(stream: TcpStream) -> Option<Request> {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let before = head.len();
        reader
            .by_ref()
            .take((MAX_HEAD_BYTES + 1 - head.len()) as u64)
            .read_until(b'\n', &mut head)
            .ok()?;
        if head.len() == before {
            return None; // closed before a whole head arrived (the server's own wake-up, too)
        }
        if head.len() > MAX_HEAD_BYTES {
            refuse(stream, 431, "request head too large");
            return None;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (Some(method), Some(target)) = (request_line.next(), request_line.next()) else {
        refuse(stream, 400, "malformed request line");
        return None;
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    if length > MAX_BODY_BYTES {
        refuse(stream, 413, "request body too large");
        return None;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body,
        stream,
    })
}

fn refuse(stream: TcpStream, status: u16, message: &str) {
    let request = Request {
        method: "GET".into(),
        target: String::new(),
        headers: Vec::new(),
        body: Vec::new(),
        stream,
    };
    request.respond(Reply::new(status, "text/plain; charset=utf-8", message));
}

fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(port: u16, raw: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn answers_each_request_and_closes() {
        let server = Server::start(0, |request: Request| {
            let body = format!(
                "{} {} {} {}",
                request.method,
                request.target,
                request.header("x-test").unwrap_or("-"),
                String::from_utf8_lossy(&request.body)
            );
            request.respond(Reply::new(200, "text/plain", body));
        })
        .unwrap();
        let answer = exchange(
            server.port(),
            "POST /a?b=1 HTTP/1.1\r\nX-Test: yes\r\nContent-Length: 5\r\n\r\nhello",
        );
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains("Connection: close\r\n"));
        assert!(
            answer.ends_with("\r\n\r\nPOST /a?b=1 yes hello"),
            "{answer}"
        );
    }

    #[test]
    fn many_connections_at_once_are_all_served() {
        // The burst that stalled tiny_http: a page opening connections in parallel, while
        // earlier ones are still being answered.
        let server = Server::start(0, |request: Request| {
            std::thread::sleep(Duration::from_millis(50));
            request.respond(Reply::new(200, "text/plain", "ok"));
        })
        .unwrap();
        let port = server.port();
        let clients: Vec<_> = (0..24)
            .map(|_| std::thread::spawn(move || exchange(port, "GET / HTTP/1.1\r\n\r\n")))
            .collect();
        for client in clients {
            assert!(client.join().unwrap().ends_with("ok"));
        }
    }

    #[test]
    fn refuses_oversized_bodies() {
        let server = Server::start(0, |request: Request| {
            request.respond(Reply::new(200, "text/plain", "should not run"));
        })
        .unwrap();
        let answer = exchange(
            server.port(),
            "POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n",
        );
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    }
}
