//! What the canvas-painted grid panels (heatmap, state timeline) share besides the HiDPI
//! context (`ui::canvas2d`): their canvas with the DOM tooltip that follows the pointer (the
//! canvas itself is never repainted on hover), and the same tooltip from the keyboard: the
//! focusable canvas walks its cells with the arrow keys (rows as core's cursor walks series)
//! and announces each cell's tooltip lines through a polite live region.

use crate::core::chart_a11y::cursor::{chart_key, move_cursor, ChartKey, Cursor};
use crate::ui::panels::chrome::table_view::PanelA11y;
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
/// the canvas' top-left) as tooltip lines, or `None` over nothing; `cells` lists the centre
/// of every cell, rows from the top, for the keyboard cursor; `kind` names the chart.
#[component]
pub fn HoverCanvas(
    canvas_ref: NodeRef<Canvas>,
    class: &'static str,
    test_id: &'static str,
    #[prop(into)] width: Signal<f64>,
    describe: Callback<(f64, f64), Option<Vec<String>>>,
    cells: Callback<(), Vec<Vec<(f64, f64)>>>,
    kind: &'static str,
) -> impl IntoView {
    let tip = RwSignal::new(None::<GridTip>);
    let cursor = StoredValue::new(None::<Cursor>);
    let announce = RwSignal::new(String::new());
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        tip.set(describe.run((x, y)).map(|lines| GridTip { x, y, lines }));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = chart_key(&ev.key(), false)
            .filter(|_| !(ev.ctrl_key() || ev.meta_key() || ev.alt_key()));
        let Some(key) = key else { return };
        if matches!(
            key,
            ChartKey::ZoomIn | ChartKey::ZoomOut | ChartKey::PanEarlier | ChartKey::PanLater
        ) {
            return; // Grid panels walk cells only; zoom and pan are the charts' and the picker's.
        }
        if key == ChartKey::Leave {
            if cursor.get_value().is_some() {
                ev.stop_propagation();
            }
            cursor.set_value(None);
            tip.set(None);
            return;
        }
        let centers = cells.run(());
        let xs: Vec<Vec<f64>> = centers
            .iter()
            .map(|row| row.iter().map(|c| c.0).collect())
            .collect();
        let Some(next) = move_cursor(cursor.get_value(), key, &xs) else {
            return;
        };
        ev.prevent_default();
        cursor.set_value(Some(next));
        let (x, y) = centers[next.series][next.stop];
        let lines = describe.run((x, y)).unwrap_or_default();
        announce.set(lines.join(", "));
        tip.set(Some(GridTip { x, y, lines }));
    };
    let on_blur = move |_| {
        cursor.set_value(None);
        tip.set(None);
    };
    let panel_a11y = use_context::<PanelA11y>();
    let title = panel_a11y.map(|p| p.title);
    // Under an open table view the canvas is covered: out of the tab order and the tree.
    let covered = move || panel_a11y.is_some_and(|p| p.table_open.get());
    let label = move || {
        let title = title.map(|t| t.get()).unwrap_or_default();
        format!("{title} ({kind}): arrow keys read the cells")
    };
    view! {
        <div class="grid-hover" inert=covered>
            <canvas class=class node_ref=canvas_ref data-testid=test_id tabindex="0" role="img" aria-label=label
                on:pointermove=on_move on:pointerleave=move |_| tip.set(None) on:keydown=on_key on:blur=on_blur></canvas>
            {move || tip.get().map(|t| grid_tooltip(t, width.get_untracked()))}
            <div class="chart-sr-only" aria-live="polite" data-testid="grid-announce">{move || announce.get()}</div>
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
