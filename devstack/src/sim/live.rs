//! Runs a world against the wall clock: fast-forwards over the backfilled hours (recording the
//! last hours' logs and traces), catches up to now, then ticks every second, pushing telemetry
//! into the shared store until shutdown.

use super::emit::Emitter;
use super::{SimConfig, World};
use crate::history::history_start;
use crate::incidents::IncidentBook;
use crate::metrics::target::TargetSet;
use crate::store::TelemetryStore;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct LiveOptions {
    pub config: SimConfig,
    /// Where the backfilled history ends; the world starts `history_hours` before it.
    pub history_end: f64,
    pub history_hours: f64,
    /// The fast-forward's tick: the history's step, so both see the same numbers.
    pub step_seconds: f64,
    /// How many hours of logs and traces to have at start.
    pub telemetry_hours: f64,
    pub schedule_incidents: bool,
}

pub struct Live {
    world: Mutex<World>,
    emitter: Mutex<Emitter>,
    pub incidents: Arc<Mutex<IncidentBook>>,
    pub store: Arc<TelemetryStore>,
    pub targets: Arc<TargetSet>,
}

/// Ticks between two pushes into the store while fast-forwarding (each push re-sorts it).
const FAST_FORWARD_BATCH: u32 = 30;

impl Live {
    /// Builds the world and brings it to `now`.
    pub fn start(opts: &LiveOptions, now: f64) -> Live {
        let retention_ns = ((opts.telemetry_hours + 1.0) * 3600.0 * 1e9) as i64;
        let store = Arc::new(TelemetryStore::new(retention_ns));
        let start = history_start(opts.history_end, opts.history_hours);
        let mut world = World::new(&opts.config, start);
        let incidents = IncidentBook::new(
            opts.schedule_incidents,
            opts.config.seed,
            world.node_down_candidates(),
        );
        let mut emitter = Emitter::new(opts.config.seed, now - opts.telemetry_hours * 3600.0);
        let mut ticks = 0;
        while world.now() < opts.history_end {
            let next = (world.now() + opts.step_seconds).min(opts.history_end);
            world.advance_to(next, &incidents, &mut emitter);
            ticks += 1;
            if ticks % FAST_FORWARD_BATCH == 0 {
                push(&store, &mut emitter);
            }
        }
        world.run_until(now, 1.0, &incidents, &mut emitter);
        push(&store, &mut emitter);
        let targets = world.targets().clone();
        Live {
            world: Mutex::new(world),
            emitter: Mutex::new(emitter),
            incidents: Arc::new(Mutex::new(incidents)),
            store,
            targets,
        }
    }

    /// Advances to `now` (one tick) and publishes what happened.
    pub fn tick(&self, now: f64) {
        let mut world = self.world.lock().expect("world poisoned");
        let mut emitter = self.emitter.lock().expect("emitter poisoned");
        {
            let incidents = self.incidents.lock().expect("incident book poisoned");
            world.advance_to(now, &incidents, &mut emitter);
        }
        push(&self.store, &mut emitter);
    }

    /// Ticks every second on `clock` until `shutdown` resolves.
    pub async fn run(
        self: Arc<Self>,
        clock: fn() -> f64,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        let mut interval = tokio::time::interval(Duration::from_secs(1));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => return,
                _ = interval.tick() => {
                    let live = self.clone();
                    // The tick holds std mutexes and may take a while at 1000 nodes.
                    let _ = tokio::task::spawn_blocking(move || live.tick(clock())).await;
                }
            }
        }
    }
}

fn push(store: &TelemetryStore, emitter: &mut Emitter) {
    let (logs, spans) = emitter.drain();
    if !logs.is_empty() {
        store.push_logs(logs);
    }
    if !spans.is_empty() {
        store.push_spans(spans);
    }
}
