//! The dashboard `logs` panel: the logs view driven by the panel's first active target, with
//! Grafana's logs panel options (`showTime`, `wrapLogMessage`, `sortOrder`, `dedupStrategy`,
//! `enableLogDetails`). Filter edits from the details apply to this panel only.

use super::view::LogsView;
use crate::core::dashboard::Panel;
use crate::core::logs_view::options::options_from_json;
use crate::core::variables::{interpolate_query, interpolate_text, VariableScope};
use leptos::prelude::*;

/// Height taken by the toolbar and paddings above the list, in pixels.
const CHROME_PX: f64 = 64.0;
/// The volume histogram's height: shown only in panels tall enough to spare it.
const VOLUME_PX: f64 = 110.0;
const MIN_HEIGHT_FOR_VOLUME: f64 = 380.0;

#[component]
pub fn LogsPanel(
    panel: Panel,
    #[prop(into)] scope: Signal<VariableScope>,
    #[prop(into)] visible: Signal<bool>,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let mut options = options_from_json(&panel.options.raw);
    let expr = panel
        .targets
        .iter()
        .find(|t| !t.hide && t.expr.as_deref().is_some_and(|e| !e.trim().is_empty()))
        .and_then(|t| t.expr.clone())
        .unwrap_or_default();
    options.show_volume = height_px.get_untracked() >= MIN_HEIGHT_FOR_VOLUME;
    let edited = RwSignal::new(None::<String>);
    let query = Signal::derive(move || {
        edited
            .get()
            .unwrap_or_else(|| scope.with(|s| interpolate_query(&expr, s)))
    });
    let raw_title = panel.title.clone();
    let title = Signal::derive(move || scope.with(|s| interpolate_text(&raw_title, s)));
    let show_volume = options.show_volume;
    let list_height = Signal::derive(move || {
        let chrome = CHROME_PX + if show_volume { VOLUME_PX } else { 0.0 };
        (height_px.get() - chrome).max(80.0)
    });
    let on_query_edit = Callback::new(move |q: String| edited.set(Some(q)));
    view! {
        <div class="logs-panel" data-testid="logs-panel">
            <div class="logs-panel-head">
                <span class="logs-panel-title">{move || title.get()}</span>
                <Show when=move || edited.with(Option::is_some)>
                    <button class="btn" data-testid="logs-panel-reset" title="Back to the panel's query"
                        on:click=move |_| edited.set(None)>"Reset filters"</button>
                </Show>
            </div>
            <LogsView title query on_query_edit options list_height visible />
        </div>
    }
}
