//! Dashboard panels: the chrome every panel shares (title, menu, states, the DOM contract) and
//! one body per panel kind. [`PanelView`] is the entry point the dashboard page renders.

pub mod crosshair;

use crate::core::dashboard::{Panel, PanelKind};
use crate::core::variables::VariableScope;
use leptos::prelude::*;

/// One dashboard panel: queries its targets (once visible) and draws them.
#[component]
pub fn PanelView(
    /// The panel as the dashboard model has it (targets not yet interpolated).
    panel: Panel,
    /// Variable values for interpolation (core::variables::VariableScope), reactive.
    #[prop(into)]
    scope: Signal<VariableScope>,
    /// False while the panel is outside the viewport: do not query until it becomes true.
    #[prop(into)]
    visible: Signal<bool>,
    /// Pixel height the grid gives the panel (width comes from the element via ResizeObserver).
    #[prop(into)]
    height_px: Signal<f64>,
) -> impl IntoView {
    let _ = (scope, visible, height_px);
    let title = panel.title.clone();
    let note = match &panel.kind {
        PanelKind::Unsupported { reason, .. } => reason.clone(),
        _ => "panel".to_string(),
    };
    view! {
        <div class="panel" data-testid="panel" data-panel-title=title data-state="empty">
            <p class="panel-note">{note}</p>
        </div>
    }
}
