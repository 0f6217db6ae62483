//! A metrics panel's targets as requests: interpolated once per variable change, then turned
//! into `query`/`query_range` (and `query_exemplars`) requests when the width and the resolved
//! range are known, with the `$__interval` family and the step that width asks for.

use super::backend::{query_backend, QueryBackend};
use crate::dashboard::Panel;
use crate::prometheus::PromRequest;
use crate::step::{
    max_points_for_width, parse_prom_duration, plan_range_query, IntervalVars,
    DEFAULT_SCRAPE_INTERVAL_MS,
};
use crate::variables::{interpolate_query, VariableScope};

/// One query of a panel, variables already interpolated (the built-in `$__interval` family is
/// substituted at query time, when width and range are known).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelQuery {
    pub ref_id: String,
    pub expr: String,
    pub legend: Option<String>,
    pub instant: bool,
    pub min_step_ms: f64,
    pub max_points: Option<u32>,
    /// Grafana's `"exemplar": true`: also fetch exemplars and draw them on the chart.
    pub exemplar: bool,
    /// Prometheus, or Loki for a LogQL metric query on a Loki datasource.
    pub backend: QueryBackend,
}

/// The panel's visible targets with their expressions interpolated.
pub fn panel_queries(panel: &Panel, scope: &VariableScope) -> Vec<PanelQuery> {
    let panel_min = panel
        .min_interval
        .as_deref()
        .map(|i| interpolate_query(i, scope))
        .and_then(|i| min_interval_ms(&i));
    panel
        .targets
        .iter()
        .filter(|t| !t.hide)
        .filter_map(|t| {
            let expr = interpolate_query(t.expr.as_deref()?, scope);
            let own_min = t
                .interval
                .as_deref()
                .map(|i| interpolate_query(i, scope))
                .and_then(|i| min_interval_ms(&i));
            Some(PanelQuery {
                ref_id: t.ref_id.clone(),
                expr,
                legend: t
                    .legend_format
                    .as_deref()
                    .map(|l| interpolate_query(l, scope)),
                // A table target is an instant query unless it asks for a range; Grafana's
                // Loki targets say `queryType: instant`.
                instant: t.instant
                    || t.raw.get("queryType").and_then(|q| q.as_str()) == Some("instant")
                    || t.format.as_deref() == Some("table")
                        && t.raw.get("range").and_then(|r| r.as_bool()) != Some(true),
                min_step_ms: own_min.or(panel_min).unwrap_or(0.0),
                max_points: panel.max_data_points,
                exemplar: t.raw.get("exemplar").and_then(|e| e.as_bool()) == Some(true),
                backend: query_backend(panel.datasource.as_ref(), t.datasource.as_ref(), scope),
            })
        })
        .collect()
}

/// A min interval as Grafana writes it: `30s`, or `>30s` (the older "at least" spelling).
fn min_interval_ms(text: &str) -> Option<f64> {
    parse_prom_duration(text.trim().trim_start_matches('>'))
}

/// The `$__interval` family of `q` over `range` (epoch ms) on a panel `width` px wide.
fn interval_vars(q: &PanelQuery, range: (f64, f64), width: f64) -> IntervalVars {
    let max_points = q.max_points.unwrap_or_else(|| max_points_for_width(width));
    IntervalVars::new(
        range.0,
        range.1,
        max_points,
        q.min_step_ms,
        DEFAULT_SCRAPE_INTERVAL_MS,
    )
}

/// The request one query makes over `range` for a panel `width` px wide.
pub fn build_request(q: &PanelQuery, range: (f64, f64), width: f64) -> PromRequest {
    let (from, to) = range;
    let query = interval_vars(q, range, width).substitute(&q.expr);
    if q.instant {
        return PromRequest::Query {
            query,
            time_ms: Some(to),
        };
    }
    let max_points = q.max_points.unwrap_or_else(|| max_points_for_width(width));
    let plan = plan_range_query(from, to, max_points, q.min_step_ms);
    PromRequest::QueryRange {
        query,
        start_ms: plan.start_ms,
        end_ms: plan.end_ms,
        step_ms: plan.step_ms,
    }
}

/// The exemplar request of `q`, if it asks for exemplars and draws over time (an instant
/// query has no time axis to put them on). Its selectors are the panel query's own, with the
/// same `$__interval` values, so the exemplars match the series drawn. Loki has none.
pub fn exemplar_request(q: &PanelQuery, range: (f64, f64), width: f64) -> Option<PromRequest> {
    (q.exemplar && !q.instant && q.backend == QueryBackend::Prometheus).then(|| {
        PromRequest::QueryExemplars {
            query: interval_vars(q, range, width).substitute(&q.expr),
            start_ms: range.0,
            end_ms: range.1,
        }
    })
}

/// The PromQL a request sends (after `$__interval` substitution): what a series without
/// labels and without a legend is named after.
pub fn sent_query(request: &PromRequest) -> String {
    request
        .params()
        .into_iter()
        .find(|(k, _)| *k == "query")
        .map(|(_, v)| v)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::ScopedValue;
    use serde_json::json;

    const HOUR: f64 = 3_600_000.0;

    fn query(expr: &str) -> PanelQuery {
        PanelQuery {
            ref_id: "A".into(),
            expr: expr.into(),
            legend: None,
            instant: false,
            min_step_ms: 0.0,
            max_points: None,
            exemplar: false,
            backend: QueryBackend::Prometheus,
        }
    }

    #[test]
    fn targets_are_interpolated_and_hidden_ones_dropped() {
        let panel = Panel::from_json(
            &json!({
                "type": "timeseries", "interval": ">30s", "maxDataPoints": 100,
                "targets": [
                    {"refId": "A", "expr": "up{job=\"$job\"}", "legendFormat": "{{instance}} $job"},
                    {"refId": "B", "expr": "down", "hide": true},
                    {"refId": "C", "expr": "rate(x[1m])", "interval": "1m", "exemplar": true},
                    {"refId": "D"}
                ]
            }),
            1,
        );
        let mut scope = VariableScope::default();
        scope.insert("job", ScopedValue::single("api"));
        let qs = panel_queries(&panel, &scope);
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].ref_id, "A");
        assert_eq!(qs[0].expr, "up{job=\"api\"}");
        assert_eq!(qs[0].legend.as_deref(), Some("{{instance}} api"));
        assert_eq!(qs[0].min_step_ms, 30_000.0, "the panel's interval");
        assert_eq!(qs[0].max_points, Some(100));
        assert!(!qs[0].exemplar && !qs[0].instant);
        assert_eq!(
            qs[1].min_step_ms, 60_000.0,
            "the target's own interval wins"
        );
        assert!(qs[1].exemplar);
    }

    #[test]
    fn table_targets_are_instant_unless_they_ask_for_a_range() {
        let panel = Panel::from_json(
            &json!({"type": "table", "targets": [
                {"refId": "A", "expr": "up", "format": "table"},
                {"refId": "B", "expr": "up", "format": "table", "range": true},
                {"refId": "C", "expr": "up", "instant": true}
            ]}),
            1,
        );
        let instant: Vec<bool> = panel_queries(&panel, &VariableScope::default())
            .iter()
            .map(|q| q.instant)
            .collect();
        assert_eq!(instant, vec![true, false, true]);
    }

    #[test]
    fn loki_metric_targets_go_to_loki() {
        // The shape of a Grafana 10 panel over a Loki datasource (a Loki error-rate panel).
        let panel = Panel::from_json(
            &json!({"type": "timeseries", "datasource": {"type": "loki", "uid": "loki"},
            "targets": [
                {"refId": "A", "expr": "sum by (level) (count_over_time({job=\"x\"}[$__interval]))",
                 "queryType": "range"},
                {"refId": "B", "expr": "sum(count_over_time({job=\"x\"}[5m]))",
                 "queryType": "instant", "exemplar": true},
                {"refId": "C", "expr": "up", "datasource": {"type": "prometheus"}}
            ]}),
            1,
        );
        let qs = panel_queries(&panel, &VariableScope::default());
        let backends: Vec<QueryBackend> = qs.iter().map(|q| q.backend).collect();
        assert_eq!(
            backends,
            vec![
                QueryBackend::Loki,
                QueryBackend::Loki,
                QueryBackend::Prometheus
            ]
        );
        assert!(!qs[0].instant && qs[1].instant);
        assert_eq!(
            exemplar_request(&qs[1], (0.0, HOUR), 800.0),
            None,
            "Loki has no exemplars"
        );
        assert!(
            sent_query(&build_request(&qs[0], (0.0, HOUR), 800.0)).ends_with("[5s]))"),
            "$__interval is substituted as for Prometheus"
        );
    }

    #[test]
    fn range_requests_take_their_step_from_the_width() {
        let q = query("rate(x[$__rate_interval])");
        let narrow = build_request(&q, (0.0, HOUR), 300.0);
        let wide = build_request(&q, (0.0, HOUR), 1500.0);
        let step = |r: &PromRequest| match r {
            PromRequest::QueryRange { step_ms, .. } => *step_ms,
            other => panic!("not a range query: {other:?}"),
        };
        assert!(step(&wide) < step(&narrow), "{wide:?} vs {narrow:?}");
        assert!(
            !sent_query(&narrow).contains('$'),
            "{}",
            sent_query(&narrow)
        );
    }

    #[test]
    fn instant_requests_ask_at_the_end_of_the_range() {
        let mut q = query("up");
        q.instant = true;
        assert_eq!(
            build_request(&q, (0.0, HOUR), 800.0),
            PromRequest::Query {
                query: "up".into(),
                time_ms: Some(HOUR)
            }
        );
    }

    #[test]
    fn a_fixed_max_data_points_ignores_the_width() {
        let mut q = query("up");
        q.max_points = Some(60);
        assert_eq!(
            build_request(&q, (0.0, HOUR), 300.0),
            build_request(&q, (0.0, HOUR), 1800.0)
        );
    }

    #[test]
    fn exemplars_are_asked_for_range_queries_that_want_them() {
        let mut q = query("rate(x[$__interval])");
        assert_eq!(exemplar_request(&q, (0.0, HOUR), 800.0), None);
        q.exemplar = true;
        match exemplar_request(&q, (0.0, HOUR), 800.0) {
            Some(PromRequest::QueryExemplars {
                query,
                start_ms,
                end_ms,
            }) => {
                assert_eq!((start_ms, end_ms), (0.0, HOUR));
                assert_eq!(query, sent_query(&build_request(&q, (0.0, HOUR), 800.0)));
            }
            other => panic!("{other:?}"),
        }
        q.instant = true;
        assert_eq!(exemplar_request(&q, (0.0, HOUR), 800.0), None);
    }
}
