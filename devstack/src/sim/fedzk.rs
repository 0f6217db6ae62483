//! FEDzk (seed 004): a coordinator running federated rounds whose every model update carries
//! a zero-knowledge proof from the ZK compiler, aggregated by the MPC server; with the
//! authentication, TLS and security-event traffic around them.

use super::emit::{Level, LogSource, SpanSpec};
use super::noise::{diurnal, gauss, poisson, time_in};
use super::Tick;
use crate::metrics::fedzk::FedzkMetrics;
use crate::metrics::labels;
use crate::metrics::target::TargetSetBuilder;
use crate::telemetry::TagValue;
use rand::rngs::SmallRng;
use rand::Rng;
use serde_json::json;

/// (circuit, constraints, variables)
const CIRCUITS: [(&str, i64, i64); 2] = [
    ("model_update", 131_072, 129_540),
    ("federated_aggregation", 524_288, 517_003),
];

struct Service {
    host: &'static str,
    instance: &'static str,
    m: FedzkMetrics,
    endpoint: (&'static str, &'static str),
    base_cpu: f64,
}

pub struct Fedzk {
    coordinator: Service,
    mpc: Service,
    zk: Service,
    round: u64,
    next_round: f64,
    participants: i64,
}

impl Fedzk {
    pub fn new(builder: &mut TargetSetBuilder, rng: &mut SmallRng, start: f64) -> Fedzk {
        let mut service = |host: &'static str, instance: &'static str, endpoint, base_cpu| {
            let (_, registry) = builder.add("fedzk", "fedzk", instance.to_string(), vec![]);
            Service {
                host,
                instance,
                m: FedzkMetrics::register(registry),
                endpoint,
                base_cpu,
            }
        };
        let coordinator = service(
            "fedzk-coordinator",
            "fedzk-coordinator:8000",
            ("POST", "/api/round"),
            25.0,
        );
        let mpc = service(
            "fedzk-mpc",
            "fedzk-mpc:8001",
            ("POST", "/mpc/aggregate"),
            30.0,
        );
        let zk = service("fedzk-zk", "fedzk-zk:3000", ("POST", "/api/proof"), 45.0);
        for (circuit, constraints, variables) in CIRCUITS {
            zk.m.circuit_constraints
                .get_or_create(&labels([("circuit", circuit)]))
                .set(constraints);
            zk.m.circuit_variables
                .get_or_create(&labels([("circuit", circuit)]))
                .set(variables);
        }
        Fedzk {
            coordinator,
            mpc,
            zk,
            round: 0,
            next_round: start + rng.gen_range(10.0..60.0),
            participants: 6,
        }
    }

    pub fn tick(&mut self, tick: &mut Tick) {
        let load = diurnal(tick.t1);
        for service in [&self.coordinator, &self.mpc, &self.zk] {
            let rng = &mut *tick.rng;
            let cpu = service.base_cpu + 30.0 * load + 4.0 * gauss(rng);
            service.m.cpu_usage_percent.set(cpu.clamp(0.0, 100.0));
            let memory = if tick.cond.memory_pressure {
                94.0
            } else {
                40.0 + 15.0 * load
            };
            service
                .m
                .memory_usage_percent
                .set((memory + 1.5 * gauss(rng)).clamp(0.0, 100.0));
            service
                .m
                .active_connections
                .set((3.0 + 6.0 * load + gauss(rng)).max(0.0) as i64);
            let health = poisson(rng, 0.2, tick.dt);
            service
                .m
                .requests
                .get_or_create(&labels([
                    ("method", "GET"),
                    ("endpoint", "/health"),
                    ("status", "200"),
                ]))
                .inc_by(health);
            // The middleware times every request it counts: health checks take milliseconds.
            let timer = service
                .m
                .request_duration_seconds
                .get_or_create(&labels([("method", "GET"), ("endpoint", "/health")]));
            for _ in 0..health {
                timer.observe(0.004 * (0.4 * gauss(rng)).exp());
            }
            let tls_failures = poisson(rng, 0.002, tick.dt);
            service
                .m
                .tls_handshakes
                .get_or_create(&labels([("result", "success")]))
                .inc_by(poisson(rng, 0.3 + 0.3 * load, tick.dt));
            service
                .m
                .tls_handshakes
                .get_or_create(&labels([("result", "failure")]))
                .inc_by(tls_failures);
        }
        self.tick_auth(tick);
        while self.next_round <= tick.t1 {
            let at = self.next_round;
            self.next_round = at + tick.rng.gen_range(60.0..120.0);
            self.run_round(at, tick);
        }
        self.coordinator
            .m
            .fl_participants_active
            .set(self.participants);
    }

    fn tick_auth(&mut self, tick: &mut Tick) {
        let rng = &mut *tick.rng;
        let m = &self.coordinator.m;
        let load = diurnal(tick.t1);
        let successes = poisson(rng, 0.3 + 0.5 * load, tick.dt);
        let failure_rate = if tick.cond.auth_failure_burst {
            8.0
        } else {
            0.01
        };
        let failures = poisson(rng, failure_rate, tick.dt);
        m.auth_attempts
            .get_or_create(&labels([("result", "success")]))
            .inc_by(successes);
        m.auth_attempts
            .get_or_create(&labels([("result", "failure")]))
            .inc_by(failures);
        m.security_events
            .get_or_create(&labels([
                ("event_type", "login_attempt"),
                ("severity", "info"),
            ]))
            .inc_by(successes + failures);
        // Every failed attempt is logged, as FEDzk's security logger does: the security
        // dashboard's log panel shows them even when no incident is running.
        for _ in 0..failures.min(20) {
            let ts = time_in(tick.tel_rng, tick.t0, tick.t1);
            let source = self.security_log_source();
            let fields = vec![
                ("event_type", json!("login_attempt")),
                ("result", json!("failure")),
                ("reason", json!("invalid client certificate")),
            ];
            tick.tel.structlog(
                ts,
                &source,
                Level::Warning,
                "auth_attempt_failed",
                fields,
                None,
            );
        }
        if tick.cond.auth_failure_burst {
            let detections = poisson(rng, 0.05, tick.dt);
            m.security_events
                .get_or_create(&labels([
                    ("event_type", "brute_force_detected"),
                    ("severity", "critical"),
                ]))
                .inc_by(detections);
            if detections > 0 {
                let ts = time_in(tick.tel_rng, tick.t0, tick.t1);
                let source = self.security_log_source();
                let fields = vec![
                    ("event_type", json!("brute_force_detected")),
                    ("severity", json!("critical")),
                    ("failed_attempts", json!(failures)),
                ];
                tick.tel
                    .structlog(ts, &source, Level::Error, "security_event", fields, None);
            }
        }
    }

    /// Where FEDzk's security logger writes (auth attempts, security events).
    fn security_log_source(&self) -> LogSource {
        LogSource {
            job: "fedzk",
            instance: self.coordinator.instance.into(),
            component: "security",
            logger: "fedzk.security",
        }
    }

    fn run_round(&mut self, at: f64, tick: &mut Tick) {
        self.round += 1;
        self.participants = tick.rng.gen_range(5..=8);
        let failure_probability = if tick.cond.zk_proof_failures {
            0.4
        } else {
            0.0
        };
        let trace_id = tick.tel.trace_id();
        let round_duration = tick.rng.gen_range(8.0..20.0);
        let root = tick.tel.span(SpanSpec {
            trace_id: &trace_id,
            parent_span_id: None,
            service: "fedzk-coordinator",
            host: self.coordinator.host,
            operation: "fl_round",
            kind: "server",
            start: at,
            duration: round_duration,
            tags: vec![
                ("round.id", TagValue::Int(self.round as i64)),
                ("round.participants", TagValue::Int(self.participants)),
            ],
            events: vec![],
            error: false,
        });
        let mut failed_proofs = 0;
        let mut offset = 0.2;
        for participant in 0..self.participants {
            let rng = &mut *tick.rng;
            let failed = rng.gen::<f64>() < failure_probability;
            let duration = 2.5 * (0.35 * gauss(rng)).exp();
            let size = rng.gen_range(760.0..1100.0);
            let (proof_type, status) = ("model_update", if failed { "failure" } else { "success" });
            let zk = &self.zk.m;
            zk.proof_generation
                .get_or_create(&labels([("proof_type", proof_type), ("status", status)]))
                .inc();
            zk.proof_generation_duration_seconds
                .get_or_create(&labels([("proof_type", proof_type)]))
                .observe(duration);
            zk.requests
                .get_or_create(&labels([
                    ("method", self.zk.endpoint.0),
                    ("endpoint", self.zk.endpoint.1),
                    ("status", if failed { "500" } else { "200" }),
                ]))
                .inc();
            zk.request_duration_seconds
                .get_or_create(&labels([
                    ("method", self.zk.endpoint.0),
                    ("endpoint", self.zk.endpoint.1),
                ]))
                .observe(duration + 0.05);
            if !failed {
                zk.proof_size_bytes
                    .get_or_create(&labels([("proof_type", proof_type)]))
                    .observe(size);
                let valid = rng.gen::<f64>() > 0.002;
                self.coordinator
                    .m
                    .proof_verification
                    .get_or_create(&labels([(
                        "result",
                        if valid { "valid" } else { "invalid" },
                    )]))
                    .inc();
                self.coordinator
                    .m
                    .proof_verification_duration_seconds
                    .observe(0.012 * (0.3 * gauss(rng)).exp());
            } else {
                failed_proofs += 1;
                self.coordinator
                    .m
                    .security_events
                    .get_or_create(&labels([
                        ("event_type", "proof_generation_failed"),
                        ("severity", "warning"),
                    ]))
                    .inc();
            }
            let start = at + offset;
            offset += duration.min(round_duration / self.participants as f64);
            tick.tel.span(SpanSpec {
                trace_id: &trace_id,
                parent_span_id: Some(&root),
                service: "fedzk-zk",
                host: self.zk.host,
                operation: "zk_proof_generation",
                kind: "server",
                start,
                duration,
                tags: vec![
                    ("proof.type", TagValue::Str(proof_type.into())),
                    ("circuit.constraints", TagValue::Int(CIRCUITS[0].1)),
                    ("participant", TagValue::Int(participant)),
                    (
                        "proof.size_bytes",
                        TagValue::Int(if failed { 0 } else { size as i64 }),
                    ),
                ],
                events: if failed {
                    vec![(
                        start + duration,
                        vec![
                            ("event", TagValue::Str("error".into())),
                            (
                                "message",
                                TagValue::Str(
                                    "witness generation failed: constraint not satisfied".into(),
                                ),
                            ),
                        ],
                    )]
                } else {
                    vec![]
                },
                error: failed,
            });
            let source = LogSource {
                job: "fedzk",
                instance: self.zk.instance.into(),
                component: "zk",
                logger: "fedzk.zk",
            };
            if failed {
                let fields = vec![
                    ("round_id", json!(self.round)),
                    ("proof_type", json!(proof_type)),
                    (
                        "error",
                        json!("witness generation failed: constraint not satisfied"),
                    ),
                ];
                tick.tel.structlog(
                    start + duration,
                    &source,
                    Level::Error,
                    "zk_proof_failed",
                    fields,
                    Some(&trace_id),
                );
            } else {
                let fields = vec![
                    ("round_id", json!(self.round)),
                    ("proof_type", json!(proof_type)),
                    ("duration_ms", json!((duration * 1000.0).round())),
                    ("proof_size_bytes", json!(size.round())),
                ];
                tick.tel.structlog(
                    start + duration,
                    &source,
                    Level::Info,
                    "zk_proof_generated",
                    fields,
                    Some(&trace_id),
                );
            }
        }
        let round_failed = failed_proofs * 2 > self.participants;
        let rng = &mut *tick.rng;
        for (operation, n) in [
            ("key_exchange", self.participants as u64),
            ("secure_sum", 1),
        ] {
            let status = if round_failed && operation == "secure_sum" {
                "failure"
            } else {
                "success"
            };
            self.mpc
                .m
                .mpc_operations
                .get_or_create(&labels([("operation", operation), ("status", status)]))
                .inc_by(n);
        }
        self.mpc
            .m
            .requests
            .get_or_create(&labels([
                ("method", self.mpc.endpoint.0),
                ("endpoint", self.mpc.endpoint.1),
                ("status", "200"),
            ]))
            .inc();
        let mpc_duration = (0.35 * gauss(rng)).exp();
        self.mpc
            .m
            .request_duration_seconds
            .get_or_create(&labels([
                ("method", self.mpc.endpoint.0),
                ("endpoint", self.mpc.endpoint.1),
            ]))
            .observe(mpc_duration);
        let status = if round_failed { "failed" } else { "completed" };
        self.coordinator
            .m
            .fl_rounds
            .get_or_create(&labels([("status", status)]))
            .inc();
        self.coordinator
            .m
            .requests
            .get_or_create(&labels([
                ("method", self.coordinator.endpoint.0),
                ("endpoint", self.coordinator.endpoint.1),
                ("status", if round_failed { "500" } else { "200" }),
            ]))
            .inc();
        self.coordinator
            .m
            .request_duration_seconds
            .get_or_create(&labels([
                ("method", self.coordinator.endpoint.0),
                ("endpoint", self.coordinator.endpoint.1),
            ]))
            // `POST /api/round` answers once the round is scheduled; the round itself (its
            // proofs and the aggregation, `round_duration`) runs on after the response and is
            // the `fl_round` span, not request latency.
            .observe(0.3 * (0.45 * gauss(rng)).exp());
        tick.tel.span(SpanSpec {
            trace_id: &trace_id,
            parent_span_id: Some(&root),
            service: "fedzk-mpc",
            host: self.mpc.host,
            operation: "mpc_secure_aggregation",
            kind: "server",
            start: at + round_duration - mpc_duration - 0.1,
            duration: mpc_duration,
            tags: vec![
                ("mpc.parties", TagValue::Int(self.participants)),
                ("mpc.protocol", TagValue::Str("shamir".into())),
            ],
            events: vec![],
            error: round_failed,
        });
    }
}
