//! Protocol registry and token economy metric families (seed 002): the two registries,
//! the TEG layer, the SPIRE server, the host's node exporter and the agents' SDK metrics.

use super::process::ProcessMetrics;
use super::{default_histogram, CounterF, GaugeF, Labels};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Metrics of `registry_a` / `registry_b`.
#[derive(Clone)]
pub struct RegistryMetrics {
    pub agent_registrations: Counter,
    pub active_agents: Gauge,
    pub federation_peers: Gauge,
    pub http_requests: Family<Labels, Counter>,
    /// The seed's alert reads `http_request_duration_seconds{quantile="0.99"}`: a summary's
    /// quantiles. prometheus-client has no summary type, so the quantiles are a gauge family.
    pub http_request_duration_quantiles: Family<Labels, GaugeF>,
    pub auth_failures: Counter,
    pub process: ProcessMetrics,
}

impl RegistryMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let agent_registrations = Counter::default();
        let active_agents = Gauge::default();
        let federation_peers = Gauge::default();
        let http_requests = Family::default();
        let http_request_duration_quantiles = Family::default();
        let auth_failures = Counter::default();
        r.register(
            "registry_agent_registrations",
            "Total agent registrations",
            agent_registrations.clone(),
        );
        r.register(
            "registry_active_agents",
            "Number of active agents",
            active_agents.clone(),
        );
        r.register(
            "registry_federation_peers",
            "Number of federation peers",
            federation_peers.clone(),
        );
        r.register(
            "http_requests",
            "Total HTTP requests",
            http_requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "HTTP request duration quantiles",
            http_request_duration_quantiles.clone(),
        );
        r.register(
            "auth_failures",
            "Failed authentication attempts",
            auth_failures.clone(),
        );
        let process = ProcessMetrics::register(r);
        RegistryMetrics {
            agent_registrations,
            active_agents,
            federation_peers,
            http_requests,
            http_request_duration_quantiles,
            auth_failures,
            process,
        }
    }
}

/// Metrics of the TEG (token economy) layer.
#[derive(Clone)]
pub struct TegMetrics {
    pub transfers: Family<Labels, Counter>,
    pub transactions: Family<Labels, Counter>,
    pub treasury_balance: GaugeF,
    pub staking_total: GaugeF,
    pub fees_collected: CounterF,
    pub process: ProcessMetrics,
}

impl TegMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let transfers = Family::default();
        let transactions = Family::default();
        let treasury_balance = GaugeF::default();
        let staking_total = GaugeF::default();
        let fees_collected = CounterF::default();
        r.register("teg_transfers", "Total token transfers", transfers.clone());
        r.register(
            "teg_transactions",
            "Total ledger transactions",
            transactions.clone(),
        );
        r.register(
            "teg_treasury_balance",
            "Current treasury balance",
            treasury_balance.clone(),
        );
        r.register(
            "teg_staking_total",
            "Total staked tokens",
            staking_total.clone(),
        );
        r.register(
            "teg_fees_collected",
            "Total fees collected",
            fees_collected.clone(),
        );
        let process = ProcessMetrics::register(r);
        TegMetrics {
            transfers,
            transactions,
            treasury_balance,
            staking_total,
            fees_collected,
            process,
        }
    }
}

/// Metrics of the SPIRE server (workload identity): its certificate and failed attestations.
#[derive(Clone)]
pub struct SpireMetrics {
    /// Unix time the serving certificate expires (the seed's alert subtracts `time()`).
    pub x509_cert_expiry: GaugeF,
    pub auth_failures: Counter,
    pub process: ProcessMetrics,
}

impl SpireMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let x509_cert_expiry = GaugeF::default();
        let auth_failures = Counter::default();
        r.register(
            "x509_cert_expiry",
            "Unix time the certificate expires",
            x509_cert_expiry.clone(),
        );
        r.register(
            "auth_failures",
            "Failed attestations",
            auth_failures.clone(),
        );
        let process = ProcessMetrics::register(r);
        SpireMetrics {
            x509_cert_expiry,
            auth_failures,
            process,
        }
    }
}

/// The host's node exporter (job `node`), the inputs of seed 002's HighMemoryUsage.
#[derive(Clone, Default)]
pub struct NodeExporterMetrics {
    pub mem_total_bytes: GaugeF,
    pub mem_available_bytes: GaugeF,
    pub cpu_seconds: Family<Labels, CounterF>,
    pub load1: GaugeF,
}

impl NodeExporterMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = NodeExporterMetrics::default();
        r.register(
            "node_memory_MemTotal_bytes",
            "Memory information field MemTotal_bytes.",
            m.mem_total_bytes.clone(),
        );
        r.register(
            "node_memory_MemAvailable_bytes",
            "Memory information field MemAvailable_bytes.",
            m.mem_available_bytes.clone(),
        );
        r.register(
            "node_cpu_seconds",
            "Seconds the CPUs spent in each mode.",
            m.cpu_seconds.clone(),
        );
        r.register("node_load1", "1m load average.", m.load1.clone());
        m
    }
}

/// An agent built on the SDK (`Metrics(port=9200)`: `requests_total`, a request timer).
#[derive(Clone)]
pub struct AgentServiceMetrics {
    pub requests: Counter,
    pub request_duration_seconds: Histogram,
}

impl AgentServiceMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let requests = Counter::default();
        let request_duration_seconds = default_histogram();
        r.register("requests", "Requests handled", requests.clone());
        r.register(
            "request_duration_seconds",
            "Request handling time",
            request_duration_seconds.clone(),
        );
        AgentServiceMetrics {
            requests,
            request_duration_seconds,
        }
    }
}
