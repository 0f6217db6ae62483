//! A loaded trace with everything its views derive from it once: the tree, the summary, the
//! critical path (sorted by span, so painting a row finds its stretches by binary search) and
//! each process's colour. Built once when a trace arrives; the views only read it.

use super::color::service_color;
use super::critical_path::{critical_path, CriticalSection};
use super::model::Trace;
use super::summary::{summarize, TraceSummary};
use super::tree::TraceTree;

/// Drawn for a span whose process is missing (a broken trace): a neutral grey.
pub const UNKNOWN_SERVICE_COLOR: &str = "#888888";

/// A trace and what the timeline, header and details show of it.
pub struct TraceModel {
    pub trace: Trace,
    pub tree: TraceTree,
    pub summary: TraceSummary,
    /// Critical path sections ordered by span index (then start).
    critical: Vec<CriticalSection>,
    /// One colour per process, by process index.
    process_colors: Vec<&'static str>,
}

impl TraceModel {
    /// Derives the tree, summary, critical path and colours: linear in the spans (plus sorts).
    pub fn new(trace: Trace) -> TraceModel {
        let tree = TraceTree::build(&trace);
        let summary = summarize(&trace, &tree);
        let mut critical = critical_path(&trace, &tree);
        crate::sort::sort_by_key(&mut critical, |c| (c.span, c.start_us));
        let process_colors = trace
            .processes
            .iter()
            .map(|p| service_color(&p.service))
            .collect();
        TraceModel {
            trace,
            tree,
            summary,
            critical,
            process_colors,
        }
    }

    /// Number of spans.
    pub fn len(&self) -> usize {
        self.trace.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trace.spans.is_empty()
    }

    /// The critical-path stretches of one span (usually none or one).
    pub fn critical_of(&self, span: usize) -> &[CriticalSection] {
        let from = self.critical.partition_point(|c| c.span < span);
        let to = self.critical.partition_point(|c| c.span <= span);
        &self.critical[from..to]
    }

    /// The colour of a span's service.
    pub fn color_of(&self, span: usize) -> &'static str {
        self.trace
            .spans
            .get(span)
            .and_then(|s| self.process_colors.get(s.process))
            .copied()
            .unwrap_or(UNKNOWN_SERVICE_COLOR)
    }

    /// A span's service name ("" for an unknown span).
    pub fn service_of(&self, span: usize) -> &str {
        self.trace
            .spans
            .get(span)
            .map_or("", |s| self.trace.service_of(s))
    }

    /// How the picker of an uploaded file names this trace: `service: operation (n spans)`.
    pub fn choice_label(&self) -> String {
        format!(
            "{}: {} ({} spans)",
            self.summary.root_service, self.summary.root_operation, self.summary.span_count
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::model::Process;
    use crate::trace::tree::tests::{span, trace};

    fn model() -> TraceModel {
        // root 0..100 with children a 10..40 and b 50..90: the path runs through all three.
        let mut t = trace(vec![
            span("root", "", 0, 100),
            span("a", "root", 10, 30),
            span("b", "root", 50, 40),
        ]);
        t.processes.push(Process {
            service: "db".into(),
            tags: vec![],
        });
        t.spans[2].process = 1;
        TraceModel::new(t)
    }

    #[test]
    fn derives_tree_summary_and_critical_path_once() {
        let m = model();
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty());
        assert_eq!(m.summary.span_count, 3);
        assert_eq!(m.summary.root_operation, "op-root");
        assert_eq!(m.tree.children_of(0), &[1, 2]);
        // The root's stretches, in time order, then each child's one.
        let root: Vec<(i64, i64)> = m
            .critical_of(0)
            .iter()
            .map(|c| (c.start_us, c.end_us))
            .collect();
        assert_eq!(root, vec![(0, 10), (40, 50), (90, 100)]);
        assert_eq!(m.critical_of(1).len(), 1);
        assert_eq!(m.critical_of(2)[0].start_us, 50);
        assert!(m.critical_of(7).is_empty());
    }

    #[test]
    fn colours_and_services_by_process() {
        let m = model();
        assert_eq!(m.color_of(0), service_color("svc"));
        assert_eq!(m.color_of(2), service_color("db"));
        assert_eq!(m.color_of(99), UNKNOWN_SERVICE_COLOR);
        assert_eq!(m.service_of(2), "db");
        assert_eq!(m.service_of(99), "");
        assert_eq!(m.choice_label(), "svc: op-root (3 spans)");
    }

    #[test]
    fn a_span_without_its_process_is_grey() {
        let mut t = trace(vec![span("root", "", 0, 10)]);
        t.spans[0].process = 5;
        assert_eq!(TraceModel::new(t).color_of(0), UNKNOWN_SERVICE_COLOR);
        let empty = TraceModel::new(Trace::default());
        assert!(empty.is_empty() && empty.critical_of(0).is_empty());
    }
}
