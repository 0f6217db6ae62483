//! The Alertmanager part of the integration check: an incident's alert reaches the real
//! Alertmanager grouped under the receiver its routing names, the inhibition rule suppresses the
//! duplicate alert, and meshsim's webhook recorder is notified of the one.
//!
//! Whether the duplicate was ever notified is not asserted: Prometheus evaluates the two rule
//! groups at different offsets, so the duplicate may reach Alertmanager (and its receiver) a few
//! seconds before the alert that inhibits it, as it would in production.

use super::{get_json, Stack};
use serde_json::Value;
use std::time::{Duration, Instant};

/// One alert as Alertmanager's `/api/v2/alerts/groups` shows it.
#[derive(Debug, PartialEq)]
pub struct HeldAlert {
    pub receiver: String,
    pub group_labels: Value,
    /// `active`, `suppressed` or `unprocessed`.
    pub state: String,
    /// Fingerprints of the alerts that inhibit it.
    pub inhibited_by: usize,
}

/// The alert named `alertname` on an instance of `host`, in the groups' answer.
pub fn find_held(groups: &Value, alertname: &str, host: &str) -> Option<HeldAlert> {
    groups.as_array()?.iter().find_map(|group| {
        let alert = group["alerts"].as_array()?.iter().find(|a| {
            a["labels"]["alertname"] == alertname
                && a["labels"]["instance"]
                    .as_str()
                    .is_some_and(|i| i.split(':').next() == Some(host))
        })?;
        Some(HeldAlert {
            receiver: group["receiver"]["name"].as_str()?.to_string(),
            group_labels: group["labels"].clone(),
            state: alert["status"]["state"].as_str()?.to_string(),
            inhibited_by: alert["status"]["inhibitedBy"]
                .as_array()
                .map_or(0, Vec::len),
        })
    })
}

/// The receivers the recorder was notified on with `alertname` firing, oldest first.
pub fn notified_receivers(record: &Value, alertname: &str) -> Vec<String> {
    record["notifications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["status"] == "firing")
        .filter(|n| {
            n["alertnames"]
                .as_array()
                .is_some_and(|names| names.iter().any(|a| a == alertname))
        })
        .filter_map(|n| n["receiver"].as_str().map(str::to_string))
        .collect()
}

/// Empties the recorder, so what the check reads was sent for its own incident.
pub fn clear_record(stack: &Stack) -> Result<(), String> {
    let url = stack.webhook_record_url();
    ureq::delete(&url)
        .call()
        .map(|_| ())
        .map_err(|e| format!("DELETE {url}: {e}"))
}

/// With `node_down` running on `host`: Alertmanager holds MeshNodeDown active under
/// `critical-alerts` (grouped by alertname and job), AgentMeshNodeDown suppressed by it, and
/// the recorder got MeshNodeDown from `critical-alerts`.
pub fn check_node_down_routed(stack: &Stack, host: &str, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    let groups_url = format!("{}/api/v2/alerts/groups", stack.alertmanager_url());
    let mut last = String::from("nothing yet");
    while Instant::now() < deadline {
        let groups = get_json(&groups_url)?;
        let record = get_json(&stack.webhook_record_url())?;
        let down = find_held(&groups, "MeshNodeDown", host);
        let duplicate = find_held(&groups, "AgentMeshNodeDown", host);
        let notified = notified_receivers(&record, "MeshNodeDown");
        last = format!(
            "MeshNodeDown {down:?}, AgentMeshNodeDown {duplicate:?}, notified on {notified:?}"
        );
        let routed = down.as_ref().is_some_and(|d| {
            d.receiver == "critical-alerts"
                && d.state == "active"
                && d.group_labels["alertname"] == "MeshNodeDown"
                && d.group_labels["job"] == "agent-mesh"
        });
        let inhibited = duplicate
            .as_ref()
            .is_some_and(|d| d.state == "suppressed" && d.inhibited_by > 0);
        if routed && inhibited && notified.iter().any(|r| r == "critical-alerts") {
            println!("ok: Alertmanager: {last}");
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    Err(format!(
        "Alertmanager did not route node_down on {host} within {}s: {last}",
        timeout.as_secs()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shape of Alertmanager 0.25's answer (trimmed from tests/fixtures/alertmanager).
    fn groups() -> Value {
        json!([
            {
                "labels": { "alertname": "MeshNodeDown", "job": "agent-mesh" },
                "receiver": { "name": "critical-alerts" },
                "alerts": [{
                    "labels": { "alertname": "MeshNodeDown", "instance": "trainer-03:9091" },
                    "status": { "state": "active", "inhibitedBy": [], "silencedBy": [] }
                }]
            },
            {
                "labels": { "alertname": "AgentMeshNodeDown", "job": "agent-mesh-nodes" },
                "receiver": { "name": "critical-alerts" },
                "alerts": [{
                    "labels": { "alertname": "AgentMeshNodeDown", "instance": "trainer-03:9091" },
                    "status": { "state": "suppressed", "inhibitedBy": ["ab12"], "silencedBy": [] }
                }]
            }
        ])
    }

    #[test]
    fn finds_an_alert_by_name_and_host_with_its_group() {
        let held = find_held(&groups(), "AgentMeshNodeDown", "trainer-03").unwrap();
        assert_eq!(held.receiver, "critical-alerts");
        assert_eq!(held.state, "suppressed");
        assert_eq!(held.inhibited_by, 1);
        assert_eq!(held.group_labels["job"], "agent-mesh-nodes");
        // trainer-0 is another host, not a prefix of trainer-03.
        assert_eq!(find_held(&groups(), "MeshNodeDown", "trainer-0"), None);
        assert_eq!(
            find_held(&json!({"error": "x"}), "MeshNodeDown", "trainer-03"),
            None
        );
    }

    #[test]
    fn lists_receivers_notified_of_a_firing_alert() {
        let record = json!({ "notifications": [
            { "receiver": "critical-alerts", "status": "firing", "alertnames": ["MeshNodeDown"] },
            { "receiver": "web.hook", "status": "firing", "alertnames": ["LowPeerCount"] },
            { "receiver": "critical-alerts", "status": "resolved", "alertnames": ["MeshNodeDown"] }
        ]});
        assert_eq!(
            notified_receivers(&record, "MeshNodeDown"),
            ["critical-alerts"]
        );
        assert!(notified_receivers(&record, "AgentMeshNodeDown").is_empty());
    }
}
