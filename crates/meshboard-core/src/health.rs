//! Reading a datasource's health-check answer: which endpoint proves each backend is alive,
//! and what its response means, as one ok/error line for the settings page.

use crate::config::JaegerApi;
use crate::panel::age_text;
use crate::prometheus::parse_rfc3339_ms;

/// The kinds of backend Meshboard speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Prometheus,
    Loki,
    Jaeger(JaegerApi),
    Alertmanager,
}

impl BackendKind {
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Prometheus => "Prometheus",
            BackendKind::Loki => "Loki",
            BackendKind::Jaeger(_) => "Jaeger",
            BackendKind::Alertmanager => "Alertmanager",
        }
    }

    /// The path, relative to the datasource URL, whose answer proves the API works.
    pub fn health_path(self) -> &'static str {
        match self {
            BackendKind::Prometheus => "/api/v1/status/buildinfo",
            BackendKind::Loki => "/loki/api/v1/labels",
            BackendKind::Jaeger(JaegerApi::V1) => "/api/services",
            BackendKind::Jaeger(JaegerApi::V3) => "/api/v3/services",
            BackendKind::Alertmanager => "/api/v2/status",
        }
    }
}

/// Interprets a health-check response: `Ok(detail)` like "version 2.42.0" or `Err(problem)`.
/// `now_ms` (epoch ms) turns a start time into an uptime.
pub fn interpret(
    kind: BackendKind,
    status: u16,
    body: &str,
    now_ms: f64,
) -> Result<String, String> {
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
        BackendKind::Alertmanager => {
            AlertmanagerStatus::from_json(&json).map(|status| status.summary(now_ms))
        }
    }
}

/// What Alertmanager's `/api/v2/status` says about the server (its `config` is left out).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertmanagerStatus {
    pub version: String,
    /// `ready`, `settling` or `disabled` (a server run without a cluster).
    pub cluster_status: String,
    /// Cluster members, itself included (none when the cluster is disabled).
    pub peers: usize,
    /// When the server started, epoch ms (Alertmanager calls this field `uptime`).
    pub started_ms: f64,
}

impl AlertmanagerStatus {
    /// Reads the fields the v2 API marks required; a missing one means this is not
    /// Alertmanager's status (another server, or the v1 API of an old Alertmanager).
    pub fn from_json(json: &serde_json::Value) -> Result<AlertmanagerStatus, String> {
        let not_status =
            |what: &str| format!("no {what}: is this Alertmanager's API v2 (/api/v2/status)?");
        let version = json["versionInfo"]["version"]
            .as_str()
            .ok_or_else(|| not_status("`versionInfo.version`"))?;
        let cluster_status = json["cluster"]["status"]
            .as_str()
            .ok_or_else(|| not_status("`cluster.status`"))?;
        let started_ms = json["uptime"]
            .as_str()
            .and_then(parse_rfc3339_ms)
            .ok_or_else(|| not_status("`uptime` time"))?;
        Ok(AlertmanagerStatus {
            version: version.to_string(),
            cluster_status: cluster_status.to_string(),
            peers: json["cluster"]["peers"].as_array().map_or(0, Vec::len),
            started_ms,
        })
    }

    /// `Alertmanager 0.25.0, cluster ready with 3 peers, up 2h 5m`.
    pub fn summary(&self, now_ms: f64) -> String {
        let cluster = match (self.cluster_status.as_str(), self.peers) {
            ("disabled", _) => "cluster disabled".to_string(),
            (status, 1) => format!("cluster {status} with 1 peer"),
            (status, peers) => format!("cluster {status} with {peers} peers"),
        };
        format!(
            "Alertmanager {}, {cluster}, up {}",
            self.version,
            age_text(self.started_ms, now_ms)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_healthy_backends() {
        let prom = r#"{"status":"success","data":{"version":"2.42.0","revision":"x"}}"#;
        assert_eq!(
            interpret(BackendKind::Prometheus, 200, prom, 0.0).unwrap(),
            "Prometheus API, version 2.42.0"
        );
        let loki = r#"{"status":"success","data":["job","level"]}"#;
        assert_eq!(
            interpret(BackendKind::Loki, 200, loki, 0.0).unwrap(),
            "Loki API, 2 labels"
        );
        let v1 = r#"{"data":["frontend","redis"],"total":2,"limit":0,"offset":0,"errors":null}"#;
        assert_eq!(
            interpret(BackendKind::Jaeger(JaegerApi::V1), 200, v1, 0.0).unwrap(),
            "Jaeger API v1, 2 services"
        );
        let v3 = r#"{"services":["a"]}"#;
        assert_eq!(
            interpret(BackendKind::Jaeger(JaegerApi::V3), 200, v3, 0.0).unwrap(),
            "Jaeger API v3, 1 services"
        );
    }

    #[test]
    fn explains_failures() {
        let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>";
        assert_eq!(
            interpret(BackendKind::Prometheus, 502, html, 0.0).unwrap_err(),
            "HTTP 502: <html>"
        );
        assert_eq!(
            interpret(BackendKind::Loki, 404, "", 0.0).unwrap_err(),
            "HTTP 404"
        );
        let not_json = interpret(
            BackendKind::Loki,
            200,
            "<!doctype html><title>Meshboard</title>",
            0.0,
        )
        .unwrap_err();
        assert!(not_json.contains("not with JSON"), "{not_json}");
        let wrong_api = interpret(
            BackendKind::Jaeger(JaegerApi::V3),
            200,
            r#"{"data":[]}"#,
            0.0,
        )
        .unwrap_err();
        assert!(wrong_api.contains("API v3"), "{wrong_api}");
    }

    /// Real answers of Alertmanager 0.25.0 (tests/fixtures/alertmanager_status/SOURCE.txt).
    const READY: &str =
        include_str!("../../../tests/fixtures/alertmanager_status/status_cluster_ready.json");
    const DISABLED: &str =
        include_str!("../../../tests/fixtures/alertmanager_status/status_cluster_disabled.json");

    #[test]
    fn reads_a_real_alertmanager_status() {
        let json: serde_json::Value = serde_json::from_str(READY).unwrap();
        let status = AlertmanagerStatus::from_json(&json).unwrap();
        assert_eq!(status.version, "0.25.0");
        assert_eq!(status.cluster_status, "ready");
        assert_eq!(status.peers, 1);
        // "uptime": "2026-12-07T14:46:41.820Z" is the start time.
        let started = parse_rfc3339_ms("2026-12-07T14:46:41.820Z").unwrap();
        assert_eq!(status.started_ms, started);
        let two_hours_later = started + 2.0 * 3_600_000.0 + 5.0 * 60_000.0;
        assert_eq!(
            interpret(BackendKind::Alertmanager, 200, READY, two_hours_later).unwrap(),
            "Alertmanager 0.25.0, cluster ready with 1 peer, up 2h 5m"
        );
        // The server without a cluster started at 14:45:45.670.
        let disabled_started = parse_rfc3339_ms("2026-12-07T14:45:45.670Z").unwrap();
        assert_eq!(
            interpret(
                BackendKind::Alertmanager,
                200,
                DISABLED,
                disabled_started + 42_000.0
            )
            .unwrap(),
            "Alertmanager 0.25.0, cluster disabled, up 42s"
        );
        assert_eq!(BackendKind::Alertmanager.health_path(), "/api/v2/status");
    }

    #[test]
    fn counts_every_peer_of_a_settling_cluster() {
        let mut json: serde_json::Value = serde_json::from_str(READY).unwrap();
        json["cluster"]["status"] = "settling".into();
        let peer = json["cluster"]["peers"][0].clone();
        json["cluster"]["peers"] = serde_json::json!([peer.clone(), peer.clone(), peer]);
        let status = AlertmanagerStatus::from_json(&json).unwrap();
        assert_eq!(
            status.summary(status.started_ms + 30_000.0),
            "Alertmanager 0.25.0, cluster settling with 3 peers, up 30s"
        );
    }

    #[test]
    fn refuses_what_is_not_alertmanager_v2_status() {
        // Prometheus' buildinfo behind a misconfigured URL.
        let prom = r#"{"status":"success","data":{"version":"2.42.0"}}"#;
        let problem = interpret(BackendKind::Alertmanager, 200, prom, 0.0).unwrap_err();
        assert_eq!(
            problem,
            "no `versionInfo.version`: is this Alertmanager's API v2 (/api/v2/status)?"
        );
        let mut json: serde_json::Value = serde_json::from_str(READY).unwrap();
        json["uptime"] = "yesterday".into();
        let problem = AlertmanagerStatus::from_json(&json).unwrap_err();
        assert!(problem.starts_with("no `uptime` time"), "{problem}");
        // A proxy refusing the credential it should have added.
        assert_eq!(
            interpret(BackendKind::Alertmanager, 401, "Unauthorized\n", 0.0).unwrap_err(),
            "HTTP 401: Unauthorized"
        );
    }
}
