//! The stack's integration check, run on a fresh devstack before the browser suites (and
//! counted as one more test), so a broken stack shows up as itself and not only as UI failures.
//! It starts with the seam between history and live (`seam`), before anything it triggers
//! itself could change a rate.

use super::{get_json, unix_now, Stack};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The stack's end-to-end check: every dashboard counter continuous across the history's end,
/// a metric from each of the four systems, the backfilled day, an incident whose alert goes
/// pending or firing and then reaches Alertmanager routed, inhibiting and notified, and (when the stand-ins answer) a log line and a trace sharing one
/// `trace_id`.
pub fn integration_check(stack: &Stack) -> Result<(), String> {
    super::seam::seam_check(stack)?;
    latencies_inside_buckets(stack)?;
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

    super::alerting::clear_record(stack)?;
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
    let result =
        wait_for_alert(stack, "MeshNodeDown", &host, Duration::from_secs(120)).and_then(|state| {
            println!("ok: MeshNodeDown is {state} for {host}; waiting for Alertmanager");
            super::alerting::check_node_down_routed(stack, &host, Duration::from_secs(120))
                .map(|()| state)
        });
    let _ = ureq::delete(&format!(
        "{}/control/incident/node_down",
        stack.control_url()
    ))
    .call();
    result?;

    match shared_trace_id(stack) {
        Ok(Some(trace_id)) => println!("ok: a log line and a trace share trace_id {trace_id}"),
        Ok(None) => println!("skipped: the Loki/Jaeger stand-ins do not answer yet"),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Every latency histogram a dashboard reads: over the backfilled hour before the seam (no
/// incident runs in the test stack), p99 sits below the top finite bucket. Prometheus answers
/// the top bound when the rank falls into `+Inf`, which reads as a service pinned at 10 s.
fn latencies_inside_buckets(stack: &Stack) -> Result<(), String> {
    use super::seam::{dashboard_counters, values_at};
    let prom = stack.prometheus_url();
    let at = stack.history_seam().0 as f64;
    let histograms: Vec<String> =
        dashboard_counters(&crate::shell::repo_root().join("public/dashboards"))?
            .into_iter()
            .filter(|n| n.ends_with("_seconds_bucket"))
            .collect();
    let mut pinned = Vec::new();
    for name in &histograms {
        let quantile = |q: f64| -> Result<f64, String> {
            let promql = format!("histogram_quantile({q}, sum by (le) (rate({name}[1h])))");
            let value = values_at(&prom, &promql, at)?.into_values().next();
            value.ok_or_else(|| format!("`{promql}` has no value at {at}"))
        };
        let top = values_at(&prom, &format!("count by (le) ({name})"), at)?
            .keys()
            .filter_map(|labels| {
                let le = labels.split("le=\"").nth(1)?.split('"').next()?;
                le.parse::<f64>().ok().filter(|b| b.is_finite())
            })
            .fold(0.0, f64::max);
        let (p50, p99) = (quantile(0.5)?, quantile(0.99)?);
        let base = name.trim_end_matches("_bucket");
        println!("latency: {base}: p50 {p50:.4} s, p99 {p99:.4} s (top bucket {top} s)");
        // NaN (no observations) counts as pinned too.
        if p99.is_nan() || p99 >= top {
            pinned.push(format!("{base}: p99 {p99} s at its top bucket {top} s"));
        }
    }
    if pinned.is_empty() {
        println!(
            "ok: the {} latency histograms' p99 sits inside their buckets",
            histograms.len()
        );
        Ok(())
    } else {
        Err(format!(
            "latency quantiles pinned at the top bucket: {}",
            pinned.join("; ")
        ))
    }
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
    // Only rounds that started 5 minutes ago or more: a round's spans are recorded when it
    // completes (rounds last at most 180 s), so the newest round's line names a trace Jaeger
    // does not have yet, and which aggregator's stream came first decided the outcome.
    let now_ns = u128::from(unix_now() - 300) * 1_000_000_000;
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
        .ok_or(
            "no federated_round_started line with a trace_id in the hour before the last 5 minutes",
        )?;
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
