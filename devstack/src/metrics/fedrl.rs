//! Dynamic Graph Fed-RL metric families (seed 003): the coordinator application
//! (job `dynamic-graph-fed-rl`) and the federated agents (job `dynamic-graph-fed-rl-agents`).
//! The seed's code makes `training_episode_reward` a histogram while its dashboard and its
//! PoorModelPerformance alert read a plain series of that name, so the coordinator serves the
//! histogram and each agent serves its latest episode reward as a gauge of the same name.

use super::{default_histogram, GaugeF, HistogramFamily, Labels};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

fn reward_buckets() -> Histogram {
    Histogram::new([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
}

fn latency_buckets() -> Histogram {
    Histogram::new([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5])
}

/// The coordinator: `MetricsCollector` plus the module-level metrics of the seed.
#[derive(Clone)]
pub struct FedRlCoordinatorMetrics {
    pub training_episodes: Counter,
    pub training_episode_reward: Histogram,
    pub training_loss: GaugeF,
    pub active_agents: Gauge,
    pub total_agents: Gauge,
    pub communication_latency_seconds: Histogram,
    pub parameter_divergence: GaugeF,
    pub gossip_messages_sent: Counter,
    pub gpu_utilization_percent: GaugeF,
    pub memory_usage_bytes: GaugeF,
    pub nvidia_gpu_utilization_gpu: Family<Labels, GaugeF>,
    pub http_requests: Family<Labels, Counter>,
    pub http_request_duration_seconds: HistogramFamily,
    pub active_connections: Gauge,
    pub agent_reward: Family<Labels, GaugeF>,
    pub model_parameters_count: Gauge,
    pub cpu_usage_percent: GaugeF,
    pub disk_free_bytes: GaugeF,
}

impl FedRlCoordinatorMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = FedRlCoordinatorMetrics {
            training_episodes: Counter::default(),
            training_episode_reward: reward_buckets(),
            training_loss: GaugeF::default(),
            active_agents: Gauge::default(),
            total_agents: Gauge::default(),
            communication_latency_seconds: latency_buckets(),
            parameter_divergence: GaugeF::default(),
            gossip_messages_sent: Counter::default(),
            gpu_utilization_percent: GaugeF::default(),
            memory_usage_bytes: GaugeF::default(),
            nvidia_gpu_utilization_gpu: Family::default(),
            http_requests: Family::default(),
            http_request_duration_seconds: Family::new_with_constructor(default_histogram),
            active_connections: Gauge::default(),
            agent_reward: Family::default(),
            model_parameters_count: Gauge::default(),
            cpu_usage_percent: GaugeF::default(),
            disk_free_bytes: GaugeF::default(),
        };
        r.register(
            "training_episodes",
            "Total training episodes completed",
            m.training_episodes.clone(),
        );
        r.register(
            "training_episode_reward",
            "Reward per episode",
            m.training_episode_reward.clone(),
        );
        r.register(
            "training_loss",
            "Current training loss",
            m.training_loss.clone(),
        );
        r.register(
            "federation_active_agents",
            "Number of active federated agents",
            m.active_agents.clone(),
        );
        r.register(
            "federation_total_agents",
            "Number of federated agents configured",
            m.total_agents.clone(),
        );
        r.register(
            "federation_communication_latency_seconds",
            "Communication latency between agents",
            m.communication_latency_seconds.clone(),
        );
        r.register(
            "federation_parameter_divergence",
            "Parameter divergence between agents",
            m.parameter_divergence.clone(),
        );
        r.register(
            "gossip_messages_sent",
            "Gossip messages sent",
            m.gossip_messages_sent.clone(),
        );
        r.register(
            "gpu_utilization_percent",
            "GPU utilization percentage",
            m.gpu_utilization_percent.clone(),
        );
        r.register(
            "memory_usage_bytes",
            "Memory usage in bytes",
            m.memory_usage_bytes.clone(),
        );
        r.register(
            "nvidia_gpu_utilization_gpu",
            "GPU utilization from the NVIDIA exporter",
            m.nvidia_gpu_utilization_gpu.clone(),
        );
        r.register(
            "http_requests",
            "Total HTTP requests",
            m.http_requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "HTTP request duration",
            m.http_request_duration_seconds.clone(),
        );
        r.register(
            "active_connections",
            "Number of active connections",
            m.active_connections.clone(),
        );
        r.register(
            "agent_reward",
            "Current agent reward",
            m.agent_reward.clone(),
        );
        r.register(
            "model_parameters_count",
            "Number of model parameters",
            m.model_parameters_count.clone(),
        );
        r.register(
            "cpu_usage_percent",
            "CPU usage percentage",
            m.cpu_usage_percent.clone(),
        );
        r.register(
            "disk_free_bytes",
            "Free disk space",
            m.disk_free_bytes.clone(),
        );
        m
    }
}

/// One federated agent: its latest episode reward and loss.
#[derive(Clone, Default)]
pub struct FedRlAgentMetrics {
    pub training_episode_reward: GaugeF,
    pub training_loss: GaugeF,
    pub training_episodes: Counter,
}

impl FedRlAgentMetrics {
    pub fn register(r: &mut Registry) -> Self {
        let m = FedRlAgentMetrics::default();
        r.register(
            "training_episode_reward",
            "Reward of the latest episode",
            m.training_episode_reward.clone(),
        );
        r.register(
            "training_loss",
            "Current training loss",
            m.training_loss.clone(),
        );
        r.register(
            "training_episodes",
            "Total training episodes completed",
            m.training_episodes.clone(),
        );
        m
    }
}
