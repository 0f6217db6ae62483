//! The critical path: the chain of work that decided the trace's duration, by Jaeger UI's
//! algorithm. Starting at the root's end, walk backwards: descend into the last-finishing
//! child; when a span has no child finishing before the point reached, its remaining part is
//! critical and the walk returns to its parent at that span's start.
//!
//! As in Jaeger, FOLLOWS_FROM children (and their subtrees) are left out, and children that
//! overflow their parent (clock skew) are first clipped to it, or dropped if wholly outside.
//! Iterative with a per-span cursor over children sorted by end time: O(n log n) overall.

use super::model::{RefType, Trace};
use super::tree::TraceTree;

/// A stretch `[start_us, end_us)` of one span that lies on the critical path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriticalSection {
    pub span: usize,
    pub start_us: i64,
    pub end_us: i64,
}

/// Critical path sections of the trace's primary root, latest first. Empty for an empty trace.
pub fn critical_path(trace: &Trace, tree: &TraceTree) -> Vec<CriticalSection> {
    // A tree built from another trace would index out of bounds: answer nothing instead.
    let Some(root) = tree
        .primary_root()
        .filter(|_| tree.len() == trace.spans.len())
    else {
        return Vec::new();
    };
    let clipped = ClippedTree::build(trace, tree, root);
    let mut sections = Vec::new();
    let mut cursor = vec![0u32; trace.spans.len()];
    let mut current = root;
    let mut returning_from: Option<i64> = None;
    loop {
        let (start, end) = clipped.bounds[current];
        let section_end = returning_from.unwrap_or(end);
        let kids = clipped.children(current);
        // Children are sorted latest-ending first: skip those ending at or after the point
        // reached (they can never qualify again, as that point only moves earlier).
        let mut next = cursor[current] as usize;
        if let Some(limit) = returning_from {
            while next < kids.len() && clipped.bounds[kids[next] as usize].1 >= limit {
                next += 1;
            }
        }
        if let Some(&child) = kids.get(next) {
            cursor[current] = next as u32 + 1;
            let child = child as usize;
            let child_end = clipped.bounds[child].1;
            if child_end != section_end {
                sections.push(CriticalSection {
                    span: current,
                    start_us: child_end,
                    end_us: section_end,
                });
            }
            current = child;
            returning_from = None;
        } else {
            cursor[current] = kids.len() as u32;
            if start != section_end {
                sections.push(CriticalSection {
                    span: current,
                    start_us: start,
                    end_us: section_end,
                });
            }
            match clipped.parent[current] {
                Some(parent) => {
                    returning_from = Some(start);
                    current = parent;
                }
                None => break,
            }
        }
    }
    sections
}

/// Per span: is any part of it on the critical path?
pub fn on_critical_path(sections: &[CriticalSection], span_count: usize) -> Vec<bool> {
    let mut marks = vec![false; span_count];
    for section in sections {
        if let Some(mark) = marks.get_mut(section.span) {
            *mark = true;
        }
    }
    marks
}

/// The CHILD_OF subtree of the root with clipped time bounds and end-sorted children.
struct ClippedTree {
    bounds: Vec<(i64, i64)>,
    parent: Vec<Option<usize>>,
    child_ranges: Vec<(u32, u32)>,
    children: Vec<u32>,
}

impl ClippedTree {
    fn build(trace: &Trace, tree: &TraceTree, root: usize) -> ClippedTree {
        let n = trace.spans.len();
        let mut bounds = vec![(0i64, 0i64); n];
        let mut parent = vec![None; n];
        let mut child_ranges = vec![(0u32, 0u32); n];
        let mut children = Vec::new();
        let root_span = &trace.spans[root];
        bounds[root] = (root_span.start_us, root_span.end_us());
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            let (parent_start, parent_end) = bounds[node];
            let first = children.len();
            for &child in tree.children_of(node) {
                let child = child as usize;
                if tree.parent_ref_type(child) != Some(RefType::ChildOf) {
                    continue;
                }
                let span = &trace.spans[child];
                let (start, end) = (span.start_us, span.end_us());
                if start >= parent_end || end <= parent_start {
                    continue;
                }
                bounds[child] = (start.max(parent_start), end.min(parent_end));
                parent[child] = Some(node);
                children.push(child as u32);
                stack.push(child);
            }
            let kids = &mut children[first..];
            // Latest end first; stable, so equal ends keep start order (as Jaeger's sort).
            crate::sort::sort_by_key(kids, |&c| std::cmp::Reverse(bounds[c as usize].1));
            child_ranges[node] = (first as u32, children.len() as u32);
        }
        ClippedTree {
            bounds,
            parent,
            child_ranges,
            children,
        }
    }

    fn children(&self, span: usize) -> &[u32] {
        let (start, end) = self.child_ranges[span];
        &self.children[start as usize..end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tree::tests::{span, trace};

    fn path(t: &Trace) -> Vec<(usize, i64, i64)> {
        let tree = TraceTree::build(t);
        critical_path(t, &tree)
            .iter()
            .map(|s| (s.span, s.start_us, s.end_us))
            .collect()
    }

    #[test]
    fn sequential_children() {
        // root 0..100; a 10..40; b 50..90 (b finishes last).
        let t = trace(vec![
            span("root", "", 0, 100),
            span("a", "root", 10, 30),
            span("b", "root", 50, 40),
        ]);
        assert_eq!(
            path(&t),
            vec![
                (0, 90, 100),
                (2, 50, 90),
                (0, 40, 50),
                (1, 10, 40),
                (0, 0, 10)
            ]
        );
    }

    #[test]
    fn overlapping_children_pick_the_last_finisher() {
        // a 10..80 and b 20..60 run in parallel: b never blocks the root.
        let t = trace(vec![
            span("root", "", 0, 100),
            span("a", "root", 10, 70),
            span("b", "root", 20, 40),
        ]);
        assert_eq!(path(&t), vec![(0, 80, 100), (1, 10, 80), (0, 0, 10)]);
        let on = on_critical_path(&critical_path(&t, &TraceTree::build(&t)), 3);
        assert_eq!(on, vec![true, true, false]);
    }

    #[test]
    fn overflowing_children_are_clipped_or_dropped() {
        // c overflows the end (clipped to 100); d lies wholly after the root (dropped).
        let t = trace(vec![
            span("root", "", 0, 100),
            span("c", "root", 60, 80),
            span("d", "root", 150, 10),
        ]);
        assert_eq!(path(&t), vec![(1, 60, 100), (0, 0, 60)]);
    }

    #[test]
    fn nested_descends_and_returns() {
        let t = trace(vec![
            span("root", "", 0, 100),
            span("a", "root", 10, 80),
            span("a1", "a", 20, 30),
            span("a2", "a", 55, 20),
        ]);
        assert_eq!(
            path(&t),
            vec![
                (0, 90, 100),
                (1, 75, 90),
                (3, 55, 75),
                (1, 50, 55),
                (2, 20, 50),
                (1, 10, 20),
                (0, 0, 10)
            ]
        );
    }

    #[test]
    fn deep_chain_and_wide_fan_out_are_linear() {
        let n = 10_000i64;
        let chain: Vec<_> = (0..n)
            .map(|i| {
                span(
                    &i.to_string(),
                    &if i == 0 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    },
                    i,
                    2 * (n - i),
                )
            })
            .collect();
        let t = trace(chain);
        let sections = critical_path(&t, &TraceTree::build(&t));
        // Every span contributes its tail end and its head start.
        assert_eq!(sections.len() as i64, 2 * n - 1);
        assert_eq!(
            sections[0],
            CriticalSection {
                span: 0,
                start_us: 2 * n - 1,
                end_us: 2 * n
            }
        );

        let mut fan = vec![span("root", "", 0, 1_000_000)];
        fan.extend((0..50_000).map(|i| span(&format!("c{i}"), "root", i * 10, 15)));
        let t = trace(fan);
        let sections = critical_path(&t, &TraceTree::build(&t));
        // Children overlap pairwise; the walk alternates between disjoint ones.
        assert!(sections.len() > 25_000);
        let total: i64 = sections.iter().map(|s| s.end_us - s.start_us).sum();
        assert_eq!(total, 1_000_000, "sections tile the root exactly");
    }

    #[test]
    fn empty_and_single() {
        assert!(path(&trace(vec![])).is_empty());
        assert_eq!(path(&trace(vec![span("r", "", 5, 10)])), vec![(0, 5, 15)]);
    }
}
