//! The dependency graph's drawing geometry, apart from the canvas calls: node boxes and which
//! one is under the pointer, each edge's curve (forward edges leave a node's right side for the
//! callee's left; back edges loop below), its arrowhead and label point, the node labels and
//! the hover text.

use super::deps::{DependencyGraph, GraphEdge};

/// A node's box, centred on its position (px).
pub const NODE_W: f64 = 150.0;
pub const NODE_H: f64 = 30.0;
/// Characters of a service name that fit in a node box.
const NODE_LABEL_CHARS: usize = 20;
/// How far below its nodes a back edge loops (px).
const BACK_EDGE_DROP: f64 = 50.0;
/// Arrowhead length (px) and half-angle (radians).
const ARROW_LEN: f64 = 9.0;
const ARROW_HALF_ANGLE: f64 = 0.4;

/// The node whose box contains `(x, y)`.
pub fn node_at(graph: &DependencyGraph, x: f64, y: f64) -> Option<usize> {
    graph
        .nodes
        .iter()
        .position(|n| (n.x - x).abs() <= NODE_W / 2.0 && (n.y - y).abs() <= NODE_H / 2.0)
}

/// What hovering a node says: `name: n calls in, m calls out`.
pub fn hover_text(graph: &DependencyGraph, node: usize) -> Option<String> {
    graph.nodes.get(node).map(|n| {
        format!(
            "{}: {} calls in, {} calls out",
            n.name, n.calls_in, n.calls_out
        )
    })
}

/// A service name cut to fit its box, with an ellipsis when cut.
pub fn node_label(name: &str) -> String {
    if name.chars().count() > NODE_LABEL_CHARS {
        name.chars().take(NODE_LABEL_CHARS - 1).collect::<String>() + "…"
    } else {
        name.to_string()
    }
}

/// A cubic Bézier curve: from `p0` to `p3` with control points `p1` and `p2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    pub p0: (f64, f64),
    pub p1: (f64, f64),
    pub p2: (f64, f64),
    pub p3: (f64, f64),
}

impl Curve {
    /// The point halfway along the parameter (t = 0.5), where the call count is written.
    pub fn midpoint(&self) -> (f64, f64) {
        let at = |a: f64, b: f64, c: f64, d: f64| 0.125 * a + 0.375 * b + 0.375 * c + 0.125 * d;
        (
            at(self.p0.0, self.p1.0, self.p2.0, self.p3.0),
            at(self.p0.1, self.p1.1, self.p2.1, self.p3.1),
        )
    }

    /// The arrowhead's two back corners, along the curve's final tangent (its tip is `p3`).
    pub fn arrowhead(&self) -> [(f64, f64); 2] {
        let (x1, y1) = self.p3;
        let angle = (y1 - self.p2.1).atan2(x1 - self.p2.0);
        [-ARROW_HALF_ANGLE, ARROW_HALF_ANGLE].map(|turn| {
            (
                x1 - ARROW_LEN * (angle + turn).cos(),
                y1 - ARROW_LEN * (angle + turn).sin(),
            )
        })
    }
}

/// The curve of an edge, or `None` if it names a node the graph does not have.
pub fn edge_curve(graph: &DependencyGraph, edge: &GraphEdge) -> Option<Curve> {
    let (a, b) = (graph.nodes.get(edge.from)?, graph.nodes.get(edge.to)?);
    if edge.back_edge || b.x <= a.x {
        let (p0, p3) = ((a.x, a.y + NODE_H / 2.0), (b.x, b.y + NODE_H / 2.0));
        Some(Curve {
            p0,
            p1: (p0.0, p0.1 + BACK_EDGE_DROP),
            p2: (p3.0, p3.1 + BACK_EDGE_DROP),
            p3,
        })
    } else {
        let (p0, p3) = ((a.x + NODE_W / 2.0, a.y), (b.x - NODE_W / 2.0, b.y));
        let dx = (p3.0 - p0.0) / 2.0;
        Some(Curve {
            p0,
            p1: (p0.0 + dx, p0.1),
            p2: (p3.0 - dx, p3.1),
            p3,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::deps::GraphNode;

    fn node(name: &str, x: f64, y: f64) -> GraphNode {
        GraphNode {
            name: name.into(),
            layer: 0,
            order: 0,
            x,
            y,
            calls_in: 1,
            calls_out: 2,
        }
    }

    fn graph() -> DependencyGraph {
        DependencyGraph {
            nodes: vec![node("a", 100.0, 100.0), node("b", 400.0, 200.0)],
            edges: vec![],
            layer_count: 2,
        }
    }

    fn edge(from: usize, to: usize, back_edge: bool) -> GraphEdge {
        GraphEdge {
            from,
            to,
            call_count: 3,
            back_edge,
        }
    }

    #[test]
    fn finds_the_node_under_the_pointer() {
        let g = graph();
        assert_eq!(node_at(&g, 100.0, 100.0), Some(0));
        assert_eq!(node_at(&g, 175.0, 115.0), Some(0));
        assert_eq!(node_at(&g, 176.0, 100.0), None);
        assert_eq!(node_at(&g, 390.0, 190.0), Some(1));
        assert_eq!(
            hover_text(&g, 1).as_deref(),
            Some("b: 1 calls in, 2 calls out")
        );
        assert_eq!(hover_text(&g, 5), None);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(node_label("frontend"), "frontend");
        assert_eq!(node_label("twenty-characters-ok"), "twenty-characters-ok");
        assert_eq!(node_label("twenty-one-characters"), "twenty-one-characte…");
    }

    #[test]
    fn forward_edges_run_side_to_side() {
        let curve = edge_curve(&graph(), &edge(0, 1, false)).expect("both nodes");
        assert_eq!(curve.p0, (175.0, 100.0));
        assert_eq!(curve.p3, (325.0, 200.0));
        assert_eq!((curve.p1, curve.p2), ((250.0, 100.0), (250.0, 200.0)));
        assert_eq!(curve.midpoint(), (250.0, 150.0));
        // Arriving horizontally: the head's corners sit 9 px back, either side of the line.
        let [c0, c1] = curve.arrowhead();
        assert!((c0.0 - c1.0).abs() < 1e-9 && c0.0 < 325.0);
        assert!(c0.1 > 200.0 && c1.1 < 200.0);
    }

    #[test]
    fn back_edges_loop_below() {
        let curve = edge_curve(&graph(), &edge(1, 0, true)).expect("both nodes");
        assert_eq!(curve.p0, (400.0, 215.0));
        assert_eq!(curve.p3, (100.0, 115.0));
        assert_eq!((curve.p1.1, curve.p2.1), (265.0, 165.0));
        // A callee left of its caller loops too, even when not marked as a back edge.
        assert_eq!(edge_curve(&graph(), &edge(1, 0, false)), Some(curve));
        assert_eq!(edge_curve(&graph(), &edge(0, 7, false)), None);
    }
}
