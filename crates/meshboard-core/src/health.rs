//! Reading a datasource's health-check answer: which endpoint proves each backend is alive,
//! and what its response means, as one ok/error line for the settings page.

use crate::config::JaegerApi;

/// The kinds of backend Meshboard speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Prometheus,
    Loki,
    Jaeger(JaegerApi),
}

impl BackendKind {
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Prometheus => "Prometheus",
            BackendKind::Loki => "Loki",
            BackendKind::Jaeger(_) => "Jaeger",
        }
    }

    /// The path, relative to the datasource URL, whose answer proves the API works.
    pub fn health_path(self) -> &'static str {
        match self {
            BackendKind::Prometheus => "/api/v1/status/buildinfo",
            BackendKind::Loki => "/loki/api/v1/labels",
            BackendKind::Jaeger(JaegerApi::V1) => "/api/services",
            BackendKind::Jaeger(JaegerApi::V3) => "/api/v3/services",
        }
    }
}

/// Interprets a health-check response: `Ok(detail)` like "version 2.42.0" or `Err(problem)`.
pub fn interpret(kind: BackendKind, status: u16, body: &str) -> Result<String, String> {
    let first_line = || {
        body.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(160)
            .collect::<String>()
    };
    if !(200..300).contains(&status) {
        let line = first_line();
        return Err(if line.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}: {line}")
        });
    }
    let json: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        format!(
            "answered HTTP {status} but not with JSON ({e}); first line: {}",
            first_line()
        )
    })?;
    match kind {
        BackendKind::Prometheus => {
            if json["status"] != "success" {
                return Err(format!("status is {}", json["status"]));
            }
            let version = json["data"]["version"]
                .as_str()
                .unwrap_or("unknown version");
            Ok(format!("Prometheus API, version {version}"))
        }
        BackendKind::Loki => {
            if json["status"] != "success" {
                return Err(format!("status is {}", json["status"]));
            }
            let labels = json["data"].as_array().map_or(0, Vec::len);
            Ok(format!("Loki API, {labels} labels"))
        }
        BackendKind::Jaeger(JaegerApi::V1) => match json["data"].as_array() {
            Some(services) => Ok(format!("Jaeger API v1, {} services", services.len())),
            None => {
                Err("no `data` list of services: is this the Jaeger query service (API v1)?".into())
            }
        },
        BackendKind::Jaeger(JaegerApi::V3) => match json["services"].as_array() {
            Some(services) => Ok(format!("Jaeger API v3, {} services", services.len())),
            None => Err("no `services` list: is this the Jaeger query service (API v3)?".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_healthy_backends() {
        let prom = r#"{"status":"success","data":{"version":"2.42.0","revision":"x"}}"#;
        assert_eq!(
            interpret(BackendKind::Prometheus, 200, prom).unwrap(),
            "Prometheus API, version 2.42.0"
        );
        let loki = r#"{"status":"success","data":["job","level"]}"#;
        assert_eq!(
            interpret(BackendKind::Loki, 200, loki).unwrap(),
            "Loki API, 2 labels"
        );
        let v1 = r#"{"data":["frontend","redis"],"total":2,"limit":0,"offset":0,"errors":null}"#;
        assert_eq!(
            interpret(BackendKind::Jaeger(JaegerApi::V1), 200, v1).unwrap(),
            "Jaeger API v1, 2 services"
        );
        let v3 = r#"{"services":["a"]}"#;
        assert_eq!(
            interpret(BackendKind::Jaeger(JaegerApi::V3), 200, v3).unwrap(),
            "Jaeger API v3, 1 services"
        );
    }

    #[test]
    fn explains_failures() {
        let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>";
        assert_eq!(
            interpret(BackendKind::Prometheus, 502, html).unwrap_err(),
            "HTTP 502: <html>"
        );
        assert_eq!(
            interpret(BackendKind::Loki, 404, "").unwrap_err(),
            "HTTP 404"
        );
        let not_json = interpret(
            BackendKind::Loki,
            200,
            "<!doctype html><title>Meshboard</title>",
        )
        .unwrap_err();
        assert!(not_json.contains("not with JSON"), "{not_json}");
        let wrong_api =
            interpret(BackendKind::Jaeger(JaegerApi::V3), 200, r#"{"data":[]}"#).unwrap_err();
        assert!(wrong_api.contains("API v3"), "{wrong_api}");
    }
}
