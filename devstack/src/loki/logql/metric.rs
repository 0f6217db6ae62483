//! Metric-query evaluation: `count_over_time`, `rate`, `bytes_over_time` over `(t - range, t]`
//! windows at every step, then `sum`/`count`/`topk` with `by`/`without` grouping.

use super::ast::*;
use super::pipeline::{matches_selector, run, Labels, ERROR_LABEL};
use super::select::{time_slice, ScanStats};
use crate::telemetry::LogRecord;
use std::collections::BTreeMap;

/// A series evaluated at the query steps: `values[i]` is the sample at `steps[i]`, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub labels: Labels,
    pub values: Vec<Option<f64>>,
}

/// Evaluation failures Loki reports as HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub String);

/// Evaluates `expr` at each of `steps` (ascending Unix ns). Series come back sorted by labels,
/// as Loki's matrix is; `topk` keeps its per-step selection.
pub fn eval(
    expr: &MetricExpr,
    logs: &[LogRecord],
    steps: &[i64],
) -> Result<(Vec<Series>, ScanStats), EvalError> {
    let mut stats = ScanStats::default();
    let mut series = eval_inner(expr, logs, steps, &mut stats)?;
    series.sort_by(|a, b| a.labels.cmp(&b.labels));
    Ok((series, stats))
}

fn eval_inner(
    expr: &MetricExpr,
    logs: &[LogRecord],
    steps: &[i64],
    stats: &mut ScanStats,
) -> Result<Vec<Series>, EvalError> {
    match expr {
        MetricExpr::Range {
            func,
            query,
            range_ns,
        } => eval_range(*func, query, *range_ns, logs, steps, stats),
        MetricExpr::Agg {
            op,
            grouping,
            k,
            inner,
        } => {
            let inner = eval_inner(inner, logs, steps, stats)?;
            Ok(match op {
                AggOp::Sum | AggOp::Count => aggregate(*op, grouping.as_ref(), inner, steps.len()),
                AggOp::Topk => topk(k.unwrap_or(1), grouping.as_ref(), inner, steps.len()),
            })
        }
    }
}

fn eval_range(
    func: RangeFn,
    query: &LogQuery,
    range_ns: i64,
    logs: &[LogRecord],
    steps: &[i64],
    stats: &mut ScanStats,
) -> Result<Vec<Series>, EvalError> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return Ok(Vec::new());
    };
    // Windows are left-open: (t - range, t].
    let window = time_slice(logs, first - range_ns + 1, last + 1);
    let mut per_series: BTreeMap<Labels, Vec<(i64, u64)>> = BTreeMap::new();
    let mut streams = std::collections::HashSet::new();
    for rec in window {
        if !matches_selector(&query.matchers, &rec.labels) {
            continue;
        }
        stats.lines_scanned += 1;
        stats.bytes_scanned += rec.line.len() as u64;
        streams.insert(&rec.labels);
        let Some(out) = run(&query.stages, rec) else {
            continue;
        };
        stats.post_filter_lines += 1;
        if let Some(kind) = out.labels.get(ERROR_LABEL) {
            return Err(EvalError(pipeline_error(kind, &out.labels)));
        }
        per_series
            .entry(out.labels)
            .or_default()
            .push((rec.ts_ns, out.line.len() as u64));
    }
    stats.streams += streams.len() as u64;
    let range_s = range_ns as f64 / 1e9;
    let mut result = Vec::with_capacity(per_series.len());
    for (labels, points) in per_series {
        let (mut lo, mut hi) = (0usize, 0usize);
        let mut bytes_in_window: u64 = 0;
        let mut values = Vec::with_capacity(steps.len());
        for &t in steps {
            while hi < points.len() && points[hi].0 <= t {
                bytes_in_window += points[hi].1;
                hi += 1;
            }
            while lo < hi && points[lo].0 <= t - range_ns {
                bytes_in_window -= points[lo].1;
                lo += 1;
            }
            let count = hi - lo;
            values.push((count > 0).then(|| match func {
                RangeFn::CountOverTime => count as f64,
                RangeFn::Rate => count as f64 / range_s,
                RangeFn::BytesOverTime => bytes_in_window as f64,
            }));
        }
        if values.iter().any(Option::is_some) {
            result.push(Series { labels, values });
        }
    }
    Ok(result)
}

/// Loki's message when a metric query meets a line the pipeline marked with `__error__`.
fn pipeline_error(kind: &str, labels: &Labels) -> String {
    let series = format_labels(labels);
    format!(
        "pipeline error: '{kind}' for series: '{series}'.\nUse a label filter to intentionally skip this error. (e.g | __error__!=\"{kind}\").\nTo skip all potential errors you can match empty errors.(e.g __error__=\"\")\nThe label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )\n"
    )
}

/// Prometheus' label-set text: `{a="1", b="2"}`.
pub fn format_labels(labels: &Labels) -> String {
    let inner: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{{{}}}", inner.join(", "))
}

fn group_key(labels: &Labels, grouping: Option<&Grouping>) -> Labels {
    match grouping {
        None => Labels::new(),
        Some(g) if g.without => labels
            .iter()
            .filter(|(k, _)| !g.labels.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        Some(g) => labels
            .iter()
            .filter(|(k, _)| g.labels.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn aggregate(op: AggOp, grouping: Option<&Grouping>, inner: Vec<Series>, n: usize) -> Vec<Series> {
    let mut groups: BTreeMap<Labels, Vec<Option<f64>>> = BTreeMap::new();
    for s in inner {
        let acc = groups
            .entry(group_key(&s.labels, grouping))
            .or_insert_with(|| vec![None; n]);
        for (slot, v) in acc.iter_mut().zip(s.values) {
            if let Some(v) = v {
                let add = if op == AggOp::Count { 1.0 } else { v };
                *slot = Some(slot.unwrap_or(0.0) + add);
            }
        }
    }
    groups
        .into_iter()
        .map(|(labels, values)| Series { labels, values })
        .collect()
}

fn topk(k: usize, grouping: Option<&Grouping>, inner: Vec<Series>, n: usize) -> Vec<Series> {
    let keys: Vec<Labels> = inner
        .iter()
        .map(|s| group_key(&s.labels, grouping))
        .collect();
    let mut keep: Vec<Vec<Option<f64>>> = vec![vec![None; n]; inner.len()];
    // `step` indexes the values of every series at once, so a range loop reads best here.
    #[allow(clippy::needless_range_loop)]
    for step in 0..n {
        let mut by_group: BTreeMap<&Labels, Vec<usize>> = BTreeMap::new();
        for (i, s) in inner.iter().enumerate() {
            if s.values[step].is_some() {
                by_group.entry(&keys[i]).or_default().push(i);
            }
        }
        for (_, mut members) in by_group {
            members.sort_by(|&a, &b| {
                inner[b].values[step]
                    .partial_cmp(&inner[a].values[step])
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            for &i in members.iter().take(k) {
                keep[i][step] = inner[i].values[step];
            }
        }
    }
    inner
        .into_iter()
        .zip(keep)
        .filter(|(_, v)| v.iter().any(Option::is_some))
        .map(|(s, values)| Series {
            labels: s.labels,
            values,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::logql::{parse, Query};

    const S: i64 = 1_000_000_000;

    fn logs() -> Vec<LogRecord> {
        let mk = |ts: i64, inst: &str, level: &str| LogRecord {
            ts_ns: ts * S,
            labels: [("job", "fl"), ("instance", inst), ("level", level)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            structured_metadata: Default::default(),
            line: format!("{{\"n\":{ts}}}"),
        };
        vec![
            mk(1, "a", "info"),
            mk(2, "b", "info"),
            mk(3, "a", "error"),
            mk(4, "a", "info"),
            mk(9, "b", "info"),
        ]
    }

    fn metric(q: &str, steps: &[i64]) -> Vec<Series> {
        let Query::Metric(m) = parse(q).unwrap() else {
            panic!()
        };
        eval(&m, &logs(), steps).unwrap().0
    }

    #[test]
    fn count_rate_bytes_windows() {
        let s = metric(
            r#"count_over_time({job="fl", instance="a"}[2s])"#,
            &[2 * S, 4 * S, 6 * S],
        );
        // Each stream is a series; windows are (t-2s, t].
        assert_eq!(s.len(), 2);
        let info = s.iter().find(|s| s.labels["level"] == "info").unwrap();
        assert_eq!(info.values, vec![Some(1.0), Some(1.0), None]);
        let r = metric(r#"sum(rate({job="fl"}[2s]))"#, &[4 * S]);
        assert_eq!(r[0].values, vec![Some(1.0)]);
        assert!(r[0].labels.is_empty());
        let b = metric(
            r#"sum by (instance) (bytes_over_time({job="fl"}[10s]))"#,
            &[10 * S],
        );
        assert_eq!(
            b.iter()
                .map(|s| s.labels["instance"].as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(b[0].values, vec![Some(21.0)]);
    }

    #[test]
    fn count_without_and_topk() {
        let c = metric(
            r#"count without (level) (count_over_time({job="fl"}[10s]))"#,
            &[10 * S],
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].values, vec![Some(2.0)]);
        let t = metric(
            r#"topk(1, sum by (instance) (count_over_time({job="fl"}[10s])))"#,
            &[10 * S],
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].labels["instance"], "a");
    }

    #[test]
    fn pipeline_errors_fail_metric_queries() {
        let Query::Metric(m) =
            parse(r#"count_over_time({job="fl"} | logfmt | n > 1 [10s])"#).unwrap()
        else {
            panic!()
        };
        let logs = vec![LogRecord {
            line: "n=x".into(),
            ..logs()[0].clone()
        }];
        let e = eval(&m, &logs, &[10 * S]).unwrap_err();
        assert!(e.0.starts_with("pipeline error: 'LabelFilterErr'"));
    }
}
