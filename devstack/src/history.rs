//! Backfill history: runs the same world over the past hours at a coarse step and writes every
//! target's samples with their `job`/`instance` labels and timestamps, as OpenMetrics for
//! `promtool tsdb create-blocks-from openmetrics` or as Prometheus text (millisecond
//! timestamps) for VictoriaMetrics' `/api/v1/import/prometheus`. `up` is written too.

use crate::incidents::IncidentBook;
use crate::metrics::target::{Target, TargetSet};
use crate::sim::emit::Emitter;
use crate::sim::{SimConfig, World};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Timestamps in seconds, ends with `# EOF`.
    OpenMetrics,
    /// Timestamps in milliseconds (Prometheus text exposition), no `# EOF`.
    PrometheusText,
}

/// The tick of the history (and of the live simulator's fast-forward over the same hours).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    Seconds(f64),
    /// The finest whole minute that keeps the file under a sample budget.
    Auto,
}

/// Samples a history file may hold before `Step::Auto` coarsens the step.
pub const SAMPLE_BUDGET: f64 = 3.0e6;

#[derive(Debug, Clone)]
pub struct HistoryOptions {
    pub config: SimConfig,
    /// Last sample time (Unix seconds).
    pub end: f64,
    pub hours: f64,
    pub step: Step,
    pub schedule_incidents: bool,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistorySummary {
    pub step_seconds: f64,
    pub steps: u64,
    pub samples: u64,
    pub series_per_step: u64,
}

/// The start of the simulated history: where both `history` and `serve` begin the world.
pub fn history_start(end: f64, hours: f64) -> f64 {
    end - hours * 3600.0
}

/// Resolves `Step::Auto` against the number of series a world of this size exposes.
pub fn resolve_step(step: Step, config: &SimConfig, hours: f64) -> f64 {
    match step {
        Step::Seconds(s) => s.max(1.0),
        Step::Auto => {
            let series = count_series(config) as f64;
            let wanted_steps = SAMPLE_BUDGET / series.max(1.0);
            let seconds = hours * 3600.0 / wanted_steps;
            (seconds / 60.0).ceil().max(1.0) * 60.0
        }
    }
}

/// Series a world exposes once every labelled family has been touched (after a minute).
fn count_series(config: &SimConfig) -> u64 {
    let mut world = World::new(config, 0.0);
    let book = IncidentBook::new(false, config.seed, vec![]);
    world.run_until(60.0, 60.0, &book, &mut Emitter::disabled());
    world
        .targets()
        .iter()
        .map(|t| 1 + sample_lines(&t.encode()).count() as u64)
        .sum()
}

fn sample_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `job="..",instance="..",role=".."` for splicing into sample lines.
fn label_prefix(target: &Target) -> String {
    target
        .target_labels()
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(",")
}

/// Rewrites one exposition line: target labels first, then the sample's own, then the time.
fn write_sample(out: &mut impl Write, line: &str, prefix: &str, ts: &str) -> io::Result<()> {
    match line.find(['{', ' ']) {
        Some(i) if line.as_bytes()[i] == b'{' => {
            writeln!(out, "{}{{{prefix},{} {ts}", &line[..i], &line[i + 1..])
        }
        Some(i) => writeln!(out, "{}{{{prefix}}}{} {ts}", &line[..i], &line[i..]),
        None => Ok(()),
    }
}

pub fn write_history(opts: &HistoryOptions, out: &mut impl Write) -> io::Result<HistorySummary> {
    let step = resolve_step(opts.step, &opts.config, opts.hours);
    let start = history_start(opts.end, opts.hours);
    let mut world = World::new(&opts.config, start);
    let incidents = IncidentBook::new(
        opts.schedule_incidents,
        opts.config.seed,
        world.node_down_candidates(),
    );
    let prefixes: Vec<String> = world.targets().iter().map(label_prefix).collect();
    let mut summary = HistorySummary {
        step_seconds: step,
        steps: 0,
        samples: 0,
        series_per_step: 0,
    };
    let mut tel = Emitter::disabled();
    let mut t = start;
    while t < opts.end {
        t = (t + step).min(opts.end);
        world.advance_to(t, &incidents, &mut tel);
        let ts = match opts.format {
            Format::OpenMetrics => format!("{}", t.round() as i64),
            Format::PrometheusText => format!("{}", (t * 1000.0).round() as i64),
        };
        let mut samples = 0;
        for (target, prefix) in world.targets().iter().zip(&prefixes) {
            let up = target.is_up();
            writeln!(out, "up{{{prefix}}} {} {ts}", u8::from(up))?;
            samples += 1;
            if !up {
                continue;
            }
            for line in sample_lines(&target.encode()) {
                write_sample(out, line, prefix, &ts)?;
                samples += 1;
            }
        }
        summary.steps += 1;
        summary.samples += samples;
        summary.series_per_step = summary.series_per_step.max(samples);
    }
    if opts.format == Format::OpenMetrics {
        writeln!(out, "# EOF")?;
    }
    Ok(summary)
}

/// Every target of a world of this configuration (for tests and listings).
pub fn targets_of(config: &SimConfig) -> std::sync::Arc<TargetSet> {
    World::new(config, 0.0).targets().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_target_labels_into_samples() {
        let mut out = Vec::new();
        write_sample(&mut out, "foo_total 3", "job=\"a\"", "17").unwrap();
        write_sample(&mut out, "bar{le=\"+Inf\"} 2", "job=\"a\"", "17").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "foo_total{job=\"a\"} 3 17\nbar{job=\"a\",le=\"+Inf\"} 2 17\n"
        );
    }

    #[test]
    fn short_history_is_well_formed() {
        let opts = HistoryOptions {
            config: SimConfig { seed: 3, nodes: 4 },
            end: 1_700_000_000.0,
            hours: 0.1,
            step: Step::Seconds(60.0),
            schedule_incidents: true,
            format: Format::OpenMetrics,
        };
        let mut out = Vec::new();
        let summary = write_history(&opts, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(summary.steps, 6);
        assert!(text.ends_with("# EOF\n"));
        assert!(text.contains(
            "up{job=\"agent-mesh\",instance=\"bootstrap-01:9090\",role=\"bootstrap\"} 1 1700000000"
        ));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(line.split(' ').count(), 3, "{line}");
        }
    }
}
