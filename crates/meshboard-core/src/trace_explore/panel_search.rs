//! The search a dashboard's `traces` panel runs: its target's service, operation and tags with
//! the dashboard's variables filled in, over the dashboard's time range, asking for enough
//! traces to list the slowest.

use serde_json::Value;

use super::panel_target_search;
use crate::jaeger::{parse_tags_logfmt, TraceQuery};
use crate::variables::{interpolate_text, VariableScope};

/// How many traces a panel asks for, and how many of the slowest it lists.
pub const PANEL_LIMIT: u32 = 50;
pub const PANEL_ROWS: usize = 10;

/// The panel's message when its target names no service (after interpolation).
pub const NO_SERVICE: &str =
    "This traces panel names no service: set the target's `service` (or `query`).";

/// The query of a `traces` panel whose first active target is `target`, over
/// `[start_ms, end_ms]`; [`NO_SERVICE`] when there is no service to search.
pub fn panel_search(
    target: &Value,
    scope: &VariableScope,
    start_ms: i64,
    end_ms: i64,
) -> Result<TraceQuery, String> {
    let (service, operation) = panel_target_search(target);
    let service = service
        .map(|s| interpolate_text(&s, scope))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| NO_SERVICE.to_string())?;
    let tags = target
        .get("tags")
        .and_then(Value::as_str)
        .map(|t| parse_tags_logfmt(&interpolate_text(t, scope)))
        .unwrap_or_default();
    Ok(TraceQuery {
        service,
        operation: operation.map(|o| interpolate_text(&o, scope)),
        tags,
        min_duration_us: None,
        max_duration_us: None,
        start_us: start_ms.saturating_mul(1000),
        end_us: end_ms.saturating_mul(1000),
        limit: PANEL_LIMIT,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::ScopedValue;
    use serde_json::json;

    fn scope() -> VariableScope {
        let mut scope = VariableScope::default();
        scope
            .values
            .insert("svc".into(), ScopedValue::single("agent-mesh"));
        scope
    }

    #[test]
    fn fills_in_variables_and_the_range() {
        let target =
            json!({"service": "$svc", "operation": "op-$svc", "tags": "node=$svc error=true"});
        let query = panel_search(&target, &scope(), 1_000, 2_000).expect("a query");
        assert_eq!(query.service, "agent-mesh");
        assert_eq!(query.operation.as_deref(), Some("op-agent-mesh"));
        assert_eq!(
            query.tags,
            vec![
                ("node".to_string(), "agent-mesh".to_string()),
                ("error".to_string(), "true".to_string())
            ]
        );
        assert_eq!((query.start_us, query.end_us), (1_000_000, 2_000_000));
        assert_eq!(query.limit, PANEL_LIMIT);
        assert_eq!((query.min_duration_us, query.max_duration_us), (None, None));
    }

    #[test]
    fn a_target_without_a_service_says_so() {
        let empty = VariableScope::default();
        assert_eq!(
            panel_search(&json!({"operation": "x"}), &empty, 0, 1),
            Err(NO_SERVICE.to_string())
        );
        // A variable that fills in nothing names no service either.
        assert_eq!(
            panel_search(&json!({"service": "$missing"}), &empty, 0, 1).map(|q| q.service),
            Ok("$missing".to_string())
        );
        let blank = VariableScope {
            values: [("v".to_string(), ScopedValue::single(""))].into(),
        };
        assert!(panel_search(&json!({"query": "$v"}), &blank, 0, 1).is_err());
    }
}
