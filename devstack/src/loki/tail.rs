//! `/loki/api/v1/tail`: the websocket that first replays recent lines, then pushes new ones
//! every second, in Loki's tail message shape (`streams`, and `encodingFlags` when categorized).
//! As in Loki's `TailHandler` (`pkg/querier/tail/http.go`), the query is checked before the
//! upgrade (plain-text 400 without a trailing newline) and a request that is no websocket gets
//! gorilla/websocket's `Bad Request`. Selector-only tails carry the stream labels alone: Loki's
//! tailer sends no structured metadata (so no `detected_level`) unless a pipeline runs.

use super::handlers::wants_categorized;
use super::logql::{self, ast::LogQuery, select::select, Query};
use super::params::{self, Direction, Params};
use super::response::{bad_request, streams_json, CATEGORIZE_LABELS};
use super::LokiState;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Loki caps `delay_for` at five seconds.
const MAX_DELAY_FOR_S: i64 = 5;
/// How often new lines are looked for.
const POLL: Duration = Duration::from_secs(1);

/// One tail message. `dropped_entries` appears only when Loki had to drop lines for a slow
/// client; the stand-in never drops, so it never sends the field.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TailMessage {
    streams: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding_flags: Option<[&'static str; 1]>,
}

struct TailRequest {
    query: LogQuery,
    start: i64,
    limit: usize,
    delay_ns: i64,
    categorize: bool,
    scoped: bool,
}

fn parse_request(st: &LokiState, headers: &HeaderMap, p: &Params) -> Result<TailRequest, String> {
    let query = match logql::parse(p.get("query").unwrap_or("")).map_err(|e| e.to_string())? {
        Query::Log(q) => q,
        Query::Metric(_) => return Err("only log queries are supported for tailing".into()),
    };
    let delay: i64 = match p.get("delay_for") {
        Some(d) => d
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing {d:?}: invalid syntax"))?,
        None => 0,
    };
    if delay > MAX_DELAY_FOR_S {
        return Err(format!("delay_for can't be greater than {MAX_DELAY_FOR_S}"));
    }
    let now = params::now_ns();
    Ok(TailRequest {
        query,
        start: params::parse_timestamp(p.get("start"), now - params::DEFAULT_SINCE_NS)?,
        limit: params::parse_limit(p.get("limit"))? as usize,
        delay_ns: delay * 1_000_000_000,
        categorize: wants_categorized(headers),
        scoped: st.tenant_has_data(headers),
    })
}

pub async fn tail(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    // Loki checks the parameters before the upgrade, answering its plain-text 400.
    let req = match parse_request(&st, &headers, &Params::parse(q.as_deref(), &[])) {
        Ok(req) => req,
        Err(e) => return bad_request(&e),
    };
    match ws {
        Ok(ws) => ws.on_upgrade(move |socket| stream(socket, st, req)),
        // gorilla/websocket's `returnError`: `http.Error(w, http.StatusText(400), 400)`.
        Err(_) => {
            let mut r = crate::go_http::error(axum::http::StatusCode::BAD_REQUEST, "Bad Request");
            r.headers_mut().insert(
                "sec-websocket-version",
                axum::http::HeaderValue::from_static("13"),
            );
            r
        }
    }
}

async fn stream(mut socket: WebSocket, st: Arc<LokiState>, req: TailRequest) {
    let mut from = req.start;
    let mut limit = req.limit;
    loop {
        let until = params::now_ns() - req.delay_ns + 1;
        let mut entries = if req.scoped {
            st.store.with_logs(|logs| {
                select(&req.query, logs, from, until, limit, Direction::Forward, 0).0
            })
        } else {
            Vec::new()
        };
        if req.query.stages.is_empty() {
            for e in &mut entries {
                e.metadata.clear();
                e.out.labels = e.stream.clone();
            }
        }
        // After the replay, every new line is sent (the limit only bounds the first batch).
        limit = usize::MAX;
        if let Some(last) = entries.last() {
            from = last.ts_ns + 1;
            let msg = TailMessage {
                streams: streams_json(&entries, req.categorize),
                encoding_flags: req.categorize.then_some([CATEGORIZE_LABELS]),
            };
            let text = serde_json::to_string(&msg).unwrap_or_default();
            if socket.send(Message::Text(text.into())).await.is_err() {
                return;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}
