//! The webhook recorder: where every receiver of the devstack's Alertmanager sends its
//! notifications (`POST /webhook/alertmanager`, Alertmanager's webhook payload version 4), kept
//! in memory so tests can read what was notified (`GET /webhook/alertmanager`) and start from a
//! clean record (`DELETE /webhook/alertmanager`). Nothing is forwarded anywhere.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The path Alertmanager posts to and tests read from.
pub const PATH: &str = "/webhook/alertmanager";

/// The newest notifications kept: the demo runs for hours with a 30 s repeat interval, and a
/// test reads a handful.
pub const KEPT: usize = 1000;

/// What was received: the kept notifications (oldest first) and how many ever arrived.
#[derive(Default)]
pub struct Record {
    notifications: VecDeque<Value>,
    received: u64,
}

impl Record {
    /// Keeps one notification, summarised for tests next to the body exactly as it came.
    pub fn push(&mut self, received_at: f64, body: Value) {
        let alertnames: Vec<Value> = body["alerts"]
            .as_array()
            .map(|alerts| {
                alerts
                    .iter()
                    .map(|a| a["labels"]["alertname"].clone())
                    .collect()
            })
            .unwrap_or_default();
        self.notifications.push_back(json!({
            "received_at": received_at,
            "receiver": body["receiver"],
            "status": body["status"],
            "group_labels": body["groupLabels"],
            "alertnames": alertnames,
            "body": body,
        }));
        self.received += 1;
        while self.notifications.len() > KEPT {
            self.notifications.pop_front();
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "received": self.received,
            "notifications": self.notifications,
        })
    }

    /// Forgets everything; returns how many notifications were kept.
    pub fn clear(&mut self) -> usize {
        let kept = self.notifications.len();
        self.notifications.clear();
        self.received = 0;
        kept
    }
}

#[derive(Clone)]
struct RecorderState {
    record: Arc<Mutex<Record>>,
    clock: fn() -> f64,
}

/// The recorder's routes over an empty record; `clock` stamps each notification (Unix seconds).
pub fn router(clock: fn() -> f64) -> Router {
    let state = RecorderState {
        record: Arc::new(Mutex::new(Record::default())),
        clock,
    };
    Router::new()
        .route(PATH, post(receive).get(read).delete(clear))
        .with_state(state)
}

async fn receive(State(state): State<RecorderState>, body: Bytes) -> Response {
    // Alertmanager always sends a JSON object; anything else is a caller's mistake worth seeing.
    let body: Value = match serde_json::from_slice(&body) {
        Ok(value @ Value::Object(_)) => value,
        Ok(_) => return bad_request("expected a JSON object (Alertmanager's webhook payload)"),
        Err(e) => return bad_request(&format!("not JSON: {e}")),
    };
    let now = (state.clock)();
    state
        .record
        .lock()
        .expect("webhook record poisoned")
        .push(now, body);
    StatusCode::OK.into_response()
}

async fn read(State(state): State<RecorderState>) -> Json<Value> {
    Json(
        state
            .record
            .lock()
            .expect("webhook record poisoned")
            .to_json(),
    )
}

async fn clear(State(state): State<RecorderState>) -> Json<Value> {
    let cleared = state
        .record
        .lock()
        .expect("webhook record poisoned")
        .clear();
    Json(json!({ "cleared": cleared }))
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(receiver: &str, names: &[&str]) -> Value {
        let alerts: Vec<Value> = names
            .iter()
            .map(|n| json!({ "status": "firing", "labels": { "alertname": n } }))
            .collect();
        json!({
            "version": "4",
            "receiver": receiver,
            "status": "firing",
            "groupLabels": { "alertname": names[0] },
            "alerts": alerts,
        })
    }

    #[test]
    fn keeps_each_notification_with_a_summary_and_the_body_as_sent() {
        let mut record = Record::default();
        let sent = notification("critical-alerts", &["MeshNodeDown"]);
        record.push(1_700_000_000.5, sent.clone());
        let read = record.to_json();
        assert_eq!(read["received"], 1);
        let first = &read["notifications"][0];
        assert_eq!(first["receiver"], "critical-alerts");
        assert_eq!(first["alertnames"], json!(["MeshNodeDown"]));
        assert_eq!(first["group_labels"]["alertname"], "MeshNodeDown");
        assert_eq!(first["received_at"], 1_700_000_000.5);
        assert_eq!(first["body"], sent);
    }

    #[test]
    fn keeps_only_the_newest_and_counts_all() {
        let mut record = Record::default();
        for i in 0..KEPT + 5 {
            record.push(i as f64, notification("web.hook", &["LowPeerCount"]));
        }
        let read = record.to_json();
        assert_eq!(read["received"], (KEPT + 5) as u64);
        let kept = read["notifications"].as_array().unwrap();
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept[0]["received_at"], 5.0);
        assert_eq!(record.clear(), KEPT);
        assert_eq!(record.to_json()["notifications"], json!([]));
    }
}
