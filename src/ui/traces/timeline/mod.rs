//! The canvas waterfall: a scroll container with a spacer as tall as all rows, one canvas
//! that paints only the rows in view (so 50,000 spans cost what 40 do), DOM labels for those
//! rows only, a minimap to drag-zoom into a time window, collapsible subtrees, service colours,
//! error marks, search highlights and the critical path. This file holds the shared state and
//! the layout; each part is its own component, and the maths is `core::trace::waterfall`.
//! The focused rows walk span by span from the keyboard (`ui::logs::list_keys`).

mod axis;
mod bars;
mod labels;
mod minimap;

use std::sync::Arc;

use leptos::prelude::*;

use self::axis::TimeAxis;
use self::bars::SpanBars;
use self::labels::SpanLabels;
use self::minimap::Minimap;
use super::loading::width_on_window_resize;
use crate::core::trace::layout::{format_duration_us, visible_row_range};
use crate::core::trace::waterfall::{full_window, toggle_fold};
use crate::core::trace::{visible_rows, TraceModel};
use crate::ui::logs::list_keys::{use_list_keys, ListKeys};

pub const ROW_H: f64 = 22.0;
/// The label column left of the bars (`.tl-labels` in the stylesheet).
const LABEL_W: f64 = 300.0;
/// Rows rendered beyond the visible ones on both sides, for smooth scrolling.
const OVERSCAN: usize = 6;

/// What the parts of one timeline share.
#[derive(Clone, Copy)]
struct Waterfall {
    /// Span indices in display order (folded subtrees left out).
    rows: RwSignal<Arc<Vec<u32>>>,
    /// Per span: its subtree is folded.
    collapsed: StoredValue<Vec<bool>>,
    /// The whole trace's time range, and the zoomed window within it.
    full: (i64, i64),
    window: RwSignal<(i64, i64)>,
    /// Scroll offset of the rows (px).
    scroll_top: RwSignal<f64>,
    /// Width of the bars canvas (px); the minimap and axis span the label column too.
    width: RwSignal<f64>,
    selected: RwSignal<Option<usize>>,
}

impl Waterfall {
    fn new(model: &TraceModel, selected: RwSignal<Option<usize>>, width: RwSignal<f64>) -> Self {
        let full = full_window(&model.trace);
        Waterfall {
            rows: RwSignal::new(Arc::new(visible_rows(&model.tree, &[]))),
            collapsed: StoredValue::new(vec![false; model.len()]),
            full,
            window: RwSignal::new(full),
            scroll_top: RwSignal::new(0.0),
            width,
            selected,
        }
    }

    /// Folds or unfolds `span`'s subtree and lays the rows out again.
    fn toggle(self, model: &TraceModel, span: usize) {
        self.collapsed.update_value(|c| toggle_fold(c, span));
        let next = self.collapsed.with_value(|c| visible_rows(&model.tree, c));
        self.rows.set(Arc::new(next));
    }

    fn row_count(self) -> usize {
        self.rows.with(|r| r.len())
    }
}

#[component]
pub fn Timeline(
    model: Arc<TraceModel>,
    /// Per span: matches the span search (`None`: no search active).
    #[prop(into)]
    matches: Signal<Option<Arc<Vec<bool>>>>,
    selected: RwSignal<Option<usize>>,
    #[prop(into)] height: Signal<f64>,
) -> impl IntoView {
    let scroller = NodeRef::<leptos::html::Div>::new();
    let width = width_on_window_resize(scroller, 900.0, LABEL_W);
    let state = Waterfall::new(&model, selected, width);
    let canvas_h = Memo::new(move |_| {
        height
            .get()
            .min(state.row_count() as f64 * ROW_H)
            .max(ROW_H)
    });
    let in_view = Memo::new(move |_| {
        visible_row_range(
            state.scroll_top.get(),
            height.get(),
            ROW_H,
            state.row_count(),
            OVERSCAN,
        )
    });
    // The keyboard cursor reads a span as its service, operation, duration and error mark.
    let span_at = move |i: usize| state.rows.with_untracked(|r| r.get(i).map(|&s| s as usize));
    let describe_model = model.clone();
    let describe = Callback::new(move |i: usize| {
        let Some(span) = span_at(i) else {
            return String::new();
        };
        let s = &describe_model.trace.spans[span];
        let error = if s.is_error() { ", error" } else { "" };
        let (service, duration) = (
            describe_model.service_of(span),
            format_duration_us(s.duration_us),
        );
        format!("{service} {}, {duration}{error}", s.operation)
    });
    let activate = Callback::new(move |i: usize| selected.set(span_at(i)));
    let (on_key, active, announce) = use_list_keys(ListKeys {
        scroller,
        scroll_top: state.scroll_top,
        total: Signal::derive(move || state.row_count()),
        row_h: ROW_H,
        viewport_h: height,
        describe,
        activate,
    });
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            state.scroll_top.set(f64::from(el.scroll_top()));
        }
    };

    view! {
        <div class="tl" data-testid="trace-timeline" data-rows=move || state.row_count()>
            <Minimap model=model.clone() state />
            <TimeAxis model=model.clone() state />
            <div class="tl-scroller" node_ref=scroller style:height=move || format!("{}px", height.get())
                on:scroll=on_scroll tabindex="0" role="region" aria-label="Trace spans" data-testid="trace-rows"
                aria-keyshortcuts="ArrowUp ArrowDown PageUp PageDown Home End Enter" on:keydown=on_key>
                <div class="tl-spacer" style:height=move || format!("{}px", state.row_count() as f64 * ROW_H)>
                    <SpanLabels model=model.clone() state in_view active />
                    <SpanBars model state matches height=canvas_h />
                </div>
            </div>
            <div class="chart-sr-only" aria-live="polite" data-testid="trace-announce">{move || announce.get()}</div>
        </div>
    }
}
