//! The seam between the backfilled history and the live simulator, checked in the started
//! stack's engine: every counter a public dashboard reads (`rate`, `increase`, `irate` or
//! `resets` over it in `public/dashboards/*.json`) must continue across the history's end
//! without a reset, and grow in its first live minutes at the rate it grew at in the history's
//! last ones. A seam shows on every rate panel at "now" (a reset reads as the whole counter
//! in one scrape interval), which is what this check exists to catch.
//!
//! Rates are compared series by series and judged with their family: a series' increase may
//! change for a good reason its family does not share (a new consensus leader makes the
//! proposals), and a family's series may count the same events (every node counts a failed
//! round), so neither alone is a fair Poisson count. Incidents explain changed rates but never
//! a reset: with the incident schedule on or an incident running, a rate change is reported,
//! not failed.

use super::{get_json, unix_now, Stack};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// Live seconds to wait for after the seam, so a rate over them means something.
const MIN_LIVE_SECONDS: u64 = 120;
/// The history's last minutes the live rate is compared with (rounded up to whole steps).
const BEFORE_SECONDS: f64 = 600.0;

/// Counters read by the public dashboards.
pub fn dashboard_counters(dir: &Path) -> Result<BTreeSet<String>, String> {
    let mut counters = BTreeSet::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut exprs = Vec::new();
        collect_exprs(&json, &mut exprs);
        for expr in exprs {
            counters.extend(counters_in(expr));
        }
    }
    Ok(counters)
}

/// Every `"expr"` string in a dashboard (panels, rows, variables: wherever it sits).
fn collect_exprs<'a>(json: &'a Value, out: &mut Vec<&'a str>) {
    match json {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("expr", Value::String(expr)) => out.push(expr),
                    _ => collect_exprs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_exprs(v, out)),
        _ => {}
    }
}

/// Metric names a PromQL expression takes a counter's rate of: `rate(<name>{...}[...])` and
/// the same under `irate`, `increase` and `resets`.
pub fn counters_in(expr: &str) -> Vec<String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut names = Vec::new();
    for function in ["rate(", "irate(", "increase(", "resets("] {
        for (at, _) in expr.match_indices(function) {
            if expr[..at].chars().next_back().is_some_and(is_ident) {
                continue; // `rate(` inside `irate(`, or a longer function's name
            }
            let rest = expr[at + function.len()..].trim_start();
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            let mut after = rest[name.len()..].trim_start();
            if after.starts_with('{') {
                match after.find('}') {
                    Some(close) => after = after[close + 1..].trim_start(),
                    None => continue,
                }
            }
            let starts_metric = name.chars().next().is_some_and(|c| !c.is_ascii_digit());
            if starts_metric && after.starts_with('[') {
                names.push(name);
            }
        }
    }
    names
}

/// One series of a counter at the three instants the check reads.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesAtSeam {
    pub labels: String,
    /// At the start of the compared history window, at the seam, and at the last live scrape.
    pub start: f64,
    pub seam: f64,
    pub live: f64,
    /// `resets()` over the whole span.
    pub resets: f64,
}

/// The verdict on one counter.
#[derive(Debug, Default, PartialEq)]
pub struct Verdict {
    pub resets: Vec<String>,
    pub jumps: Vec<String>,
    /// Summed over the family: increase over the history window and over the live span.
    pub before: f64,
    pub after: f64,
}

/// Judges one counter's series: `before_s` seconds of history before the seam, `live_s`
/// seconds of live samples after it.
pub fn judge(name: &str, series: &[SeriesAtSeam], before_s: f64, live_s: f64) -> Verdict {
    let mut verdict = Verdict::default();
    let scale = live_s / before_s;
    for s in series {
        verdict.before += s.seam - s.start;
        verdict.after += s.live - s.seam;
        if s.live < s.seam || s.resets > 0.0 {
            verdict.resets.push(format!(
                "{name}{}: reset at the seam (history ends at {}, live shows {}, {} resets)",
                s.labels, s.seam, s.live, s.resets
            ));
        }
    }
    let family_alike = alike(verdict.before * scale, verdict.after);
    for s in series {
        let (expected, seen) = ((s.seam - s.start) * scale, s.live - s.seam);
        if !alike(expected, seen) && !family_alike {
            verdict.jumps.push(format!(
                "{name}{}: +{:.1}/min over the history's last {:.0} s, +{:.1}/min over the first \
                 {:.0} live s",
                s.labels,
                (s.seam - s.start) / before_s * 60.0,
                before_s,
                seen / live_s * 60.0,
                live_s
            ));
        }
    }
    verdict
}

/// Whether an increase `seen` is what `expected` predicts: within 5 Poisson standard
/// deviations for counts, within a factor 1.6 for large quantities (bytes, seconds).
fn alike(expected: f64, seen: f64) -> bool {
    if seen < 0.0 {
        return false;
    }
    let slack = 5.0 * expected.max(seen).sqrt() + 3.0;
    let ratio = (seen / expected.max(1e-9)).max(expected / seen.max(1e-9));
    (seen - expected).abs() <= slack || ratio < 1.6
}

/// The check: waits until the live simulator has been scraped for `MIN_LIVE_SECONDS`, then
/// judges every dashboard counter across the seam.
pub fn seam_check(stack: &Stack) -> Result<(), String> {
    let prom = stack.prometheus_url();
    let (seam, step) = stack.history_seam();
    let counters = dashboard_counters(&crate::shell::repo_root().join("public/dashboards"))?;
    if counters.len() < 20 {
        return Err(format!(
            "found only {} counters in public/dashboards: {counters:?}",
            counters.len()
        ));
    }
    while unix_now() < seam + MIN_LIVE_SECONDS + 5 {
        std::thread::sleep(Duration::from_secs(2));
    }
    // A few seconds back: VictoriaMetrics leaves the newest samples out of queries at "now".
    let now = unix_now() - 5;
    let before_s = (BEFORE_SECONDS / step).ceil() * step;
    let (seam_f, now_f) = (seam as f64, now as f64);
    let incidents = incident_note(stack)?;

    let mut failures = Vec::new();
    let mut unexplained_jumps = Vec::new();
    for name in &counters {
        let start = values_at(&prom, name, seam_f - before_s)?;
        let at_seam = values_at(&prom, name, seam_f)?;
        let live = values_at(&prom, name, now_f)?;
        let span = (now_f - seam_f + before_s).round();
        let resets = values_at(&prom, &format!("resets({name}[{span}s])"), now_f)?;
        let last = values_at(&prom, &format!("max(timestamp({name}))"), now_f)?;
        let live_s = last.values().next().copied().unwrap_or(0.0) - seam_f;
        if at_seam.is_empty() {
            failures.push(format!("{name}: no backfilled sample at the seam ({seam})"));
            continue;
        }
        if live.is_empty() || live_s < 30.0 {
            failures.push(format!("{name}: no live samples after the seam ({seam})"));
            continue;
        }
        let labels: BTreeSet<&String> = at_seam.keys().chain(live.keys()).collect();
        let series: Vec<SeriesAtSeam> = labels
            .into_iter()
            .map(|l| SeriesAtSeam {
                labels: l.clone(),
                start: start.get(l).copied().unwrap_or(0.0),
                seam: at_seam.get(l).copied().unwrap_or(0.0),
                live: live.get(l).copied().unwrap_or(0.0),
                resets: resets.get(l).copied().unwrap_or(0.0),
            })
            .collect();
        let verdict = judge(name, &series, before_s, live_s);
        println!(
            "{}: {name}: {} series, {:.2}/s over the history's last {before_s:.0} s, {:.2}/s over \
             the first {live_s:.0} live s",
            if verdict.resets.is_empty() && verdict.jumps.is_empty() {
                "ok"
            } else {
                "SEAM"
            },
            series.len(),
            verdict.before / before_s,
            verdict.after / live_s,
        );
        // One line per counter, naming it, with its first series as the example.
        let total = series.len();
        if let Some(example) = verdict.resets.first() {
            failures.push(format!(
                "{name}: {} of {total} series reset at the seam, e.g. {example}",
                verdict.resets.len()
            ));
        }
        if let Some(example) = verdict.jumps.first() {
            unexplained_jumps.push(format!(
                "{name}: the rate of {} of {total} series jumps at the seam, e.g. {example}",
                verdict.jumps.len()
            ));
        }
    }
    print_first_live_samples(&prom, "registry_agent_registrations_total", seam, now)?;
    match (&incidents, unexplained_jumps.is_empty()) {
        (_, true) => {}
        (Some(note), false) => println!(
            "note: rates changed at the seam, explained by {note}:\n  {}",
            unexplained_jumps.join("\n  ")
        ),
        (None, false) => failures.extend(unexplained_jumps),
    }
    if failures.is_empty() {
        println!(
            "ok: {} dashboard counters continue across the seam at {seam} (no reset, no rate jump)",
            counters.len()
        );
        Ok(())
    } else {
        Err(format!(
            "the live simulator does not continue the history at {seam}:\n  {}",
            failures.join("\n  ")
        ))
    }
}

/// What may explain a changed rate: the incident schedule, or incidents running now.
fn incident_note(stack: &Stack) -> Result<Option<String>, String> {
    let listing = get_json(&format!("{}/control/incidents", stack.control_url()))?;
    let active: Vec<&str> = listing["active"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["name"].as_str())
        .collect();
    Ok(if listing["schedule"] == true {
        Some("the incident schedule".to_string())
    } else if !active.is_empty() {
        Some(format!("the incidents running: {}", active.join(", ")))
    } else {
        None
    })
}

/// The backfill's last sample and the first live samples of `name`, per series (the figures
/// a seam shows as a drop or a leap).
fn print_first_live_samples(prom: &str, name: &str, seam: u64, now: u64) -> Result<(), String> {
    let history = values_at(prom, name, seam as f64)?;
    let raw = query(prom, &format!("{name}[{}s]", now - seam), now as f64)?;
    for series in raw {
        let labels = label_key(&series["metric"]);
        let first: Vec<String> = series["values"]
            .as_array()
            .into_iter()
            .flatten()
            // Prometheus 2's range selectors include their start: the backfill's last sample.
            .filter(|v| v[0].as_f64().is_some_and(|t| t > seam as f64))
            .take(3)
            .map(|v| {
                format!(
                    "{} at +{:.0} s",
                    v[1].as_str().unwrap_or("?"),
                    v[0].as_f64().unwrap_or(0.0) - seam as f64
                )
            })
            .collect();
        println!(
            "seam: {name}{labels}: history ends at {}, live continues with {}",
            history.get(&labels).copied().unwrap_or(f64::NAN),
            first.join(", ")
        );
    }
    Ok(())
}

/// An instant query at `time`: series (labels without the name) -> value.
pub fn values_at(prom: &str, promql: &str, time: f64) -> Result<BTreeMap<String, f64>, String> {
    Ok(query(prom, promql, time)?
        .iter()
        .filter_map(|s| {
            let value = s["value"][1].as_str()?.parse::<f64>().ok()?;
            Some((label_key(&s["metric"]), value))
        })
        .collect())
}

fn query(prom: &str, promql: &str, time: f64) -> Result<Vec<Value>, String> {
    let url = format!("{prom}/api/v1/query");
    let response = ureq::get(&url)
        .query("query", promql)
        .query("time", &format!("{time:.3}"))
        .timeout(Duration::from_secs(30))
        .call()
        .map_err(|e| format!("{url} `{promql}`: {e}"))?;
    let body: Value = serde_json::from_str(&response.into_string().map_err(|e| e.to_string())?)
        .map_err(|e| format!("{url} `{promql}`: not JSON: {e}"))?;
    Ok(body["data"]["result"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

/// `{a="b",c="d"}` from a result's `metric` object, without `__name__` (the engines answer
/// labels sorted, and serde_json's default map keeps them sorted).
fn label_key(metric: &Value) -> String {
    let pairs: Vec<String> = metric
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{{{}}}", pairs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_counters_under_rate_functions() {
        let expr = r#"sum by (le) (rate(agent_mesh_api_request_duration_seconds_bucket{endpoint=~"$endpoint"}[5m])) / sum(irate(x_total [1m])) + increase(teg_fees_collected_total[$__range]) + delta(registry_active_agents[1h]) + rate(vector(1)[5m:])"#;
        assert_eq!(
            counters_in(expr),
            [
                "agent_mesh_api_request_duration_seconds_bucket",
                "x_total",
                "teg_fees_collected_total"
            ]
        );
    }

    #[test]
    fn the_public_dashboards_name_their_counters() {
        let counters =
            dashboard_counters(&crate::shell::repo_root().join("public/dashboards")).unwrap();
        for name in [
            "registry_agent_registrations_total",
            "system_network_bytes_total",
            "http_requests_total",
            "agent_mesh_federated_rounds_completed_total",
            "fedzk_request_duration_seconds_bucket",
            "training_episode_reward_count",
        ] {
            assert!(counters.contains(name), "{name} missing from {counters:?}");
        }
        assert!(!counters.contains("registry_active_agents"), "a gauge");
    }

    fn series(labels: &str, start: f64, seam: f64, live: f64) -> SeriesAtSeam {
        SeriesAtSeam {
            labels: labels.into(),
            start,
            seam,
            live,
            resets: 0.0,
        }
    }

    #[test]
    fn a_drop_at_the_seam_is_a_reset_named_with_its_counter() {
        // The issue's figures: 1308 at the history's end, 1296 live.
        let v = judge(
            "registry_agent_registrations_total",
            &[series("{job=\"registry_a\"}", 1290.0, 1308.0, 1296.0)],
            600.0,
            150.0,
        );
        assert_eq!(v.resets.len(), 1);
        assert!(v.resets[0].starts_with("registry_agent_registrations_total{job=\"registry_a\"}"));
    }

    #[test]
    fn a_leap_is_a_jump_but_noise_and_a_new_leader_are_not() {
        let bytes = |live| series("{}", 1.0e9, 1.6e9, live);
        // 1e6 bytes/s before: 150 s live should add ~1.5e8.
        assert!(judge("b_total", &[bytes(1.6e9 + 1.4e8)], 600.0, 150.0)
            .jumps
            .is_empty());
        assert_eq!(
            judge("b_total", &[bytes(1.6e9 + 9.0e8)], 600.0, 150.0)
                .jumps
                .len(),
            1
        );
        // A rare event: 8 in 10 min, then 0 or 5 in 150 s, is noise.
        for live in [100.0, 105.0] {
            let v = judge(
                "auth_total",
                &[series("{}", 92.0, 100.0, live)],
                600.0,
                150.0,
            );
            assert!(v.jumps.is_empty() && v.resets.is_empty(), "{v:?}");
        }
        // Proposals move from one leader to another: each series changes, the family does not.
        let v = judge(
            "proposals_total",
            &[
                series("{instance=\"a\"}", 0.0, 200.0, 200.0),
                series("{instance=\"b\"}", 500.0, 500.0, 550.0),
            ],
            600.0,
            150.0,
        );
        assert!(v.jumps.is_empty(), "{v:?}");
    }
}
