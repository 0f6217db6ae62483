//! An opt-in bearer-token requirement for the Loki and Jaeger stand-ins (`meshsim serve
//! --require-bearer-file FILE`), like the auth gateway that usually fronts them. The deploy
//! tests use it to prove that nginx adds the backend credential and the browser never holds it.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::Arc;

/// Wraps `app` so every request must carry `Authorization: Bearer <token>`.
pub fn require_bearer(app: Router, token: &str) -> Router {
    let expected: Arc<str> = format!("Bearer {token}").into();
    app.layer(middleware::from_fn_with_state(expected, check_bearer))
}

async fn check_bearer(State(expected): State<Arc<str>>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    if presented == Some(&*expected) {
        return next.run(request).await;
    }
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer realm=\"meshsim\"")],
        "missing or wrong bearer token\n",
    )
        .into_response()
}

/// Reads the token file (one line; surrounding whitespace ignored); an empty token is refused,
/// because it would make the requirement meaningless.
pub fn read_token_file(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(format!("{}: the bearer token is empty", path.display()));
    }
    Ok(token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;

    async fn status_with(authorization: Option<&str>) -> StatusCode {
        let app = require_bearer(
            Router::new().route("/ready", get(|| async { "ready" })),
            "s3cret",
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let auth_line = authorization
            .map(|value| format!("Authorization: {value}\r\n"))
            .unwrap_or_default();
        // A plain blocking client keeps the test free of an HTTP client dependency.
        let request =
            format!("GET /ready HTTP/1.1\r\nHost: x\r\n{auth_line}Connection: close\r\n\r\n");
        let answer = tokio::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        })
        .await
        .unwrap();
        let code = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
        StatusCode::from_u16(code).unwrap()
    }

    #[tokio::test]
    async fn only_the_right_token_passes() {
        assert_eq!(status_with(Some("Bearer s3cret")).await, StatusCode::OK);
        assert_eq!(status_with(None).await, StatusCode::UNAUTHORIZED);
        assert_eq!(
            status_with(Some("Bearer wrong")).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(status_with(Some("s3cret")).await, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn an_empty_token_file_is_refused() {
        let path = std::env::temp_dir().join(format!("meshsim-token-{}", std::process::id()));
        std::fs::write(&path, "  \n").unwrap();
        assert!(read_token_file(&path).is_err());
        std::fs::write(&path, "abc\n").unwrap();
        assert_eq!(read_token_file(&path).unwrap(), "abc");
        let _ = std::fs::remove_file(path);
    }
}
