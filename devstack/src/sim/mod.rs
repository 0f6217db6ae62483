//! The simulated seed systems in simulated time: a [`World`] owns the four systems, advances
//! them tick by tick from a seed, writes their metrics into the scrape targets' registries and
//! their events into log and span records. Same seed, same start and same ticks: same numbers.
//!
//! Two generators, so that history and live are one simulation: `Tick::rng` drives the
//! dynamics (every metric), `Tick::tel_rng` only the details of log lines and spans. Telemetry
//! is recorded in `serve`'s replay of the backfilled hours but not in `history`; a draw from the
//! dynamics' generator that happened only when a record was wanted would shift every number
//! after it, and the live series would not continue the backfilled ones.
//! The dynamics are also independent of the tick's length (noise with a stationary spread,
//! event times drawn per event), so the history's 60 s steps and the live 1 s ticks show the
//! same rates and the same texture.

pub mod clock;
pub mod emit;
pub mod fedrl;
pub mod fedzk;
pub mod live;
pub mod mesh;
pub mod noise;
pub mod protocol;

use crate::incidents::{Conditions, IncidentBook};
use crate::metrics::target::{TargetSet, TargetSetBuilder};
use emit::Emitter;
use rand::rngs::SmallRng;
use rand::SeedableRng;
use std::sync::Arc;

/// Mixed into the seed for the telemetry details' generator.
const TELEMETRY_SEED: u64 = 0x5eed_7e1e_9a7e_0001;

/// The largest mesh the simulator accepts (`--nodes`).
pub const MAX_NODES: usize = 1000;

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub seed: u64,
    /// Agent Mesh nodes (bootstrap + aggregators + trainers), 3..=1000.
    pub nodes: usize,
}

/// What one system gets to advance itself over the tick `(t0, t1]`.
pub struct Tick<'a> {
    pub t0: f64,
    pub t1: f64,
    pub dt: f64,
    pub cond: &'a Conditions,
    /// The dynamics: drawn the same whether telemetry is recorded or not.
    pub rng: &'a mut SmallRng,
    /// Details only log lines and spans carry (ids in lines, span timings, sampled events):
    /// whatever is drawn here never reaches a metric.
    pub tel_rng: &'a mut SmallRng,
    pub tel: &'a mut Emitter,
    pub targets: &'a TargetSet,
}

pub struct World {
    now: f64,
    rng: SmallRng,
    tel_rng: SmallRng,
    targets: Arc<TargetSet>,
    mesh: mesh::Mesh,
    protocol: protocol::Protocol,
    fedrl: fedrl::FedRl,
    fedzk: fedzk::Fedzk,
}

impl World {
    /// A world whose processes all started at `start` (Unix seconds).
    pub fn new(config: &SimConfig, start: f64) -> World {
        let nodes = config.nodes.clamp(3, MAX_NODES);
        let mut rng = SmallRng::seed_from_u64(config.seed);
        let mut builder = TargetSetBuilder::default();
        let mesh = mesh::Mesh::new(&mut builder, &mut rng, nodes, start);
        let protocol = protocol::Protocol::new(&mut builder, &mut rng, start);
        let fedrl = fedrl::FedRl::new(&mut builder, &mut rng, start);
        let fedzk = fedzk::Fedzk::new(&mut builder, &mut rng, start);
        World {
            now: start,
            rng,
            tel_rng: SmallRng::seed_from_u64(config.seed ^ TELEMETRY_SEED),
            targets: builder.finish(),
            mesh,
            protocol,
            fedrl,
            fedzk,
        }
    }

    pub fn now(&self) -> f64 {
        self.now
    }

    pub fn targets(&self) -> &Arc<TargetSet> {
        &self.targets
    }

    /// Hosts a `node_down` incident may take out (the trainers).
    pub fn node_down_candidates(&self) -> Vec<String> {
        self.mesh.trainer_hosts()
    }

    /// Advances every system to `t` in one tick (no-op unless `t` is later than now).
    pub fn advance_to(&mut self, t: f64, incidents: &IncidentBook, tel: &mut Emitter) {
        if t <= self.now {
            return;
        }
        let cond = incidents.conditions_at(t);
        let mut tick = Tick {
            t0: self.now,
            t1: t,
            dt: t - self.now,
            cond: &cond,
            rng: &mut self.rng,
            tel_rng: &mut self.tel_rng,
            tel,
            targets: &self.targets,
        };
        self.mesh.tick(&mut tick);
        self.protocol.tick(&mut tick);
        self.fedrl.tick(&mut tick);
        self.fedzk.tick(&mut tick);
        self.now = t;
    }

    /// Advances to `t` in ticks of at most `step` seconds.
    pub fn run_until(&mut self, t: f64, step: f64, incidents: &IncidentBook, tel: &mut Emitter) {
        while self.now < t {
            let next = (self.now + step).min(t);
            self.advance_to(next, incidents, tel);
        }
    }
}
