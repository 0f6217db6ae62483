//! What the canvas-painted grid panels (heatmap, state timeline) share besides the HiDPI
//! context (`ui::canvas2d`): their canvas with the DOM tooltip that follows the pointer (the
//! canvas itself is never repainted on hover).

use leptos::html::Canvas;
use leptos::prelude::*;

/// A tooltip's place (pointer position in the panel, CSS px) and its lines, first one muted.
#[derive(Clone, PartialEq)]
struct GridTip {
    x: f64,
    y: f64,
    lines: Vec<String>,
}

/// The panel's canvas and its tooltip. `describe` names what is at the pointer (CSS px from
/// the canvas' top-left) as tooltip lines, or `None` over nothing.
#[component]
pub fn HoverCanvas(
    canvas_ref: NodeRef<Canvas>,
    class: &'static str,
    test_id: &'static str,
    #[prop(into)] width: Signal<f64>,
    describe: Callback<(f64, f64), Option<Vec<String>>>,
) -> impl IntoView {
    let tip = RwSignal::new(None::<GridTip>);
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        tip.set(describe.run((x, y)).map(|lines| GridTip { x, y, lines }));
    };
    view! {
        <div class="grid-hover">
            <canvas class=class node_ref=canvas_ref data-testid=test_id
                on:pointermove=on_move on:pointerleave=move |_| tip.set(None)></canvas>
            {move || tip.get().map(|t| grid_tooltip(t, width.get_untracked()))}
        </div>
    }
}

/// The tooltip, flipped to the pointer's left in the right half so it stays inside the panel.
/// Lines are text nodes: label values from a response never become markup.
fn grid_tooltip(tip: GridTip, panel_width: f64) -> impl IntoView {
    let left = if tip.x > panel_width / 2.0 {
        tip.x - 220.0
    } else {
        tip.x + 12.0
    };
    let mut lines = tip.lines.into_iter();
    let head = lines.next().unwrap_or_default();
    view! {
        <div class="ts-tooltip" data-testid="grid-tooltip" style:left=format!("{}px", left.max(0.0)) style:top=format!("{}px", (tip.y + 12.0).max(0.0))>
            <div class="ts-tooltip-time">{head}</div>
            {lines.map(|line| view! { <div class="ts-tooltip-row">{line}</div> }).collect_view()}
        </div>
    }
}
