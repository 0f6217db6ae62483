//! Agent Mesh metric families. Seeds 000 and 001 name the same runtime's metrics differently,
//! so each node is two targets: the operations guide's names (seed 000, job `agent-mesh`) and
//! the Python metrics module's names (seed 001, job `agent-mesh-nodes`); the public API is a
//! third job (`agent-mesh-api`, seed 001's scrape config).

use super::process::ProcessMetrics;
use super::{default_histogram, CounterF, GaugeF, HistogramFamily, Labels};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::exemplar::HistogramWithExemplars;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Seed 000 ("Key Metrics" and the alert rules' inputs), one set per node.
#[derive(Clone, Default)]
pub struct MeshOpsMetrics {
    pub cpu_usage_percent: GaugeF,
    pub memory_usage_bytes: GaugeF,
    pub memory_total_bytes: GaugeF,
    pub disk_usage_bytes: GaugeF,
    pub network_bytes: Family<Labels, CounterF>,
    pub peer_count: Gauge,
    pub messages_per_second: GaugeF,
    pub connection_duration_seconds: GaugeF,
    pub bandwidth_bytes_per_second: GaugeF,
    pub round_duration_seconds: GaugeF,
    pub vote_success_rate: GaugeF,
    pub leader_elections: Counter,
    pub byzantine_nodes_detected: Gauge,
    pub failed_rounds: Counter,
    pub training_rounds: Counter,
    pub model_accuracy: GaugeF,
    pub aggregation_duration_seconds: GaugeF,
    pub privacy_budget_consumed: GaugeF,
    pub auth_failures: Counter,
    pub encryption_overhead_ms: GaugeF,
    pub cert_expiry_days: GaugeF,
    pub attacks_detected: Family<Labels, Counter>,
}

impl MeshOpsMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = MeshOpsMetrics::default();
        r.register(
            "system_cpu_usage_percent",
            "CPU usage",
            m.cpu_usage_percent.clone(),
        );
        r.register(
            "system_memory_usage_bytes",
            "Memory usage",
            m.memory_usage_bytes.clone(),
        );
        r.register(
            "system_memory_total_bytes",
            "Memory installed",
            m.memory_total_bytes.clone(),
        );
        r.register(
            "system_disk_usage_bytes",
            "Disk usage",
            m.disk_usage_bytes.clone(),
        );
        r.register(
            "system_network_bytes",
            "Network I/O",
            m.network_bytes.clone(),
        );
        r.register("mesh_peer_count", "Peer count", m.peer_count.clone());
        r.register(
            "mesh_messages_per_second",
            "Message rate",
            m.messages_per_second.clone(),
        );
        r.register(
            "mesh_connection_duration_seconds",
            "Connection duration",
            m.connection_duration_seconds.clone(),
        );
        r.register(
            "mesh_bandwidth_bytes_per_second",
            "Bandwidth usage",
            m.bandwidth_bytes_per_second.clone(),
        );
        r.register(
            "consensus_round_duration_seconds",
            "Round duration",
            m.round_duration_seconds.clone(),
        );
        r.register(
            "consensus_vote_success_rate",
            "Vote success rate",
            m.vote_success_rate.clone(),
        );
        r.register(
            "consensus_leader_elections",
            "Leader elections",
            m.leader_elections.clone(),
        );
        r.register(
            "consensus_byzantine_nodes_detected",
            "Byzantine detection",
            m.byzantine_nodes_detected.clone(),
        );
        r.register(
            "consensus_failed_rounds",
            "Failed consensus rounds",
            m.failed_rounds.clone(),
        );
        r.register(
            "fl_training_rounds",
            "Training rounds",
            m.training_rounds.clone(),
        );
        r.register(
            "fl_model_accuracy",
            "Model accuracy",
            m.model_accuracy.clone(),
        );
        r.register(
            "fl_aggregation_duration_seconds",
            "Aggregation time",
            m.aggregation_duration_seconds.clone(),
        );
        r.register(
            "fl_privacy_budget_consumed",
            "Privacy budget",
            m.privacy_budget_consumed.clone(),
        );
        r.register(
            "security_auth_failures",
            "Authentication failures",
            m.auth_failures.clone(),
        );
        r.register(
            "security_encryption_overhead_ms",
            "Encryption overhead",
            m.encryption_overhead_ms.clone(),
        );
        r.register(
            "security_cert_expiry_days",
            "Certificate expiry",
            m.cert_expiry_days.clone(),
        );
        r.register(
            "security_attacks_detected",
            "Attack detection",
            m.attacks_detected.clone(),
        );
        m
    }
}

const ROUND_DURATION_BUCKETS: [f64; 7] = [1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0];

fn consensus_duration_buckets() -> Histogram {
    Histogram::new([0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0])
}

fn connection_duration_buckets() -> Histogram {
    Histogram::new([1.0, 10.0, 60.0, 300.0, 900.0, 3600.0, 14400.0, 86400.0])
}

fn aggregation_duration_buckets() -> Histogram {
    Histogram::new([0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0])
}

/// Seed 001's `agent_mesh_*` metrics, one set per node.
#[derive(Clone)]
pub struct MeshNodeMetrics {
    pub p2p_connected_peers: Gauge,
    pub p2p_connection_duration_seconds: Histogram,
    pub p2p_messages: Family<Labels, Counter>,
    pub p2p_message_bytes: Family<Labels, Counter>,
    pub p2p_network_partition_score: GaugeF,
    pub p2p_discovery_peers_found: Counter,
    pub p2p_discovery_duration_seconds: Histogram,
    pub federated_current_round: Gauge,
    pub federated_rounds_completed: Counter,
    pub federated_round_participants: Gauge,
    /// With a `trace_id` exemplar per bucket: the round's trace in the Jaeger stand-in.
    pub federated_round_duration_seconds: HistogramWithExemplars<Labels>,
    pub federated_last_round_timestamp: GaugeF,
    pub federated_model_accuracy: GaugeF,
    pub federated_model_loss: GaugeF,
    pub federated_model_updates: Counter,
    pub federated_aggregation_duration_seconds: Histogram,
    pub consensus_proposals: Counter,
    pub consensus_votes: Counter,
    pub consensus_failures: Counter,
    pub consensus_duration_seconds: Histogram,
    pub consensus_leader_elections: Counter,
    pub process: ProcessMetrics,
}

impl MeshNodeMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = MeshNodeMetrics {
            p2p_connected_peers: Gauge::default(),
            p2p_connection_duration_seconds: connection_duration_buckets(),
            p2p_messages: Family::default(),
            p2p_message_bytes: Family::default(),
            p2p_network_partition_score: GaugeF::default(),
            p2p_discovery_peers_found: Counter::default(),
            p2p_discovery_duration_seconds: default_histogram(),
            federated_current_round: Gauge::default(),
            federated_rounds_completed: Counter::default(),
            federated_round_participants: Gauge::default(),
            federated_round_duration_seconds: HistogramWithExemplars::new(
                ROUND_DURATION_BUCKETS.into_iter(),
            ),
            federated_last_round_timestamp: GaugeF::default(),
            federated_model_accuracy: GaugeF::default(),
            federated_model_loss: GaugeF::default(),
            federated_model_updates: Counter::default(),
            federated_aggregation_duration_seconds: aggregation_duration_buckets(),
            consensus_proposals: Counter::default(),
            consensus_votes: Counter::default(),
            consensus_failures: Counter::default(),
            consensus_duration_seconds: consensus_duration_buckets(),
            consensus_leader_elections: Counter::default(),
            process: ProcessMetrics::default(),
        };
        r.register(
            "agent_mesh_p2p_connected_peers",
            "Number of connected P2P peers",
            m.p2p_connected_peers.clone(),
        );
        r.register(
            "agent_mesh_p2p_connection_duration_seconds",
            "Duration of closed P2P connections",
            m.p2p_connection_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_p2p_messages",
            "Total P2P messages sent/received",
            m.p2p_messages.clone(),
        );
        r.register(
            "agent_mesh_p2p_message_bytes",
            "Total P2P message bytes sent/received",
            m.p2p_message_bytes.clone(),
        );
        r.register(
            "agent_mesh_p2p_network_partition_score",
            "Share of the mesh this node cannot reach (0 = fully connected)",
            m.p2p_network_partition_score.clone(),
        );
        r.register(
            "agent_mesh_p2p_discovery_peers_found",
            "Peers found by discovery",
            m.p2p_discovery_peers_found.clone(),
        );
        r.register(
            "agent_mesh_p2p_discovery_duration_seconds",
            "Duration of peer discovery runs",
            m.p2p_discovery_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_federated_current_round",
            "Current federated learning round",
            m.federated_current_round.clone(),
        );
        r.register(
            "agent_mesh_federated_rounds_completed",
            "Federated learning rounds completed",
            m.federated_rounds_completed.clone(),
        );
        r.register(
            "agent_mesh_federated_round_participants",
            "Number of participants in current federated round",
            m.federated_round_participants.clone(),
        );
        r.register(
            "agent_mesh_federated_round_duration_seconds",
            "Duration of federated learning rounds",
            m.federated_round_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_federated_last_round_timestamp",
            "Unix time the last federated round completed",
            m.federated_last_round_timestamp.clone(),
        );
        r.register(
            "agent_mesh_federated_model_accuracy",
            "Accuracy of the current global model",
            m.federated_model_accuracy.clone(),
        );
        r.register(
            "agent_mesh_federated_model_loss",
            "Loss of the current global model",
            m.federated_model_loss.clone(),
        );
        r.register(
            "agent_mesh_federated_model_updates",
            "Model updates contributed",
            m.federated_model_updates.clone(),
        );
        r.register(
            "agent_mesh_federated_aggregation_duration_seconds",
            "Duration of model aggregation",
            m.federated_aggregation_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_consensus_proposals",
            "Consensus proposals submitted",
            m.consensus_proposals.clone(),
        );
        r.register(
            "agent_mesh_consensus_votes",
            "Consensus votes cast",
            m.consensus_votes.clone(),
        );
        r.register(
            "agent_mesh_consensus_failures",
            "Consensus rounds that failed",
            m.consensus_failures.clone(),
        );
        r.register(
            "agent_mesh_consensus_duration_seconds",
            "Time to reach consensus",
            m.consensus_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_consensus_leader_elections",
            "Leader elections",
            m.consensus_leader_elections.clone(),
        );
        let process = ProcessMetrics::register(r);
        MeshNodeMetrics { process, ..m }
    }
}

/// Seed 001's API metrics, served by the mesh's public API (job `agent-mesh-api`).
#[derive(Clone)]
pub struct MeshApiMetrics {
    pub requests: Family<Labels, Counter>,
    pub request_duration_seconds: HistogramFamily,
    pub active_connections: Gauge,
    pub process: ProcessMetrics,
}

impl MeshApiMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let requests = Family::default();
        let request_duration_seconds: HistogramFamily =
            Family::new_with_constructor(default_histogram);
        let active_connections = Gauge::default();
        r.register("agent_mesh_api_requests", "API requests", requests.clone());
        r.register(
            "agent_mesh_api_request_duration_seconds",
            "API request duration",
            request_duration_seconds.clone(),
        );
        r.register(
            "agent_mesh_api_active_connections",
            "Open API connections",
            active_connections.clone(),
        );
        let process = ProcessMetrics::register(r);
        MeshApiMetrics {
            requests,
            request_duration_seconds,
            active_connections,
            process,
        }
    }
}
