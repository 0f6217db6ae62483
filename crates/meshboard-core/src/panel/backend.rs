//! Which backend a metric panel's query goes to, and the Loki request a LogQL metric query
//! becomes. A time series, stat, gauge, bar gauge or table panel can read Loki (Grafana's
//! `sum by (level) (count_over_time({job="x"}[$__interval]))`): its query must go to Loki's
//! `query_range`, not to Prometheus, which refuses LogQL with HTTP 422.
//!
//! The request is planned once, as a Prometheus request (same step, range and `$__interval`
//! family, since Grafana plans both datasources' steps the same way), and only translated to
//! Loki's parameters here: nanosecond times and a step in seconds.

use crate::dashboard::{DatasourceKind, DatasourceRef};
use crate::loki::{Direction, InstantQuery, NsTime, RangeQuery};
use crate::prometheus::PromRequest;
use crate::variables::{interpolate_query, VariableScope};

/// The backend one query of a metric panel runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryBackend {
    #[default]
    Prometheus,
    Loki,
}

/// The backend of a target: its own datasource reference unless it inherits the panel's
/// (no reference, `-- Mixed --` or `-- Dashboard --`), then the panel's. A reference through a
/// variable or an import input is resolved by its value: a `datasource` variable's value is
/// the configured datasource's name (`Loki`), and imported dashboards name their inputs after
/// the plugin (`${DS_LOKI}`), as Grafana's export writes them. Anything else is Prometheus,
/// the dashboards' default.
pub fn query_backend(
    panel_ds: Option<&DatasourceRef>,
    target_ds: Option<&DatasourceRef>,
    scope: &VariableScope,
) -> QueryBackend {
    let inherits = |r: &&DatasourceRef| {
        matches!(
            r.kind(),
            DatasourceKind::Mixed | DatasourceKind::Default | DatasourceKind::Unsupported(_)
        )
    };
    let Some(reference) = target_ds.filter(|r| !inherits(r)).or(panel_ds) else {
        return QueryBackend::Prometheus;
    };
    match reference.kind() {
        DatasourceKind::Loki => QueryBackend::Loki,
        DatasourceKind::Configured(text) if names_loki(&interpolate_query(&text, scope)) => {
            QueryBackend::Loki
        }
        _ => QueryBackend::Prometheus,
    }
}

/// Whether a datasource name, uid or unresolved import input stands for Loki.
fn names_loki(text: &str) -> bool {
    text.to_ascii_lowercase().contains("loki")
}

/// A LogQL metric query as Loki's API takes it.
#[derive(Debug, Clone, PartialEq)]
pub enum LokiMetricRequest {
    Range(RangeQuery),
    Instant(InstantQuery),
}

/// The Loki form of a planned request: the same query, range and step. `None` for requests
/// Loki has no counterpart of (exemplars).
pub fn loki_metric_request(request: &PromRequest) -> Option<LokiMetricRequest> {
    let ns = |ms: f64| NsTime::from_millis(ms.round() as i64);
    match request {
        PromRequest::QueryRange {
            query,
            start_ms,
            end_ms,
            step_ms,
        } => Some(LokiMetricRequest::Range(RangeQuery {
            query: query.clone(),
            start: ns(*start_ms),
            end: ns(*end_ms),
            limit: None,
            direction: Direction::Backward,
            step_seconds: Some(step_ms / 1000.0),
            interval_seconds: None,
        })),
        PromRequest::Query { query, time_ms } => Some(LokiMetricRequest::Instant(InstantQuery {
            query: query.clone(),
            time: ns(time_ms.unwrap_or_default()),
            limit: None,
            direction: Direction::Backward,
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::ScopedValue;
    use serde_json::json;

    fn reference(value: serde_json::Value) -> Option<DatasourceRef> {
        DatasourceRef::from_json(&value)
    }

    #[test]
    fn a_loki_reference_on_the_panel_or_the_target_routes_to_loki() {
        let scope = VariableScope::default();
        let loki = reference(json!({"type": "loki", "uid": "P8E80F9AEF21F6940"}));
        let prom = reference(json!({"type": "prometheus", "uid": "abc"}));
        assert_eq!(
            query_backend(loki.as_ref(), None, &scope),
            QueryBackend::Loki
        );
        assert_eq!(
            query_backend(prom.as_ref(), loki.as_ref(), &scope),
            QueryBackend::Loki,
            "a target's own datasource wins"
        );
        assert_eq!(
            query_backend(loki.as_ref(), prom.as_ref(), &scope),
            QueryBackend::Prometheus
        );
        assert_eq!(query_backend(None, None, &scope), QueryBackend::Prometheus);
    }

    #[test]
    fn targets_of_a_mixed_panel_or_inheriting_ones_follow_the_panel() {
        let scope = VariableScope::default();
        let mixed = reference(json!({"type": "datasource", "uid": "-- Mixed --"}));
        let loki = reference(json!({"type": "loki"}));
        let dashboard = reference(json!({"type": "datasource", "uid": "-- Dashboard --"}));
        assert_eq!(
            query_backend(mixed.as_ref(), loki.as_ref(), &scope),
            QueryBackend::Loki
        );
        assert_eq!(
            query_backend(loki.as_ref(), dashboard.as_ref(), &scope),
            QueryBackend::Loki
        );
    }

    #[test]
    fn variables_and_import_inputs_are_resolved_by_their_value() {
        let mut scope = VariableScope::default();
        scope.insert("logs", ScopedValue::single("Loki"));
        scope.insert("metrics", ScopedValue::single("Prometheus"));
        let via = |text: &str| query_backend(reference(json!(text)).as_ref(), None, &scope);
        assert_eq!(via("$logs"), QueryBackend::Loki);
        assert_eq!(via("${metrics}"), QueryBackend::Prometheus);
        assert_eq!(via("${DS_LOKI}"), QueryBackend::Loki, "an export's input");
        assert_eq!(via("${DS_PROMETHEUS}"), QueryBackend::Prometheus);
        let by_uid = reference(json!({"type": "$dstype", "uid": "$logs"}));
        assert_eq!(
            query_backend(by_uid.as_ref(), None, &scope),
            QueryBackend::Loki
        );
    }

    #[test]
    fn a_planned_range_request_keeps_its_range_and_step_in_lokis_units() {
        let request = PromRequest::QueryRange {
            query: "sum by (level) (count_over_time({job=\"x\"}[1m]))".into(),
            start_ms: 1_700_000_000_000.0,
            end_ms: 1_700_003_600_000.0,
            step_ms: 15_000.0,
        };
        let Some(LokiMetricRequest::Range(q)) = loki_metric_request(&request) else {
            panic!("a range query");
        };
        assert_eq!(q.start, NsTime(1_700_000_000_000_000_000));
        assert_eq!(q.end, NsTime(1_700_003_600_000_000_000));
        assert_eq!(q.step_seconds, Some(15.0));
        assert!(q.query.starts_with("sum by (level)"));
        let instant = PromRequest::Query {
            query: "count_over_time({job=\"x\"}[5m])".into(),
            time_ms: Some(1_700_000_000_000.0),
        };
        assert!(matches!(
            loki_metric_request(&instant),
            Some(LokiMetricRequest::Instant(InstantQuery {
                time: NsTime(1_700_000_000_000_000_000),
                ..
            }))
        ));
        let exemplars = PromRequest::QueryExemplars {
            query: "x".into(),
            start_ms: 0.0,
            end_ms: 1.0,
        };
        assert_eq!(loki_metric_request(&exemplars), None);
    }
}
