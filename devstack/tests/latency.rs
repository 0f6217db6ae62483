//! Simulated latencies look like a healthy service's: every histogram's observations sit
//! inside its buckets, so `histogram_quantile(0.99, ...)` over a quiet period lands on a real
//! bucket below the top one instead of being pinned at the largest bound (which is what
//! Prometheus answers when the rank falls into `+Inf`).

mod common;

use common::*;
use std::collections::BTreeMap;

/// Cumulative bucket counts by upper bound (`+Inf` as infinity).
type Buckets = BTreeMap<u64, f64>;

/// `sum by (le) (increase(<name>_bucket{job}[window]))` between two scrapes, for every
/// histogram family and job in the world: `(name, job) -> buckets`.
fn increases(before: &[Sample], after: &[Sample]) -> BTreeMap<(String, String), Buckets> {
    let mut out: BTreeMap<(String, String), Buckets> = BTreeMap::new();
    let old: std::collections::HashMap<String, f64> =
        before.iter().map(|s| (s.key(), s.value)).collect();
    for s in after.iter().filter(|s| s.name.ends_with("_bucket")) {
        let le: f64 = match s.labels["le"].as_str() {
            "+Inf" => f64::INFINITY,
            bound => bound.parse().unwrap(),
        };
        let name = s.name.trim_end_matches("_bucket").to_string();
        *out.entry((name, s.job.clone()))
            .or_default()
            .entry(le.to_bits())
            .or_default() += s.value - old.get(&s.key()).copied().unwrap_or(0.0);
    }
    out
}

/// Prometheus' `histogram_quantile`: linear interpolation inside the bucket holding the rank;
/// a rank in `+Inf` answers the largest finite bound.
fn quantile(q: f64, buckets: &Buckets) -> f64 {
    let bounds: Vec<(f64, f64)> = buckets
        .iter()
        .map(|(le, count)| (f64::from_bits(*le), *count))
        .collect();
    let total = bounds.last().map_or(0.0, |b| b.1);
    let rank = q * total;
    let mut lower = (0.0, 0.0);
    for &(le, count) in &bounds {
        if count >= rank {
            if le.is_infinite() {
                return lower.0;
            }
            let (lo_bound, lo_count) = lower;
            return lo_bound + (le - lo_bound) * (rank - lo_count) / (count - lo_count).max(1e-9);
        }
        lower = (le, count);
    }
    f64::NAN
}

#[test]
fn quiet_latencies_sit_inside_their_buckets() {
    let mut w = world(12);
    let book = quiet_book(&w);
    advance(&mut w, &book, 1800.0, 15.0);
    let before = scrape(&w);
    advance(&mut w, &book, 3.0 * 3600.0, 15.0);
    let after = scrape(&w);
    let mut pinned = Vec::new();
    for ((name, job), buckets) in increases(&before, &after) {
        let total = buckets.values().copied().fold(0.0, f64::max);
        if total < 50.0 {
            continue;
        }
        let top = buckets
            .keys()
            .map(|le| f64::from_bits(*le))
            .filter(|le| le.is_finite())
            .fold(0.0, f64::max);
        let (p50, p99) = (quantile(0.5, &buckets), quantile(0.99, &buckets));
        let beyond = 1.0 - buckets[&top.to_bits()] / total;
        println!(
            "{name} ({job}): {total} observations, p50 {p50:.4}, p99 {p99:.4}, top bucket {top}, \
             {:.2}% beyond it",
            beyond * 100.0
        );
        if beyond > 0.002 || p99 >= top {
            pinned.push(format!(
                "{name} ({job}): p99 {p99} against a top bucket of {top}, {:.1}% of observations beyond it",
                beyond * 100.0
            ));
        }
    }
    assert!(
        pinned.is_empty(),
        "quantiles pinned at the top bucket:\n{}",
        pinned.join("\n")
    );
}

/// FEDzk's API answers its health checks in milliseconds and its proof requests in seconds: the
/// quantiles a dashboard shows are those of a service, neither constant nor at a bucket bound.
#[test]
fn fedzk_request_latency_has_a_realistic_spread() {
    let mut w = world(12);
    let book = quiet_book(&w);
    advance(&mut w, &book, 1800.0, 15.0);
    let before = scrape(&w);
    advance(&mut w, &book, 3.0 * 3600.0, 15.0);
    let after = scrape(&w);
    let all = increases(&before, &after);
    let buckets = &all[&(
        "fedzk_request_duration_seconds".to_string(),
        "fedzk".to_string(),
    )];
    let (p50, p95, p99) = (
        quantile(0.5, buckets),
        quantile(0.95, buckets),
        quantile(0.99, buckets),
    );
    assert!(p50 < 0.05, "p50 {p50}");
    assert!(p95 > 0.1 && p99 < 7.5, "p95 {p95}, p99 {p99}");
    // Every request counted is timed (the middleware times /health too).
    let requests = rate(&before, &after, "fedzk_requests_total", &[], None, 1.0);
    let timed = rate(
        &before,
        &after,
        "fedzk_request_duration_seconds_count",
        &[],
        None,
        1.0,
    );
    assert_eq!(requests, timed);
}
