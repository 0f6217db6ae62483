//! A loaded trace with everything the views derive from it once: the tree, the summary, the
//! critical path (sorted by span for lookups while painting) and each process's colour.

use std::sync::Arc;

use super::canvas::service_color;
use crate::core::trace::{
    critical_path, summarize, CriticalSection, Trace, TraceSummary, TraceTree,
};

pub struct TraceModel {
    pub trace: Trace,
    pub tree: TraceTree,
    pub summary: TraceSummary,
    /// Critical path sections ordered by span index.
    critical: Vec<CriticalSection>,
    process_colors: Vec<&'static str>,
}

impl TraceModel {
    pub fn new(trace: Trace) -> Arc<TraceModel> {
        let tree = TraceTree::build(&trace);
        let summary = summarize(&trace, &tree);
        let mut critical = critical_path(&trace, &tree);
        critical.sort_by_key(|c| (c.span, c.start_us));
        let process_colors = trace
            .processes
            .iter()
            .map(|p| service_color(&p.service))
            .collect();
        Arc::new(TraceModel {
            trace,
            tree,
            summary,
            critical,
            process_colors,
        })
    }

    pub fn len(&self) -> usize {
        self.trace.spans.len()
    }

    /// The critical-path stretches of one span (usually none or one).
    pub fn critical_of(&self, span: usize) -> &[CriticalSection] {
        let from = self.critical.partition_point(|c| c.span < span);
        let to = self.critical.partition_point(|c| c.span <= span);
        &self.critical[from..to]
    }

    pub fn color_of(&self, span: usize) -> &'static str {
        self.trace
            .spans
            .get(span)
            .and_then(|s| self.process_colors.get(s.process))
            .copied()
            .unwrap_or("#888888")
    }

    pub fn service_of(&self, span: usize) -> &str {
        self.trace
            .spans
            .get(span)
            .map_or("", |s| self.trace.service_of(s))
    }
}
