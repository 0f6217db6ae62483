//! Incidents: the failures the simulator can be put through, when they happen (a deterministic
//! hourly schedule and manual triggers from the control endpoint) and which seed alert each
//! one is meant to fire. The simulated systems read the resulting [`Conditions`] every tick.

use meshboard_core::step::parse_prom_duration;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentKind {
    NodeDown,
    NetworkPartition,
    ConsensusFailure,
    AccuracyDrop,
    FlStall,
    AuthFailureBurst,
    TreasuryDrain,
    CertExpiry,
    ZkProofFailures,
    MemoryPressure,
    ApiErrors,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 11] = [
        IncidentKind::NodeDown,
        IncidentKind::NetworkPartition,
        IncidentKind::ConsensusFailure,
        IncidentKind::AccuracyDrop,
        IncidentKind::FlStall,
        IncidentKind::AuthFailureBurst,
        IncidentKind::TreasuryDrain,
        IncidentKind::CertExpiry,
        IncidentKind::ZkProofFailures,
        IncidentKind::MemoryPressure,
        IncidentKind::ApiErrors,
    ];

    /// The name used in the control URL (`/control/incident/<name>`).
    pub fn name(self) -> &'static str {
        match self {
            IncidentKind::NodeDown => "node_down",
            IncidentKind::NetworkPartition => "network_partition",
            IncidentKind::ConsensusFailure => "consensus_failure",
            IncidentKind::AccuracyDrop => "accuracy_drop",
            IncidentKind::FlStall => "fl_stall",
            IncidentKind::AuthFailureBurst => "auth_failure_burst",
            IncidentKind::TreasuryDrain => "treasury_drain",
            IncidentKind::CertExpiry => "cert_expiry",
            IncidentKind::ZkProofFailures => "zk_proof_failures",
            IncidentKind::MemoryPressure => "memory_pressure",
            IncidentKind::ApiErrors => "api_errors",
        }
    }

    pub fn from_name(name: &str) -> Option<IncidentKind> {
        IncidentKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What happens in the simulated systems.
    pub fn description(self) -> &'static str {
        match self {
            IncidentKind::NodeDown => "one mesh node stops answering scrapes (up == 0)",
            IncidentKind::NetworkPartition => {
                "half the mesh loses its peers; Fed-RL agents drop out of the federation"
            }
            IncidentKind::ConsensusFailure => "most consensus rounds fail",
            IncidentKind::AccuracyDrop => "global model accuracy falls to about 0.68",
            IncidentKind::FlStall => "no federated round completes",
            IncidentKind::AuthFailureBurst => "a credential-stuffing burst against every service",
            IncidentKind::TreasuryDrain => "the treasury is drained by a flood of transfers",
            IncidentKind::CertExpiry => "the SPIRE server certificate gets 3 days left",
            IncidentKind::ZkProofFailures => "40% of ZK proof generations fail",
            IncidentKind::MemoryPressure => "memory leaks on the nodes and the host",
            IncidentKind::ApiErrors => "the Fed-RL API answers 5xx to 5% of requests",
        }
    }

    /// The seed alerts this incident makes fire.
    pub fn alerts(self) -> &'static [&'static str] {
        match self {
            IncidentKind::NodeDown => &["MeshNodeDown", "AgentMeshNodeDown"],
            IncidentKind::NetworkPartition => &[
                "P2PNetworkPartition",
                "LowPeerCount",
                "HighConsensusLatency",
                "AgentNetworkPartition",
            ],
            IncidentKind::ConsensusFailure => &["ConsensusFailure"],
            IncidentKind::AccuracyDrop => &["ModelAccuracyDrop"],
            IncidentKind::FlStall => &["FederatedLearningStalled"],
            IncidentKind::AuthFailureBurst => {
                &["FailedAuthAttempts", "FEDzkAuthenticationFailures"]
            }
            IncidentKind::TreasuryDrain => &["LowTreasuryBalance", "UnusualTransactionVolume"],
            IncidentKind::CertExpiry => &["CertificateExpiringSoon"],
            IncidentKind::ZkProofFailures => &["FEDzkZKProofFailures"],
            IncidentKind::MemoryPressure => &["HighMemoryUsage", "FEDzkHighMemoryUsage"],
            IncidentKind::ApiErrors => &["ErrorBudgetExhausted"],
        }
    }

    /// Long enough for the alert's `for:` at the seeds' own values.
    pub fn default_duration_s(self) -> f64 {
        match self {
            IncidentKind::NodeDown => 8.0 * 60.0,
            IncidentKind::NetworkPartition => 8.0 * 60.0,
            IncidentKind::ConsensusFailure => 6.0 * 60.0,
            IncidentKind::AccuracyDrop => 20.0 * 60.0,
            IncidentKind::FlStall => 15.0 * 60.0,
            IncidentKind::AuthFailureBurst => 8.0 * 60.0,
            IncidentKind::TreasuryDrain => 70.0 * 60.0,
            IncidentKind::CertExpiry => 75.0 * 60.0,
            IncidentKind::ZkProofFailures => 10.0 * 60.0,
            IncidentKind::MemoryPressure => 15.0 * 60.0,
            IncidentKind::ApiErrors => 8.0 * 60.0,
        }
    }
}

impl fmt::Display for IncidentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Schedule,
    Manual,
}

/// One incident over `[start, end)` (Unix seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub kind: IncidentKind,
    pub start: f64,
    pub end: f64,
    /// The node host a `node_down` takes out (e.g. `trainer-03`).
    pub target: Option<String>,
    pub origin: Origin,
}

/// What the simulated systems must do during one tick.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    /// Hosts whose targets answer 503.
    pub nodes_down: Vec<String>,
    pub partition: bool,
    pub consensus_failure: bool,
    pub accuracy_drop: bool,
    pub fl_stall: bool,
    pub auth_failure_burst: bool,
    pub treasury_drain: bool,
    pub cert_expiry: bool,
    pub zk_proof_failures: bool,
    pub memory_pressure: bool,
    pub api_errors: bool,
}

impl Conditions {
    pub fn node_down(&self, host: &str) -> bool {
        self.nodes_down.iter().any(|h| h == host)
    }
}

const HOUR: f64 = 3600.0;

/// Scheduled and manual incidents.
pub struct IncidentBook {
    schedule: bool,
    seed: u64,
    /// Hosts a scheduled `node_down` may pick.
    node_down_candidates: Vec<String>,
    manual: Vec<Incident>,
}

impl IncidentBook {
    pub fn new(schedule: bool, seed: u64, node_down_candidates: Vec<String>) -> Self {
        IncidentBook {
            schedule,
            seed,
            node_down_candidates,
            manual: Vec::new(),
        }
    }

    pub fn schedule_enabled(&self) -> bool {
        self.schedule
    }

    /// Starts an incident now (replacing a running manual one of the same kind).
    pub fn trigger(
        &mut self,
        kind: IncidentKind,
        now: f64,
        duration_s: Option<f64>,
        target: Option<String>,
    ) -> Incident {
        self.manual.retain(|i| i.kind != kind || i.end <= now);
        let target = match kind {
            IncidentKind::NodeDown => target.or_else(|| self.node_down_candidates.first().cloned()),
            _ => None,
        };
        let incident = Incident {
            kind,
            start: now,
            end: now + duration_s.unwrap_or_else(|| kind.default_duration_s()),
            target,
            origin: Origin::Manual,
        };
        self.manual.push(incident.clone());
        incident
    }

    /// Ends manual incidents of `kind` (all kinds when `None`); returns how many ended.
    pub fn clear(&mut self, kind: Option<IncidentKind>, now: f64) -> usize {
        let mut ended = 0;
        for i in self
            .manual
            .iter_mut()
            .filter(|i| kind.is_none_or(|k| i.kind == k))
        {
            if i.end > now {
                i.end = now;
                ended += 1;
            }
        }
        ended
    }

    /// The incident the schedule puts in hour `hour` (hours since the epoch): one per hour,
    /// kinds in a seeded rotation, starting 10 to 30 minutes into the hour.
    fn scheduled_in_hour(&self, hour: i64) -> Incident {
        let mix = splitmix(self.seed ^ (hour as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let kinds = IncidentKind::ALL;
        let kind = kinds[((hour as u64).wrapping_add(self.seed) % kinds.len() as u64) as usize];
        let start = hour as f64 * HOUR + 600.0 + (mix % 1200) as f64;
        let target = match kind {
            IncidentKind::NodeDown if !self.node_down_candidates.is_empty() => Some(
                self.node_down_candidates[(mix >> 16) as usize % self.node_down_candidates.len()]
                    .clone(),
            ),
            _ => None,
        };
        Incident {
            kind,
            start,
            end: start + kind.default_duration_s(),
            target,
            origin: Origin::Schedule,
        }
    }

    /// Every incident running at `t`.
    pub fn active_at(&self, t: f64) -> Vec<Incident> {
        let mut active: Vec<Incident> = self
            .manual
            .iter()
            .filter(|i| i.start <= t && t < i.end)
            .cloned()
            .collect();
        if self.schedule {
            let hour = (t / HOUR).floor() as i64;
            // A scheduled incident lasts at most 75 minutes, so two hours back is enough.
            for h in hour - 2..=hour {
                let i = self.scheduled_in_hour(h);
                if i.start <= t && t < i.end {
                    active.push(i);
                }
            }
        }
        active
    }

    /// Manual incidents not yet over, and the schedule's incidents around `t` (for listing).
    pub fn listing(&self, t: f64) -> Vec<Incident> {
        let mut all: Vec<Incident> = self.manual.iter().filter(|i| i.end > t).cloned().collect();
        if self.schedule {
            let hour = (t / HOUR).floor() as i64;
            all.extend(
                (hour - 2..=hour + 1)
                    .map(|h| self.scheduled_in_hour(h))
                    .filter(|i| i.end > t),
            );
        }
        all
    }

    pub fn conditions_at(&self, t: f64) -> Conditions {
        let mut c = Conditions::default();
        for i in self.active_at(t) {
            match i.kind {
                IncidentKind::NodeDown => c.nodes_down.extend(i.target),
                IncidentKind::NetworkPartition => c.partition = true,
                IncidentKind::ConsensusFailure => c.consensus_failure = true,
                IncidentKind::AccuracyDrop => c.accuracy_drop = true,
                IncidentKind::FlStall => c.fl_stall = true,
                IncidentKind::AuthFailureBurst => c.auth_failure_burst = true,
                IncidentKind::TreasuryDrain => c.treasury_drain = true,
                IncidentKind::CertExpiry => c.cert_expiry = true,
                IncidentKind::ZkProofFailures => c.zk_proof_failures = true,
                IncidentKind::MemoryPressure => c.memory_pressure = true,
                IncidentKind::ApiErrors => c.api_errors = true,
            }
        }
        c
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Parses a positive duration in seconds: bare seconds (`90`, `2.5`) or Prometheus units
/// (`90s`, `5m`, `1h30m`, `2d`, `500ms`), the syntax the scrape interval and `?duration=` use.
pub fn parse_duration(text: &str) -> Option<f64> {
    parse_prom_duration(text)
        .map(|ms| ms / 1000.0)
        .filter(|seconds| *seconds > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(schedule: bool) -> IncidentBook {
        IncidentBook::new(schedule, 1, vec!["trainer-01".into(), "trainer-02".into()])
    }

    #[test]
    fn every_kind_round_trips_its_name() {
        for k in IncidentKind::ALL {
            assert_eq!(IncidentKind::from_name(k.name()), Some(k));
            assert!(!k.alerts().is_empty());
        }
    }

    #[test]
    fn manual_trigger_and_clear() {
        let mut b = book(false);
        b.trigger(IncidentKind::NodeDown, 100.0, Some(60.0), None);
        assert_eq!(
            b.conditions_at(120.0).nodes_down,
            vec!["trainer-01".to_string()]
        );
        assert!(b.conditions_at(161.0).nodes_down.is_empty());
        b.trigger(IncidentKind::TreasuryDrain, 200.0, None, None);
        assert!(b.conditions_at(210.0).treasury_drain);
        assert_eq!(b.clear(Some(IncidentKind::TreasuryDrain), 220.0), 1);
        assert!(!b.conditions_at(221.0).treasury_drain);
    }

    #[test]
    fn the_schedule_runs_every_kind_within_a_day() {
        let b = book(true);
        let mut seen = std::collections::HashSet::new();
        for minute in 0..(24 * 60) {
            for i in b.active_at(1_700_000_000.0 + minute as f64 * 60.0) {
                seen.insert(i.kind);
            }
        }
        assert_eq!(seen.len(), IncidentKind::ALL.len());
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("90"), Some(90.0));
        assert_eq!(parse_duration("5m"), Some(300.0));
        assert_eq!(parse_duration("1h30m"), Some(5400.0));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration("5"), Some(5.0));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("500ms"), Some(0.5));
        assert_eq!(parse_duration("2.5"), Some(2.5));
        for refused in ["0", "0s", "", "inf", "-5m", "1.5m"] {
            assert_eq!(parse_duration(refused), None, "{refused}");
        }
    }
}
