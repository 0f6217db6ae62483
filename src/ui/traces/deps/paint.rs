//! Painting the dependency graph's nodes and edges on a canvas; where they go is
//! `core::trace::deps_draw`.

use web_sys::CanvasRenderingContext2d;

use crate::core::trace::deps_draw::{edge_curve, node_label, NODE_H, NODE_W};
use crate::core::trace::{service_color, DependencyGraph, GraphEdge};
use crate::ui::traces::canvas::Colors;

/// A service's box: its colour on the left edge, its name centred; `highlighted` when
/// hovered or next to the hovered one.
pub fn draw_node(
    ctx: &CanvasRenderingContext2d,
    graph: &DependencyGraph,
    index: usize,
    colors: &Colors,
    highlighted: bool,
) {
    let Some(node) = graph.nodes.get(index) else {
        return;
    };
    let (x, y) = (node.x - NODE_W / 2.0, node.y - NODE_H / 2.0);
    ctx.set_fill_style_str(&colors.raised);
    ctx.fill_rect(x, y, NODE_W, NODE_H);
    ctx.set_fill_style_str(service_color(&node.name));
    ctx.fill_rect(x, y, 5.0, NODE_H);
    ctx.set_stroke_style_str(if highlighted {
        &colors.accent
    } else {
        &colors.grid
    });
    ctx.set_line_width(if highlighted { 2.5 } else { 1.0 });
    ctx.stroke_rect(x, y, NODE_W, NODE_H);
    ctx.set_fill_style_str(&colors.text);
    ctx.set_font("12px sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(&node_label(&node.name), node.x + 2.0, node.y);
    ctx.set_text_align("left");
}

/// A caller -> callee edge: its curve, arrowhead and call count, in `color`.
pub fn draw_edge(
    ctx: &CanvasRenderingContext2d,
    graph: &DependencyGraph,
    edge: &GraphEdge,
    color: &str,
    width: f64,
) {
    let Some(curve) = edge_curve(graph, edge) else {
        return;
    };
    let ((x0, y0), (c0x, c0y), (c1x, c1y), (x1, y1)) = (curve.p0, curve.p1, curve.p2, curve.p3);
    ctx.set_stroke_style_str(color);
    ctx.set_line_width(width);
    ctx.begin_path();
    ctx.move_to(x0, y0);
    ctx.bezier_curve_to(c0x, c0y, c1x, c1y, x1, y1);
    ctx.stroke();
    let [(ax, ay), (bx, by)] = curve.arrowhead();
    ctx.set_fill_style_str(color);
    ctx.begin_path();
    ctx.move_to(x1, y1);
    ctx.line_to(ax, ay);
    ctx.line_to(bx, by);
    ctx.close_path();
    ctx.fill();
    let (mx, my) = curve.midpoint();
    ctx.set_font("11px sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(&edge.call_count.to_string(), mx, my - 3.0);
    ctx.set_text_align("left");
}
