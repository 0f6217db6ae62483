//! The trace header and search-result row: root service and operation, start, duration,
//! span count, services, depth and errors.

use std::collections::BTreeMap;

use super::model::Trace;
use super::tree::TraceTree;

/// What the trace header and the search results list show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TraceSummary {
    pub trace_id: String,
    pub root_service: String,
    pub root_operation: String,
    pub start_us: i64,
    pub duration_us: i64,
    pub span_count: usize,
    /// Span count per service, by service name.
    pub services: BTreeMap<String, usize>,
    /// Number of levels (a lone root has depth 1, as in Jaeger's header).
    pub depth: u32,
    pub error_count: usize,
    /// Spans whose parent is missing from the trace.
    pub orphan_count: usize,
}

impl TraceSummary {
    pub fn service_count(&self) -> usize {
        self.services.len()
    }
}

/// Summarises a trace with its already-built tree.
pub fn summarize(trace: &Trace, tree: &TraceTree) -> TraceSummary {
    let mut services: BTreeMap<String, usize> = BTreeMap::new();
    for span in &trace.spans {
        *services
            .entry(trace.service_of(span).to_string())
            .or_default() += 1;
    }
    let root = tree.primary_root().and_then(|r| trace.spans.get(r));
    TraceSummary {
        trace_id: trace.trace_id.clone(),
        root_service: root
            .map(|s| trace.service_of(s).to_string())
            .unwrap_or_default(),
        root_operation: root.map(|s| s.operation.clone()).unwrap_or_default(),
        start_us: trace.start_us(),
        duration_us: trace.duration_us(),
        span_count: trace.spans.len(),
        services,
        depth: if tree.is_empty() {
            0
        } else {
            tree.max_depth() + 1
        },
        error_count: trace.spans.iter().filter(|s| s.is_error()).count(),
        orphan_count: tree.flagged(super::tree::SpanFlags::ORPHAN).len(),
    }
}

/// The search results' rows: one summary per trace, in the order Jaeger sent them.
pub fn summarize_all(traces: &[Trace]) -> Vec<TraceSummary> {
    traces
        .iter()
        .map(|t| summarize(t, &TraceTree::build(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::model::{Tag, TagValue};
    use crate::trace::tree::tests::{span, trace};

    #[test]
    fn summarises_hand_made_trace() {
        let mut t = trace(vec![
            span("c", "r", 20, 50),
            span("r", "", 10, 100),
            span("o", "gone", 5, 1),
        ]);
        t.spans[0]
            .tags
            .push(Tag::new("error", TagValue::Bool(true)));
        let summary = summarize(&t, &TraceTree::build(&t));
        assert_eq!(summary.root_operation, "op-r");
        assert_eq!(summary.root_service, "svc");
        assert_eq!((summary.start_us, summary.duration_us), (5, 105));
        assert_eq!(summary.span_count, 3);
        assert_eq!(summary.service_count(), 1);
        assert_eq!(summary.depth, 2);
        assert_eq!(summary.error_count, 1);
        assert_eq!(summary.orphan_count, 1);
        let empty = trace(vec![]);
        assert_eq!(summarize(&empty, &TraceTree::build(&empty)).depth, 0);
    }

    #[test]
    fn summarises_every_trace_in_order() {
        let mut second = trace(vec![span("x", "", 0, 5)]);
        second.trace_id = "u".into();
        let rows = summarize_all(&[trace(vec![span("r", "", 0, 1)]), second]);
        let ids: Vec<&str> = rows.iter().map(|r| r.trace_id.as_str()).collect();
        assert_eq!(ids, vec!["t", "u"]);
        assert_eq!(rows[1].root_operation, "op-x");
        assert!(summarize_all(&[]).is_empty());
    }
}
