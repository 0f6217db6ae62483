//! The Protocol registry and its token economy (seed 002): two federated registries where
//! agents register, the TEG layer moving tokens and holding the treasury, the SPIRE server's
//! certificate, the host's memory, and a few SDK agents answering requests.

use super::emit::{Level, LogSource, SpanSpec};
use super::noise::{approach, diurnal, gauss, poisson, time_in, wander};
use super::Tick;
use crate::metrics::labels;
use crate::metrics::protocol::{
    AgentServiceMetrics, NodeExporterMetrics, RegistryMetrics, SpireMetrics, TegMetrics,
};
use crate::metrics::target::TargetSetBuilder;
use crate::telemetry::TagValue;
use rand::rngs::SmallRng;
use rand::Rng;
use serde_json::json;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const DAY: f64 = 86_400.0;
const TREASURY_FLOOR: f64 = 250_000.0;
const CAPABILITIES: [&str; 5] = [
    "inference",
    "training",
    "data_provider",
    "validator",
    "storage",
];
/// (type, share of transactions, mean amount)
const TX_TYPES: [(&str, f64, f64); 5] = [
    ("transfer", 0.50, 40.0),
    ("stake", 0.12, 500.0),
    ("unstake", 0.08, 450.0),
    ("reward", 0.20, 12.0),
    ("fee", 0.10, 0.4),
];

struct RegistryService {
    name: &'static str,
    service: &'static str,
    instance: String,
    m: RegistryMetrics,
    active: f64,
    registration_rate: f64,
    auth_burst_rate: f64,
}

pub struct Protocol {
    registries: Vec<RegistryService>,
    teg: TegMetrics,
    treasury: f64,
    staked: f64,
    spire: SpireMetrics,
    cert_phase: f64,
    pinned_expiry: Option<f64>,
    node: NodeExporterMetrics,
    mem_available_fraction: f64,
    agents: Vec<AgentServiceMetrics>,
    agent_seq: u64,
    next_transfer_trace: f64,
}

impl Protocol {
    pub fn new(builder: &mut TargetSetBuilder, rng: &mut SmallRng, start: f64) -> Protocol {
        let registries = [
            ("registry_a", "registry-a:8000", 140.0, 1.0 / 45.0, 25.0),
            ("registry_b", "registry-b:8001", 95.0, 1.0 / 70.0, 15.0),
        ]
        .into_iter()
        .map(
            |(job, instance, active, registration_rate, auth_burst_rate)| {
                let (_, registry) = builder.add(job, job, instance.to_string(), vec![]);
                let m = RegistryMetrics::register(registry);
                m.federation_peers.set(1);
                m.process
                    .start_time_seconds
                    .set(start - rng.gen_range(3600.0..86_400.0));
                RegistryService {
                    name: job,
                    service: if job == "registry_a" {
                        "registry-a"
                    } else {
                        "registry-b"
                    },
                    instance: instance.to_string(),
                    m,
                    active,
                    registration_rate,
                    auth_burst_rate,
                }
            },
        )
        .collect();
        let (_, registry) = builder.add("teg_layer", "teg_layer", "teg-layer:8080".into(), vec![]);
        let teg = TegMetrics::register(registry);
        let (_, registry) = builder.add(
            "spire_server",
            "spire_server",
            "spire-server:8081".into(),
            vec![],
        );
        let spire = SpireMetrics::register(registry);
        let (_, registry) = builder.add("node", "node", "node-exporter:9100".into(), vec![]);
        let node = NodeExporterMetrics::register(registry);
        node.mem_total_bytes.set(64.0 * GIB);
        // The seed relabels the consul-discovered agents' job to their service name.
        let agents = (1..=4)
            .map(|i| {
                let (_, registry) = builder.add(
                    "agents",
                    "agent-service",
                    format!("agent-{i:02}:9200"),
                    vec![],
                );
                AgentServiceMetrics::register(registry)
            })
            .collect();
        Protocol {
            registries,
            teg,
            treasury: TREASURY_FLOOR,
            staked: 1_200_000.0,
            spire,
            cert_phase: rng.gen_range(0.0..20.0),
            pinned_expiry: None,
            node,
            mem_available_fraction: 0.5,
            agents,
            agent_seq: 0,
            next_transfer_trace: start,
        }
    }

    pub fn tick(&mut self, tick: &mut Tick) {
        self.tick_registries(tick);
        self.tick_teg(tick);
        self.tick_spire(tick);
        self.tick_host(tick);
        self.tick_agents(tick);
    }

    fn tick_registries(&mut self, tick: &mut Tick) {
        let load = diurnal(tick.t1);
        for reg in &mut self.registries {
            let rng = &mut *tick.rng;
            let registrations = poisson(rng, reg.registration_rate * (0.5 + load), tick.dt);
            let departures = poisson(rng, reg.active / 20_000.0, tick.dt);
            reg.active = (reg.active + registrations as f64 - departures as f64).max(0.0);
            reg.m.agent_registrations.inc_by(registrations);
            reg.m.active_agents.set(reg.active as i64);
            let rate = 4.0 + 8.0 * load;
            for (method, endpoint, share) in [
                ("GET", "/api/agents", 0.55),
                ("GET", "/api/federation/status", 0.2),
                ("GET", "/health", 0.25),
            ] {
                let n = poisson(rng, rate * share, tick.dt);
                reg.m
                    .http_requests
                    .get_or_create(&labels([
                        ("method", method),
                        ("endpoint", endpoint),
                        ("status", "200"),
                    ]))
                    .inc_by(n);
            }
            let auth_rate = if tick.cond.auth_failure_burst {
                reg.auth_burst_rate
            } else {
                0.02
            };
            let auth_failures = poisson(rng, auth_rate, tick.dt);
            reg.m.auth_failures.inc_by(auth_failures);
            reg.m
                .http_requests
                .get_or_create(&labels([
                    ("method", "POST"),
                    ("endpoint", "/api/agents/register"),
                    ("status", "401"),
                ]))
                .inc_by(auth_failures);
            reg.m
                .http_requests
                .get_or_create(&labels([
                    ("method", "POST"),
                    ("endpoint", "/api/agents/register"),
                    ("status", "201"),
                ]))
                .inc_by(registrations);
            let slow = 1.0
                + 0.8 * load
                + if tick.cond.auth_failure_burst {
                    1.5
                } else {
                    0.0
                };
            for (quantile, base) in [("0.5", 0.018), ("0.9", 0.065), ("0.99", 0.24)] {
                let v = base * slow * (0.08 * gauss(rng)).exp();
                reg.m
                    .http_request_duration_quantiles
                    .get_or_create(&labels([("quantile", quantile)]))
                    .set(v);
            }
            reg.m
                .process
                .advance(tick.dt, 0.04 + rate / 300.0, 220e6 + reg.active * 2e5, 45);
            for _ in 0..registrations {
                let ts = time_in(tick.tel_rng, tick.t0, tick.t1);
                self.agent_seq += 1;
                if !tick.tel.wants(ts) {
                    continue;
                }
                let agent_id = format!("did:sov:agent{:05}", self.agent_seq);
                let capabilities: Vec<&str> = CAPABILITIES
                    .iter()
                    .copied()
                    .filter(|_| tick.tel_rng.gen::<f64>() < 0.4)
                    .collect();
                let trace_id = tick.tel.trace_id();
                let source = LogSource {
                    job: reg.name,
                    instance: reg.instance.clone(),
                    component: "registry",
                    logger: "registry.api",
                };
                let fields = vec![
                    ("agent_id", json!(agent_id)),
                    ("capabilities", json!(capabilities)),
                    ("registry", json!(reg.name)),
                ];
                tick.tel.structlog(
                    ts,
                    &source,
                    Level::Info,
                    "agent_registered",
                    fields,
                    Some(&trace_id),
                );
                let duration = 0.04 * (0.4 * gauss(tick.tel_rng)).exp();
                let root = tick.tel.span(SpanSpec {
                    trace_id: &trace_id,
                    parent_span_id: None,
                    service: reg.service,
                    host: reg.service,
                    operation: "POST /api/agents/register",
                    kind: "server",
                    start: ts,
                    duration,
                    tags: vec![
                        ("http.method", TagValue::Str("POST".into())),
                        ("http.route", TagValue::Str("/api/agents/register".into())),
                        ("http.status_code", TagValue::Int(201)),
                        ("agent.id", TagValue::Str(agent_id.clone())),
                    ],
                    events: vec![],
                    error: false,
                });
                tick.tel.span(SpanSpec {
                    trace_id: &trace_id,
                    parent_span_id: Some(&root),
                    service: "teg-layer",
                    host: "teg-layer",
                    operation: "transfer_tokens",
                    kind: "server",
                    start: ts + duration * 0.3,
                    duration: duration * 0.5,
                    tags: vec![
                        ("transfer.type", TagValue::Str("stake".into())),
                        ("transfer.amount", TagValue::Float(100.0)),
                        ("transfer.to_did", TagValue::Str(agent_id)),
                    ],
                    events: vec![],
                    error: false,
                });
            }
        }
    }

    fn tick_teg(&mut self, tick: &mut Tick) {
        let rng = &mut *tick.rng;
        let rate = 3.0 + 6.0 * diurnal(tick.t1);
        let mut fees = 0.0;
        for (tx_type, share, amount) in TX_TYPES {
            let mut n = poisson(rng, rate * share, tick.dt);
            if tick.cond.treasury_drain && tx_type == "transfer" {
                n += poisson(rng, 150.0, tick.dt);
            }
            self.teg
                .transactions
                .get_or_create(&labels([("type", tx_type)]))
                .inc_by(n);
            if tx_type != "fee" {
                self.teg
                    .transfers
                    .get_or_create(&labels([("type", tx_type)]))
                    .inc_by(n);
            }
            match tx_type {
                "transfer" => fees += n as f64 * amount * 0.01,
                "stake" => self.staked += n as f64 * amount,
                "unstake" => self.staked = (self.staked - n as f64 * amount).max(0.0),
                "reward" => self.treasury -= n as f64 * amount,
                _ => {}
            }
        }
        self.teg.fees_collected.inc_by(fees);
        self.treasury += fees + 0.45 * tick.dt;
        if tick.cond.treasury_drain {
            // Drained by unauthorised transfers; the balance never quite reaches zero.
            self.treasury =
                (self.treasury - 2_500.0 * tick.dt).max(150.0 + 600.0 * rng.gen::<f64>());
        } else if self.treasury < TREASURY_FLOOR * 0.5 {
            // Governance tops the treasury up once the drain is stopped.
            self.treasury += TREASURY_FLOOR;
        }
        self.treasury = approach(self.treasury, TREASURY_FLOOR, tick.dt, 6.0 * 3600.0);
        self.teg.treasury_balance.set(self.treasury);
        self.teg.staking_total.set(self.staked);
        self.teg
            .process
            .advance(tick.dt, 0.05 + rate / 200.0, 300e6, 60);
        while self.next_transfer_trace <= tick.t1 {
            let at = self.next_transfer_trace;
            self.next_transfer_trace += if tick.cond.treasury_drain { 1.0 } else { 6.0 };
            self.record_transfer(at, tick);
        }
    }

    fn record_transfer(&mut self, at: f64, tick: &mut Tick) {
        if !tick.tel.wants(at) {
            return;
        }
        let rng = &mut *tick.tel_rng;
        let drain = tick.cond.treasury_drain;
        let amount = if drain {
            2_500.0
        } else {
            (40.0 * (0.8 * gauss(rng)).exp() * 100.0).round() / 100.0
        };
        let from = if drain {
            "did:sov:treasury".to_string()
        } else {
            format!("did:sov:agent{:05}", rng.gen_range(1..5000))
        };
        let to = format!("did:sov:agent{:05}", rng.gen_range(1..5000));
        let trace_id = tick.tel.trace_id();
        let source = LogSource {
            job: "teg_layer",
            instance: "teg-layer:8080".into(),
            component: "teg",
            logger: "teg.ledger",
        };
        let fields = vec![
            ("from_did", json!(from)),
            ("to_did", json!(to)),
            ("amount", json!(amount)),
            ("fee", json!((amount * 0.01 * 100.0_f64).round() / 100.0)),
            ("type", json!("transfer")),
        ];
        tick.tel.structlog(
            at,
            &source,
            if drain { Level::Warning } else { Level::Info },
            "teg_transfer_completed",
            fields,
            Some(&trace_id),
        );
        if drain {
            let fields = vec![
                ("balance", json!(self.treasury.round())),
                ("threshold", json!(1000)),
            ];
            tick.tel.structlog(
                at,
                &source,
                Level::Error,
                "treasury_balance_low",
                fields,
                Some(&trace_id),
            );
        }
        tick.tel.span(SpanSpec {
            trace_id: &trace_id,
            parent_span_id: None,
            service: "teg-layer",
            host: "teg-layer",
            operation: "transfer_tokens",
            kind: "server",
            start: at,
            duration: 0.012 * (0.5 * gauss(rng)).exp(),
            tags: vec![
                ("transfer.type", TagValue::Str("transfer".into())),
                ("transfer.amount", TagValue::Float(amount)),
                ("transfer.from_did", TagValue::Str(from)),
                ("transfer.to_did", TagValue::Str(to)),
            ],
            events: vec![(
                at,
                vec![
                    ("event", TagValue::Str("fee_collected".into())),
                    ("fee", TagValue::Float(amount * 0.01)),
                ],
            )],
            error: false,
        });
    }

    fn tick_spire(&mut self, tick: &mut Tick) {
        // Certificates live 30 days and are rotated every 20: normally 10 to 30 days left.
        let period = 20.0 * DAY;
        let issued = ((tick.t1 / DAY - self.cert_phase) * DAY / period).floor() * period
            + self.cert_phase * DAY;
        let normal_expiry = issued + 30.0 * DAY;
        let expiry = if tick.cond.cert_expiry {
            *self.pinned_expiry.get_or_insert(tick.t1 + 3.0 * DAY)
        } else {
            self.pinned_expiry = None;
            normal_expiry
        };
        self.spire.x509_cert_expiry.set(expiry);
        let rate = if tick.cond.auth_failure_burst {
            12.0
        } else {
            0.01
        };
        self.spire
            .auth_failures
            .inc_by(poisson(tick.rng, rate, tick.dt));
        self.spire.process.advance(tick.dt, 0.03, 150e6, 35);
    }

    fn tick_host(&mut self, tick: &mut Tick) {
        let rng = &mut *tick.rng;
        let load = diurnal(tick.t1);
        let target = if tick.cond.memory_pressure {
            0.04
        } else {
            0.55 - 0.15 * load
        };
        self.mem_available_fraction = wander(
            rng,
            self.mem_available_fraction,
            target,
            tick.dt,
            90.0,
            0.005,
        )
        .clamp(0.01, 0.95);
        self.node
            .mem_available_bytes
            .set(self.mem_available_fraction * 64.0 * GIB);
        let busy = 0.25 + 0.45 * load;
        for cpu in ["0", "1", "2", "3"] {
            for (mode, share) in [
                ("user", busy * 0.7),
                ("system", busy * 0.2),
                ("iowait", busy * 0.1),
                ("idle", 1.0 - busy),
            ] {
                self.node
                    .cpu_seconds
                    .get_or_create(&labels([("cpu", cpu), ("mode", mode)]))
                    .inc_by(tick.dt * share);
            }
        }
        self.node
            .load1
            .set((4.0 * busy + 0.3 * gauss(rng)).max(0.0));
    }

    fn tick_agents(&mut self, tick: &mut Tick) {
        let load = diurnal(tick.t1);
        for agent in &self.agents {
            let n = poisson(tick.rng, 0.5 + load, tick.dt);
            agent.requests.inc_by(n);
            for _ in 0..n {
                agent
                    .request_duration_seconds
                    .observe(0.12 * (0.5 * gauss(tick.rng)).exp());
            }
        }
    }
}
