//! The service dependency graph: links from `/api/dependencies`, core's layered layout
//! (callers left of callees) painted on a canvas with call counts on the edges; hovering a
//! service highlights it and its neighbours on an overlay canvas, never repainting the graph.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::CanvasRenderingContext2d;

use super::canvas::{local_xy, prepare, service_color, Colors};
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::jaeger::JaegerClient;
use crate::core::config::Config;
use crate::core::trace::{layout_dependency_graph, DependencyGraph, DependencyLink, GraphEdge};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;

const NODE_W: f64 = 150.0;
const NODE_H: f64 = 30.0;
const MARGIN: f64 = 90.0;

/// Fetches the links for the top bar's time range and draws them; carries the panel contract
/// plus `data-nodes`/`data-edges` (canvas pixels are invisible to tests).
#[component]
pub fn DependencyGraphView(
    title: String,
    #[prop(into)] height: Signal<f64>,
    #[prop(into)] visible: Signal<bool>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let client = JaegerClient::from_config(&config);
    let range = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let state = RwSignal::new("loading");
    let error = RwSignal::new(None::<String>);
    let links = RwSignal::new(Arc::new(Vec::<DependencyLink>::new()));
    let abort = StoredValue::new_local(None::<AbortOnDrop>);

    Effect::new(move |_| {
        let (time_range, _) = range.get();
        tick.0.track();
        if !visible.get() {
            return;
        }
        let client = match &client {
            Ok(c) => c.clone(),
            Err(e) => {
                state.set("error");
                error.set(Some(e.to_string()));
                return;
            }
        };
        let (start_ms, end_ms) = time_range.resolve(now_ms(), utc_offset_min());
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        abort.set_value(Some(handle));
        spawn_local(async move {
            match client
                .dependencies(end_ms, (end_ms - start_ms).max(1), &signal)
                .await
            {
                Ok(list) => {
                    state.try_set(if list.is_empty() { "empty" } else { "ok" });
                    links.try_set(Arc::new(list));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                    state.try_set("error");
                }
            }
        });
    });

    let graph =
        Memo::new(move |_| links.with(|l| Arc::new(layout_dependency_graph(l, 1.0, 1.0, 0.0))));
    let names = move || graph.with(|g| g.nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>());
    view! {
        <div class="panel dep-graph" data-testid="panel" data-panel-title=title
            data-state=move || state.get()
            data-nodes=move || graph.with(|g| g.nodes.len()) data-edges=move || graph.with(|g| g.edges.len())>
            {move || (state.get() == "error").then(|| view! { <p class="error-text" data-testid="panel-error">{error.get().unwrap_or_default()}</p> })}
            {move || (state.get() == "empty").then(|| view! { <p class="muted">"No service dependencies in this time range."</p> })}
            <GraphCanvas links=Signal::derive(move || links.get()) height />
            <ul class="dep-names" data-testid="dep-services">
                {move || names().into_iter().map(|n| view! { <li data-testid="dep-service" style:border-left-color=service_color(&n)>{n.clone()}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn GraphCanvas(links: Signal<Arc<Vec<DependencyLink>>>, height: Signal<f64>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let data = NodeRef::<leptos::html::Canvas>::new();
    let overlay = NodeRef::<leptos::html::Canvas>::new();
    let width = RwSignal::new(900.0f64);
    let laid_out = StoredValue::new(Arc::new(DependencyGraph::default()));
    let hover = RwSignal::new(None::<usize>);

    let measure = move || {
        if let Some(el) = host.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 10.0 && (w - width.get_untracked()).abs() > 0.5 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if host.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    Effect::new(move |_| {
        let (w, h) = (width.get(), height.get().max(120.0));
        let graph = links.with(|l| Arc::new(layout_dependency_graph(l, w, h, MARGIN.min(w / 4.0))));
        laid_out.set_value(graph.clone());
        hover.set(None);
        let Some(canvas) = data.get() else { return };
        let Some(ctx) = prepare(&canvas, w, h) else {
            return;
        };
        let colors = Colors::read();
        for edge in &graph.edges {
            draw_edge(&ctx, &graph, edge, &colors.muted, 1.5, true);
        }
        for (i, _) in graph.nodes.iter().enumerate() {
            draw_node(&ctx, &graph, i, &colors, false);
        }
    });

    // Hover: only the overlay is repainted.
    Effect::new(move |_| {
        let hovered = hover.get();
        let (w, h) = (width.get_untracked(), height.get_untracked().max(120.0));
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
                draw_edge(&ctx, graph, edge, &colors.accent, 3.0, true);
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
        let hit = laid_out.with_value(|g| {
            g.nodes
                .iter()
                .position(|n| (n.x - x).abs() <= NODE_W / 2.0 && (n.y - y).abs() <= NODE_H / 2.0)
        });
        if hit != hover.get_untracked() {
            hover.set(hit);
        }
    };
    let hovered_name = move || {
        hover.get().and_then(|i| {
            laid_out.with_value(|g| {
                g.nodes.get(i).map(|n| {
                    format!(
                        "{}: {} calls in, {} calls out",
                        n.name, n.calls_in, n.calls_out
                    )
                })
            })
        })
    };

    view! {
        <div class="dep-canvas" node_ref=host style:height=move || format!("{}px", height.get().max(120.0))>
            <canvas class="dep-data" node_ref=data></canvas>
            <canvas class="dep-overlay" node_ref=overlay data-testid="dep-graph-canvas" title=move || hovered_name().unwrap_or_default()
                on:mousemove=on_move on:mouseleave=move |_| hover.set(None)></canvas>
            <p class="dep-hover muted" data-testid="dep-hover">{move || hovered_name().unwrap_or_default()}</p>
        </div>
    }
}

fn draw_node(
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
    let mut name = node.name.clone();
    if name.chars().count() > 20 {
        name = name.chars().take(19).collect::<String>() + "…";
    }
    let _ = ctx.fill_text(&name, node.x + 2.0, node.y);
    ctx.set_text_align("left");
}

fn draw_edge(
    ctx: &CanvasRenderingContext2d,
    graph: &DependencyGraph,
    edge: &GraphEdge,
    color: &str,
    width: f64,
    label: bool,
) {
    let (Some(a), Some(b)) = (graph.nodes.get(edge.from), graph.nodes.get(edge.to)) else {
        return;
    };
    // Forward edges leave a node's right side for the callee's left; back edges loop below.
    let (x0, y0, x1, y1) = if edge.back_edge || b.x <= a.x {
        (a.x, a.y + NODE_H / 2.0, b.x, b.y + NODE_H / 2.0)
    } else {
        (a.x + NODE_W / 2.0, a.y, b.x - NODE_W / 2.0, b.y)
    };
    let (c0x, c0y, c1x, c1y) = if edge.back_edge || b.x <= a.x {
        (x0, y0 + 50.0, x1, y1 + 50.0)
    } else {
        let dx = (x1 - x0) / 2.0;
        (x0 + dx, y0, x1 - dx, y1)
    };
    ctx.set_stroke_style_str(color);
    ctx.set_line_width(width);
    ctx.begin_path();
    ctx.move_to(x0, y0);
    ctx.bezier_curve_to(c0x, c0y, c1x, c1y, x1, y1);
    ctx.stroke();
    // Arrowhead along the final tangent.
    let angle = (y1 - c1y).atan2(x1 - c1x);
    ctx.set_fill_style_str(color);
    ctx.begin_path();
    ctx.move_to(x1, y1);
    ctx.line_to(
        x1 - 9.0 * (angle - 0.4).cos(),
        y1 - 9.0 * (angle - 0.4).sin(),
    );
    ctx.line_to(
        x1 - 9.0 * (angle + 0.4).cos(),
        y1 - 9.0 * (angle + 0.4).sin(),
    );
    ctx.close_path();
    ctx.fill();
    if label {
        // The curve's midpoint (t = 0.5 of the cubic).
        let mx = 0.125 * x0 + 0.375 * c0x + 0.375 * c1x + 0.125 * x1;
        let my = 0.125 * y0 + 0.375 * c0y + 0.375 * c1y + 0.125 * y1;
        ctx.set_font("11px sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("bottom");
        let _ = ctx.fill_text(&edge.call_count.to_string(), mx, my - 3.0);
        ctx.set_text_align("left");
    }
}
