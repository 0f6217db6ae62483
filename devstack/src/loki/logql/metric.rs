//! Metric-query evaluation: range aggregations (`count_over_time`, `rate`, `bytes_*`, and the
//! unwrapped `sum/avg/min/max/first/last/stddev/stdvar/quantile_over_time`) over
//! `(t - offset - range, t - offset]` windows at every step, vector aggregations with
//! `by`/`without`, binary operators (arithmetic, comparisons with `bool`, `and`/`or`/`unless`)
//! between vectors and scalars with `on`/`ignoring` and `group_left`/`group_right` matching as
//! Loki's `vectorBinop` does (and its errors), `label_replace`, and Loki's `pipeline error` for
//! lines marked `__error__`.

use super::ast::*;
use super::pipeline::{label_filter, matches_record, run, set_error, Labels, ERROR_LABEL};
use super::select::{time_slice, ScanStats};
use crate::loki::duration::{parse_bytes, parse_go_duration};
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

enum Value {
    Scalar(f64),
    Vector(Vec<Series>),
}

/// Evaluates `expr` at each of `steps` (ascending Unix ns). Series come back sorted by labels,
/// as Loki's matrix is; `topk` keeps its per-step selection. A scalar result is one series
/// without labels.
pub fn eval(
    expr: &MetricExpr,
    logs: &[LogRecord],
    steps: &[i64],
) -> Result<(Vec<Series>, ScanStats), EvalError> {
    let mut stats = ScanStats::default();
    let mut series = match eval_inner(expr, logs, steps, &mut stats)? {
        Value::Scalar(v) => vec![Series {
            labels: Labels::new(),
            values: vec![Some(v); steps.len()],
        }],
        Value::Vector(s) => s,
    };
    series.retain(|s| s.values.iter().any(Option::is_some));
    series.sort_by(|a, b| a.labels.cmp(&b.labels));
    Ok((series, stats))
}

fn eval_inner(
    expr: &MetricExpr,
    logs: &[LogRecord],
    steps: &[i64],
    stats: &mut ScanStats,
) -> Result<Value, EvalError> {
    Ok(match expr {
        MetricExpr::Number(n) => Value::Scalar(*n),
        MetricExpr::Vector(n) => Value::Vector(vec![Series {
            labels: Labels::new(),
            values: vec![Some(*n); steps.len()],
        }]),
        MetricExpr::Range { .. } => Value::Vector(eval_range(expr, logs, steps, stats)?),
        MetricExpr::Agg {
            op,
            grouping,
            k,
            inner,
        } => {
            let inner = match eval_inner(inner, logs, steps, stats)? {
                Value::Vector(v) => v,
                Value::Scalar(_) => {
                    return Err(EvalError("parse error : unexpected literal".into()))
                }
            };
            Value::Vector(match op {
                AggOp::Topk | AggOp::Bottomk => topk(
                    k.unwrap_or(1),
                    *op == AggOp::Bottomk,
                    grouping.as_ref(),
                    inner,
                    steps.len(),
                ),
                _ => aggregate(*op, grouping.as_ref(), inner, steps.len()),
            })
        }
        MetricExpr::Binary {
            op,
            return_bool,
            matching,
            lhs,
            rhs,
        } => {
            let l = eval_inner(lhs, logs, steps, stats)?;
            let r = eval_inner(rhs, logs, steps, stats)?;
            binary(*op, *return_bool, matching.as_ref(), l, r)?
        }
        MetricExpr::LabelReplace {
            inner,
            dst,
            replacement,
            src,
            regex,
        } => {
            let re = regex::Regex::new(&format!("^(?:{regex})$")).map_err(|e| {
                EvalError(format!(
                    "invalid regular expression in label_replace(): {e}"
                ))
            })?;
            match eval_inner(inner, logs, steps, stats)? {
                Value::Scalar(_) => {
                    return Err(EvalError("parse error : unexpected literal".into()))
                }
                Value::Vector(v) => Value::Vector(
                    v.into_iter()
                        .map(|mut s| {
                            let value = s.labels.get(src).cloned().unwrap_or_default();
                            if let Some(caps) = re.captures(&value) {
                                let mut out = String::new();
                                caps.expand(replacement, &mut out);
                                if out.is_empty() {
                                    s.labels.remove(dst);
                                } else {
                                    s.labels.insert(dst.clone(), out);
                                }
                            }
                            s
                        })
                        .collect(),
                ),
            }
        }
    })
}

fn arith(op: BinOp, a: f64, b: f64) -> f64 {
    match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        BinOp::Mod => a % b,
        BinOp::Pow => a.powf(b),
        BinOp::Eq => f64::from(u8::from(a == b)),
        BinOp::Neq => f64::from(u8::from(a != b)),
        BinOp::Gt => f64::from(u8::from(a > b)),
        BinOp::Gte => f64::from(u8::from(a >= b)),
        BinOp::Lt => f64::from(u8::from(a < b)),
        BinOp::Lte => f64::from(u8::from(a <= b)),
        BinOp::And | BinOp::Or | BinOp::Unless => a,
    }
}

/// One sample of a binary operation: a comparison without `bool` filters (keeping the left
/// value, or the vector's value when the scalar is on the left), everything else computes.
fn apply(op: BinOp, return_bool: bool, a: f64, b: f64, keep: f64) -> Option<f64> {
    let v = arith(op, a, b);
    if op.is_comparison() && !return_bool {
        (v == 1.0).then_some(keep)
    } else {
        Some(v)
    }
}

/// The labels a vector match compares (`matchingSignature`): all, only `on`'s, or all but
/// `ignoring`'s.
fn signature(labels: &Labels, m: Option<&VectorMatching>) -> Labels {
    match m {
        None => labels.clone(),
        Some(m) => labels
            .iter()
            .filter(|(k, _)| m.labels.contains(k) == m.on)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// Loki's `resultMetric`: one-to-one matches keep only `on`'s labels (or drop `ignoring`'s);
/// `group_x (b)` copies `b` from the "one" side.
fn result_labels(many: &Labels, one: &Labels, m: Option<&VectorMatching>) -> Labels {
    let Some(m) = m else {
        return many.clone();
    };
    let mut out = if m.card == Card::OneToOne {
        signature(many, Some(m))
    } else {
        many.clone()
    };
    for name in &m.include {
        match one.get(name).filter(|v| !v.is_empty()) {
            Some(v) => out.insert(name.clone(), v.clone()),
            None => out.remove(name),
        };
    }
    out
}

fn binary(
    op: BinOp,
    return_bool: bool,
    matching: Option<&VectorMatching>,
    l: Value,
    r: Value,
) -> Result<Value, EvalError> {
    Ok(match (l, r) {
        (Value::Scalar(a), Value::Scalar(b)) => Value::Scalar(arith(op, a, b)),
        (Value::Vector(v), Value::Scalar(b)) => Value::Vector(
            v.into_iter()
                .map(|s| Series {
                    values: s
                        .values
                        .iter()
                        .map(|x| x.and_then(|a| apply(op, return_bool, a, b, a)))
                        .collect(),
                    labels: s.labels,
                })
                .collect(),
        ),
        (Value::Scalar(a), Value::Vector(v)) => Value::Vector(
            v.into_iter()
                .map(|s| Series {
                    values: s
                        .values
                        .iter()
                        .map(|x| x.and_then(|b| apply(op, return_bool, a, b, b)))
                        .collect(),
                    labels: s.labels,
                })
                .collect(),
        ),
        (Value::Vector(l), Value::Vector(r)) if op.is_set() => {
            // `and`/`or`/`unless` compare signatures (all labels, or `on`/`ignoring`'s).
            let rsigs: Vec<Labels> = r.iter().map(|s| signature(&s.labels, matching)).collect();
            let lsigs: Vec<Labels> = l.iter().map(|s| signature(&s.labels, matching)).collect();
            let present = |sigs: &[Labels], series: &[Series], sig: &Labels, i: usize| {
                sigs.iter()
                    .zip(series)
                    .any(|(g, s)| g == sig && s.values[i].is_some())
            };
            let mut out: Vec<Series> = l
                .iter()
                .zip(&lsigs)
                .map(|(s, sig)| Series {
                    labels: s.labels.clone(),
                    values: s
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, a)| match op {
                            BinOp::And => a.filter(|_| present(&rsigs, &r, sig, i)),
                            BinOp::Unless => a.filter(|_| !present(&rsigs, &r, sig, i)),
                            _ => *a,
                        })
                        .collect(),
                })
                .collect();
            if op == BinOp::Or {
                for (s, sig) in r.iter().zip(&rsigs) {
                    let values: Vec<Option<f64>> = s
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, b)| b.filter(|_| !present(&lsigs, &l, sig, i)))
                        .collect();
                    // A step's vector has one sample per label set: fill the left's gaps.
                    match out.iter_mut().find(|o| o.labels == s.labels) {
                        Some(o) => {
                            for (slot, v) in o.values.iter_mut().zip(values) {
                                if slot.is_none() {
                                    *slot = v;
                                }
                            }
                        }
                        None => out.push(Series {
                            labels: s.labels.clone(),
                            values,
                        }),
                    }
                }
            }
            Value::Vector(out)
        }
        (Value::Vector(l), Value::Vector(r)) => {
            // Loki's `vectorBinop`: the "one" side indexed by signature (unique, or an error),
            // each "many" series joined to it; group_right swaps the sides, not the operands.
            let card = matching.map_or(Card::OneToOne, |m| m.card);
            let swapped = card == Card::OneToMany;
            let (many, one) = if swapped { (&r, &l) } else { (&l, &r) };
            let mut index: BTreeMap<Labels, &Series> = BTreeMap::new();
            for s in one {
                if index.insert(signature(&s.labels, matching), s).is_some() {
                    let side = if swapped { "left" } else { "right" };
                    return Err(EvalError(format!(
                        "found duplicate series on the {side} hand-side;many-to-many matching not allowed: matching labels must be unique on one side"
                    )));
                }
            }
            let mut seen: BTreeMap<Labels, Vec<Labels>> = BTreeMap::new();
            let mut out = Vec::new();
            for s in many {
                let sig = signature(&s.labels, matching);
                let Some(o) = index.get(&sig) else {
                    continue;
                };
                let labels = result_labels(&s.labels, &o.labels, matching);
                let group = seen.entry(sig).or_default();
                if card == Card::OneToOne && !group.is_empty() {
                    return Err(EvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)".into()));
                }
                if group.contains(&labels) {
                    return Err(EvalError(
                        "multiple matches for labels: grouping labels must ensure unique matches"
                            .into(),
                    ));
                }
                group.push(labels.clone());
                let values = s
                    .values
                    .iter()
                    .zip(&o.values)
                    .map(|(m, n)| {
                        let (a, b) = if swapped { (*n, *m) } else { (*m, *n) };
                        match (a, b) {
                            (Some(a), Some(b)) => apply(op, return_bool, a, b, a),
                            _ => None,
                        }
                    })
                    .collect();
                out.push(Series { labels, values });
            }
            Value::Vector(out)
        }
    })
}

/// Loki's unwrap conversions: `strconv.ParseFloat`, `time.ParseDuration` (in seconds) and
/// `humanize.ParseBytes`; the error text becomes `__error_details__`.
fn convert(conv: Conv, v: &str) -> Result<f64, String> {
    match conv {
        Conv::Float => v
            .parse::<f64>()
            .map_err(|_| format!("strconv.ParseFloat: parsing {v:?}: invalid syntax")),
        Conv::Duration => parse_go_duration(v)
            .map(|ns| ns as f64 / 1e9)
            .map_err(|_| format!("time: invalid duration {v:?}")),
        Conv::Bytes => parse_bytes(v)
            .ok_or_else(|| format!("strconv.ParseFloat: parsing {v:?}: invalid syntax")),
    }
}

fn eval_range(
    expr: &MetricExpr,
    logs: &[LogRecord],
    steps: &[i64],
    stats: &mut ScanStats,
) -> Result<Vec<Series>, EvalError> {
    let MetricExpr::Range {
        func,
        query,
        range_ns,
        offset_ns,
        unwrap,
        param,
        grouping,
    } = expr
    else {
        unreachable!("eval_range is called on ranges only")
    };
    let (func, range_ns, offset_ns) = (*func, *range_ns, *offset_ns);
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return Ok(Vec::new());
    };
    // Windows are left-open: (t - offset - range, t - offset].
    let window = time_slice(logs, first - offset_ns - range_ns + 1, last - offset_ns + 1);
    let mut per_series: BTreeMap<Labels, Vec<(i64, f64)>> = BTreeMap::new();
    let mut streams = std::collections::HashSet::new();
    for rec in window {
        if !matches_record(&query.matchers, rec) {
            continue;
        }
        stats.lines_scanned += 1;
        stats.bytes_scanned += rec.line.len() as u64;
        streams.insert(&rec.labels);
        let Some(mut out) = run(&query.stages, rec) else {
            continue;
        };
        stats.post_filter_lines += 1;
        let mut value = out.line.len() as f64;
        if let Some(u) = unwrap {
            let raw = out.labels.remove(&u.label).unwrap_or_default();
            // Loki skips lines without the label (grafana/loki#6713) rather than failing.
            if raw.is_empty() {
                continue;
            }
            match convert(u.conv, &raw) {
                Ok(v) => value = v,
                Err(details) => set_error(
                    &mut out.labels,
                    &mut out.parsed,
                    "SampleExtractionErr",
                    &details,
                ),
            }
            let mut keep = true;
            for f in &u.post {
                keep = keep && label_filter(f, &mut out.labels, &mut out.parsed);
            }
            if !keep {
                continue;
            }
        }
        if let Some(kind) = out.labels.get(ERROR_LABEL) {
            return Err(EvalError(pipeline_error(kind, &out.labels)));
        }
        let key = match grouping {
            Some(g) => group_key(&out.labels, Some(g)),
            None => out.labels,
        };
        per_series.entry(key).or_default().push((rec.ts_ns, value));
    }
    stats.streams += streams.len() as u64;
    if func == RangeFn::AbsentOverTime {
        return Ok(absent(query, &per_series, steps, range_ns, offset_ns));
    }
    let range_s = range_ns as f64 / 1e9;
    let mut result = Vec::with_capacity(per_series.len());
    for (labels, points) in per_series {
        let mut values = Vec::with_capacity(steps.len());
        let (mut lo, mut hi) = (0usize, 0usize);
        for &t in steps {
            let end = t - offset_ns;
            while hi < points.len() && points[hi].0 <= end {
                hi += 1;
            }
            while lo < hi && points[lo].0 <= end - range_ns {
                lo += 1;
            }
            let w: Vec<f64> = points[lo..hi].iter().map(|p| p.1).collect();
            values.push(range_value(func, *param, unwrap.is_some(), &w, range_s));
        }
        result.push(Series { labels, values });
    }
    Ok(result)
}

fn range_value(
    func: RangeFn,
    param: Option<f64>,
    unwrapped: bool,
    w: &[f64],
    range_s: f64,
) -> Option<f64> {
    if w.is_empty() {
        return None;
    }
    let n = w.len() as f64;
    let sum: f64 = w.iter().sum();
    let var = || {
        let mean = sum / n;
        w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n
    };
    Some(match func {
        RangeFn::CountOverTime => n,
        RangeFn::Rate if unwrapped => sum / range_s,
        RangeFn::Rate => n / range_s,
        RangeFn::BytesOverTime => sum,
        RangeFn::BytesRate => sum / range_s,
        RangeFn::AbsentOverTime => return None,
        RangeFn::SumOverTime => sum,
        RangeFn::AvgOverTime => sum / n,
        RangeFn::MinOverTime => w.iter().copied().fold(f64::INFINITY, f64::min),
        RangeFn::MaxOverTime => w.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        RangeFn::FirstOverTime => w[0],
        RangeFn::LastOverTime => w[w.len() - 1],
        RangeFn::StddevOverTime => var().sqrt(),
        RangeFn::StdvarOverTime => var(),
        RangeFn::QuantileOverTime => {
            // Prometheus' quantile: linear interpolation between the closest ranks.
            let q = param.unwrap_or(0.5);
            if q < 0.0 {
                return Some(f64::NEG_INFINITY);
            }
            if q > 1.0 {
                return Some(f64::INFINITY);
            }
            let mut s = w.to_vec();
            s.sort_by(f64::total_cmp);
            let rank = q * (n - 1.0);
            let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
            s[lo] + (s[hi] - s[lo]) * (rank - rank.floor())
        }
    })
}

/// `absent_over_time`: 1 at the steps where the selection had no line, labelled with the
/// selector's equality matchers, as Loki (and Prometheus) label it.
fn absent(
    query: &LogQuery,
    per_series: &BTreeMap<Labels, Vec<(i64, f64)>>,
    steps: &[i64],
    range_ns: i64,
    offset_ns: i64,
) -> Vec<Series> {
    let labels: Labels = query
        .matchers
        .iter()
        .filter(|m| m.op == MatchOp::Eq)
        .map(|m| (m.name.clone(), m.value.clone()))
        .collect();
    let values = steps
        .iter()
        .map(|&t| {
            let end = t - offset_ns;
            let any = per_series
                .values()
                .any(|p| p.iter().any(|(ts, _)| *ts <= end && *ts > end - range_ns));
            (!any).then_some(1.0)
        })
        .collect();
    vec![Series { labels, values }]
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
    let mut groups: BTreeMap<Labels, Vec<Vec<f64>>> = BTreeMap::new();
    for s in inner {
        let acc = groups
            .entry(group_key(&s.labels, grouping))
            .or_insert_with(|| vec![Vec::new(); n]);
        for (slot, v) in acc.iter_mut().zip(s.values) {
            if let Some(v) = v {
                slot.push(v);
            }
        }
    }
    groups
        .into_iter()
        .map(|(labels, per_step)| Series {
            labels,
            values: per_step
                .iter()
                .map(|w| {
                    if w.is_empty() {
                        return None;
                    }
                    let c = w.len() as f64;
                    let sum: f64 = w.iter().sum();
                    let var = || w.iter().map(|x| (x - sum / c).powi(2)).sum::<f64>() / c;
                    Some(match op {
                        AggOp::Sum => sum,
                        AggOp::Avg => sum / c,
                        AggOp::Count => c,
                        AggOp::Min => w.iter().copied().fold(f64::INFINITY, f64::min),
                        AggOp::Max => w.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                        AggOp::Stddev => var().sqrt(),
                        AggOp::Stdvar => var(),
                        AggOp::Topk | AggOp::Bottomk => unreachable!("topk is not aggregated here"),
                    })
                })
                .collect(),
        })
        .collect()
}

fn topk(
    k: usize,
    bottom: bool,
    grouping: Option<&Grouping>,
    inner: Vec<Series>,
    n: usize,
) -> Vec<Series> {
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
                let o = inner[b].values[step]
                    .partial_cmp(&inner[a].values[step])
                    .unwrap_or(std::cmp::Ordering::Equal);
                if bottom {
                    o.reverse()
                } else {
                    o
                }
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
            r#"count without (level, detected_level) (count_over_time({job="fl"}[10s]))"#,
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
