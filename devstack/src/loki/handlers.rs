//! HTTP handlers of the Loki API paths: query_range, query, labels, label values, series and
//! index volume. Each parses Loki's parameters, scopes to the tenant, evaluates, and encodes.

use super::ingest;
use super::logql::metric::{self, format_labels, Series};
use super::logql::pipeline::{matches_record, Labels};
use super::logql::select::{select, time_slice, ScanStats};
use super::logql::{self, ast::Matcher, Query};
use super::params::{self, Params, Stopwatch};
use super::response::{self, bad_request, json_ok, CATEGORIZE_LABELS};
use super::stats::Stats;
use super::LokiState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Header carrying Loki response encoding flags (`categorize-labels`).
const ENCODING_FLAGS_HEADER: &str = "x-loki-response-encoding-flags";

pub fn wants_categorized(headers: &HeaderMap) -> bool {
    headers
        .get_all(ENCODING_FLAGS_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|f| f.trim() == CATEGORIZE_LABELS)
}

/// Loki's success envelope; fields in Loki's order.
#[derive(Serialize)]
struct Success<T: Serialize> {
    status: &'static str,
    data: T,
}

fn success<T: Serialize>(data: T) -> Response {
    json_ok(&Success {
        status: "success",
        data,
    })
}

/// `data` of query responses: `encodingFlags` only when labels are categorized.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryData {
    result_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding_flags: Option<[&'static str; 1]>,
    result: Value,
    stats: Stats,
}

fn query_data(result_type: &'static str, result: Value, stats: Stats) -> QueryData {
    QueryData {
        result_type,
        encoding_flags: None,
        result,
        stats,
    }
}

/// Builds the step timestamps `start, start+step, ... <= end`, refusing too many points.
pub fn steps(start: i64, end: i64, step: i64) -> Result<Vec<i64>, String> {
    if step <= 0 {
        return Err("zero or negative query resolution step widths are not accepted. Try a positive integer".into());
    }
    if (end - start) / step > params::MAX_POINTS {
        return Err("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".into());
    }
    Ok((0..)
        .map(|i| start + i * step)
        .take_while(|t| *t <= end)
        .collect())
}

pub async fn query_range(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    match run_query_range(&st, &headers, &p) {
        Ok(r) => r,
        Err(e) => bad_request(&e),
    }
}

fn run_query_range(st: &LokiState, headers: &HeaderMap, p: &Params) -> Result<Response, String> {
    let clock = Stopwatch::start();
    let (start, end) = params::parse_range(p, params::now_ns())?;
    let limit = params::parse_limit(p.get("limit"))?;
    let dir = params::parse_direction(p.get("direction"))?;
    let step = match p.get("step") {
        Some(s) => params::parse_seconds_or_duration(s)?,
        None => params::default_step_ns(start, end),
    };
    let interval = match p.get("interval") {
        Some(s) => params::parse_seconds_or_duration(s)?,
        None => 0,
    };
    if interval < 0 {
        return Err(
            "negative query interval widths are not accepted. Try a positive integer".into(),
        );
    }
    let query = logql::parse(p.get("query").unwrap_or("")).map_err(|e| e.to_string())?;
    let categorize = wants_categorized(headers);
    st.with_tenant_logs(headers, |logs| match &query {
        Query::Log(lq) => {
            let (entries, scan) = select(lq, logs, start, end, limit as usize, dir, interval);
            let stats = Stats::from_scan(&scan, entries.len() as u64, clock.secs());
            let mut data = query_data(
                "streams",
                response::streams_json(&entries, categorize),
                stats,
            );
            if categorize {
                data.encoding_flags = Some([CATEGORIZE_LABELS]);
            }
            Ok(success(data))
        }
        Query::Metric(m) => {
            let (start, end) = align_to_step(start, end, step);
            let steps = steps(start, end, step)?;
            let (series, scan) = metric::eval(m, logs, &steps).map_err(|e| e.0)?;
            let points = series
                .iter()
                .map(|s| s.values.iter().flatten().count() as u64)
                .sum();
            let stats = Stats::from_scan(&scan, points, clock.secs());
            Ok(success(query_data(
                "matrix",
                response::matrix_json(&series, &steps),
                stats,
            )))
        }
    })
}

/// Loki's query frontend splits metric queries by interval and aligns them to the step
/// (`metricQuerySplitter.alignStartEnd`, `pkg/querier/queryrange/splitters.go`): start rounded
/// down and end rounded up to multiples of `step`, so every point sits on a multiple of it.
pub fn align_to_step(start: i64, end: i64, step: i64) -> (i64, i64) {
    if step <= 0 {
        return (start, end);
    }
    let end = match end.rem_euclid(step) {
        0 => end,
        m => end + step - m,
    };
    (start - start.rem_euclid(step), end)
}

pub async fn query(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    match run_query(&st, &headers, &p) {
        Ok(r) => r,
        Err(e) => bad_request(&e),
    }
}

fn run_query(st: &LokiState, headers: &HeaderMap, p: &Params) -> Result<Response, String> {
    let clock = Stopwatch::start();
    let t = params::parse_timestamp(p.get("time"), params::now_ns())?;
    params::parse_limit(p.get("limit"))?;
    params::parse_direction(p.get("direction"))?;
    let query = logql::parse(p.get("query").unwrap_or("")).map_err(|e| e.to_string())?;
    let Query::Metric(m) = query else {
        // Loki 3 refuses log selectors on the instant endpoint.
        return Err("log queries are not supported as an instant query type, please change your query to a range query type".into());
    };
    st.with_tenant_logs(headers, |logs| {
        let (series, scan) = metric::eval(&m, logs, &[t]).map_err(|e| e.0)?;
        let stats = Stats::from_scan(&scan, series.len() as u64, clock.secs());
        Ok(success(query_data(
            "vector",
            response::vector_json(&series, t),
            stats,
        )))
    })
}

/// Parses the optional `query` selector of the label APIs (pipelines are refused, as in Loki).
fn optional_selector(p: &Params, key: &str) -> Result<Option<Vec<Matcher>>, String> {
    p.get(key)
        .map(|q| logql::parse_selector(q).map_err(|e| e.to_string()))
        .transpose()
}

/// Distinct stream label sets in `[start, end)` that match any of `selectors` (all if none),
/// as Loki indexed them (`service_name` included).
pub fn streams_in(
    logs: &[crate::telemetry::LogRecord],
    start: i64,
    end: i64,
    selectors: &[Vec<Matcher>],
) -> BTreeSet<Labels> {
    let mut seen: BTreeSet<&Labels> = BTreeSet::new();
    for r in time_slice(logs, start, end) {
        if !seen.contains(&r.labels)
            && (selectors.is_empty() || selectors.iter().any(|m| matches_record(m, r)))
        {
            seen.insert(&r.labels);
        }
    }
    seen.into_iter()
        .map(|l| ingest::stream_labels(l).into_owned())
        .collect()
}

/// `{"status":"success","data":[...]}`; Loki omits `data` when there is none (`omitempty`).
fn string_list(values: BTreeSet<String>) -> Response {
    if values.is_empty() {
        json_ok(&json!({"status": "success"}))
    } else {
        success(json!(values))
    }
}

pub async fn labels(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run = || -> Result<Response, String> {
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let sel: Vec<Vec<Matcher>> = optional_selector(&p, "query")?.into_iter().collect();
        let names = st.with_tenant_logs(&headers, |logs| {
            streams_in(logs, start, end, &sel)
                .into_iter()
                .flat_map(|l| l.into_keys())
                .collect()
        });
        Ok(string_list(names))
    };
    run().unwrap_or_else(|e| bad_request(&e))
}

pub async fn label_values(
    State(st): State<Arc<LokiState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run = || -> Result<Response, String> {
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let sel: Vec<Vec<Matcher>> = optional_selector(&p, "query")?.into_iter().collect();
        let values = st.with_tenant_logs(&headers, |logs| {
            streams_in(logs, start, end, &sel)
                .into_iter()
                .filter_map(|mut l| l.remove(&name))
                .collect()
        });
        Ok(string_list(values))
    };
    run().unwrap_or_else(|e| bad_request(&e))
}

pub async fn series(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run = || -> Result<Response, String> {
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let sel = p
            .all("match[]")
            .into_iter()
            .chain(p.all("match"))
            .filter(|m| !m.is_empty())
            .map(|m| logql::parse_selector(m).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut sets: Vec<Labels> = st.with_tenant_logs(&headers, |logs| {
            streams_in(logs, start, end, &sel).into_iter().collect()
        });
        sets.sort_by_key(format_labels);
        // Series answers `[]` (not an omitted field) when nothing matches.
        Ok(success(json!(sets)))
    };
    run().unwrap_or_else(|e| bad_request(&e))
}

/// Volume parameters shared by the instant and range endpoints.
struct VolumeQuery {
    matchers: Vec<Matcher>,
    group_by: Option<Vec<String>>,
    by_label_names: bool,
    limit: usize,
}

fn volume_query(p: &Params) -> Result<VolumeQuery, String> {
    let matchers =
        logql::parse_selector(p.get("query").unwrap_or("")).map_err(|e| e.to_string())?;
    let by_label_names = match p.get("aggregateBy") {
        None | Some("series") => false,
        Some("labels") => true,
        Some(other) => return Err(format!("invalid aggregation option: {other}")),
    };
    let group_by = p.get("targetLabels").map(|t| {
        t.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    let limit = params::parse_limit(p.get("limit"))? as usize;
    Ok(VolumeQuery {
        matchers,
        group_by,
        by_label_names,
        limit,
    })
}

impl VolumeQuery {
    /// The metric a stream's bytes are counted under: the target labels (default: the labels the
    /// selector names), or one entry per label name when aggregating by labels.
    fn keys(&self, stream: &Labels) -> Vec<Labels> {
        if self.by_label_names {
            return stream
                .keys()
                .map(|k| [(k.clone(), String::new())].into())
                .collect();
        }
        let names: Vec<&String> = match &self.group_by {
            Some(g) => g.iter().collect(),
            None => self.matchers.iter().map(|m| &m.name).collect(),
        };
        vec![stream
            .iter()
            .filter(|(k, _)| names.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()]
    }
}

fn record_bytes(r: &crate::telemetry::LogRecord) -> f64 {
    (r.line.len()
        + r.structured_metadata
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()) as f64
}

pub async fn volume(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run = || -> Result<Response, String> {
        let clock = Stopwatch::start();
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let vq = volume_query(&p)?;
        let (mut totals, scan) = st.with_tenant_logs(&headers, |logs| {
            let mut totals: BTreeMap<Labels, f64> = BTreeMap::new();
            let mut scan = ScanStats::default();
            for r in time_slice(logs, start, end)
                .iter()
                .filter(|r| matches_record(&vq.matchers, r))
            {
                scan.lines_scanned += 1;
                for key in vq.keys(&ingest::stream_labels(&r.labels)) {
                    *totals.entry(key).or_default() += record_bytes(r);
                }
            }
            (totals.into_iter().collect::<Vec<_>>(), scan)
        });
        // Largest volumes first, then cut to `limit`, as Loki does.
        totals.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        totals.truncate(vq.limit);
        let series: Vec<Series> = totals
            .into_iter()
            .map(|(labels, v)| Series {
                labels,
                values: vec![Some(v)],
            })
            .collect();
        let stats = Stats::from_scan(&scan, series.len() as u64, clock.secs());
        Ok(success(query_data(
            "vector",
            response::vector_json(&series, end),
            stats,
        )))
    };
    run().unwrap_or_else(|e| bad_request(&e))
}

/// Loki's volume middleware splits `[start, end]` with `util.ForInterval(step, start, end,
/// true)`: buckets on multiples of `step` (the first from `start`), each ending 1 ms (Loki's
/// `SplitGap`) before the next one starts, the last at `end`. Inclusive `(from, through)` ns.
fn volume_buckets(start: i64, end: i64, step: i64) -> Result<Vec<(i64, i64)>, String> {
    const SPLIT_GAP: i64 = 1_000_000;
    if step <= 0 {
        return Err("zero or negative query resolution step widths are not accepted. Try a positive integer".into());
    }
    if (end - start) / step > params::MAX_POINTS {
        return Err("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".into());
    }
    let mut out = Vec::new();
    let mut b = start - start.rem_euclid(step);
    while b < end {
        let next = b + step;
        let through = if next >= end { end } else { next - SPLIT_GAP };
        out.push((b.max(start), through));
        b = next;
    }
    Ok(out)
}

pub async fn volume_range(
    State(st): State<Arc<LokiState>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let p = Params::parse(q.as_deref(), &body);
    let run = || -> Result<Response, String> {
        let clock = Stopwatch::start();
        let (start, end) = params::parse_range(&p, params::now_ns())?;
        let vq = volume_query(&p)?;
        let step = match p.get("step") {
            Some(s) => params::parse_seconds_or_duration(s)?,
            None => params::default_step_ns(start, end),
        };
        let buckets = volume_buckets(start, end, step)?;
        // Each bucket is labelled with its end, as the volume middleware keys its answers.
        let steps: Vec<i64> = buckets.iter().map(|b| b.1).collect();
        let (mut series, scan) = st.with_tenant_logs(&headers, |logs| {
            let mut per_key: BTreeMap<Labels, Vec<Option<f64>>> = BTreeMap::new();
            let mut scan = ScanStats::default();
            for r in time_slice(logs, start, end + 1)
                .iter()
                .filter(|r| matches_record(&vq.matchers, r))
            {
                scan.lines_scanned += 1;
                let idx = buckets.partition_point(|b| b.1 < r.ts_ns);
                if idx >= buckets.len() || buckets[idx].0 > r.ts_ns {
                    continue;
                }
                for key in vq.keys(&ingest::stream_labels(&r.labels)) {
                    let slot = &mut per_key
                        .entry(key)
                        .or_insert_with(|| vec![None; steps.len()])[idx];
                    *slot = Some(slot.unwrap_or(0.0) + record_bytes(r));
                }
            }
            let series: Vec<Series> = per_key
                .into_iter()
                .map(|(labels, values)| Series { labels, values })
                .collect();
            (series, scan)
        });
        let total = |s: &Series| s.values.iter().flatten().sum::<f64>();
        series.sort_by(|a, b| total(b).total_cmp(&total(a)));
        series.truncate(vq.limit);
        // Loki's `toPrometheusData`: largest first sample first, then by name; a vector when
        // no series has more than one bucket (`pkg/querier/queryrange/volume.go`).
        let first = |s: &Series| s.values.iter().flatten().next().copied().unwrap_or(0.0);
        series.sort_by(|a, b| {
            first(b)
                .total_cmp(&first(a))
                .then_with(|| format_labels(&a.labels).cmp(&format_labels(&b.labels)))
        });
        let single = series
            .iter()
            .all(|s| s.values.iter().flatten().count() <= 1);
        let stats = Stats::from_scan(&scan, series.len() as u64, clock.secs());
        let (kind, result) = if single {
            ("vector", response::vector_at_steps_json(&series, &steps))
        } else {
            ("matrix", response::matrix_json(&series, &steps))
        };
        Ok(success(query_data(kind, result, stats)))
    };
    run().unwrap_or_else(|e| bad_request(&e))
}

/// `GET /loki/api/v1/status/buildinfo`: clients probe it to learn the Loki version.
pub async fn buildinfo() -> Response {
    json_ok(&json!({
        "version": "3.5.0",
        "revision": "meshsim",
        "branch": "HEAD",
        "buildUser": "",
        "buildDate": "",
        "goVersion": ""
    }))
}

/// `GET /ready`: Loki's readiness probe answers a plain `ready`.
pub async fn ready() -> &'static str {
    "ready\n"
}
