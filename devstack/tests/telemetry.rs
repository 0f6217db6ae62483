//! The simulator's logs and traces: structlog JSON lines with their Loki labels (and, like
//! real deployments, a stream without a `level` label and lines that are not JSON), spans for
//! every seed trace, and log lines carrying the `trace_id` of a trace that exists.

use meshsim::sim::live::{Live, LiveOptions};
use meshsim::sim::SimConfig;
use std::collections::HashSet;

const NOW: f64 = 1_700_000_000.0;

fn live() -> Live {
    let opts = LiveOptions {
        config: SimConfig { seed: 5, nodes: 12 },
        history_end: NOW - 120.0,
        history_hours: 3.0,
        step_seconds: 60.0,
        telemetry_hours: 1.0,
        schedule_incidents: true,
    };
    Live::start(&opts, NOW)
}

#[test]
fn logs_are_structured_labelled_and_recent() {
    let live = live();
    let events: HashSet<String> = live.store.with_logs(|logs| {
        assert!(logs.len() > 500, "only {} log lines in an hour", logs.len());
        let (mut without_level, mut not_json) = (0, 0);
        for record in logs {
            for label in ["job", "instance", "component"] {
                assert!(
                    record.labels.contains_key(label),
                    "{label} missing: {record:?}"
                );
            }
            assert!(
                record.ts_ns >= ((NOW - 3600.0) * 1e9) as i64,
                "older than the telemetry window"
            );
            let stdlib = record.labels["job"] == "dynamic-graph-fed-rl";
            // Only seed 003's stdlib stream lacks the label; structlog streams all have it.
            assert_eq!(record.labels.contains_key("level"), !stdlib, "{record:?}");
            without_level += usize::from(stdlib);
            match serde_json::from_str::<serde_json::Value>(&record.line) {
                Ok(line) => {
                    if let Some(id) = record.structured_metadata.get("trace_id") {
                        assert_eq!(line["trace_id"].as_str(), Some(id.as_str()));
                    }
                }
                Err(_) => {
                    assert!(stdlib, "only stdlib lines may be plain text: {record:?}");
                    assert!(
                        record.line.starts_with("INFO:dgfrl:"),
                        "logging's default format: {}",
                        record.line
                    );
                    not_json += 1;
                }
            }
        }
        assert!(
            without_level > 20,
            "{without_level} lines without a level label"
        );
        assert!(
            not_json > 5 && not_json < without_level,
            "{not_json} of {without_level} stdlib lines are plain text"
        );
        logs.iter()
            .filter_map(|r| {
                let line: serde_json::Value = serde_json::from_str(&r.line).ok()?;
                line["event"]
                    .as_str()
                    .or(line["message"].as_str())
                    .map(str::to_string)
            })
            .collect()
    });
    for event in [
        "p2p_peer_connected",
        "federated_round_started",
        "federated_model_updated",
        "consensus_proposal_submitted",
        "agent_registered",
        "teg_transfer_completed",
        "zk_proof_generated",
        "Training episode completed",
    ] {
        assert!(
            events.contains(event),
            "no {event} log in an hour; saw {events:?}"
        );
    }
}

#[test]
fn traces_cover_the_seed_operations_and_logs_point_at_them() {
    let live = live();
    let (operations, trace_ids) = live.store.with_spans(|spans| {
        let operations: HashSet<(String, String)> = spans
            .iter()
            .map(|s| (s.service.clone(), s.operation.clone()))
            .collect();
        let ids: HashSet<String> = spans.iter().map(|s| s.trace_id.clone()).collect();
        (operations, ids)
    });
    for (service, operation) in [
        ("agent-mesh", "federated_round"),
        ("agent-mesh", "local_training"),
        ("agent-mesh", "model_aggregation"),
        ("agent-mesh", "consensus_proposal"),
        ("agent-mesh", "consensus_vote"),
        ("agent-mesh-api", "GET /mesh/status"),
        ("teg-layer", "transfer_tokens"),
        ("dynamic-graph-fed-rl", "training_step"),
        ("fedzk-zk", "zk_proof_generation"),
        ("fedzk-mpc", "mpc_secure_aggregation"),
    ] {
        assert!(
            operations.contains(&(service.to_string(), operation.to_string())),
            "no {service} {operation}"
        );
    }
    let linked = live.store.with_logs(|logs| {
        logs.iter()
            .filter_map(|r| r.structured_metadata.get("trace_id"))
            .filter(|id| trace_ids.contains(*id))
            .count()
    });
    assert!(
        linked > 100,
        "only {linked} log lines point at a stored trace"
    );
    live.store.with_spans(|spans| {
        let round = spans
            .iter()
            .find(|s| s.operation == "federated_round")
            .unwrap();
        let children = spans
            .iter()
            .filter(|s| {
                s.references
                    .first()
                    .is_some_and(|r| r.span_id == round.span_id)
            })
            .count();
        assert!(children >= 2, "federated_round has {children} children");
    });
}

#[test]
fn a_partition_produces_failing_spans() {
    let live = live();
    live.incidents.lock().unwrap().trigger(
        meshsim::incidents::IncidentKind::NetworkPartition,
        NOW,
        Some(600.0),
        None,
    );
    for second in 1..=300 {
        live.tick(NOW + second as f64);
    }
    let failed = live.store.with_spans(|spans| {
        spans
            .iter()
            .filter(|s| s.error && s.start_us > (NOW * 1e6) as i64)
            .count()
    });
    assert!(failed > 0, "no failing span during a partition");
}
