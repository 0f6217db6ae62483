//! The control endpoint starts, lists and ends incidents over HTTP.

use meshsim::control::{router, ControlState};
use meshsim::incidents::{IncidentBook, IncidentKind};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn fixed_clock() -> f64 {
    1_700_000_000.0
}

async fn request(addr: std::net::SocketAddr, method: &str, path: &str) -> (u16, serde_json::Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
    // Chunked or not, the JSON object is the part between the outer braces.
    let json = body
        .find('{')
        .and_then(|s| body.rfind('}').map(|e| &body[s..=e]))
        .unwrap_or("null");
    (
        status,
        serde_json::from_str(json).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn incidents_are_triggered_listed_and_ended() {
    let book = Arc::new(Mutex::new(IncidentBook::new(
        false,
        1,
        vec!["trainer-01".into(), "trainer-02".into()],
    )));
    let state = ControlState {
        incidents: book.clone(),
        clock: fixed_clock,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(state);
        tokio::spawn(async move { axum::serve(listener, app).await });

        let (status, body) = request(
            addr,
            "POST",
            "/control/incident/node_down?duration=2m&target=trainer-02",
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["target"], "trainer-02");
        assert_eq!(body["end"].as_f64(), Some(fixed_clock() + 120.0));
        assert!(book
            .lock()
            .unwrap()
            .conditions_at(fixed_clock() + 1.0)
            .node_down("trainer-02"));

        let (status, body) = request(addr, "GET", "/control/incidents").await;
        assert_eq!(status, 200);
        assert_eq!(body["active"][0]["name"], "node_down");
        assert_eq!(
            body["kinds"].as_array().unwrap().len(),
            IncidentKind::ALL.len()
        );

        assert_eq!(
            request(addr, "POST", "/control/incident/meteor_strike")
                .await
                .0,
            404
        );
        assert_eq!(
            request(addr, "POST", "/control/incident/fl_stall?duration=soon")
                .await
                .0,
            400
        );

        let (status, body) = request(addr, "DELETE", "/control/incident/node_down").await;
        assert_eq!((status, body["ended"].as_u64()), (200, Some(1)));
        assert!(book
            .lock()
            .unwrap()
            .active_at(fixed_clock() + 1.0)
            .is_empty());
        assert_eq!(request(addr, "POST", "/api/v2/alerts").await.0, 200);
    });
}
