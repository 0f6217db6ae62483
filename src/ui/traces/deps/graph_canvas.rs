//! The graph's two canvases: the laid-out graph, repainted when the links or the size change,
//! and an overlay that alone repaints on hover (the hovered service, its neighbours and their
//! edges), with the hovered service's call counts as a title and a text line.

use std::sync::Arc;

use leptos::prelude::*;

use super::paint::{draw_edge, draw_node};
use crate::core::trace::deps_draw::{hover_text, node_at};
use crate::core::trace::{layout_dependency_graph, DependencyGraph, DependencyLink};
use crate::ui::traces::canvas::{local_xy, prepare, Colors};
use crate::ui::traces::loading::width_on_window_resize;

/// Space kept around the graph (px), at most a quarter of the width.
const MARGIN: f64 = 90.0;
/// The graph is never drawn shorter than this (px).
const MIN_HEIGHT: f64 = 120.0;

#[component]
pub fn GraphCanvas(links: Signal<Arc<Vec<DependencyLink>>>, height: Signal<f64>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let data = NodeRef::<leptos::html::Canvas>::new();
    let overlay = NodeRef::<leptos::html::Canvas>::new();
    let width = width_on_window_resize(host, 900.0, 0.0);
    let laid_out = StoredValue::new(Arc::new(DependencyGraph::default()));
    let hover = RwSignal::new(None::<usize>);
    let drawn_height = move || height.get().max(MIN_HEIGHT);

    Effect::new(move |_| {
        let (w, h) = (width.get(), drawn_height());
        let graph = links.with(|l| Arc::new(layout_dependency_graph(l, w, h, MARGIN.min(w / 4.0))));
        laid_out.set_value(graph.clone());
        hover.set(None);
        let Some(canvas) = data.get() else { return };
        let Some(ctx) = prepare(&canvas, w, h) else {
            return;
        };
        let colors = Colors::read();
        for edge in &graph.edges {
            draw_edge(&ctx, &graph, edge, &colors.muted, 1.5);
        }
        for (i, _) in graph.nodes.iter().enumerate() {
            draw_node(&ctx, &graph, i, &colors, false);
        }
    });

    // Hover: only the overlay is repainted.
    Effect::new(move |_| {
        let hovered = hover.get();
        let (w, h) = (
            width.get_untracked(),
            height.get_untracked().max(MIN_HEIGHT),
        );
        let Some(canvas) = overlay.get() else { return };
        let Some(ctx) = prepare(&canvas, w, h) else {
            return;
        };
        let Some(node) = hovered else { return };
        let colors = Colors::read();
        laid_out.with_value(|graph| {
            for edge in graph
                .edges
                .iter()
                .filter(|e| e.from == node || e.to == node)
            {
                draw_edge(&ctx, graph, edge, &colors.accent, 3.0);
            }
            for other in graph.neighbours(node).into_iter().chain([node]) {
                draw_node(&ctx, graph, other, &colors, true);
            }
        });
    });

    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = overlay.get_untracked() else {
            return;
        };
        let (x, y) = local_xy(&ev, &canvas);
        let hit = laid_out.with_value(|g| node_at(g, x, y));
        if hit != hover.get_untracked() {
            hover.set(hit);
        }
    };
    let hovered_name = move || {
        hover
            .get()
            .and_then(|i| laid_out.with_value(|g| hover_text(g, i)))
    };

    view! {
        <div class="dep-canvas" node_ref=host style:height=move || format!("{}px", drawn_height())>
            <canvas class="dep-data" node_ref=data></canvas>
            <canvas class="dep-overlay" node_ref=overlay data-testid="dep-graph-canvas" title=move || hovered_name().unwrap_or_default()
                on:mousemove=on_move on:mouseleave=move |_| hover.set(None)></canvas>
            <p class="dep-hover muted" data-testid="dep-hover">{move || hovered_name().unwrap_or_default()}</p>
        </div>
    }
}
