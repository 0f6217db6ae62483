//! Collapsible subtrees: the flattened list of rows the waterfall shows for a collapsed set.

use super::tree::TraceTree;

/// The visible spans in display order, given which spans are collapsed (`collapsed[span]`;
/// a shorter slice means "not collapsed"). Runs in O(visible rows): a collapsed span's
/// subtree is skipped in one step using the pre-order subtree sizes.
pub fn visible_rows(tree: &TraceTree, collapsed: &[bool]) -> Vec<u32> {
    let preorder = tree.preorder();
    let mut rows = Vec::new();
    let mut position = 0;
    while let Some(&span) = preorder.get(position) {
        rows.push(span);
        let is_collapsed = collapsed.get(span as usize).copied().unwrap_or(false);
        position += if is_collapsed {
            tree.subtree_size(span as usize).max(1)
        } else {
            1
        };
    }
    rows
}

/// A collapsed set that hides everything deeper than `depth` (0 shows only the roots).
pub fn collapse_below_depth(tree: &TraceTree, depth: u32) -> Vec<bool> {
    (0..tree.len())
        .map(|span| tree.depth(span) >= depth && !tree.children_of(span).is_empty())
        .collect()
}

/// Expands every ancestor of `span` so that it becomes visible (for search hits and links).
pub fn expand_to(tree: &TraceTree, collapsed: &mut [bool], span: usize) {
    let mut current = tree.parent(span);
    while let Some(ancestor) = current {
        if let Some(flag) = collapsed.get_mut(ancestor) {
            *flag = false;
        }
        current = tree.parent(ancestor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tree::tests::{span, trace};

    fn sample() -> TraceTree {
        // root(0) -> a(1) -> a1(2), a2(3); root -> b(4) -> b1(5)
        TraceTree::build(&trace(vec![
            span("root", "", 0, 100),
            span("a", "root", 1, 10),
            span("a1", "a", 2, 1),
            span("a2", "a", 3, 1),
            span("b", "root", 20, 10),
            span("b1", "b", 21, 1),
        ]))
    }

    #[test]
    fn collapsing_hides_subtrees() {
        let tree = sample();
        assert_eq!(visible_rows(&tree, &[]), vec![0, 1, 2, 3, 4, 5]);
        let mut collapsed = vec![false; 6];
        collapsed[1] = true;
        assert_eq!(visible_rows(&tree, &collapsed), vec![0, 1, 4, 5]);
        collapsed[0] = true;
        assert_eq!(visible_rows(&tree, &collapsed), vec![0]);
        expand_to(&tree, &mut collapsed, 2);
        assert_eq!(visible_rows(&tree, &collapsed), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn collapse_by_depth() {
        let tree = sample();
        assert_eq!(
            visible_rows(&tree, &collapse_below_depth(&tree, 1)),
            vec![0, 1, 4]
        );
        assert_eq!(
            visible_rows(&tree, &collapse_below_depth(&tree, 0)),
            vec![0]
        );
    }
}
