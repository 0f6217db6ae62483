//! Each incident moves the metrics its seed alert reads across the alert's threshold,
//! evaluated here the way the rule's PromQL would (rates over 5 minutes, ratios, time()).

mod common;

use common::*;
use meshsim::incidents::IncidentKind;

/// A warmed-up world, then `kind` for `minutes`; returns scrapes 5 minutes apart at the end.
fn during(kind: IncidentKind, minutes: f64) -> (meshsim::sim::World, Vec<Sample>, Vec<Sample>) {
    let mut w = world(12);
    let mut book = quiet_book(&w);
    advance(&mut w, &book, 1800.0, 15.0);
    trigger(&w, &mut book, kind);
    advance(&mut w, &book, (minutes - 5.0) * 60.0, 5.0);
    let before = scrape(&w);
    advance(&mut w, &book, 300.0, 5.0);
    let after = scrape(&w);
    (w, before, after)
}

fn quiet() -> (Vec<Sample>, Vec<Sample>) {
    let mut w = world(12);
    let book = quiet_book(&w);
    advance(&mut w, &book, 1800.0, 15.0);
    let before = scrape(&w);
    advance(&mut w, &book, 300.0, 5.0);
    (before, scrape(&w))
}

#[test]
fn node_down_makes_its_targets_unreachable() {
    let (w, _, _) = during(IncidentKind::NodeDown, 6.0);
    let down: Vec<_> = w
        .targets()
        .iter()
        .filter(|t| !t.is_up())
        .map(|t| (t.job, t.instance.clone()))
        .collect();
    assert_eq!(
        down,
        vec![
            ("agent-mesh", "trainer-01:9091".to_string()),
            ("agent-mesh-nodes", "trainer-01:9091".to_string())
        ]
    );
}

#[test]
fn partition_lowers_peers_raises_score_and_latency() {
    let (_, _, after) = during(IncidentKind::NetworkPartition, 7.0);
    assert!(find(
        &after,
        Some("agent-mesh-nodes"),
        "agent_mesh_p2p_network_partition_score"
    )
    .iter()
    .all(|s| s.value > 0.5));
    assert!(find(&after, Some("agent-mesh"), "mesh_peer_count")
        .iter()
        .any(|s| s.value < 3.0));
    assert!(find(
        &after,
        Some("agent-mesh"),
        "consensus_round_duration_seconds"
    )
    .iter()
    .all(|s| s.value > 10.0));
    let active = sum(
        &after,
        Some("dynamic-graph-fed-rl"),
        "federation_active_agents",
        &[],
    );
    let total = sum(
        &after,
        Some("dynamic-graph-fed-rl"),
        "federation_total_agents",
        &[],
    );
    assert!(active < total * 0.7, "{active} of {total}");
    let (_, calm) = quiet();
    assert!(find(&calm, Some("agent-mesh"), "mesh_peer_count")
        .iter()
        .all(|s| s.value >= 3.0));
}

#[test]
fn consensus_failure_rate_crosses_the_seed_threshold() {
    let (_, before, after) = during(IncidentKind::ConsensusFailure, 6.0);
    let node_rate = rate(
        &before,
        &after,
        "consensus_failed_rounds_total",
        &[],
        Some("agent-mesh"),
        300.0,
    ) / 12.0;
    assert!(
        node_rate > 0.1,
        "failed rounds per node per second {node_rate}"
    );
    let (b, a) = quiet();
    assert!(
        rate(
            &b,
            &a,
            "consensus_failed_rounds_total",
            &[],
            Some("agent-mesh"),
            300.0
        ) / 12.0
            < 0.05
    );
}

#[test]
fn accuracy_drop_goes_below_eighty_percent() {
    let (_, _, after) = during(IncidentKind::AccuracyDrop, 8.0);
    assert!(find(&after, Some("agent-mesh"), "fl_model_accuracy")
        .iter()
        .all(|s| s.value < 0.8));
}

#[test]
fn stalled_rounds_leave_the_last_round_timestamp_behind() {
    let (w, _, after) = during(IncidentKind::FlStall, 11.0);
    for s in find(
        &after,
        Some("agent-mesh-nodes"),
        "agent_mesh_federated_last_round_timestamp",
    ) {
        assert!(
            w.now() - s.value > 600.0,
            "last round {}s ago",
            w.now() - s.value
        );
    }
}

#[test]
fn auth_burst_exceeds_ten_failures_per_second() {
    let (_, before, after) = during(IncidentKind::AuthFailureBurst, 6.0);
    assert!(
        rate(
            &before,
            &after,
            "auth_failures_total",
            &[],
            Some("registry_a"),
            300.0
        ) > 10.0
    );
    let failures = rate(
        &before,
        &after,
        "fedzk_auth_attempts_total",
        &[("result", "failure")],
        None,
        300.0,
    );
    let all = rate(
        &before,
        &after,
        "fedzk_auth_attempts_total",
        &[],
        None,
        300.0,
    );
    assert!(failures / all > 0.2, "{failures} of {all}");
}

#[test]
fn treasury_drain_empties_the_treasury_with_a_transaction_flood() {
    let (_, before, after) = during(IncidentKind::TreasuryDrain, 8.0);
    assert!(sum(&after, Some("teg_layer"), "teg_treasury_balance", &[]) < 1000.0);
    assert!(
        rate(
            &before,
            &after,
            "teg_transactions_total",
            &[("type", "transfer")],
            None,
            300.0
        ) > 100.0
    );
}

#[test]
fn cert_expiry_brings_the_certificate_within_a_week() {
    let (w, _, after) = during(IncidentKind::CertExpiry, 6.0);
    let expiry = sum(&after, Some("spire_server"), "x509_cert_expiry", &[]);
    assert!(expiry - w.now() < 7.0 * 24.0 * 3600.0);
    let (_, calm) = quiet();
    assert!(
        sum(&calm, Some("spire_server"), "x509_cert_expiry", &[]) - common::START
            > 7.0 * 24.0 * 3600.0
    );
}

#[test]
fn zk_failures_show_in_the_proof_counter() {
    let (_, before, after) = during(IncidentKind::ZkProofFailures, 10.0);
    assert!(
        rate(
            &before,
            &after,
            "fedzk_zk_proof_generation_total",
            &[("status", "failure")],
            None,
            300.0
        ) > 0.0
    );
    let (b, a) = quiet();
    assert_eq!(
        rate(
            &b,
            &a,
            "fedzk_zk_proof_generation_total",
            &[("status", "failure")],
            None,
            300.0
        ),
        0.0
    );
}

#[test]
fn memory_pressure_passes_ninety_percent() {
    let (_, _, after) = during(IncidentKind::MemoryPressure, 8.0);
    let total = sum(&after, Some("node"), "node_memory_MemTotal_bytes", &[]);
    let available = sum(&after, Some("node"), "node_memory_MemAvailable_bytes", &[]);
    assert!((total - available) / total > 0.9);
    for used in find(&after, Some("agent-mesh"), "system_memory_usage_bytes") {
        let total = find(&after, Some("agent-mesh"), "system_memory_total_bytes")
            .into_iter()
            .find(|t| t.instance == used.instance)
            .unwrap();
        assert!(used.value / total.value > 0.9, "{}", used.instance);
    }
}

#[test]
fn api_errors_burn_the_error_budget() {
    let ratio = |before: &[Sample], after: &[Sample]| {
        let all = rate(before, after, "http_requests_total", &[], None, 300.0);
        let errors = rate(
            before,
            after,
            "http_requests_total",
            &[("status", "500")],
            None,
            300.0,
        );
        errors / all
    };
    let (_, before, after) = during(IncidentKind::ApiErrors, 6.0);
    assert!(ratio(&before, &after) > 0.002, "{}", ratio(&before, &after));
    let (b, a) = quiet();
    assert!(ratio(&b, &a) < 0.002);
}
