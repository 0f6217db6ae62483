//! The stack's integration check, run on a fresh devstack before the browser suites (and
//! counted as one more test), so a broken stack shows up as itself and not only as UI failures.

use super::{get_json, unix_now, Stack};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The stack's end-to-end check: a metric from each of the four systems, the backfilled day,
/// an incident whose alert goes pending or firing, and (when the stand-ins answer) a log line
/// and a trace sharing one `trace_id`.
pub fn integration_check(stack: &Stack) -> Result<(), String> {
    let prom = stack.prometheus_url();
    for (system, query) in [
        ("Agent Mesh", "agent_mesh_federated_current_round"),
        ("Protocol registry", "teg_treasury_balance"),
        ("Dynamic Graph Fed-RL", "federation_active_agents"),
        ("FEDzk", "fedzk_zk_proof_generation_total"),
    ] {
        let series = instant_query(&prom, query)?;
        if series.is_empty() {
            return Err(format!("{system}: `{query}` returned no series"));
        }
        println!("ok: {system}: `{query}` has {} series", series.len());
    }
    let history = instant_query(&prom, "count_over_time(teg_treasury_balance[23h])")?;
    let samples = history
        .first()
        .and_then(|s| s["value"][1].as_str())
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    if samples < 600.0 {
        return Err(format!(
            "backfill missing: only {samples} samples of teg_treasury_balance in 23h"
        ));
    }
    println!("ok: {samples} samples of teg_treasury_balance over the last 23h (backfill)");

    let trigger = format!(
        "{}/control/incident/node_down?duration=3m",
        stack.control_url()
    );
    let incident = ureq::post(&trigger)
        .call()
        .map_err(|e| format!("POST {trigger}: {e}"))?;
    let incident: Value = serde_json::from_str(&incident.into_string().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let host = incident["target"].as_str().unwrap_or("?").to_string();
    println!("triggered node_down on {host}; waiting for MeshNodeDown");
    let result = wait_for_alert(stack, "MeshNodeDown", &host, Duration::from_secs(120));
    let _ = ureq::delete(&format!(
        "{}/control/incident/node_down",
        stack.control_url()
    ))
    .call();
    let state = result?;
    println!("ok: MeshNodeDown is {state} for {host}");

    match shared_trace_id(stack) {
        Ok(Some(trace_id)) => println!("ok: a log line and a trace share trace_id {trace_id}"),
        Ok(None) => println!("skipped: the Loki/Jaeger stand-ins do not answer yet"),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Waits until `alert` for an instance on `host` is pending or firing; returns the state.
fn wait_for_alert(
    stack: &Stack,
    alert: &str,
    host: &str,
    timeout: Duration,
) -> Result<String, String> {
    let deadline = Instant::now() + timeout;
    // VictoriaMetrics proxies the alerting API to vmalert: one URL for both engines.
    let url = format!("{}/api/v1/alerts", stack.prometheus_url());
    while Instant::now() < deadline {
        if let Ok(body) = get_json(&url) {
            let alerts = body["data"]["alerts"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let hit = alerts.iter().find(|a| {
                a["labels"]["alertname"] == alert
                    && a["labels"]["instance"]
                        .as_str()
                        .is_some_and(|i| i.starts_with(host))
            });
            if let Some(a) = hit {
                return Ok(a["state"].as_str().unwrap_or("active").to_string());
            }
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    Err(format!(
        "{alert} for {host} never became pending or firing at {url}"
    ))
}

/// A federated round's `trace_id` from a Loki log line, looked up in the Jaeger API.
/// `Ok(None)` when the stand-ins are not served.
fn shared_trace_id(stack: &Stack) -> Result<Option<String>, String> {
    let now_ns = u128::from(unix_now()) * 1_000_000_000;
    let query = r#"{job="agent-mesh"} |= "federated_round_started""#;
    let url = format!("{}/loki/api/v1/query_range", stack.loki_url());
    let response = ureq::get(&url)
        .query("query", query)
        .query("start", &(now_ns - 3_600 * 1_000_000_000).to_string())
        .query("end", &now_ns.to_string())
        .query("limit", "5")
        .call();
    let body = match response {
        Ok(r) => r.into_string().map_err(|e| e.to_string())?,
        Err(ureq::Error::Status(404, _)) | Err(ureq::Error::Transport(_)) => return Ok(None),
        Err(e) => return Err(format!("Loki query failed: {e}")),
    };
    let body: Value =
        serde_json::from_str(&body).map_err(|e| format!("Loki answer is not JSON: {e}"))?;
    let trace_id = body["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|stream| stream["values"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| {
            v[1].as_str()
                .and_then(|line| serde_json::from_str::<Value>(line).ok())
        })
        .find_map(|line| line["trace_id"].as_str().map(str::to_string))
        .ok_or("no federated_round_started line with a trace_id in the last hour")?;
    let trace = get_json(&format!("{}/api/traces/{trace_id}", stack.jaeger_url()))?;
    let spans = trace["data"][0]["spans"].as_array().map_or(0, Vec::len);
    if spans == 0 {
        return Err(format!(
            "Jaeger has no spans for trace {trace_id} seen in Loki"
        ));
    }
    Ok(Some(trace_id))
}

fn instant_query(prom: &str, query: &str) -> Result<Vec<Value>, String> {
    let url = format!("{prom}/api/v1/query");
    let response = ureq::get(&url)
        .query("query", query)
        .call()
        .map_err(|e| format!("{url} `{query}`: {e}"))?;
    let body: Value = serde_json::from_str(&response.into_string().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    Ok(body["data"]["result"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stack::{Engine, StackOptions};

    /// The whole stack on free ports: `cargo test -p xtask -- --ignored devstack --nocapture`
    /// (`MESHBOARD_STACK_ENGINE=victoria-metrics` for the second engine, `..._NODES=1000`).
    #[test]
    #[ignore = "starts Prometheus and meshsim; run by hand or through `cargo xtask test`"]
    fn devstack_integration() {
        let engine = match std::env::var("MESHBOARD_STACK_ENGINE").as_deref() {
            Ok("victoria-metrics") => Engine::VictoriaMetrics,
            _ => Engine::Prometheus,
        };
        let nodes = std::env::var("MESHBOARD_STACK_NODES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12);
        let work_dir =
            std::env::temp_dir().join(format!("meshboard-devstack-{}", std::process::id()));
        let opts = StackOptions {
            engine,
            nodes,
            fast_alerts: true,
            work_dir: work_dir.clone(),
        };
        let stack = Stack::start(&opts).expect("stack starts");
        integration_check(&stack).expect("integration check passes");
        drop(stack);
        let _ = std::fs::remove_dir_all(work_dir);
    }
}
