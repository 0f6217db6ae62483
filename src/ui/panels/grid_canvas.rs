//! What the canvas-painted grid panels (heatmap, state timeline) share besides the HiDPI
//! context (`ui::canvas2d`): the DOM tooltip that follows the pointer over them (the canvas
//! itself is never repainted on hover).

use leptos::prelude::*;

/// A tooltip's place (pointer position in the panel, CSS px) and its lines, first one muted.
#[derive(Clone, PartialEq)]
pub struct GridTip {
    pub x: f64,
    pub y: f64,
    pub lines: Vec<String>,
}

/// The tooltip, flipped to the pointer's left in the right half so it stays inside the panel.
/// Lines are text nodes: label values from a response never become markup.
pub fn grid_tooltip(tip: GridTip, panel_width: f64) -> impl IntoView {
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
