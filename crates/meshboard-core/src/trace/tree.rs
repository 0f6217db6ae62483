//! The span tree: parent links resolved, children ordered by start, roots, depth and pre-order,
//! built in linear time (plus the sort of each child list) and tolerant of broken traces.
//!
//! Missing parents make orphans (roots, flagged); duplicate ids, reference cycles and children
//! outside their parent's time span (clock skew) are flagged and otherwise left as they are.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::model::{normalize_id, RefType, Trace};

/// Marks a span without a parent.
pub const NO_PARENT: u32 = u32::MAX;

/// Anomalies found while building the tree, per span (a bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpanFlags(pub u8);

impl SpanFlags {
    /// It references a parent that is not in the trace: shown as a root.
    pub const ORPHAN: u8 = 1;
    /// Starts before its parent (clock skew): drawn where it is.
    pub const STARTS_BEFORE_PARENT: u8 = 2;
    /// A CHILD_OF span ending after its parent (clock skew or a fire-and-forget child).
    pub const ENDS_AFTER_PARENT: u8 = 4;
    /// Another span earlier in the trace has the same id.
    pub const DUPLICATE_ID: u8 = 8;
    /// Its parent link closed a reference cycle and was cut.
    pub const CYCLE: u8 = 16;

    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    /// Clock skew of either kind.
    pub fn is_skewed(self) -> bool {
        self.has(Self::STARTS_BEFORE_PARENT | Self::ENDS_AFTER_PARENT)
    }
}

/// The tree over a trace's spans (indices into `trace.spans`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TraceTree {
    parent: Vec<u32>,
    parent_ref: Vec<Option<RefType>>,
    child_offsets: Vec<u32>,
    children: Vec<u32>,
    roots: Vec<u32>,
    depth: Vec<u32>,
    preorder: Vec<u32>,
    preorder_position: Vec<u32>,
    subtree_size: Vec<u32>,
    flags: Vec<SpanFlags>,
    max_depth: u32,
}

impl TraceTree {
    pub fn build(trace: &Trace) -> TraceTree {
        let n = trace.spans.len();
        let mut flags = vec![SpanFlags::default(); n];
        let (mut parent, parent_ref) = resolve_parents(trace, &mut flags);
        break_cycles(&mut parent, &mut flags);
        let (child_offsets, children) = child_lists(trace, &parent);
        let mut roots: Vec<u32> = (0..n)
            .filter(|&i| parent[i] == NO_PARENT)
            .map(|i| i as u32)
            .collect();
        crate::sort::sort_by_key(&mut roots, |&i| (trace.spans[i as usize].start_us, i));

        let mut tree = TraceTree {
            parent,
            parent_ref,
            child_offsets,
            children,
            roots,
            depth: vec![0; n],
            preorder: Vec::with_capacity(n),
            preorder_position: vec![0; n],
            subtree_size: vec![1; n],
            flags,
            max_depth: 0,
        };
        tree.walk();
        tree.flag_skew(trace);
        tree
    }

    /// Iterative depth-first walk: pre-order, depth and subtree sizes (no recursion, so a
    /// 10,000-deep chain is fine).
    fn walk(&mut self) {
        let mut stack: Vec<u32> = self.roots.iter().rev().copied().collect();
        while let Some(span) = stack.pop() {
            let s = span as usize;
            self.preorder_position[s] = self.preorder.len() as u32;
            self.preorder.push(span);
            let child_depth = self.depth[s] + 1;
            let (first, last) = (
                self.child_offsets[s] as usize,
                self.child_offsets[s + 1] as usize,
            );
            for &child in self.children[first..last].iter().rev() {
                self.depth[child as usize] = child_depth;
                stack.push(child);
            }
            self.max_depth = self.max_depth.max(self.depth[s]);
        }
        for &span in self.preorder.iter().rev() {
            let p = self.parent[span as usize];
            if p != NO_PARENT {
                self.subtree_size[p as usize] += self.subtree_size[span as usize];
            }
        }
    }

    fn flag_skew(&mut self, trace: &Trace) {
        for (i, span) in trace.spans.iter().enumerate() {
            let p = self.parent[i];
            if p == NO_PARENT {
                continue;
            }
            let parent = &trace.spans[p as usize];
            if span.start_us < parent.start_us {
                self.flags[i].0 |= SpanFlags::STARTS_BEFORE_PARENT;
            }
            if self.parent_ref[i] == Some(RefType::ChildOf) && span.end_us() > parent.end_us() {
                self.flags[i].0 |= SpanFlags::ENDS_AFTER_PARENT;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    pub fn parent(&self, span: usize) -> Option<usize> {
        self.parent
            .get(span)
            .filter(|&&p| p != NO_PARENT)
            .map(|&p| p as usize)
    }

    /// The kind of link to the parent (`None` for roots).
    pub fn parent_ref_type(&self, span: usize) -> Option<RefType> {
        self.parent_ref.get(span).copied().flatten()
    }

    /// Children in start-time order.
    pub fn children_of(&self, span: usize) -> &[u32] {
        match (
            self.child_offsets.get(span),
            self.child_offsets.get(span + 1),
        ) {
            (Some(&start), Some(&end)) => &self.children[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Roots in start-time order: the real root first in a healthy trace, then orphans.
    pub fn roots(&self) -> &[u32] {
        &self.roots
    }

    /// The span a trace is named after: the earliest root that is not an orphan (else the
    /// earliest root).
    pub fn primary_root(&self) -> Option<usize> {
        self.roots
            .iter()
            .find(|&&r| !self.flags[r as usize].has(SpanFlags::ORPHAN))
            .or_else(|| self.roots.first())
            .map(|&r| r as usize)
    }

    /// Depth of a span (roots are 0).
    pub fn depth(&self, span: usize) -> u32 {
        self.depth.get(span).copied().unwrap_or(0)
    }

    pub fn max_depth(&self) -> u32 {
        self.max_depth
    }

    /// All spans in display (depth-first, children by start) order.
    pub fn preorder(&self) -> &[u32] {
        &self.preorder
    }

    pub fn preorder_position(&self, span: usize) -> usize {
        self.preorder_position.get(span).map_or(0, |&p| p as usize)
    }

    /// Number of spans in the subtree rooted at `span`, itself included.
    pub fn subtree_size(&self, span: usize) -> usize {
        self.subtree_size.get(span).map_or(0, |&s| s as usize)
    }

    pub fn flags(&self, span: usize) -> SpanFlags {
        self.flags.get(span).copied().unwrap_or_default()
    }

    /// Spans with any of the given flag bits.
    pub fn flagged(&self, flag: u8) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.flags[i].has(flag))
            .collect()
    }
}

/// Resolves each span's parent: the first CHILD_OF reference to a span of this trace, else the
/// first such FOLLOWS_FROM reference. References to other traces are links, not parents.
fn resolve_parents(trace: &Trace, flags: &mut [SpanFlags]) -> (Vec<u32>, Vec<Option<RefType>>) {
    let n = trace.spans.len();
    let mut index: HashMap<String, u32> = HashMap::with_capacity(n);
    for (i, span) in trace.spans.iter().enumerate() {
        match index.entry(normalize_id(&span.span_id)) {
            Entry::Occupied(_) => flags[i].0 |= SpanFlags::DUPLICATE_ID,
            Entry::Vacant(slot) => {
                slot.insert(i as u32);
            }
        }
    }
    let trace_key = normalize_id(&trace.trace_id);
    let mut parent = vec![NO_PARENT; n];
    let mut parent_ref = vec![None; n];
    for (i, span) in trace.spans.iter().enumerate() {
        let candidate = |wanted: RefType| {
            span.references
                .iter()
                .filter(|r| r.ref_type == wanted)
                .find_map(|r| {
                    let same_trace =
                        r.trace_id.is_empty() || normalize_id(&r.trace_id) == trace_key;
                    let target = *index.get(&normalize_id(&r.span_id))?;
                    (same_trace && target as usize != i).then_some(target)
                })
        };
        if let Some(p) = candidate(RefType::ChildOf) {
            parent[i] = p;
            parent_ref[i] = Some(RefType::ChildOf);
        } else if let Some(p) = candidate(RefType::FollowsFrom) {
            parent[i] = p;
            parent_ref[i] = Some(RefType::FollowsFrom);
        } else if span
            .references
            .iter()
            .any(|r| r.trace_id.is_empty() || normalize_id(&r.trace_id) == trace_key)
        {
            flags[i].0 |= SpanFlags::ORPHAN;
        }
    }
    (parent, parent_ref)
}

/// Cuts parent links that close a cycle, in O(n): each span is walked up at most once.
fn break_cycles(parent: &mut [u32], flags: &mut [SpanFlags]) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut current = start as u32;
        while current != NO_PARENT && state[current as usize] == UNSEEN {
            state[current as usize] = ON_PATH;
            path.push(current);
            current = parent[current as usize];
        }
        if current != NO_PARENT && state[current as usize] == ON_PATH {
            parent[current as usize] = NO_PARENT;
            flags[current as usize].0 |= SpanFlags::CYCLE;
        }
        for &span in &path {
            state[span as usize] = DONE;
        }
        path.clear();
    }
}

/// Children lists in compressed form (offsets + flat array), each sorted by start time.
fn child_lists(trace: &Trace, parent: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = parent.len();
    let mut offsets = vec![0u32; n + 1];
    for &p in parent.iter().filter(|&&p| p != NO_PARENT) {
        offsets[p as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut children = vec![0u32; offsets[n] as usize];
    for (child, &p) in parent.iter().enumerate() {
        if p != NO_PARENT {
            children[fill[p as usize] as usize] = child as u32;
            fill[p as usize] += 1;
        }
    }
    for i in 0..n {
        let slice = &mut children[offsets[i] as usize..offsets[i + 1] as usize];
        crate::sort::sort_by_key(slice, |&c| (trace.spans[c as usize].start_us, c));
    }
    (offsets, children)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::trace::model::{Process, Span, SpanRef};

    /// A span for hand-made trees: `parent` is a span id or "".
    pub(crate) fn span(id: &str, parent: &str, start: i64, duration: i64) -> Span {
        Span {
            span_id: id.into(),
            trace_id: "t".into(),
            operation: format!("op-{id}"),
            references: if parent.is_empty() {
                vec![]
            } else {
                vec![SpanRef {
                    ref_type: RefType::ChildOf,
                    trace_id: "t".into(),
                    span_id: parent.into(),
                }]
            },
            start_us: start,
            duration_us: duration,
            process: 0,
            tags: vec![],
            logs: vec![],
            warnings: vec![],
        }
    }

    pub(crate) fn trace(spans: Vec<Span>) -> Trace {
        Trace {
            trace_id: "t".into(),
            spans,
            processes: vec![Process {
                service: "svc".into(),
                tags: vec![],
            }],
            warnings: vec![],
        }
    }

    #[test]
    fn orders_children_and_computes_depth() {
        let t = trace(vec![
            span("c2", "root", 50, 10),
            span("root", "", 0, 100),
            span("c1", "root", 10, 20),
            span("g1", "c1", 12, 5),
        ]);
        let tree = TraceTree::build(&t);
        assert_eq!(tree.roots(), [1]);
        assert_eq!(tree.children_of(1), [2, 0]);
        assert_eq!(tree.preorder(), [1, 2, 3, 0]);
        assert_eq!(tree.depth(3), 2);
        assert_eq!(tree.max_depth(), 2);
        assert_eq!(tree.subtree_size(1), 4);
        assert_eq!(tree.subtree_size(2), 2);
        assert_eq!(tree.parent(3), Some(2));
        assert_eq!(tree.preorder_position(0), 3);
        assert!(tree.flagged(0xff).is_empty());
    }

    #[test]
    fn missing_parents_become_flagged_roots() {
        let t = trace(vec![
            span("a", "", 0, 10),
            span("b", "gone", 5, 1),
            span("c", "b", 6, 1),
        ]);
        let tree = TraceTree::build(&t);
        assert_eq!(tree.roots(), [0, 1]);
        assert!(tree.flags(1).has(SpanFlags::ORPHAN));
        assert_eq!(tree.primary_root(), Some(0));
        assert_eq!(tree.depth(2), 1);
        // With only orphans, the earliest still names the trace.
        let only = trace(vec![span("x", "gone", 9, 1), span("y", "gone", 3, 1)]);
        assert_eq!(TraceTree::build(&only).primary_root(), Some(1));
    }

    #[test]
    fn clock_skew_is_flagged_not_moved() {
        let t = trace(vec![
            span("p", "", 100, 50),
            span("early", "p", 90, 5),
            span("late", "p", 140, 30),
        ]);
        let tree = TraceTree::build(&t);
        assert!(tree.flags(1).has(SpanFlags::STARTS_BEFORE_PARENT));
        assert!(tree.flags(2).has(SpanFlags::ENDS_AFTER_PARENT));
        assert!(tree.flags(2).is_skewed());
        assert_eq!(tree.children_of(0), [1, 2]);
        assert_eq!(t.spans[1].start_us, 90);
    }

    #[test]
    fn cycles_duplicates_and_self_references() {
        let t = trace(vec![
            span("a", "b", 0, 1),
            span("b", "a", 0, 1),
            span("s", "s", 0, 1),
            span("a", "", 0, 1),
        ]);
        let tree = TraceTree::build(&t);
        assert_eq!(tree.preorder().len(), 4, "every span is shown once");
        assert!(tree.flags(0).has(SpanFlags::CYCLE));
        assert!(tree.flags(3).has(SpanFlags::DUPLICATE_ID));
        assert!(tree.flags(2).has(SpanFlags::ORPHAN));
    }

    #[test]
    fn follows_from_and_foreign_references() {
        let mut t = trace(vec![
            span("root", "", 0, 10),
            span("f", "", 20, 10),
            span("x", "", 1, 1),
        ]);
        t.spans[1].references = vec![SpanRef {
            ref_type: RefType::FollowsFrom,
            trace_id: "t".into(),
            span_id: "root".into(),
        }];
        t.spans[2].references = vec![SpanRef {
            ref_type: RefType::ChildOf,
            trace_id: "other".into(),
            span_id: "root".into(),
        }];
        let tree = TraceTree::build(&t);
        assert_eq!(tree.parent(1), Some(0));
        assert_eq!(tree.parent_ref_type(1), Some(RefType::FollowsFrom));
        assert!(
            !tree.flags(1).has(SpanFlags::ENDS_AFTER_PARENT),
            "follows-from may outlive"
        );
        assert_eq!(tree.parent(2), None);
        assert!(
            !tree.flags(2).has(SpanFlags::ORPHAN),
            "a link to another trace is not a lost parent"
        );
    }

    #[test]
    fn deep_chain_of_ten_thousand() {
        let n = 10_000;
        let spans = (0..n)
            .map(|i| {
                span(
                    &i.to_string(),
                    &if i == 0 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    },
                    i,
                    (n - i) * 2,
                )
            })
            .collect();
        let tree = TraceTree::build(&trace(spans));
        assert_eq!(tree.max_depth(), (n - 1) as u32);
        assert_eq!(tree.subtree_size(0), n as usize);
        assert_eq!(tree.preorder()[9_999], 9_999);
    }

    #[test]
    fn empty_trace() {
        let tree = TraceTree::build(&trace(vec![]));
        assert!(tree.is_empty());
        assert_eq!(tree.primary_root(), None);
        assert!(tree.children_of(5).is_empty());
    }
}
