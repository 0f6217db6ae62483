//! Shared helpers of the Loki and Jaeger contract tests: an in-process server on 127.0.0.1:0,
//! a minimal HTTP/1.1 client, fixture loading and the recursive JSON shape comparison.

#![allow(dead_code)]

use serde_json::Value;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves `router` on an ephemeral local port for the rest of the test.
pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    /// Lower-cased header names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn get(addr: SocketAddr, target: &str, headers: &[(&str, &str)]) -> Resp {
    request(addr, "GET", target, headers, "").await
}

pub async fn post_form(
    addr: SocketAddr,
    target: &str,
    headers: &[(&str, &str)],
    form: &str,
) -> Resp {
    request(addr, "POST", target, headers, form).await
}

async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8(raw).expect("utf-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("header end");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

/// Reads the repository's own `tests/fixtures/<dir>/<name>.json` (recorded responses, with SOURCE files).
pub fn fixture(dir: &str, name: &str) -> Value {
    let path = format!(
        "{}/../tests/fixtures/{dir}/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// How object keys are compared.
#[derive(Clone, Copy, PartialEq)]
pub enum Keys {
    /// Same key sets (except `OPTIONAL` keys).
    Exact,
    /// Every fixture key must be present; more keys are allowed (older fixture schemas).
    Superset,
}

/// Objects whose keys are data (label sets, process maps), compared by value shape only.
const MAP_KEYS: &[&str] = &[
    "stream",
    "metric",
    "structuredMetadata",
    "parsed",
    "processes",
    "labels",
];
/// Keys the servers omit when empty (Go `omitempty`; Loki's categories object), so one
/// recording has them and another does not.
const OPTIONAL: &[&str] = &["flags", "warnings", "structuredMetadata", "parsed"];
/// Go nil slices: `null` in one recording, an array in another (Loki's detected field
/// `parsers` is nil for structured metadata, `pkg/querier/queryrange/detected_fields.go`).
const NULLABLE: &[&str] = &["warnings", "errors", "parsers"];

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Asserts that `actual` has the shape of `expected`: same value types recursively, objects
/// with the same keys, list elements shaped like some fixture element, tuples position by
/// position. Panics with the JSON path of the first difference.
pub fn assert_shape(actual: &Value, expected: &Value, keys: Keys) {
    if let Err(e) = shape(actual, expected, keys, "$", "") {
        panic!("shape mismatch: {e}");
    }
}

pub fn shape_ok(actual: &Value, expected: &Value, keys: Keys) -> bool {
    shape(actual, expected, keys, "$", "").is_ok()
}

fn shape(a: &Value, e: &Value, keys: Keys, path: &str, key: &str) -> Result<(), String> {
    if NULLABLE.contains(&key)
        && (a.is_null() || e.is_null())
        && (a.is_array() || e.is_array() || a == e)
    {
        return Ok(());
    }
    if kind(a) != kind(e) {
        return Err(format!(
            "{path}: {} where the fixture has {} ({a} vs {e})",
            kind(a),
            kind(e)
        ));
    }
    match (a, e) {
        (Value::Object(ao), Value::Object(eo)) if MAP_KEYS.contains(&key) => {
            // A label set / process map: any keys, values shaped like the fixture's values.
            match eo.values().next() {
                Some(ev) => ao
                    .iter()
                    .try_for_each(|(k, av)| shape(av, ev, keys, &format!("{path}.{k}"), "")),
                None => ao.values().try_for_each(|av| {
                    if av.is_string() {
                        Ok(())
                    } else {
                        Err(format!("{path}: label value {av} is not a string"))
                    }
                }),
            }
        }
        (Value::Object(ao), Value::Object(eo)) => {
            for k in eo.keys() {
                if !ao.contains_key(k) && !OPTIONAL.contains(&k.as_str()) {
                    return Err(format!("{path}: missing key {k:?}"));
                }
            }
            if keys == Keys::Exact {
                if let Some(k) = ao
                    .keys()
                    .find(|k| !eo.contains_key(*k) && !OPTIONAL.contains(&k.as_str()))
                {
                    return Err(format!("{path}: extra key {k:?}"));
                }
            }
            for (k, av) in ao {
                if let Some(ev) = eo.get(k) {
                    shape(av, ev, keys, &format!("{path}.{k}"), k)?;
                }
            }
            Ok(())
        }
        (Value::Array(aa), Value::Array(ea)) => {
            if ea.is_empty() {
                return Ok(());
            }
            let tuple = ea.windows(2).any(|w| kind(&w[0]) != kind(&w[1]));
            if tuple {
                if aa.len() != ea.len() {
                    return Err(format!(
                        "{path}: tuple of {} where the fixture has {}",
                        aa.len(),
                        ea.len()
                    ));
                }
                return aa.iter().zip(ea).enumerate().try_for_each(|(i, (av, ev))| {
                    shape(av, ev, keys, &format!("{path}[{i}]"), "")
                });
            }
            for (i, av) in aa.iter().enumerate() {
                let p = format!("{path}[{i}]");
                // Lists may mix variants (tags of several types): any fixture element will do.
                let errs: Vec<String> = ea
                    .iter()
                    .filter_map(|ev| shape(av, ev, keys, &p, key).err())
                    .collect();
                if errs.len() == ea.len() {
                    return Err(errs.into_iter().next().unwrap_or_default());
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[test]
fn shape_helper_catches_differences() {
    use serde_json::json;
    let fx = json!({"data": {"result": [{"stream": {"a": "b"}, "values": [["1", "x"]]}]}});
    assert!(shape_ok(
        &json!({"data": {"result": [{"stream": {"z": "y"}, "values": [["2", "y"], ["3", "z"]]}]}}),
        &fx,
        Keys::Exact
    ));
    assert!(!shape_ok(
        &json!({"data": {"result": [{"stream": {}, "values": [[2, "y"]]}]}}),
        &fx,
        Keys::Exact
    ));
    assert!(!shape_ok(
        &json!({"data": {"result": [], "extra": 1}}),
        &fx,
        Keys::Exact
    ));
    assert!(shape_ok(
        &json!({"data": {"result": [], "extra": 1}}),
        &fx,
        Keys::Superset
    ));
    assert!(!shape_ok(&json!({"data": {}}), &fx, Keys::Superset));
    let tuple = json!([[1.5, "1"]]);
    assert!(!shape_ok(&json!([["1.5", "1"]]), &tuple, Keys::Exact));
    assert!(!shape_ok(&json!([[1.5, "1", {}]]), &tuple, Keys::Exact));
}
