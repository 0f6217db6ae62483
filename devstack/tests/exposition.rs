//! Every metric the seeds name is served, under the seed's job, with the seed's labels;
//! and the scrape endpoint answers like a real target (OpenMetrics, 503 when down).

mod common;

use common::*;

/// (job, sample name, label names the seed gives it)
const SEED_SERIES: &[(&str, &str, &[&str])] = &[
    // Seed 000, "Key Metrics" and the inputs of its alert rules.
    ("agent-mesh", "system_cpu_usage_percent", &[]),
    ("agent-mesh", "system_memory_usage_bytes", &[]),
    ("agent-mesh", "system_memory_total_bytes", &[]),
    ("agent-mesh", "system_disk_usage_bytes", &[]),
    ("agent-mesh", "system_network_bytes_total", &["direction"]),
    ("agent-mesh", "mesh_peer_count", &[]),
    ("agent-mesh", "mesh_messages_per_second", &[]),
    ("agent-mesh", "mesh_connection_duration_seconds", &[]),
    ("agent-mesh", "mesh_bandwidth_bytes_per_second", &[]),
    ("agent-mesh", "consensus_round_duration_seconds", &[]),
    ("agent-mesh", "consensus_vote_success_rate", &[]),
    ("agent-mesh", "consensus_leader_elections_total", &[]),
    ("agent-mesh", "consensus_byzantine_nodes_detected", &[]),
    ("agent-mesh", "consensus_failed_rounds_total", &[]),
    ("agent-mesh", "fl_training_rounds_total", &[]),
    ("agent-mesh", "fl_model_accuracy", &[]),
    ("agent-mesh", "fl_aggregation_duration_seconds", &[]),
    ("agent-mesh", "fl_privacy_budget_consumed", &[]),
    ("agent-mesh", "security_auth_failures_total", &[]),
    ("agent-mesh", "security_encryption_overhead_ms", &[]),
    ("agent-mesh", "security_cert_expiry_days", &[]),
    // Seed 001, the metrics module.
    ("agent-mesh-nodes", "agent_mesh_p2p_connected_peers", &[]),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_connection_duration_seconds_bucket",
        &["le"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_messages_total",
        &["direction", "message_type"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_message_bytes_total",
        &["direction"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_network_partition_score",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_discovery_peers_found_total",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_p2p_discovery_duration_seconds_count",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_current_round",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_rounds_completed_total",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_round_participants",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_round_duration_seconds_bucket",
        &["le"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_last_round_timestamp",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_model_accuracy",
        &[],
    ),
    ("agent-mesh-nodes", "agent_mesh_federated_model_loss", &[]),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_model_updates_total",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_federated_aggregation_duration_seconds_bucket",
        &["le"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_consensus_proposals_total",
        &[],
    ),
    ("agent-mesh-nodes", "agent_mesh_consensus_votes_total", &[]),
    (
        "agent-mesh-nodes",
        "agent_mesh_consensus_failures_total",
        &[],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_consensus_duration_seconds_bucket",
        &["le"],
    ),
    (
        "agent-mesh-nodes",
        "agent_mesh_consensus_leader_elections_total",
        &[],
    ),
    ("agent-mesh-nodes", "process_cpu_seconds_total", &[]),
    ("agent-mesh-nodes", "process_resident_memory_bytes", &[]),
    ("agent-mesh-nodes", "process_open_fds", &[]),
    ("agent-mesh-nodes", "process_start_time_seconds", &[]),
    (
        "agent-mesh-api",
        "agent_mesh_api_requests_total",
        &["method", "endpoint", "status"],
    ),
    (
        "agent-mesh-api",
        "agent_mesh_api_request_duration_seconds_bucket",
        &["method", "endpoint", "le"],
    ),
    ("agent-mesh-api", "agent_mesh_api_active_connections", &[]),
    // Seed 002.
    ("registry_a", "registry_agent_registrations_total", &[]),
    ("registry_b", "registry_active_agents", &[]),
    ("registry_a", "registry_federation_peers", &[]),
    ("registry_a", "http_request_duration_seconds", &["quantile"]),
    (
        "registry_a",
        "http_requests_total",
        &["method", "endpoint", "status"],
    ),
    ("registry_b", "auth_failures_total", &[]),
    ("teg_layer", "teg_transfers_total", &["type"]),
    ("teg_layer", "teg_transactions_total", &["type"]),
    ("teg_layer", "teg_treasury_balance", &[]),
    ("teg_layer", "teg_staking_total", &[]),
    ("teg_layer", "teg_fees_collected_total", &[]),
    ("spire_server", "x509_cert_expiry", &[]),
    ("node", "node_memory_MemTotal_bytes", &[]),
    ("node", "node_memory_MemAvailable_bytes", &[]),
    ("agent-service", "requests_total", &[]),
    // Seed 003.
    ("dynamic-graph-fed-rl", "training_episodes_total", &[]),
    (
        "dynamic-graph-fed-rl",
        "training_episode_reward_bucket",
        &["le"],
    ),
    ("dynamic-graph-fed-rl", "training_loss", &[]),
    ("dynamic-graph-fed-rl", "federation_active_agents", &[]),
    ("dynamic-graph-fed-rl", "federation_total_agents", &[]),
    (
        "dynamic-graph-fed-rl",
        "federation_communication_latency_seconds_bucket",
        &["le"],
    ),
    (
        "dynamic-graph-fed-rl",
        "federation_parameter_divergence",
        &[],
    ),
    ("dynamic-graph-fed-rl", "gossip_messages_sent_total", &[]),
    ("dynamic-graph-fed-rl", "gpu_utilization_percent", &[]),
    ("dynamic-graph-fed-rl", "memory_usage_bytes", &[]),
    (
        "dynamic-graph-fed-rl",
        "http_requests_total",
        &["method", "endpoint", "status"],
    ),
    (
        "dynamic-graph-fed-rl",
        "http_request_duration_seconds_bucket",
        &["method", "endpoint", "le"],
    ),
    ("dynamic-graph-fed-rl", "active_connections", &[]),
    ("dynamic-graph-fed-rl", "agent_reward", &["agent_id"]),
    ("dynamic-graph-fed-rl", "model_parameters_count", &[]),
    (
        "dynamic-graph-fed-rl",
        "nvidia_gpu_utilization_gpu",
        &["gpu"],
    ),
    (
        "dynamic-graph-fed-rl-agents",
        "training_episode_reward",
        &[],
    ),
    // Seed 004.
    (
        "fedzk",
        "fedzk_requests_total",
        &["method", "endpoint", "status"],
    ),
    (
        "fedzk",
        "fedzk_request_duration_seconds_bucket",
        &["method", "endpoint", "le"],
    ),
    ("fedzk", "fedzk_active_connections", &[]),
    (
        "fedzk",
        "fedzk_zk_proof_generation_total",
        &["proof_type", "status"],
    ),
    (
        "fedzk",
        "fedzk_zk_proof_generation_duration_seconds_bucket",
        &["proof_type", "le"],
    ),
    (
        "fedzk",
        "fedzk_zk_proof_size_bytes_bucket",
        &["proof_type", "le"],
    ),
    ("fedzk", "fedzk_zk_proof_verification_total", &["result"]),
    ("fedzk", "fedzk_zk_circuit_constraints", &["circuit"]),
    ("fedzk", "fedzk_fl_rounds_total", &["status"]),
    ("fedzk", "fedzk_fl_participants_active", &[]),
    (
        "fedzk",
        "fedzk_mpc_operations_total",
        &["operation", "status"],
    ),
    ("fedzk", "fedzk_auth_attempts_total", &["result"]),
    ("fedzk", "fedzk_tls_handshakes_total", &["result"]),
    (
        "fedzk",
        "fedzk_security_events_total",
        &["event_type", "severity"],
    ),
    ("fedzk", "fedzk_cpu_usage_percent", &[]),
    ("fedzk", "fedzk_memory_usage_percent", &[]),
];

#[test]
fn every_seed_metric_is_served_with_its_labels() {
    let mut w = world(12);
    let book = quiet_book(&w);
    advance(&mut w, &book, 900.0, 15.0);
    let samples = scrape(&w);
    for (job, name, label_names) in SEED_SERIES {
        let found = find(&samples, Some(job), name);
        assert!(!found.is_empty(), "{job}: no {name}");
        for s in found {
            let keys: Vec<&str> = s.labels.keys().map(String::as_str).collect();
            let mut expected: Vec<&str> = label_names.to_vec();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{job} {name} labels");
        }
    }
}

#[test]
fn targets_are_one_per_node_or_service() {
    let w = world(12);
    let targets = w.targets();
    let count = |job: &str| targets.iter().filter(|t| t.job == job).count();
    assert_eq!(count("agent-mesh"), 12);
    assert_eq!(count("agent-mesh-nodes"), 12);
    assert_eq!(count("fedzk"), 3);
    let mut instances: Vec<(String, String)> = targets
        .iter()
        .map(|t| (t.job.to_string(), t.instance.clone()))
        .collect();
    instances.sort();
    instances.dedup();
    assert_eq!(
        instances.len(),
        targets.len(),
        "a (job, instance) pair repeats"
    );
    let roles: Vec<String> = targets
        .iter()
        .filter(|t| t.job == "agent-mesh")
        .flat_map(|t| t.extra_labels.iter().map(|(_, v)| v.clone()))
        .collect();
    assert_eq!(roles.iter().filter(|r| *r == "bootstrap").count(), 1);
    assert!(roles.iter().filter(|r| *r == "aggregator").count() >= 1);
    assert_eq!(
        world(1000)
            .targets()
            .iter()
            .filter(|t| t.job == "agent-mesh")
            .count(),
        1000
    );
}

#[test]
fn scrape_endpoint_answers_openmetrics_and_503_when_down() {
    use meshsim::metrics::server::{router, CONTENT_TYPE};
    let w = world(4);
    let targets = w.targets().clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(targets.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let get = |path: String| async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            response
        };
        let ok = get("/metrics/fedzk/fedzk-zk".to_string()).await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.contains(CONTENT_TYPE));
        assert!(ok.trim_end().ends_with("# EOF"));
        let trainer = targets
            .iter()
            .find(|t| t.job == "agent-mesh" && t.instance.starts_with("trainer"))
            .unwrap();
        trainer.set_up(false);
        let down = get(format!("/metrics/{}", trainer.name)).await;
        assert!(down.starts_with("HTTP/1.1 503"), "{down}");
        let missing = get("/metrics/nope/nope".to_string()).await;
        assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    });
}
