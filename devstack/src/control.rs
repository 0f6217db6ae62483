//! The control endpoint: start, end and list incidents by hand
//! (`POST /control/incident/<name>?duration=5m&target=trainer-03`, `DELETE` the same path,
//! `POST /control/clear`, `GET /control/incidents`), and an Alertmanager sink for vmalert
//! (`POST /api/v2/alerts`), which refuses to start without somewhere to send alerts.

use crate::incidents::{parse_duration, Incident, IncidentBook, IncidentKind, Origin};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the handlers share: the incident book and the clock the simulation runs on.
#[derive(Clone)]
pub struct ControlState {
    pub incidents: Arc<Mutex<IncidentBook>>,
    pub clock: fn() -> f64,
}

pub fn router(state: ControlState) -> Router {
    Router::new()
        .route("/control/incidents", get(list))
        .route("/control/incident/{name}", post(trigger).delete(end))
        .route("/control/clear", post(clear_all))
        .route("/api/v2/alerts", post(|| async { StatusCode::OK }))
        .with_state(state)
}

fn incident_json(i: &Incident) -> Value {
    json!({
        "name": i.kind.name(),
        "start": i.start,
        "end": i.end,
        "target": i.target,
        "origin": match i.origin { Origin::Schedule => "schedule", Origin::Manual => "manual" },
        "alerts": i.kind.alerts(),
    })
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn list(State(state): State<ControlState>) -> Json<Value> {
    let now = (state.clock)();
    let book = state.incidents.lock().expect("incident book poisoned");
    let kinds: Vec<Value> = IncidentKind::ALL
        .iter()
        .map(|k| {
            json!({
                "name": k.name(),
                "description": k.description(),
                "alerts": k.alerts(),
                "default_duration_s": k.default_duration_s(),
            })
        })
        .collect();
    let active: Vec<Value> = book.active_at(now).iter().map(incident_json).collect();
    let listed: Vec<Value> = book.listing(now).iter().map(incident_json).collect();
    Json(json!({
        "now": now,
        "schedule": book.schedule_enabled(),
        "kinds": kinds,
        "active": active,
        "pending_or_active": listed,
    }))
}

async fn trigger(
    State(state): State<ControlState>,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(kind) = IncidentKind::from_name(&name) else {
        let names: Vec<&str> = IncidentKind::ALL.iter().map(|k| k.name()).collect();
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("unknown incident {name}"), "known": names })),
        )
            .into_response();
    };
    let duration = match params.get("duration").map(|d| (d, parse_duration(d))) {
        None => None,
        Some((_, Some(seconds))) => Some(seconds),
        Some((text, None)) => return bad_request(format!("bad duration {text:?}")),
    };
    let now = (state.clock)();
    let mut book = state.incidents.lock().expect("incident book poisoned");
    let incident = book.trigger(kind, now, duration, params.get("target").cloned());
    (StatusCode::OK, Json(incident_json(&incident))).into_response()
}

async fn end(State(state): State<ControlState>, Path(name): Path<String>) -> Response {
    let Some(kind) = IncidentKind::from_name(&name) else {
        return bad_request(format!("unknown incident {name}"));
    };
    let now = (state.clock)();
    let ended = state
        .incidents
        .lock()
        .expect("incident book poisoned")
        .clear(Some(kind), now);
    Json(json!({ "ended": ended })).into_response()
}

async fn clear_all(State(state): State<ControlState>) -> Json<Value> {
    let now = (state.clock)();
    let ended = state
        .incidents
        .lock()
        .expect("incident book poisoned")
        .clear(None, now);
    Json(json!({ "ended": ended }))
}
