//! FEDzk metric families (seed 004), shared by its three services (coordinator, MPC server,
//! ZK compiler; job `fedzk`): each registers the whole `FEDzkMetricsCollector` set, as the
//! seed's collector does, and fills the part its service does.

use super::{default_histogram, GaugeF, HistogramFamily, Labels};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

fn proof_duration_buckets() -> Histogram {
    Histogram::new([0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0])
}

fn proof_size_buckets() -> Histogram {
    Histogram::new([128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0])
}

fn verification_buckets() -> Histogram {
    Histogram::new([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5])
}

#[derive(Clone)]
pub struct FedzkMetrics {
    pub requests: Family<Labels, Counter>,
    pub request_duration_seconds: HistogramFamily,
    pub active_connections: Gauge,
    pub cpu_usage_percent: GaugeF,
    pub memory_usage_percent: GaugeF,
    pub proof_generation: Family<Labels, Counter>,
    pub proof_generation_duration_seconds: HistogramFamily,
    pub proof_size_bytes: HistogramFamily,
    pub proof_verification: Family<Labels, Counter>,
    pub proof_verification_duration_seconds: Histogram,
    pub circuit_constraints: Family<Labels, Gauge>,
    pub circuit_variables: Family<Labels, Gauge>,
    pub fl_rounds: Family<Labels, Counter>,
    pub fl_participants_active: Gauge,
    pub mpc_operations: Family<Labels, Counter>,
    pub auth_attempts: Family<Labels, Counter>,
    pub tls_handshakes: Family<Labels, Counter>,
    pub security_events: Family<Labels, Counter>,
}

impl FedzkMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = FedzkMetrics {
            requests: Family::default(),
            request_duration_seconds: Family::new_with_constructor(default_histogram),
            active_connections: Gauge::default(),
            cpu_usage_percent: GaugeF::default(),
            memory_usage_percent: GaugeF::default(),
            proof_generation: Family::default(),
            proof_generation_duration_seconds: Family::new_with_constructor(proof_duration_buckets),
            proof_size_bytes: Family::new_with_constructor(proof_size_buckets),
            proof_verification: Family::default(),
            proof_verification_duration_seconds: verification_buckets(),
            circuit_constraints: Family::default(),
            circuit_variables: Family::default(),
            fl_rounds: Family::default(),
            fl_participants_active: Gauge::default(),
            mpc_operations: Family::default(),
            auth_attempts: Family::default(),
            tls_handshakes: Family::default(),
            security_events: Family::default(),
        };
        r.register("fedzk_requests", "HTTP requests", m.requests.clone());
        r.register(
            "fedzk_request_duration_seconds",
            "HTTP request latency",
            m.request_duration_seconds.clone(),
        );
        r.register(
            "fedzk_active_connections",
            "Current connections",
            m.active_connections.clone(),
        );
        r.register(
            "fedzk_cpu_usage_percent",
            "CPU usage",
            m.cpu_usage_percent.clone(),
        );
        r.register(
            "fedzk_memory_usage_percent",
            "Memory usage",
            m.memory_usage_percent.clone(),
        );
        r.register(
            "fedzk_zk_proof_generation",
            "ZK proofs generated",
            m.proof_generation.clone(),
        );
        r.register(
            "fedzk_zk_proof_generation_duration_seconds",
            "ZK proof generation time",
            m.proof_generation_duration_seconds.clone(),
        );
        r.register(
            "fedzk_zk_proof_size_bytes",
            "Generated proof sizes",
            m.proof_size_bytes.clone(),
        );
        r.register(
            "fedzk_zk_proof_verification",
            "ZK proof verifications by result",
            m.proof_verification.clone(),
        );
        r.register(
            "fedzk_zk_proof_verification_duration_seconds",
            "ZK proof verification time",
            m.proof_verification_duration_seconds.clone(),
        );
        r.register(
            "fedzk_zk_circuit_constraints",
            "Constraints per circuit",
            m.circuit_constraints.clone(),
        );
        r.register(
            "fedzk_zk_circuit_variables",
            "Variables per circuit",
            m.circuit_variables.clone(),
        );
        r.register(
            "fedzk_fl_rounds",
            "FL rounds by completion status",
            m.fl_rounds.clone(),
        );
        r.register(
            "fedzk_fl_participants_active",
            "Active FL participants",
            m.fl_participants_active.clone(),
        );
        r.register(
            "fedzk_mpc_operations",
            "Secure computation operations",
            m.mpc_operations.clone(),
        );
        r.register(
            "fedzk_auth_attempts",
            "Authentication attempts",
            m.auth_attempts.clone(),
        );
        r.register(
            "fedzk_tls_handshakes",
            "TLS handshakes",
            m.tls_handshakes.clone(),
        );
        r.register(
            "fedzk_security_events",
            "Security events",
            m.security_events.clone(),
        );
        m
    }
}
