//! History and live are one simulation: `meshsim history --end T --step S` and the replay
//! `meshsim serve --history-end T --step S` does before going live reach the very same state
//! at `T` (every counter, gauge and histogram bucket, with telemetry recorded during the replay
//! or not), and the live ticks that follow continue it: no counter goes down at the seam, and
//! rates (federated rounds per hour among them) are those of the history, whatever the tick.

use meshsim::history::{write_history, Format, HistoryOptions, Step};
use meshsim::incidents::IncidentBook;
use meshsim::metrics::target::TargetSet;
use meshsim::sim::emit::Emitter;
use meshsim::sim::live::{Live, LiveOptions};
use meshsim::sim::{SimConfig, World};
use std::collections::{BTreeMap, BTreeSet};

/// 2023-11-14T22:13:00Z, a whole minute as the devstack's history end always is.
const END: f64 = 1_699_999_980.0;
const STEP: f64 = 60.0;

/// `name{job,instance,...,labels}` (labels sorted) -> value.
type Snapshot = BTreeMap<String, f64>;

fn config() -> SimConfig {
    SimConfig { seed: 1, nodes: 12 }
}

/// Splits `name{a="b",c="d"} 1.5 [ts]` into its series key (labels sorted, `extra` added) and
/// its value; exemplars (` # {...} v`) are dropped.
fn parse_sample(line: &str, extra: &[(&str, String)]) -> (String, f64, Option<f64>) {
    let line = line.split(" # ").next().unwrap_or(line);
    let (series, rest) = match line.find('{') {
        Some(open) if line[..open].find(' ').is_none() => {
            let close = line.rfind('}').expect("closing brace");
            (&line[..=close], line[close + 1..].trim())
        }
        _ => line.split_once(' ').expect("a value"),
    };
    let mut fields = rest.split(' ');
    let value: f64 = fields.next().unwrap().parse().expect("a number");
    let ts = fields
        .next()
        .map(|t| t.parse::<f64>().expect("a timestamp"));
    let (name, labels) = match series.split_once('{') {
        Some((name, labels)) => (name, labels.trim_end_matches('}')),
        None => (series, ""),
    };
    let mut all: Vec<String> = labels
        .split("\",")
        .filter(|l| !l.is_empty())
        .map(|l| format!("{}\"", l.trim_end_matches('"')))
        .collect();
    all.extend(extra.iter().map(|(k, v)| format!("{k}=\"{v}\"")));
    all.sort();
    (format!("{name}{{{}}}", all.join(",")), value, ts)
}

/// Every target's samples as Prometheus would store them from a scrape now (plus `up`).
fn scrape(targets: &TargetSet) -> Snapshot {
    let mut out = Snapshot::new();
    for target in targets.iter() {
        let labels = target.target_labels();
        let (key, _, _) = parse_sample("up 0", &labels);
        out.insert(key, f64::from(u8::from(target.is_up())));
        if !target.is_up() {
            continue;
        }
        for line in target.encode().lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value, _) = parse_sample(line, &labels);
            out.insert(key, value);
        }
    }
    out
}

/// The history file's samples grouped by timestamp.
fn history(hours: f64, schedule_incidents: bool) -> BTreeMap<i64, Snapshot> {
    let opts = HistoryOptions {
        config: config(),
        end: END,
        hours,
        step: Step::Seconds(STEP),
        schedule_incidents,
        format: Format::OpenMetrics,
    };
    let mut out = Vec::new();
    write_history(&opts, &mut out).unwrap();
    let mut by_time: BTreeMap<i64, Snapshot> = BTreeMap::new();
    for line in String::from_utf8(out).unwrap().lines() {
        if line.starts_with('#') {
            continue;
        }
        let (key, value, ts) = parse_sample(line, &[]);
        by_time
            .entry(ts.expect("history samples carry a time") as i64)
            .or_default()
            .insert(key, value);
    }
    by_time
}

/// What `meshsim serve` does at start with the history's options: replay to `END` (recording
/// `telemetry_hours` of logs and traces, as serve does) and stop there.
fn live(hours: f64, schedule_incidents: bool, telemetry_hours: f64) -> Live {
    let opts = LiveOptions {
        config: config(),
        history_end: END,
        history_hours: hours,
        step_seconds: STEP,
        telemetry_hours,
        schedule_incidents,
    };
    Live::start(&opts, END)
}

/// Names of the series that only grow: counters (`_total`) and histograms' `_bucket`,
/// `_count` and `_sum` (every observation is positive), by the exposition's `# TYPE` lines.
fn counter_names(targets: &TargetSet) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for target in targets.iter() {
        for line in target.encode().lines() {
            let mut words = line.split(' ').skip(2);
            let (Some(family), Some(kind)) = (words.next(), words.next()) else {
                continue;
            };
            if !line.starts_with("# TYPE ") {
                continue;
            }
            let suffixes: &[&str] = match kind {
                "counter" => &["_total"],
                "histogram" => &["_bucket", "_count", "_sum"],
                _ => &[],
            };
            names.extend(suffixes.iter().map(|s| format!("{family}{s}")));
        }
    }
    names
}

fn name_of(key: &str) -> &str {
    key.split('{').next().unwrap_or(key)
}

/// Sum of every series of the metric `name`.
fn family_sum(snapshot: &Snapshot, name: &str) -> f64 {
    snapshot
        .iter()
        .filter(|(k, _)| name_of(k) == name)
        .map(|(_, v)| v)
        .sum()
}

fn differences(expected: &Snapshot, actual: &Snapshot) -> Vec<String> {
    let mut diffs: Vec<String> = expected
        .iter()
        .filter(|(k, v)| actual.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: history {v}, live {:?}", actual.get(k)))
        .collect();
    diffs.extend(
        actual
            .keys()
            .filter(|k| !expected.contains_key(*k))
            .map(|k| format!("{k}: only live")),
    );
    diffs
}

/// The replay reaches the history's last step exactly, incidents and telemetry included: the
/// last 2 of the 4 hours record logs and traces in the replay, none in the history.
#[test]
fn replay_ends_where_the_history_ends() {
    let hours = 4.0;
    let history = history(hours, true);
    let (&last, at_end) = history.iter().next_back().unwrap();
    assert_eq!(last as f64, END);
    let live = live(hours, true, 2.0);
    let replayed = scrape(&live.targets);
    let diffs = differences(at_end, &replayed);
    assert!(
        diffs.is_empty(),
        "{} of {} series differ at the seam, e.g.\n{}",
        diffs.len(),
        at_end.len(),
        diffs[..diffs.len().min(12)].join("\n")
    );
    // The registrations counter of the issue, on both registries.
    let registrations = family_sum(&replayed, "registry_agent_registrations_total");
    assert!(registrations > 100.0, "{registrations}");
}

/// After the replay, live ticks every second: no counter goes down at the seam and every
/// counter grows over the first live minutes at the rate it grew at in the history's last
/// minutes (no incidents here: nothing explains a change).
#[test]
fn live_ticks_continue_the_history() {
    let hours = 2.0;
    let window = 20.0 * 60.0;
    let history = history(hours, false);
    let at_end = &history[&(END as i64)];
    let before_window = &history[&((END - window) as i64)];
    let live = live(hours, false, 1.0);
    let counters = counter_names(&live.targets);
    let is_counter = |key: &str| counters.contains(name_of(key));
    assert!(counters.contains("registry_agent_registrations_total"));
    assert!(counters.contains("fedzk_request_duration_seconds_bucket"));
    let mut previous = scrape(&live.targets);
    let mut t = END;
    while t < END + window {
        t += 1.0;
        live.tick(t);
        if (t - END) % 60.0 == 0.0 {
            let now = scrape(&live.targets);
            for (key, &value) in now.iter().filter(|(k, _)| is_counter(k)) {
                let old = previous.get(key).copied().unwrap_or(0.0);
                assert!(value >= old, "{key} went from {old} to {value} at {t}");
            }
            previous = now;
        }
    }
    let after_window = scrape(&live.targets);
    for (key, &value) in at_end.iter().filter(|(k, _)| is_counter(k)) {
        let first_live = after_window.get(key).copied().unwrap_or(0.0);
        assert!(
            first_live >= value,
            "{key}: reset at the seam, history ends at {value}, live shows {first_live}"
        );
    }
    // A jump is a series whose increase changes while its family's changes too: a family's
    // series often count the same events (every node counts each failed consensus round), so
    // the sum alone is no Poisson count; and one series alone may stop for a good reason (a new
    // leader makes the proposals). Histograms' `_sum` adds up a few heavy-tailed observations:
    // their `_count` and buckets stand for their rate.
    let counts = |k: &&String| is_counter(k) && !name_of(k).ends_with("_sum");
    let increase =
        |from: &Snapshot, to: &Snapshot, name: &str| family_sum(to, name) - family_sum(from, name);
    let mut jumps = Vec::new();
    for (key, &value) in at_end.iter().filter(|(k, _)| counts(k)) {
        let before = value - before_window.get(key).copied().unwrap_or(0.0);
        let after = after_window.get(key).copied().unwrap_or(0.0) - value;
        let name = name_of(key);
        let (family_before, family_after) = (
            increase(before_window, at_end, name),
            increase(at_end, &after_window, name),
        );
        if !similar_increase(before, after) && !similar_increase(family_before, family_after) {
            jumps.push(format!(
                "{key}: +{before} over the history's last 20 min, +{after} over the first 20 live \
                 min (its family +{family_before}, +{family_after})"
            ));
        }
    }
    assert!(
        jumps.is_empty(),
        "rates change at the seam:\n{}",
        jumps.join("\n")
    );
}

/// Two increases over equal windows of one process are alike: within 5 Poisson standard
/// deviations for small counts, within a factor 1.6 for large quantities (bytes, seconds).
fn similar_increase(before: f64, after: f64) -> bool {
    if before < 0.0 || after < 0.0 {
        return false;
    }
    let mean = (before + after) / 2.0;
    let slack = 5.0 * mean.sqrt() + 3.0;
    (after - before).abs() <= slack
        || (after / before.max(1e-9)).max(before / after.max(1e-9)) < 1.6
}

/// The tick does not change the dynamics: two hours at the history's 60 s step and at the
/// live 1 s tick give the same rounds per hour and the same rates, and gauges the same spread.
#[test]
fn the_tick_does_not_change_the_rates() {
    let run = |step: f64| {
        let mut world = World::new(&config(), END);
        let book = IncidentBook::new(false, 1, world.node_down_candidates());
        let mut tel = Emitter::disabled();
        // An hour to settle, then two measured.
        world.run_until(END + 3600.0, step, &book, &mut tel);
        let start = scrape(world.targets());
        let mut gauges = vec![Vec::new(); NOISY_GAUGES.len()];
        for minute in 1..=120 {
            world.run_until(END + 3600.0 + minute as f64 * 60.0, step, &book, &mut tel);
            let s = scrape(world.targets());
            for (values, (name, instance)) in gauges.iter_mut().zip(NOISY_GAUGES) {
                let value = s
                    .iter()
                    .find(|(k, _)| {
                        k.starts_with(&format!("{name}{{"))
                            && k.contains(&format!("instance=\"{instance}\""))
                    })
                    .map(|(_, v)| *v)
                    .unwrap_or_else(|| panic!("no {name} on {instance}"));
                values.push(value);
            }
        }
        (start, scrape(world.targets()), gauges)
    };
    let (coarse_start, coarse_end, coarse_gauges) = run(STEP);
    let (fine_start, fine_end, fine_gauges) = run(1.0);
    let per_hour = |start: &Snapshot, end: &Snapshot, name: &str| {
        (family_sum(end, name) - family_sum(start, name)) / 2.0
    };
    for name in [
        "agent_mesh_federated_rounds_completed_total",
        "agent_mesh_consensus_proposals_total",
        "registry_agent_registrations_total",
        "agent_mesh_api_requests_total",
        "teg_transactions_total",
        "fedzk_fl_rounds_total",
        "training_episodes_total",
        "system_network_bytes_total",
    ] {
        let coarse = per_hour(&coarse_start, &coarse_end, name);
        let fine = per_hour(&fine_start, &fine_end, name);
        assert!(
            similar_increase(coarse, fine),
            "{name}: {coarse}/h at a {STEP} s tick, {fine}/h at a 1 s tick"
        );
    }
    let rounds = |s: &Snapshot, e: &Snapshot| {
        per_hour(s, e, "agent_mesh_federated_rounds_completed_total") / 12.0
    };
    let (coarse, fine) = (
        rounds(&coarse_start, &coarse_end),
        rounds(&fine_start, &fine_end),
    );
    assert!(
        (coarse - fine).abs() <= 0.1 * coarse,
        "rounds per hour per node: {coarse} at {STEP} s, {fine} at 1 s"
    );
    // A gauge's noise is a property of the node, not of how often it is computed.
    let spread = |v: &[f64]| {
        let diffs: Vec<f64> = v.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        diffs.iter().sum::<f64>() / diffs.len() as f64
    };
    for ((name, _), (coarse, fine)) in NOISY_GAUGES
        .iter()
        .zip(coarse_gauges.iter().zip(&fine_gauges))
    {
        let (coarse, fine) = (spread(coarse), spread(fine));
        assert!(
            fine < 1.6 * coarse && coarse < 1.6 * fine,
            "{name} moves {coarse} per minute at a {STEP} s tick, {fine} at a 1 s tick"
        );
    }
}

/// Gauges with noise of their own (metric, instance), compared minute by minute.
const NOISY_GAUGES: [(&str, &str); 7] = [
    ("system_cpu_usage_percent", "trainer-01:9091"),
    ("system_memory_usage_bytes", "aggregator-01:9092"),
    ("mesh_messages_per_second", "trainer-02:9091"),
    ("mesh_bandwidth_bytes_per_second", "bootstrap-01:9090"),
    ("node_memory_MemAvailable_bytes", "node-exporter:9100"),
    ("gpu_utilization_percent", "dgfrl-coordinator:8000"),
    ("federation_parameter_divergence", "dgfrl-coordinator:8000"),
];
