//! The timeline's axis row: the label column's title with "Reset zoom" while zoomed, and the
//! time ticks of the window shown (offsets from the trace's start).

use std::sync::Arc;

use leptos::prelude::*;

use super::Waterfall;
use crate::core::trace::layout::time_ticks;
use crate::core::trace::{TraceModel, Viewport};

/// At most this many ticks across the axis.
pub const MAX_TICKS: usize = 8;

#[component]
pub fn TimeAxis(model: Arc<TraceModel>, state: Waterfall) -> impl IntoView {
    let origin_us = model.trace.start_us();
    let ticks = move || {
        let (w0, w1) = state.window.get();
        time_ticks(
            &Viewport::new(w0, w1, state.width.get()),
            origin_us,
            MAX_TICKS,
        )
    };
    view! {
        <div class="tl-axis">
            <div class="tl-axis-label">
                "Service & operation"
                <Show when=move || state.window.get() != state.full>
                    <button class="btn btn-small" data-testid="reset-zoom" on:click=move |_| state.window.set(state.full)>"Reset zoom"</button>
                </Show>
            </div>
            <div class="tl-ticks">
                {move || ticks().into_iter().map(|t| view! {
                    <span class="tl-tick" style:left=format!("{}px", t.x)>{t.label}</span>
                }).collect_view()}
            </div>
        </div>
    }
}
