//! The service dependency graph (`/api/dependencies`) and its layered layout: callers left of
//! callees (longest-path layering), cycles tolerated (back edges set aside for layering),
//! crossings reduced by barycentric ordering within layers, positions for a given size.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One caller -> callee link with its call count, as Jaeger sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DependencyLink {
    pub parent: String,
    pub child: String,
    #[serde(rename = "callCount", default)]
    pub call_count: u64,
}

/// A service placed on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    pub name: String,
    /// Column, 0 = leftmost (services nobody calls).
    pub layer: usize,
    /// Position within the column, top to bottom.
    pub order: usize,
    pub x: f64,
    pub y: f64,
    pub calls_in: u64,
    pub calls_out: u64,
}

/// A caller -> callee edge (links between the same pair are summed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub call_count: u64,
    /// Closes a cycle, so it runs right to left (or within a column).
    pub back_edge: bool,
}

/// The laid-out graph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DependencyGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub layer_count: usize,
}

impl DependencyGraph {
    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.name == name)
    }

    /// Services directly calling or called by `node` (for hover highlighting), sorted.
    pub fn neighbours(&self, node: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .edges
            .iter()
            .filter_map(|e| match (e.from == node, e.to == node) {
                (true, false) => Some(e.to),
                (false, true) => Some(e.from),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }
}

/// Barycentric sweeps: a few passes converge for graphs of this size.
const ORDERING_SWEEPS: usize = 4;

/// Lays the graph out in `width` × `height` pixels with `margin` on every side.
pub fn layout_dependency_graph(
    links: &[DependencyLink],
    width: f64,
    height: f64,
    margin: f64,
) -> DependencyGraph {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for link in links {
        names.insert(&link.parent, 0);
        names.insert(&link.child, 0);
    }
    for (index, slot) in names.values_mut().enumerate() {
        *slot = index;
    }
    let mut summed: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for link in links {
        let key = (names[link.parent.as_str()], names[link.child.as_str()]);
        let total = summed.entry(key).or_default();
        *total = total.saturating_add(link.call_count);
    }
    let n = names.len();
    let mut edges: Vec<GraphEdge> = summed
        .into_iter()
        .map(|((from, to), call_count)| GraphEdge {
            from,
            to,
            call_count,
            back_edge: from == to,
        })
        .collect();
    mark_back_edges(n, &mut edges);
    let layer = longest_path_layers(n, &edges);
    let layer_count = layer.iter().max().map_or(0, |&l| l + 1);
    let columns = order_within_layers(n, &edges, &layer, layer_count);

    let mut nodes: Vec<GraphNode> = names
        .keys()
        .map(|name| GraphNode {
            name: name.to_string(),
            layer: 0,
            order: 0,
            x: 0.0,
            y: 0.0,
            calls_in: 0,
            calls_out: 0,
        })
        .collect();
    for edge in &edges {
        nodes[edge.from].calls_out = nodes[edge.from].calls_out.saturating_add(edge.call_count);
        nodes[edge.to].calls_in = nodes[edge.to].calls_in.saturating_add(edge.call_count);
    }
    let inner_w = (width - 2.0 * margin).max(0.0);
    let inner_h = (height - 2.0 * margin).max(0.0);
    for (column_index, column) in columns.iter().enumerate() {
        let x = if layer_count <= 1 {
            margin + inner_w / 2.0
        } else {
            margin + inner_w * column_index as f64 / (layer_count - 1) as f64
        };
        for (order, &node) in column.iter().enumerate() {
            nodes[node].layer = column_index;
            nodes[node].order = order;
            nodes[node].x = x;
            nodes[node].y = margin + inner_h * (order as f64 + 0.5) / column.len() as f64;
        }
    }
    DependencyGraph {
        nodes,
        edges,
        layer_count,
    }
}

/// Marks edges that close a cycle (to a node on the current DFS path), iteratively.
fn mark_back_edges(n: usize, edges: &mut [GraphEdge]) {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if e.from != e.to {
            out_edges[e.from].push(i);
        }
    }
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; n];
    for start in 0..n {
        if state[start] != UNSEEN {
            continue;
        }
        // (node, index of the next outgoing edge to try)
        let mut stack = vec![(start, 0usize)];
        state[start] = ON_PATH;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&edge) = out_edges[node].get(*next) {
                *next += 1;
                let target = edges[edge].to;
                match state[target] {
                    UNSEEN => {
                        state[target] = ON_PATH;
                        stack.push((target, 0));
                    }
                    ON_PATH => edges[edge].back_edge = true,
                    _ => {}
                }
            } else {
                state[node] = DONE;
                stack.pop();
            }
        }
    }
}

/// Layer = length of the longest path from a source over forward edges (Kahn's order).
fn longest_path_layers(n: usize, edges: &[GraphEdge]) -> Vec<usize> {
    let forward: Vec<&GraphEdge> = edges.iter().filter(|e| !e.back_edge).collect();
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &forward {
        indegree[e.to] += 1;
        out[e.from].push(e.to);
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    layer
}

/// Columns of node indices, ordered to reduce crossings: alternate downward sweeps (sort by
/// the mean position of callers) and upward sweeps (of callees). Ties keep name order.
fn order_within_layers(
    n: usize,
    edges: &[GraphEdge],
    layer: &[usize],
    layer_count: usize,
) -> Vec<Vec<usize>> {
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for v in 0..n {
        columns[layer[v]].push(v);
    }
    let mut position = vec![0.0f64; n];
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut callees: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.from != e.to) {
        callers[e.to].push(e.from);
        callees[e.from].push(e.to);
    }
    let update_positions = |columns: &[Vec<usize>], position: &mut [f64]| {
        for column in columns {
            for (i, &v) in column.iter().enumerate() {
                position[v] = (i as f64 + 0.5) / column.len() as f64;
            }
        }
    };
    update_positions(&columns, &mut position);
    for sweep in 0..ORDERING_SWEEPS {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..layer_count).collect()
        } else {
            (0..layer_count.saturating_sub(1)).rev().collect()
        };
        for l in order {
            let neighbours = if downward { &callers } else { &callees };
            let mut keyed: Vec<(f64, usize)> = columns[l]
                .iter()
                .map(|&v| {
                    let list = &neighbours[v];
                    let key = if list.is_empty() {
                        position[v]
                    } else {
                        list.iter().map(|&u| position[u]).sum::<f64>() / list.len() as f64
                    };
                    (key, v)
                })
                .collect();
            crate::sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0));
            columns[l] = keyed.into_iter().map(|(_, v)| v).collect();
            update_positions(&columns[l..=l], &mut position);
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(parent: &str, child: &str, calls: u64) -> DependencyLink {
        DependencyLink {
            parent: parent.into(),
            child: child.into(),
            call_count: calls,
        }
    }

    fn layer_of(graph: &DependencyGraph, name: &str) -> usize {
        graph.nodes[graph.node_index(name).unwrap()].layer
    }

    #[test]
    fn callers_left_of_callees() {
        let links = vec![
            link("frontend", "customer", 1),
            link("frontend", "driver", 1),
            link("frontend", "route", 10),
            link("customer", "mysql", 1),
            link("driver", "redis", 13),
            link("frontend", "redis", 2),
        ];
        let graph = layout_dependency_graph(&links, 800.0, 400.0, 20.0);
        assert_eq!(graph.layer_count, 3);
        assert_eq!(layer_of(&graph, "frontend"), 0);
        assert_eq!(layer_of(&graph, "driver"), 1);
        // Longest path: redis is below driver even though frontend calls it directly.
        assert_eq!(layer_of(&graph, "redis"), 2);
        for edge in &graph.edges {
            assert!(graph.nodes[edge.from].x < graph.nodes[edge.to].x);
        }
        let frontend = &graph.nodes[graph.node_index("frontend").unwrap()];
        assert_eq!((frontend.x, frontend.y), (20.0, 200.0));
        assert_eq!(frontend.calls_out, 14);
        let redis = graph.node_index("redis").unwrap();
        let mut expected = vec![
            graph.node_index("driver").unwrap(),
            graph.node_index("frontend").unwrap(),
        ];
        expected.sort_unstable();
        assert_eq!(graph.neighbours(redis), expected);
    }

    #[test]
    fn cycles_self_loops_and_duplicates() {
        let links = vec![
            link("a", "b", 1),
            link("b", "c", 1),
            link("c", "a", 1),
            link("a", "a", 5),
            link("a", "b", 2),
        ];
        let graph = layout_dependency_graph(&links, 300.0, 300.0, 0.0);
        assert_eq!(graph.edges.len(), 4);
        assert_eq!(
            graph
                .edges
                .iter()
                .filter(|e| e.back_edge && e.from != e.to)
                .count(),
            1
        );
        let ab = graph
            .edges
            .iter()
            .find(|e| e.from == 0 && e.to == 1)
            .unwrap();
        assert_eq!(ab.call_count, 3);
        assert_eq!(graph.layer_count, 3);
        assert!(graph.neighbours(0).iter().all(|&n| n != 0));
    }

    #[test]
    fn barycentric_ordering_uncrosses() {
        // a -> y, b -> x: sorted by name the edges cross; ordering must put y above x.
        let links = vec![link("a", "y", 1), link("b", "x", 1)];
        let graph = layout_dependency_graph(&links, 100.0, 100.0, 0.0);
        let (x, y) = (
            graph.node_index("x").unwrap(),
            graph.node_index("y").unwrap(),
        );
        assert!(graph.nodes[y].y < graph.nodes[x].y);
    }

    #[test]
    fn empty_and_single_layer() {
        assert_eq!(
            layout_dependency_graph(&[], 10.0, 10.0, 1.0),
            DependencyGraph::default()
        );
        let graph = layout_dependency_graph(&[link("solo", "solo", 1)], 100.0, 50.0, 10.0);
        assert_eq!(graph.layer_count, 1);
        assert_eq!((graph.nodes[0].x, graph.nodes[0].y), (50.0, 25.0));
    }
}
