//! Dynamic Graph Fed-RL (seed 003): reinforcement-learning agents running episodes (rewards
//! climbing a learning curve, loss falling), gossiping parameters over a dynamic graph, and a
//! coordinator API. A partition cuts half the agents off the federation.

use super::emit::{Level, LogSource, SpanSpec};
use super::noise::{diurnal, gauss, poisson, wander};
use super::Tick;
use crate::metrics::fedrl::{FedRlAgentMetrics, FedRlCoordinatorMetrics};
use crate::metrics::labels;
use crate::metrics::target::TargetSetBuilder;
use crate::telemetry::TagValue;
use rand::rngs::SmallRng;
use rand::Rng;

const AGENTS: usize = 8;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// (method, endpoint, share of requests)
const ENDPOINTS: [(&str, &str, f64); 4] = [
    ("POST", "/api/train", 0.2),
    ("GET", "/api/agents", 0.35),
    ("GET", "/api/metrics", 0.25),
    ("GET", "/health", 0.2),
];

struct Agent {
    id: String,
    host: String,
    m: FedRlAgentMetrics,
    episodes: u64,
    /// When the running episode ends, and how long it has been running for.
    next_episode: f64,
    episode_duration: f64,
    skill: f64,
}

pub struct FedRl {
    coordinator: FedRlCoordinatorMetrics,
    agents: Vec<Agent>,
    divergence: f64,
    gpu: f64,
}

impl FedRl {
    pub fn new(builder: &mut TargetSetBuilder, rng: &mut SmallRng, start: f64) -> FedRl {
        let (_, registry) = builder.add(
            "dynamic-graph-fed-rl",
            "dynamic-graph-fed-rl",
            "dgfrl-coordinator:8000".into(),
            vec![],
        );
        let coordinator = FedRlCoordinatorMetrics::register(registry);
        coordinator.total_agents.set(AGENTS as i64);
        coordinator.model_parameters_count.set(1_245_184);
        let agents = (1..=AGENTS)
            .map(|i| {
                let host = format!("dgfrl-agent-{i}");
                let (_, registry) = builder.add(
                    "dynamic-graph-fed-rl-agents",
                    "dynamic-graph-fed-rl-agents",
                    format!("{host}:8000"),
                    vec![],
                );
                Agent {
                    id: format!("agent_{i}"),
                    host,
                    m: FedRlAgentMetrics::register(registry),
                    episodes: 0,
                    next_episode: start + rng.gen_range(0.0..45.0),
                    episode_duration: 45.0,
                    skill: rng.gen_range(0.85..1.1),
                }
            })
            .collect();
        FedRl {
            coordinator,
            agents,
            divergence: 0.08,
            gpu: 50.0,
        }
    }

    /// Agents cut off by a partition: the upper half.
    fn cut_off(index: usize, tick: &Tick) -> bool {
        tick.cond.partition && index >= AGENTS / 2
    }

    pub fn tick(&mut self, tick: &mut Tick) {
        let mut active = 0;
        for index in 0..self.agents.len() {
            if Self::cut_off(index, tick) {
                continue;
            }
            active += 1;
            self.run_episodes(index, tick);
        }
        let c = &self.coordinator;
        let rng = &mut *tick.rng;
        c.active_agents.set(active);
        for _ in 0..poisson(rng, active as f64 * 3.0, tick.dt) {
            c.gossip_messages_sent.inc();
            let slow = if tick.cond.partition { 6.0 } else { 1.0 };
            c.communication_latency_seconds
                .observe(0.012 * slow * (0.5 * gauss(rng)).exp());
        }
        let divergence_target = if tick.cond.partition { 0.6 } else { 0.08 };
        self.divergence = wander(
            rng,
            self.divergence,
            divergence_target,
            tick.dt,
            60.0,
            0.005,
        )
        .max(0.0);
        c.parameter_divergence.set(self.divergence);
        self.gpu = wander(
            rng,
            self.gpu,
            35.0 + 7.0 * active as f64,
            tick.dt,
            30.0,
            2.0,
        )
        .clamp(0.0, 100.0);
        c.gpu_utilization_percent.set(self.gpu);
        for gpu in ["0", "1"] {
            c.nvidia_gpu_utilization_gpu
                .get_or_create(&labels([("gpu", gpu)]))
                .set((self.gpu + 3.0 * gauss(rng)).clamp(0.0, 100.0));
        }
        let load = diurnal(tick.t1);
        c.memory_usage_bytes
            .set((10.5 + 1.5 * load + 0.1 * gauss(rng)) * GIB);
        c.cpu_usage_percent
            .set((30.0 + 35.0 * load + 3.0 * gauss(rng)).clamp(0.0, 100.0));
        c.disk_free_bytes
            .set(400.0 * GIB - (tick.t1 % (30.0 * 86_400.0)) * 20_000.0);
        let rate = 4.0 + 6.0 * load;
        c.active_connections
            .set((rate * 1.5 + gauss(rng)).max(0.0) as i64);
        let error_share = if tick.cond.api_errors { 0.05 } else { 0.0003 };
        for (method, endpoint, share) in ENDPOINTS {
            let total = poisson(rng, rate * share, tick.dt);
            let errors = poisson(rng, rate * share * error_share, tick.dt).min(total);
            for (status, n) in [("200", total - errors), ("500", errors)] {
                if n > 0 {
                    c.http_requests
                        .get_or_create(&labels([
                            ("method", method),
                            ("endpoint", endpoint),
                            ("status", status),
                        ]))
                        .inc_by(n);
                }
            }
            let histogram = c
                .http_request_duration_seconds
                .get_or_create(&labels([("method", method), ("endpoint", endpoint)]));
            let median = if endpoint == "/api/train" { 0.18 } else { 0.03 };
            for _ in 0..total {
                histogram.observe(median * (0.5 * gauss(rng)).exp());
            }
        }
    }

    fn run_episodes(&mut self, index: usize, tick: &mut Tick) {
        let agent = &mut self.agents[index];
        while agent.next_episode <= tick.t1 {
            let end = agent.next_episode;
            let duration = agent.episode_duration;
            let at = end - duration;
            agent.episode_duration = tick.rng.gen_range(30.0..60.0);
            agent.next_episode = end + agent.episode_duration;
            agent.episodes += 1;
            let progress = agent.episodes as f64 / 400.0;
            let dip = if tick.cond.accuracy_drop { 0.3 } else { 0.0 };
            let reward = (0.05 + 0.8 * agent.skill * (1.0 - (-progress).exp()) - dip
                + 0.08 * gauss(tick.rng))
            .clamp(0.0, 1.0);
            let loss = (0.05
                + 0.9 * (-(agent.episodes as f64) / 300.0).exp()
                + dip
                + 0.02 * gauss(tick.rng))
            .max(0.005);
            agent.m.training_episode_reward.set(reward);
            agent.m.training_loss.set(loss);
            agent.m.training_episodes.inc();
            let c = &self.coordinator;
            c.training_episodes.inc();
            c.training_episode_reward.observe(reward);
            c.training_loss.set(loss);
            c.agent_reward
                .get_or_create(&labels([("agent_id", &agent.id)]))
                .set(reward);
            if !tick.tel.wants(at) || agent.episodes % 2 == 1 {
                continue;
            }
            let trace_id = tick.tel.trace_id();
            let root = tick.tel.span(SpanSpec {
                trace_id: &trace_id,
                parent_span_id: None,
                service: "dynamic-graph-fed-rl",
                host: &agent.host,
                operation: "training_step",
                kind: "internal",
                start: at,
                duration,
                tags: vec![
                    ("component", TagValue::Str("training".into())),
                    ("agent_id", TagValue::Str(agent.id.clone())),
                    ("episode", TagValue::Int(agent.episodes as i64)),
                ],
                events: vec![],
                error: false,
            });
            let forward = duration * tick.tel_rng.gen_range(0.3..0.45);
            tick.tel.span(SpanSpec {
                trace_id: &trace_id,
                parent_span_id: Some(&root),
                service: "dynamic-graph-fed-rl",
                host: &agent.host,
                operation: "forward_pass",
                kind: "internal",
                start: at + 0.01,
                duration: forward,
                tags: vec![("batch_size", TagValue::Int(256))],
                events: vec![],
                error: false,
            });
            tick.tel.span(SpanSpec {
                trace_id: &trace_id,
                parent_span_id: Some(&root),
                service: "dynamic-graph-fed-rl",
                host: &agent.host,
                operation: "backward_pass",
                kind: "internal",
                start: at + 0.02 + forward,
                duration: duration * 0.5,
                tags: vec![("loss", TagValue::Float((loss * 1000.0).round() / 1000.0))],
                events: vec![],
                error: false,
            });
            let source = LogSource {
                job: "dynamic-graph-fed-rl",
                instance: format!("{}:8000", agent.host),
                component: "training",
                logger: "dgfrl",
            };
            let extra = vec![("agent_id", serde_json::json!(agent.id))];
            tick.tel.stdlib_json(
                end,
                &source,
                Level::Info,
                "Training episode completed",
                "trainer",
                "run_episode",
                142,
                extra,
                Some(&trace_id),
            );
        }
    }
}
