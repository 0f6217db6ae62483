//! Helpers shared by meshsim's integration tests: building and advancing a world, and reading
//! its targets' expositions back as samples.
#![allow(dead_code)] // each test file uses its own subset

use meshsim::incidents::{IncidentBook, IncidentKind};
use meshsim::sim::emit::Emitter;
use meshsim::sim::{SimConfig, World};
use std::collections::BTreeMap;

/// 2023-11-14T22:13:20Z: a fixed start keeps the runs identical.
pub const START: f64 = 1_700_000_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub job: String,
    pub instance: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

impl Sample {
    /// `name{labels}` plus the target, unique within one scrape of the world.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{:?}",
            self.job, self.instance, self.name, self.labels
        )
    }
}

pub fn world(nodes: usize) -> World {
    World::new(&SimConfig { seed: 7, nodes }, START)
}

pub fn quiet_book(world: &World) -> IncidentBook {
    IncidentBook::new(false, 7, world.node_down_candidates())
}

/// Advances by `seconds` in steps of `step`.
pub fn advance(world: &mut World, book: &IncidentBook, seconds: f64, step: f64) {
    let until = world.now() + seconds;
    world.run_until(until, step, book, &mut Emitter::disabled());
}

/// Starts `kind` now, for an hour.
pub fn trigger(world: &World, book: &mut IncidentBook, kind: IncidentKind) {
    book.trigger(kind, world.now(), Some(3600.0), None);
}

/// Parses one OpenMetrics sample line (`name{a="b"} 1.5`).
fn parse_line(line: &str) -> Option<(String, BTreeMap<String, String>, f64)> {
    let (series, value) = line.rsplit_once(' ')?;
    let value = value.parse().ok()?;
    let Some((name, rest)) = series.split_once('{') else {
        return Some((series.to_string(), BTreeMap::new(), value));
    };
    let mut labels = BTreeMap::new();
    for pair in rest.trim_end_matches('}').split("\",") {
        let (k, v) = pair.split_once("=\"")?;
        labels.insert(k.to_string(), v.trim_end_matches('"').to_string());
    }
    Some((name.to_string(), labels, value))
}

/// Every sample of every target that is up, as Prometheus would scrape it now.
pub fn scrape(world: &World) -> Vec<Sample> {
    let mut out = Vec::new();
    for target in world.targets().iter().filter(|t| t.is_up()) {
        for line in target
            .encode()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (name, labels, value) =
                parse_line(line).unwrap_or_else(|| panic!("bad line {line}"));
            out.push(Sample {
                job: target.job.to_string(),
                instance: target.instance.clone(),
                name,
                labels,
                value,
            });
        }
    }
    out
}

/// Samples named `name` (optionally only those of `job`).
pub fn find<'a>(samples: &'a [Sample], job: Option<&str>, name: &str) -> Vec<&'a Sample> {
    samples
        .iter()
        .filter(|s| s.name == name && job.is_none_or(|j| s.job == j))
        .collect()
}

/// Sum of the samples named `name` whose labels include all of `labels`.
pub fn sum(samples: &[Sample], job: Option<&str>, name: &str, labels: &[(&str, &str)]) -> f64 {
    find(samples, job, name)
        .into_iter()
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

/// Per-second increase of a summed counter between two scrapes `seconds` apart.
pub fn rate(
    before: &[Sample],
    after: &[Sample],
    name: &str,
    labels: &[(&str, &str)],
    job: Option<&str>,
    seconds: f64,
) -> f64 {
    (sum(after, job, name, labels) - sum(before, job, name, labels)) / seconds
}
