//! The label column: one DOM row per span in view (service, operation, error mark, fold
//! toggle), indented by depth; clicking a row selects its span.

use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;

use super::{Waterfall, ROW_H};
use crate::core::trace::waterfall::{label_indent_px, label_rows, LabelRow};
use crate::core::trace::TraceModel;

#[component]
pub fn SpanLabels(
    model: Arc<TraceModel>,
    state: Waterfall,
    /// The rows to render (the visible ones plus overscan).
    in_view: Memo<Range<usize>>,
    /// The keyboard cursor's row.
    active: RwSignal<Option<usize>>,
) -> impl IntoView {
    let labels = move || {
        let range = in_view.get();
        state
            .rows
            .with(|rows| state.collapsed.with_value(|c| label_rows(rows, range, c)))
    };
    let render = move |label: LabelRow| {
        let LabelRow { row, span, folded } = label;
        let m = &model;
        let s = &m.trace.spans[span];
        let has_children = !m.tree.children_of(span).is_empty();
        let toggle_model = model.clone();
        let selected = state.selected;
        view! {
            <div class="tl-label" data-testid="span-row" data-span-id=s.span_id.clone()
                class:selected=move || selected.get() == Some(span) class:active=move || active.get() == Some(row)
                style:top=format!("{}px", row as f64 * ROW_H)
                style:padding-left=format!("{}px", label_indent_px(m.tree.depth(span)))
                on:click=move |_| selected.set(Some(span))>
                {has_children.then(|| view! {
                    <button class="tl-toggle" data-testid="span-toggle" title="Collapse or expand the subtree"
                        on:click=move |ev| { ev.stop_propagation(); state.toggle(&toggle_model, span); }>
                        {if folded { "▸" } else { "▾" }}
                    </button>
                })}
                <span class="tl-service" style:border-left-color=m.color_of(span)>{m.service_of(span).to_string()}</span>
                <span class="tl-op">{s.operation.clone()}</span>
                {s.is_error().then(|| view! { <span class="tl-error" title="Error span">"!"</span> })}
            </div>
        }
    };
    view! {
        <div class="tl-labels">
            <For each=labels key=|label| *label children=render />
        </div>
    }
}
